// SPDX-License-Identifier: GPL-2.0
/*
 * Puts each vCPU in VS-mode with paging off (vsatp 0), straight into the
 * payload: no firmware, no guest kernel.  The guest's addresses are guest
 * physical ones, so the only translation is KVM's G-stage, whose faults
 * follow the host's mapping of each 4 KiB page.  The exits (pass end,
 * exception, corruption) are stores to addresses no memslot backs, as on
 * arm64; no tables in the system slot.
 */
#include "guest_arch.h"
#include "regs.h"
#include "test_util.h"

#define SZ_1G			(1ULL << 30)

_Static_assert(PAYLOAD_MMIO_EXCEPTION > PAYLOAD_MMIO_PASS_DONE &&
	       PAYLOAD_MMIO_CORRUPT > PAYLOAD_MMIO_PASS_DONE, "exits above the memory");

/* Memory ends below the pass-end address (in the 512th GiB). */
uint64_t guest_arch_max_data_size(void)
{
	return PAYLOAD_MMIO_PASS_DONE - SZ_1G - GUEST_DATA_GPA;
}

void guest_arch_setup(struct guest *guest)
{
	(void)guest;
}

void guest_arch_map(struct guest *guest, uint64_t gpa, uint64_t size)
{
	(void)guest;
	TEST_ASSERT(gpa + size <= PAYLOAD_MMIO_PASS_DONE, "GPA 0x%llx reaches the exit "
		    "addresses", (unsigned long long)(gpa + size));
}

void guest_arch_vcpu_setup(struct kvm_vcpu *vcpu, int idx)
{
	vcpu_set_reg(vcpu, RISCV_CSR_REG(stvec), CODE_GPA + PAYLOAD_VECTORS_OFFSET);
	vcpu_set_reg(vcpu, RISCV_CORE_REG(regs.pc), CODE_GPA);
	vcpu_set_reg(vcpu, RISCV_CORE_REG(regs.sp), STACK_GPA + (idx + 1) * 4096ULL);
	vcpu_set_reg(vcpu, RISCV_CORE_REG(regs.a0), MAILBOX_GPA + idx * (uint64_t)MB_SIZE);
}
