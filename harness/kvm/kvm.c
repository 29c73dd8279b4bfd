// SPDX-License-Identifier: GPL-2.0
/*
 * VM and vCPU life cycle over the /dev/kvm ioctls.  Every failure names the
 * ioctl, its return code and errno, as the KVM selftests do.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kvm.h"
#include "test_util.h"

int kvm_open(void)
{
	int fd = open(KVM_DEV_PATH, O_RDWR | O_CLOEXEC);
	int version;

	TEST_REQUIRE(fd >= 0, "%s not usable (%s): load kvm_intel, kvm_amd or an "
		     "equivalent module and run as root", KVM_DEV_PATH, strerror(errno));
	version = ioctl(fd, KVM_GET_API_VERSION, 0);
	TEST_REQUIRE(version == KVM_API_VERSION, "KVM API version %d, need %d",
		     version, KVM_API_VERSION);
	return fd;
}

int kvm_check_cap(int kvm_fd, long cap)
{
	int ret = ioctl(kvm_fd, KVM_CHECK_EXTENSION, cap);

	return ret < 0 ? 0 : ret;
}

/* What an architecture without VM-wide state or a fault statistic leaves out. */
__attribute__((weak)) void vm_arch_init(struct kvm_vm *vm)
{
	(void)vm;
}

__attribute__((weak)) void vm_arch_free(struct kvm_vm *vm)
{
	(void)vm;
}

__attribute__((weak)) const char *vm_arch_fault_stat(struct kvm_vm *vm)
{
	(void)vm;
	return NULL;
}

struct kvm_vm *vm_create(void)
{
	int kvm_fd = kvm_open();
	struct kvm_vm *vm;

	/* Checked before anything is allocated: a skip exits from here. */
	TEST_REQUIRE(kvm_check_cap(kvm_fd, KVM_CAP_BINARY_STATS_FD),
		     "KVM_CAP_BINARY_STATS_FD missing: vCPU statistics need Linux 5.14 or later");
	vm = calloc(1, sizeof(*vm));
	TEST_ASSERT(vm, "out of memory for struct kvm_vm");
	vm->kvm_fd = kvm_fd;
	vm->fd = kvm_ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
	vm_arch_init(vm);
	return vm;
}

void kvm_vm_free(struct kvm_vm *vm)
{
	if (!vm)
		return;
	for (int i = 0; i < vm->nr_vcpus; i++) {
		munmap(vm->vcpus[i]->run, vm->vcpus[i]->run_size);
		close(vm->vcpus[i]->fd);
		free(vm->vcpus[i]);
	}
	vm_arch_free(vm);
	close(vm->fd);
	close(vm->kvm_fd);
	free(vm);
}

int __vm_set_user_memory_region(struct kvm_vm *vm, uint32_t slot, uint32_t flags,
				uint64_t gpa, uint64_t size, void *hva)
{
	struct kvm_userspace_memory_region region = {
		.slot = slot,
		.flags = flags,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uintptr_t)hva,
	};

	return ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &region) < 0 ? -errno : 0;
}

void vm_set_user_memory_region(struct kvm_vm *vm, uint32_t slot, uint32_t flags,
			       uint64_t gpa, uint64_t size, void *hva)
{
	int ret = __vm_set_user_memory_region(vm, slot, flags, gpa, size, hva);

	errno = -ret;
	TEST_ASSERT(!ret, "KVM_SET_USER_MEMORY_REGION failed, rc: %d errno: %d (%s), "
		    "slot %u gpa 0x%llx size 0x%llx%s", ret, -ret, strerror(-ret), slot,
		    (unsigned long long)gpa, (unsigned long long)size,
		    ret == -ENOMEM ? ": not enough memory for KVM's slot metadata; "
		    "try a smaller guest" : "");
}

int vm_get_stats_fd(struct kvm_vm *vm)
{
	return kvm_ioctl(vm->fd, KVM_GET_STATS_FD, NULL);
}

struct kvm_vcpu *vm_vcpu_add(struct kvm_vm *vm, int id)
{
	struct kvm_vcpu *vcpu;
	int mmap_size;

	TEST_ASSERT(vm->nr_vcpus < KVM_MAX_TEST_VCPUS, "at most %d vCPUs",
		    KVM_MAX_TEST_VCPUS);
	vcpu = calloc(1, sizeof(*vcpu));
	TEST_ASSERT(vcpu, "out of memory for struct kvm_vcpu");
	vcpu->vm = vm;
	vcpu->id = id;
	vcpu->fd = kvm_ioctl(vm->fd, KVM_CREATE_VCPU, id);
	mmap_size = kvm_ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	vcpu->run_size = mmap_size;
	vcpu->run = mmap(NULL, mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED,
			 vcpu->fd, 0);
	TEST_ASSERT(vcpu->run != MAP_FAILED, "mmap of vCPU %d's kvm_run failed", id);
	vcpu_arch_init(vcpu);
	vm->vcpus[vm->nr_vcpus++] = vcpu;
	return vcpu;
}

int __vcpu_run(struct kvm_vcpu *vcpu)
{
	return ioctl(vcpu->fd, KVM_RUN, NULL) < 0 ? -errno : 0;
}

void vcpu_set_reg(struct kvm_vcpu *vcpu, uint64_t id, uint64_t value)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)&value };

	vcpu_ioctl(vcpu, KVM_SET_ONE_REG, &reg);
}

uint64_t vcpu_get_reg(struct kvm_vcpu *vcpu, uint64_t id)
{
	uint64_t value = 0;
	struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)&value };

	vcpu_ioctl(vcpu, KVM_GET_ONE_REG, &reg);
	return value;
}

int vcpu_get_stats_fd(struct kvm_vcpu *vcpu)
{
	return kvm_ioctl(vcpu->fd, KVM_GET_STATS_FD, NULL);
}

const char *exit_reason_str(unsigned int exit_reason)
{
	static const char *const names[] = {
		[KVM_EXIT_UNKNOWN] = "UNKNOWN",
		[KVM_EXIT_EXCEPTION] = "EXCEPTION",
		[KVM_EXIT_IO] = "IO",
		[KVM_EXIT_HLT] = "HLT",
		[KVM_EXIT_MMIO] = "MMIO",
		[KVM_EXIT_SHUTDOWN] = "SHUTDOWN",
		[KVM_EXIT_FAIL_ENTRY] = "FAIL_ENTRY",
		[KVM_EXIT_INTR] = "INTR",
		[KVM_EXIT_INTERNAL_ERROR] = "INTERNAL_ERROR",
	};

	if (exit_reason < sizeof(names) / sizeof(names[0]) && names[exit_reason])
		return names[exit_reason];
	return "other";
}
