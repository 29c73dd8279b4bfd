/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names of hardware exit reasons as kvm:kvm_exit reports them: its "isa"
 * field says which table applies (1 VMX basic exit reasons, Intel SDM
 * vol. 3 appendix C; 2 SVM exit codes, AMD APM vol. 2 appendix C).
 */
#ifndef KSMEXIT_EXIT_REASONS_H
#define KSMEXIT_EXIT_REASONS_H

#include <stdint.h>

#define KVM_ISA_VMX 1
#define KVM_ISA_SVM 2

#define VMX_EXIT_EPT_VIOLATION	48
#define VMX_EXIT_EPT_MISCONFIG	49
#define SVM_EXIT_NPF		0x400

/* The name, or NULL when the table has none (callers print the number). */
const char *exit_reason_name(uint32_t isa, uint32_t reason);
/* True for the exits a stage-2 fault takes: EPT violation or NPF. */
int exit_reason_is_tdp_fault(uint32_t isa, uint32_t reason);

#endif
