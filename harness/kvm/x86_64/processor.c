// SPDX-License-Identifier: GPL-2.0
/* x86_64: CPUID, registers, TSC frequency and address width for kvm.c. */
#include <stdlib.h>

#include "kvm.h"

#define KVM_CPUID_MAX_ENTRIES 256

const bool kvm_arch_counts_faults = true;	/* pf_taken */
const char *const kvm_arch_exits_stat = "exits";

const char *vm_arch_fault_stat(struct kvm_vm *vm)
{
	(void)vm;
	return "pf_taken";
}

void vm_arch_init(struct kvm_vm *vm)
{
	struct kvm_cpuid2 *cpuid;

	cpuid = calloc(1, sizeof(*cpuid) +
		       KVM_CPUID_MAX_ENTRIES * sizeof(cpuid->entries[0]));
	TEST_ASSERT(cpuid, "out of memory for CPUID entries");
	cpuid->nent = KVM_CPUID_MAX_ENTRIES;
	kvm_ioctl(vm->kvm_fd, KVM_GET_SUPPORTED_CPUID, cpuid);
	vm->arch = cpuid;
}

void vm_arch_free(struct kvm_vm *vm)
{
	free(vm->arch);
}

void vcpu_arch_init(struct kvm_vcpu *vcpu)
{
	struct kvm_cpuid2 *cpuid = vcpu->vm->arch;

	vcpu_ioctl(vcpu, KVM_SET_CPUID2, cpuid);
}

uint64_t vcpu_get_tsc_khz(struct kvm_vcpu *vcpu)
{
	int khz = ioctl(vcpu->fd, KVM_GET_TSC_KHZ, 0);

	return khz > 0 ? (uint64_t)khz : 0;
}

/* CPUID 0x80000008's physical address width, of what KVM supports. */
unsigned int vm_guest_phys_bits(struct kvm_vm *vm)
{
	const struct kvm_cpuid2 *cpuid = vm->arch;

	for (uint32_t i = 0; i < cpuid->nent; i++) {
		const struct kvm_cpuid_entry2 *e = &cpuid->entries[i];

		if (e->function == 0x80000008 && (e->eax & 0xff))
			return e->eax & 0xff;
	}
	return 36;	/* the architectural minimum when CPUID is silent */
}

uint64_t vcpu_get_pc(struct kvm_vcpu *vcpu)
{
	struct kvm_regs regs;

	vcpu_ioctl(vcpu, KVM_GET_REGS, &regs);
	return regs.rip;
}
