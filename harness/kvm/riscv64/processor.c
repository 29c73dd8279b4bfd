// SPDX-License-Identifier: GPL-2.0
/* riscv64: registers, the timer's frequency and the G-stage size for kvm.c. */
#include "kvm.h"
#include "regs.h"
#include "test_util.h"

/* None: a perf kprobe on kvm_riscv_gstage_map counts them (measure/faults.h). */
const bool kvm_arch_counts_faults = false;
const char *const kvm_arch_exits_stat = "exits";

/*
 * A new vCPU is in S-mode (VS) with paging off, but KVM keeps every vCPU
 * but the first powered off, for a guest kernel to start through SBI HSM
 * (kvm_arch_vcpu_postcreate()): the payload has none, so power it on.
 */
void vcpu_arch_init(struct kvm_vcpu *vcpu)
{
	struct kvm_mp_state mp = { .mp_state = KVM_MP_STATE_RUNNABLE };

	vcpu_ioctl(vcpu, KVM_SET_MP_STATE, &mp);
}

/* The guest's time CSR counts at the timebase the host's device tree gives. */
uint64_t vcpu_get_tsc_khz(struct kvm_vcpu *vcpu)
{
	return vcpu_get_reg(vcpu, RISCV_TIMER_REG(frequency)) / 1000;
}

/* The G-stage's guest physical address width (Sv39x4: 41, Sv48x4: 50 ...). */
unsigned int vm_guest_phys_bits(struct kvm_vm *vm)
{
	int bits = ioctl(vm->fd, KVM_CHECK_EXTENSION, KVM_CAP_VM_GPA_BITS);

	TEST_ASSERT(bits > 0, "KVM_CHECK_EXTENSION(KVM_CAP_VM_GPA_BITS) on the VM returned %d",
		    bits);
	return bits;
}

uint64_t vcpu_get_pc(struct kvm_vcpu *vcpu)
{
	return vcpu_get_reg(vcpu, RISCV_CORE_REG(regs.pc));
}
