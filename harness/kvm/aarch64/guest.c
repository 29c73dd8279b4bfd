// SPDX-License-Identifier: GPL-2.0
/*
 * Puts each vCPU at EL1 with the MMU on, straight into the payload: no
 * firmware, no guest kernel.  Stage 1 is one level-1 table of 1 GiB
 * blocks (4 KiB granule, 39-bit VA) identity-mapping normal write-back
 * memory, except the last GiB, Device memory, where the payload's pass-end
 * store goes.  Stage-1 blocks change nothing of what is measured: stage-2
 * faults follow the host's mapping of each 4 KiB page.
 *
 * In the system slot (guest_arch.h): 0x000000 the level-1 table.
 */
#include "guest_arch.h"
#include "processor.h"

#define L1_TABLE_GPA		0x000000ULL
#define L1_ENTRIES		512
#define SZ_1G			(1ULL << 30)
#define DEVICE_GIB		(PAYLOAD_MMIO_PASS_DONE / SZ_1G)

/* MAIR_EL1: attribute 0 normal write-back, 1 Device-nGnRE. */
#define MAIR_VALUE		(0xffULL | (0x04ULL << 8))
#define BLOCK			(1ULL << 0)
#define ATTR_IDX(i)		((uint64_t)(i) << 2)
#define INNER_SHAREABLE		(3ULL << 8)
#define ACCESS_FLAG		(1ULL << 10)
#define NEVER_EXECUTE		((1ULL << 53) | (1ULL << 54))

/* TCR_EL1: T0SZ 25 (39-bit VA), walks write-back inner shareable, 4 KiB
 * granule, no TTBR1 walks, 40-bit output (the VM's IPA size). */
#define TCR_VALUE		(25ULL | (1ULL << 8) | (1ULL << 10) | (3ULL << 12) | \
				 (1ULL << 23) | (2ULL << 32))
#define SCTLR_M			(1ULL << 0)
#define SCTLR_C			(1ULL << 2)
#define SCTLR_I			(1ULL << 12)

_Static_assert(PAYLOAD_MMIO_PASS_DONE % SZ_1G == 0 && DEVICE_GIB == L1_ENTRIES - 1 &&
	       PAYLOAD_MMIO_EXCEPTION / SZ_1G == DEVICE_GIB &&
	       PAYLOAD_MMIO_CORRUPT / SZ_1G == DEVICE_GIB, "arm64 exits in the last GiB");

uint64_t guest_arch_max_data_size(void)
{
	return (DEVICE_GIB - 1) * SZ_1G;
}

void guest_arch_setup(struct guest *guest)
{
	uint64_t *l1 = guest_gpa_ptr(guest, L1_TABLE_GPA);

	for (uint64_t gib = 0; gib < DEVICE_GIB; gib++)
		l1[gib] = gib * SZ_1G | BLOCK | ATTR_IDX(0) | INNER_SHAREABLE | ACCESS_FLAG;
	l1[DEVICE_GIB] = DEVICE_GIB * SZ_1G | BLOCK | ATTR_IDX(1) | ACCESS_FLAG |
			 NEVER_EXECUTE;
}

/* Every GiB below the Device one is mapped already. */
void guest_arch_map(struct guest *guest, uint64_t gpa, uint64_t size)
{
	(void)guest;
	TEST_ASSERT(gpa + size <= DEVICE_GIB * SZ_1G, "GPA 0x%llx beyond the guest's "
		    "normal memory", (unsigned long long)(gpa + size));
}

void guest_arch_vcpu_setup(struct kvm_vcpu *vcpu, int idx)
{
	uint64_t sctlr = vcpu_get_reg(vcpu, SYS_SCTLR_EL1);

	vcpu_set_reg(vcpu, SYS_MAIR_EL1, MAIR_VALUE);
	vcpu_set_reg(vcpu, SYS_TCR_EL1, TCR_VALUE);
	vcpu_set_reg(vcpu, SYS_TTBR0_EL1, L1_TABLE_GPA);
	vcpu_set_reg(vcpu, SYS_VBAR_EL1, CODE_GPA + PAYLOAD_VECTORS_OFFSET);
	vcpu_set_reg(vcpu, SYS_SCTLR_EL1, sctlr | SCTLR_M | SCTLR_C | SCTLR_I);
	vcpu_set_reg(vcpu, ARM64_CORE_REG(regs.pc), CODE_GPA);
	vcpu_set_reg(vcpu, ARM64_CORE_REG(sp_el1), STACK_GPA + (idx + 1) * 4096ULL);
	vcpu_set_reg(vcpu, ARM64_CORE_REG(regs.regs[0]), MAILBOX_GPA + idx * (uint64_t)MB_SIZE);
}
