/* SPDX-License-Identifier: GPL-2.0 */
/* riscv64 registers through KVM_{GET,SET}_ONE_REG. */
#ifndef KSMEXIT_RISCV64_REGS_H
#define KSMEXIT_RISCV64_REGS_H

#include <stdint.h>

#include "kvm.h"

#define RISCV_REG(type, index)	(KVM_REG_RISCV | KVM_REG_SIZE_U64 | (type) | (index))
#define RISCV_CORE_REG(name)	RISCV_REG(KVM_REG_RISCV_CORE, KVM_REG_RISCV_CORE_REG(name))
#define RISCV_CSR_REG(name)	RISCV_REG(KVM_REG_RISCV_CSR, KVM_REG_RISCV_CSR_REG(name))
#define RISCV_TIMER_REG(name)	RISCV_REG(KVM_REG_RISCV_TIMER, KVM_REG_RISCV_TIMER_REG(name))

#endif
