// SPDX-License-Identifier: GPL-2.0
/* arm64: vCPU init, registers, counter frequency and IPA size for kvm.c. */
#include "kvm.h"
#include "processor.h"

/* The IPA size of a VM created with type 0 (KVM's default). */
#define DEFAULT_IPA_BITS 40

const bool kvm_arch_counts_faults = false;	/* none: see measure/faults.h */
const char *const kvm_arch_exits_stat = "exits";

void vcpu_arch_init(struct kvm_vcpu *vcpu)
{
	struct kvm_vcpu_init init = { 0 };

	vm_ioctl(vcpu->vm, KVM_ARM_PREFERRED_TARGET, &init);
	vcpu_ioctl(vcpu, KVM_ARM_VCPU_INIT, &init);
}

/* The guest's virtual counter runs at the host's CNTFRQ_EL0. */
uint64_t vcpu_get_tsc_khz(struct kvm_vcpu *vcpu)
{
	uint64_t hz;

	(void)vcpu;
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(hz));
	return hz / 1000;
}

unsigned int vm_guest_phys_bits(struct kvm_vm *vm)
{
	(void)vm;
	return DEFAULT_IPA_BITS;
}

uint64_t vcpu_get_pc(struct kvm_vcpu *vcpu)
{
	return vcpu_get_reg(vcpu, ARM64_CORE_REG(regs.pc));
}
