// SPDX-License-Identifier: GPL-2.0
/*
 * Puts each vCPU straight into 64-bit mode at CPL3, with no firmware and no
 * guest kernel.  CPL3 matters: a software KVM (kvm_pvm) emulates CPL0 code
 * and would take no shadow page faults at all.  Every paging level has U/S
 * set, CS and SS are DPL3, and RFLAGS.IOPL=3 lets the payload's OUT reach
 * the host.  There is no IDT: a guest exception ends in a triple fault,
 * which the host sees as KVM_EXIT_SHUTDOWN and reports.
 *
 * System slot layout (GPA 0, one 2 MiB guest page):
 *   0x000000 PML4, 0x001000 PDPT, 0x002000.. one PD per GiB mapped
 *   0x100000 payload code, 0x180000.. one stack page per vCPU
 *   0x1f0000 mailboxes, 0x1fe000 GDT, 0x1ff000 TSS
 * The latency slot, when a run times its pages, follows at 2 MiB; the data
 * slot starts at 1 GiB.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "guest.h"
#include "test_util.h"

#define SYSTEM_SLOT		0
#define DATA_SLOT		1
#define LATENCY_SLOT		2
#define SYSTEM_SIZE		(2ULL << 20)
#define PML4_GPA		0x000000ULL
#define PDPT_GPA		0x001000ULL
#define PD_GPA			0x002000ULL
#define PD_AREA_END		0x100000ULL
#define CODE_GPA		0x100000ULL
#define STACK_GPA		0x180000ULL
#define MAILBOX_GPA		0x1f0000ULL
#define GDT_GPA			0x1fe000ULL
#define TSS_GPA			0x1ff000ULL
#define TSS_IOMAP_OFFSET	0x68
#define TSS_IOMAP_BYTES		(PAYLOAD_PORT_PASS_DONE / 8 + 1)

#define PTE_PRESENT		(1ULL << 0)
#define PTE_WRITABLE		(1ULL << 1)
#define PTE_USER		(1ULL << 2)
#define PTE_LARGE		(1ULL << 7)
#define PTE_TABLE		(PTE_PRESENT | PTE_WRITABLE | PTE_USER)

#define SEL_KERNEL_CODE		0x08
#define SEL_USER_DATA		(0x18 | 3)
#define SEL_USER_CODE		(0x20 | 3)
#define SEL_TSS			0x28

#define CR0_PE			(1ULL << 0)
#define CR0_MP			(1ULL << 1)
#define CR0_ET			(1ULL << 4)
#define CR0_NE			(1ULL << 5)
#define CR0_WP			(1ULL << 16)
#define CR0_PG			(1ULL << 31)
#define CR4_PAE			(1ULL << 5)
#define CR4_OSFXSR		(1ULL << 9)
#define CR4_OSXMMEXCPT		(1ULL << 10)
#define EFER_LME		(1ULL << 8)
#define EFER_LMA		(1ULL << 10)
#define RFLAGS_FIXED		(1ULL << 1)
#define RFLAGS_IOPL3		(3ULL << 12)

#define SZ_2M			(2ULL << 20)
#define SZ_1G			(1ULL << 30)

extern const unsigned char payload_blob_start[], payload_blob_end[];

uint64_t guest_max_data_size(void)
{
	/* One PD per GiB; the first maps the system slot itself. */
	return ((PD_AREA_END - PD_GPA) / 4096 - 1) * SZ_1G;
}

static uint64_t *gpa_ptr(struct guest *guest, uint64_t gpa)
{
	return (uint64_t *)((char *)guest->system_hva + gpa);
}

/* Identity-maps [gpa, gpa + size) with 2 MiB pages, user and writable. */
static void map_2m_range(struct guest *guest, uint64_t gpa, uint64_t size)
{
	uint64_t *pml4 = gpa_ptr(guest, PML4_GPA);
	uint64_t *pdpt = gpa_ptr(guest, PDPT_GPA);

	pml4[0] = PDPT_GPA | PTE_TABLE;
	for (uint64_t addr = gpa; addr < gpa + size; addr += SZ_2M) {
		uint64_t gib = addr / SZ_1G;
		uint64_t pd_gpa = PD_GPA + gib * 4096;

		TEST_ASSERT(pd_gpa < PD_AREA_END, "GPA 0x%llx beyond the page-table area",
			    (unsigned long long)addr);
		pdpt[gib] = pd_gpa | PTE_TABLE;
		gpa_ptr(guest, pd_gpa)[(addr % SZ_1G) / SZ_2M] =
			addr | PTE_TABLE | PTE_LARGE;
	}
}

