/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names of hardware exit reasons as kvm:kvm_exit reports them: its "isa"
 * field says which table applies (1 VMX basic exit reasons, Intel SDM
 * vol. 3 appendix C; 2 SVM exit codes, AMD APM vol. 2 appendix C).  arm64's
 * kvm_exit has no isa: its exception type ("ret") and, for traps, the
 * exception class of ESR_EL2 ("esr_ec", Arm ARM D17.2.37) become one
 * reason under the project's own KVM_ISA_ARM64.
 */
#ifndef KSMEXIT_EXIT_REASONS_H
#define KSMEXIT_EXIT_REASONS_H

#include <stddef.h>
#include <stdint.h>

#define KVM_ISA_VMX 1
#define KVM_ISA_SVM 2
#define KVM_ISA_ARM64 0x64	/* not the kernel's: arm64 reports no isa */

#define VMX_EXIT_EPT_VIOLATION	48
#define VMX_EXIT_EPT_MISCONFIG	49
#define SVM_EXIT_NPF		0x400
#define ARM64_EC_IABT_LOW	0x20	/* instruction abort from a lower EL */
#define ARM64_EC_DABT_LOW	0x24	/* data abort from a lower EL */
/* arm64 exits that are not traps (IRQ, SError, illegal state): 0x100 + type. */
#define ARM64_EXIT_NOT_TRAP	0x100

/* One reason from arm64's kvm_exit fields. */
uint32_t arm64_exit_reason(uint64_t ret, uint64_t esr_ec);

/* The name, or NULL when the table has none (callers print the number). */
const char *exit_reason_name(uint32_t isa, uint32_t reason);
/* The name, or "isa N reason 0xR" without one; in buf, returned. */
const char *exit_reason_label(uint32_t isa, uint32_t reason, char *buf, size_t len);
/* True for the exits a stage-2 fault takes: EPT violation, NPF, or an
 * arm64 abort from the guest (MMIO among them: KVM tells them apart later). */
int exit_reason_is_tdp_fault(uint32_t isa, uint32_t reason);

#endif
