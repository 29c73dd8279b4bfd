// SPDX-License-Identifier: GPL-2.0
/*
 * Puts each vCPU in real mode (MSR SF|LE|ME|RI, no IR or DR), straight
 * into the payload: no firmware, no guest kernel.  The guest's addresses
 * are guest real ones, so the only translation is KVM's partition-scoped
 * radix table, whose faults follow the host's mapping of each 4 KiB page
 * (the kernels ksmexit builds for ppc64le have 4 KiB pages).  Interrupts
 * are taken little-endian (LPCR_ILE) at their real-mode vectors in low
 * memory, each of which branches to the payload's report.
 *
 * In the system slot (guest_arch.h): 0x100..0x1000 the vectors.
 */
#include "guest_arch.h"
#include "test_util.h"

#define MSR_SF			(1ULL << 63)
#define MSR_ME			(1ULL << 12)
#define MSR_RI			(1ULL << 1)
#define MSR_LE			(1ULL << 0)
#define LPCR_ILE		(1ULL << 25)
#define VECTORS_START		0x100
#define VECTORS_END		0x1000
#define VECTOR_STEP		0x20	/* the finest the architecture spaces them */
#define BRANCH_ABS_LINK(addr)	(0x48000003U | ((uint32_t)(addr) & 0x03fffffcU))

uint64_t guest_arch_max_data_size(void)
{
	return 64ULL << 30;
}

void guest_arch_setup(struct guest *guest)
{
	uint32_t *insn = (uint32_t *)guest_gpa_ptr(guest, 0);

	for (uint64_t v = VECTORS_START; v < VECTORS_END; v += VECTOR_STEP)
		insn[v / 4] = BRANCH_ABS_LINK(CODE_GPA + PAYLOAD_VECTORS_OFFSET);
}

void guest_arch_map(struct guest *guest, uint64_t gpa, uint64_t size)
{
	(void)guest;
	TEST_ASSERT(gpa + size <= (1ULL << 52), "GPA 0x%llx beyond a radix guest",
		    (unsigned long long)(gpa + size));
}

void guest_arch_vcpu_setup(struct kvm_vcpu *vcpu, int idx)
{
	struct kvm_regs regs;

	vcpu_set_reg(vcpu, KVM_REG_PPC_LPCR_64, vcpu_get_reg(vcpu, KVM_REG_PPC_LPCR_64) | LPCR_ILE);
	vcpu_ioctl(vcpu, KVM_GET_REGS, &regs);
	regs.pc = CODE_GPA;
	regs.msr = MSR_SF | MSR_ME | MSR_RI | MSR_LE;
	regs.gpr[1] = STACK_GPA + (idx + 1) * 4096ULL;
	regs.gpr[3] = MAILBOX_GPA + idx * (uint64_t)MB_SIZE;
	vcpu_ioctl(vcpu, KVM_SET_REGS, &regs);
}
