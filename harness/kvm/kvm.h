/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small KVM library in the style of the kernel's KVM selftests: the plain
 * names assert on failure, the "__" twins return -errno for callers that
 * handle the error.  It knows nothing of KSM or of the guest payload.
 */
#ifndef KSMEXIT_KVM_H
#define KSMEXIT_KVM_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>

#include "test_util.h"

#define KVM_DEV_PATH "/dev/kvm"
/* vCPUs a VM here may have: the one limit the CLI, the runs and the sampler share. */
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
	void *arch;			/* the architecture's own state */
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
int vcpu_get_stats_fd(struct kvm_vcpu *vcpu);

const char *exit_reason_str(unsigned int exit_reason);

/* ioctl(), asserting on failure with the ioctl named from its macro. */
#define __kvm_ioctl(fd, cmd, name, arg) ({ \
	int __r = ioctl(fd, cmd, arg); \
	TEST_ASSERT_IOCTL(__r, name); \
	__r; \
})
#define kvm_ioctl(fd, cmd, arg) __kvm_ioctl(fd, cmd, #cmd, arg)

/*
 * The same on a VM's or a vCPU's fd, for ioctls that take a pointer: the
 * compiler checks that it points at what the ioctl's number says it does
 * (an argument of the wrong type fails the build, not the run).
 */
#define kvm_ioctl_arg_check(cmd, name, arg) \
	_Static_assert(!_IOC_SIZE(cmd) || sizeof(*(arg)) == _IOC_SIZE(cmd), \
		       name " takes an argument of another size")
#define vm_ioctl(vm, cmd, arg) ({ \
	kvm_ioctl_arg_check(cmd, #cmd, arg); \
	__kvm_ioctl((vm)->fd, cmd, #cmd, arg); \
})
#define vcpu_ioctl(vcpu, cmd, arg) ({ \
	kvm_ioctl_arg_check(cmd, #cmd, arg); \
	__kvm_ioctl((vcpu)->fd, cmd, #cmd, arg); \
})

/* One register through KVM_{SET,GET}_ONE_REG (arm64, riscv64). */
void vcpu_set_reg(struct kvm_vcpu *vcpu, uint64_t id, uint64_t value);
uint64_t vcpu_get_reg(struct kvm_vcpu *vcpu, uint64_t id);

/*
 * What each architecture provides (x86_64/, aarch64/, riscv64/,
 * powerpc64le/ processor.c), called by the generic code above.  kvm.c
 * has empty vm_arch_init()/vm_arch_free() and a NULL vm_arch_fault_stat()
 * for those that need none.
 */
void vm_arch_init(struct kvm_vm *vm);
void vm_arch_free(struct kvm_vm *vm);
void vcpu_arch_init(struct kvm_vcpu *vcpu);
/* Frequency of the guest's cycle counter in kHz (TSC, or arm64's
 * generic timer), or 0 where KVM cannot tell. */
uint64_t vcpu_get_tsc_khz(struct kvm_vcpu *vcpu);
/* Largest guest physical address width the VM has. */
unsigned int vm_guest_phys_bits(struct kvm_vm *vm);
/* The guest's program counter, for error messages. */
uint64_t vcpu_get_pc(struct kvm_vcpu *vcpu);
/* Whether KVM always counts guest page faults in a vCPU statistic. */
extern const bool kvm_arch_counts_faults;
/* The vCPU statistic that counts this VM's guest page faults, or NULL
 * where KVM keeps none (measure/faults.h). */
const char *vm_arch_fault_stat(struct kvm_vm *vm);
/* The vCPU statistic that counts every exit ("exits"; Book3S: "sum_exits"). */
extern const char *const kvm_arch_exits_stat;

#endif
