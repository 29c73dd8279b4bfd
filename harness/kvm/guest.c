// SPDX-License-Identifier: GPL-2.0
/*
 * The guest machine, the same on every architecture: a system slot that
 * holds the payload, one stack page and one mailbox per vCPU (and the
 * architecture's own tables, guest_arch.h), a data slot at 1 GiB that the
 * caller owns, and for timed runs a latency slot at 2 MiB.  How a vCPU
 * enters the payload is the architecture's (x86_64/guest.c, aarch64/).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "guest_arch.h"
#include "page.h"
#include "test_util.h"

#define SYSTEM_SLOT		0
#define DATA_SLOT		1
#define LATENCY_SLOT		2
#define SZ_2M			(2ULL << 20)

extern const unsigned char payload_blob_start[], payload_blob_end[];

uint64_t guest_max_data_size(void)
{
	return guest_arch_max_data_size();
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
		    nr_vcpus * MB_SIZE <= (int)(MAILBOX_END - MAILBOX_GPA),
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

	memcpy(guest_gpa_ptr(guest, CODE_GPA), payload_blob_start, code_size);
	guest_arch_setup(guest);
	guest_arch_map(guest, GUEST_DATA_GPA, data_size);

	vm_set_user_memory_region(vm, SYSTEM_SLOT, 0, 0, SYSTEM_SIZE, guest->system_hva);
	vm_set_user_memory_region(vm, DATA_SLOT, 0, GUEST_DATA_GPA, data_size, data_hva);
	for (int i = 0; i < nr_vcpus; i++) {
		guest_mailbox(guest, i)->page_shift = host_page_shift();
		guest_arch_vcpu_setup(vm_vcpu_add(vm, i), i);
	}
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
	guest_arch_map(guest, GUEST_LATENCY_GPA, size);
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
	return (struct payload_mailbox *)guest_gpa_ptr(guest, MAILBOX_GPA +
						 vcpu_idx * (uint64_t)MB_SIZE);
}

/*
 * The payload's exits: an OUT to a port on x86_64, a store to an address
 * no memslot backs on arm64 and riscv64, a hypervisor call KVM does not
 * know on ppc64le (payload.h).
 */
static bool exit_is(const struct kvm_run *run, uint16_t port, uint64_t mmio, uint64_t hcall)
{
	return (run->exit_reason == KVM_EXIT_IO && run->io.port == port) ||
	       (run->exit_reason == KVM_EXIT_MMIO && run->mmio.is_write &&
		run->mmio.phys_addr == mmio) ||
	       (run->exit_reason == KVM_EXIT_PAPR_HCALL && run->papr_hcall.nr == hcall);
}

bool guest_exit_is_pass_done(const struct kvm_run *run)
{
	return exit_is(run, PAYLOAD_PORT_PASS_DONE, PAYLOAD_MMIO_PASS_DONE,
		       PAYLOAD_HCALL_PASS_DONE);
}

bool guest_exit_is_corrupt(const struct kvm_run *run)
{
	return exit_is(run, PAYLOAD_PORT_CORRUPT, PAYLOAD_MMIO_CORRUPT, PAYLOAD_HCALL_CORRUPT);
}
