/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small KVM library in the style of the kernel's KVM selftests: the plain
 * names assert on failure, the "__" twins return -errno for callers that
 * handle the error.  It knows nothing of KSM or of the guest payload.
 */
#ifndef KSMEXIT_KVM_H
#define KSMEXIT_KVM_H

#include <stddef.h>
#include <stdint.h>
#include <linux/kvm.h>

#define KVM_DEV_PATH "/dev/kvm"
#define KVM_MAX_TEST_VCPUS 64

struct kvm_vcpu {
	struct kvm_vm *vm;
	int id;
	int fd;
	struct kvm_run *run;
	size_t run_size;
};

struct kvm_vm {
	int kvm_fd;
	int fd;
	int nr_vcpus;
	struct kvm_vcpu *vcpus[KVM_MAX_TEST_VCPUS];
	struct kvm_cpuid2 *supported_cpuid;
};

/* Skips (exit 4) with the reason when /dev/kvm is missing or unusable. */
int kvm_open(void);
int kvm_check_cap(int kvm_fd, long cap);

struct kvm_vm *vm_create(void);
void kvm_vm_free(struct kvm_vm *vm);
int __vm_set_user_memory_region(struct kvm_vm *vm, uint32_t slot, uint32_t flags,
				uint64_t gpa, uint64_t size, void *hva);
void vm_set_user_memory_region(struct kvm_vm *vm, uint32_t slot, uint32_t flags,
			       uint64_t gpa, uint64_t size, void *hva);
int vm_get_stats_fd(struct kvm_vm *vm);

struct kvm_vcpu *vm_vcpu_add(struct kvm_vm *vm, int id);
/* Returns 0, or -errno (e.g. -EINTR when a signal arrived). */
int __vcpu_run(struct kvm_vcpu *vcpu);
void vcpu_regs_get(struct kvm_vcpu *vcpu, struct kvm_regs *regs);
void vcpu_regs_set(struct kvm_vcpu *vcpu, const struct kvm_regs *regs);
void vcpu_sregs_get(struct kvm_vcpu *vcpu, struct kvm_sregs *sregs);
void vcpu_sregs_set(struct kvm_vcpu *vcpu, const struct kvm_sregs *sregs);
int vcpu_get_stats_fd(struct kvm_vcpu *vcpu);
/* Guest TSC frequency in kHz, or 0 where KVM cannot tell. */
uint64_t vcpu_get_tsc_khz(struct kvm_vcpu *vcpu);
/* Largest guest physical address width KVM offers (CPUID 0x80000008). */
unsigned int vm_guest_phys_bits(struct kvm_vm *vm);

const char *exit_reason_str(unsigned int exit_reason);

#endif