/*
 * A 64-bit TSS whose I/O permission bitmap allows every port up to the
 * payload's: IOPL=3 already allows the OUT, but an emulated OUT (kvm_pvm
 * emulates it) may still consult the bitmap.
 */
static uint64_t write_tss(struct guest *guest)
{
	unsigned char *tss = (unsigned char *)gpa_ptr(guest, TSS_GPA);
	uint16_t iomap_base = TSS_IOMAP_OFFSET;

	memcpy(tss + 0x66, &iomap_base, sizeof(iomap_base));
	/* The bitmap bytes stay zero (allowed); the byte after it ends it. */
	tss[TSS_IOMAP_OFFSET + TSS_IOMAP_BYTES] = 0xff;
	return TSS_IOMAP_OFFSET + TSS_IOMAP_BYTES;	/* the TSS limit */
}

static void write_gdt(struct guest *guest)
{
	uint64_t *gdt = gpa_ptr(guest, GDT_GPA);
	uint64_t tss_limit = write_tss(guest);

	/* Flat descriptors: G, P, S, limit 0xfffff; L for code, D/B for data. */
	gdt[SEL_KERNEL_CODE >> 3] = 0x00af9b000000ffffULL;
	gdt[SEL_USER_DATA >> 3]   = 0x00cff3000000ffffULL;
	gdt[SEL_USER_CODE >> 3]   = 0x00affb000000ffffULL;
	/* 64-bit busy TSS: a 16-byte system descriptor. */
	gdt[SEL_TSS >> 3] = tss_limit | ((TSS_GPA & 0xffffff) << 16) |
			    (0x8bULL << 40) | ((TSS_GPA >> 24 & 0xff) << 56);
	gdt[(SEL_TSS >> 3) + 1] = TSS_GPA >> 32;
}

static struct kvm_segment user_segment(uint16_t selector, uint8_t type, int code)
{
	return (struct kvm_segment){
		.base = 0, .limit = 0xffffffff, .selector = selector,
		.type = type, .present = 1, .dpl = 3, .s = 1, .g = 1,
		.l = code, .db = !code,
	};
}

static void vcpu_setup_cpl3(struct kvm_vcpu *vcpu, int idx)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs;

	vcpu_sregs_get(vcpu, &sregs);
	sregs.cr0 = CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_PG;
	sregs.cr3 = PML4_GPA;
	sregs.cr4 = CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT;
	sregs.efer = EFER_LME | EFER_LMA;
	sregs.cs = user_segment(SEL_USER_CODE, 11, 1);
	sregs.ss = user_segment(SEL_USER_DATA, 3, 0);
	sregs.ds = sregs.es = sregs.fs = sregs.gs = sregs.ss;
	sregs.tr = (struct kvm_segment){
		.base = TSS_GPA, .limit = TSS_IOMAP_OFFSET + TSS_IOMAP_BYTES,
		.selector = SEL_TSS,
		.type = 11, .present = 1,
	};
	sregs.gdt.base = GDT_GPA;
	sregs.gdt.limit = 8 * 8 - 1;
	sregs.idt.base = 0;
	sregs.idt.limit = 0;
	vcpu_sregs_set(vcpu, &sregs);

	memset(&regs, 0, sizeof(regs));
	regs.rflags = RFLAGS_FIXED | RFLAGS_IOPL3;
	regs.rip = CODE_GPA;
	regs.rsp = STACK_GPA + (idx + 1) * 4096ULL;
	regs.rdi = MAILBOX_GPA + idx * (uint64_t)MB_SIZE;
	vcpu_regs_set(vcpu, &regs);
}

