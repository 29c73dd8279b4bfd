/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest machine: a system slot (payload code, stacks, mailboxes and
 * the architecture's tables) that is never mergeable, and a data slot
 * that the caller owns.  Guest virtual addresses equal guest physical ones.
 */
#ifndef KSMEXIT_GUEST_H
#define KSMEXIT_GUEST_H

#include <stdbool.h>
#include <stdint.h>

#include "kvm.h"
#include "payload.h"

#define GUEST_DATA_GPA	(1ULL << 30)
/* Where timed passes store per-page cycles: after the system slot. */
#define GUEST_LATENCY_GPA	(2ULL << 20)

struct guest {
	struct kvm_vm *vm;
	void *system_hva;
	uint64_t data_size;
	int nr_vcpus;
	void *latency_hva;		/* NULL until guest_add_latency_area */
	uint64_t latency_size;
};

/* Largest data slot the page-table area of the system slot can map. */
uint64_t guest_max_data_size(void);

struct guest *guest_create(struct kvm_vm *vm, void *data_hva, uint64_t data_size,
			   int nr_vcpus);
/* A never-mergeable slot of one u64 per data page: timed passes' cycles, the stress's records. */
uint64_t *guest_add_latency_area(struct guest *guest, uint64_t npages);
void guest_destroy(struct guest *guest);
struct payload_mailbox *guest_mailbox(struct guest *guest, int vcpu_idx);
/* The exit by which the payload ends a pass (the architecture's). */
bool guest_exit_is_pass_done(const struct kvm_run *run);
/* The exit by which the stress reports a word that is not what it should be. */
bool guest_exit_is_corrupt(const struct kvm_run *run);

#endif
