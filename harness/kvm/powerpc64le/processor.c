// SPDX-License-Identifier: GPL-2.0
/* ppc64le (Book3S HV): PAPR vCPUs, registers, timebase and guest size for kvm.c. */
#include "kvm.h"
#include "sysfs.h"
#include "test_util.h"

/* None: a kprobe on the radix fault handler counts them (measure/faults.h). */
const bool kvm_arch_counts_faults = false;
const char *const kvm_arch_exits_stat = "sum_exits";

/*
 * Book3S PR counts the faults it maps a shadow page for (sp_storage, data
 * only: the payload's code is mapped before any pass); HV radix counts
 * none.  A PR VM is one where KVM_CAP_PPC_OSI holds (PR only).
 */
const char *vm_arch_fault_stat(struct kvm_vm *vm)
{
	return ioctl(vm->fd, KVM_CHECK_EXTENSION, KVM_CAP_PPC_OSI) > 0 ? "sp_storage" : NULL;
}

/* Without PAPR mode KVM_RUN refuses a KVM-HV vCPU (EINVAL). */
void vcpu_arch_init(struct kvm_vcpu *vcpu)
{
	struct kvm_enable_cap cap = { .cap = KVM_CAP_PPC_PAPR };

	vcpu_ioctl(vcpu, KVM_ENABLE_CAP, &cap);
}

/*
 * The guest reads the host's timebase, whose rate /proc/cpuinfo gives
 * (static glibc's __ppc_get_timebase_freq() answered 0 here).
 */
uint64_t vcpu_get_tsc_khz(struct kvm_vcpu *vcpu)
{
	long long hz = procfs_field("/proc/cpuinfo", "timebase");

	(void)vcpu;
	return hz > 0 ? hz / 1000 : 0;
}

/* Radix guests address 52 bits; the payload never goes near. */
unsigned int vm_guest_phys_bits(struct kvm_vm *vm)
{
	(void)vm;
	return 52;
}

uint64_t vcpu_get_pc(struct kvm_vcpu *vcpu)
{
	struct kvm_regs regs;

	vcpu_ioctl(vcpu, KVM_GET_REGS, &regs);
	return regs.pc;
}
