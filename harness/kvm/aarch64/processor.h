/* SPDX-License-Identifier: GPL-2.0 */
/* arm64 registers through KVM_{GET,SET}_ONE_REG. */
#ifndef KSMEXIT_AARCH64_PROCESSOR_H
#define KSMEXIT_AARCH64_PROCESSOR_H

#include <stddef.h>
#include <stdint.h>

#include "kvm.h"

#define ARM64_CORE_REG(x)	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | \
				 (offsetof(struct kvm_regs, x) / sizeof(uint32_t)))

#define SYS_SCTLR_EL1		ARM64_SYS_REG(3, 0, 1, 0, 0)
#define SYS_TTBR0_EL1		ARM64_SYS_REG(3, 0, 2, 0, 0)
#define SYS_TCR_EL1		ARM64_SYS_REG(3, 0, 2, 0, 2)
#define SYS_MAIR_EL1		ARM64_SYS_REG(3, 0, 10, 2, 0)
#define SYS_VBAR_EL1		ARM64_SYS_REG(3, 0, 12, 0, 0)

#endif