struct guest *guest_create(struct kvm_vm *vm, void *data_hva, uint64_t data_size,
			   int nr_vcpus)
{
	size_t code_size = payload_blob_end - payload_blob_start;
	struct guest *guest = calloc(1, sizeof(*guest));

	TEST_ASSERT(guest, "out of memory for struct guest");
	TEST_ASSERT(data_size && data_size <= guest_max_data_size(),
		    "guest data size %llu outside 1..%llu bytes",
		    (unsigned long long)data_size,
		    (unsigned long long)guest_max_data_size());
	TEST_ASSERT(nr_vcpus >= 1 && (STACK_GPA + nr_vcpus * 4096ULL <= MAILBOX_GPA) &&
		    nr_vcpus * MB_SIZE <= (int)(GDT_GPA - MAILBOX_GPA),
		    "%d vCPUs do not fit the system slot", nr_vcpus);
	TEST_ASSERT(code_size <= STACK_GPA - CODE_GPA, "payload of %zu bytes too big",
		    code_size);
	TEST_ASSERT(GUEST_DATA_GPA + data_size <= (1ULL << vm_guest_phys_bits(vm)),
		    "data slot end 0x%llx beyond the guest's %u physical address bits",
		    (unsigned long long)(GUEST_DATA_GPA + data_size),
		    vm_guest_phys_bits(vm));

	TEST_REQUIRE(kvm_check_cap(vm->kvm_fd, KVM_CAP_NR_MEMSLOTS) >= 2,
		     "KVM offers %d memory slots, the guest needs 2",
		     kvm_check_cap(vm->kvm_fd, KVM_CAP_NR_MEMSLOTS));
	TEST_REQUIRE(kvm_check_cap(vm->kvm_fd, KVM_CAP_MAX_VCPUS) >= nr_vcpus,
		     "KVM allows %d vCPUs per VM, the run asks for %d",
		     kvm_check_cap(vm->kvm_fd, KVM_CAP_MAX_VCPUS), nr_vcpus);
	guest->vm = vm;
	guest->data_size = data_size;
	guest->nr_vcpus = nr_vcpus;
	/* Never MADV_MERGEABLE: only the data slot may be merged. */
	guest->system_hva = mmap(NULL, SYSTEM_SIZE, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	TEST_ASSERT(guest->system_hva != MAP_FAILED, "mmap of the %llu-byte system slot",
		    SYSTEM_SIZE);

	map_2m_range(guest, 0, SYSTEM_SIZE);
	map_2m_range(guest, GUEST_DATA_GPA, data_size);
	write_gdt(guest);
	memcpy(gpa_ptr(guest, CODE_GPA), payload_blob_start, code_size);

	vm_set_user_memory_region(vm, SYSTEM_SLOT, 0, 0, SYSTEM_SIZE, guest->system_hva);
	vm_set_user_memory_region(vm, DATA_SLOT, 0, GUEST_DATA_GPA, data_size, data_hva);
	for (int i = 0; i < nr_vcpus; i++)
		vcpu_setup_cpl3(vm_vcpu_add(vm, i), i);
	return guest;
}

uint64_t *guest_add_latency_area(struct guest *guest, uint64_t npages)
{
	uint64_t size = (npages * 8 + SZ_2M - 1) & ~(SZ_2M - 1);

	TEST_ASSERT(GUEST_LATENCY_GPA + size <= GUEST_DATA_GPA,
		    "latency area of %llu bytes does not fit below the data slot",
		    (unsigned long long)size);
	TEST_REQUIRE(kvm_check_cap(guest->vm->kvm_fd, KVM_CAP_NR_MEMSLOTS) >= 3,
		     "KVM offers %d memory slots, a timed run needs 3",
		     kvm_check_cap(guest->vm->kvm_fd, KVM_CAP_NR_MEMSLOTS));
	guest->latency_hva = mmap(NULL, size, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	TEST_ASSERT(guest->latency_hva != MAP_FAILED, "mmap of the %llu-byte latency area",
		    (unsigned long long)size);
	guest->latency_size = size;
	/*
	 * Touched now, so the host allocates it before the run; the guest's
	 * first stores still fault once, in the warm pass, not in the passes
	 * whose latency is reported.
	 */
	memset(guest->latency_hva, 0, size);
	map_2m_range(guest, GUEST_LATENCY_GPA, size);
	vm_set_user_memory_region(guest->vm, LATENCY_SLOT, 0, GUEST_LATENCY_GPA, size,
				  guest->latency_hva);
	return guest->latency_hva;
}

void guest_destroy(struct guest *guest)
{
	if (!guest)
		return;
	if (guest->latency_hva)
		munmap(guest->latency_hva, guest->latency_size);
	munmap(guest->system_hva, SYSTEM_SIZE);
	free(guest);
}

struct payload_mailbox *guest_mailbox(struct guest *guest, int vcpu_idx)
{
	return (struct payload_mailbox *)gpa_ptr(guest, MAILBOX_GPA +
						 vcpu_idx * (uint64_t)MB_SIZE);
}
