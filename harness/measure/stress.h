/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stress scenario's phase: is a kernel that updates mappings in place
 * still correct?  Every vCPU verifies, stamps and restores its own pages
 * at random (PAYLOAD_CMD_STRESS) while ksmd merges without pause, so
 * merges, copy-on-write breaks and re-merges race the guest's writes.  A
 * word that differs from its owner's record is a corruption, kept with
 * its evidence; at the end the host compares every page with the records.
 * Where the host has two NUMA nodes, a host thread moves random pages
 * between them meanwhile, so migration's MMU notifier paths race too.
 */
#ifndef KSMEXIT_STRESS_H
#define KSMEXIT_STRESS_H

#include <stdbool.h>
#include <stdint.h>

#include "guest.h"
#include "ksm.h"
#include "region.h"
#include "result.h"

/* Guest visits per burst: a burst ends with an exit, where the host may stop it. */
#define STRESS_BURST_VISITS	4096
/*
 * Corrupted words after which the stress stops early: the kernel has
 * failed, and each report is an exit to the host, which in an emulated
 * cell takes long enough to run past the cell's timeout.
 */
#define STRESS_STOP_AFTER	1024

struct stress_args {
	struct guest *guest;
	const struct region *region;
	uint64_t *records;		/* the guest's, one per page (host view) */
	struct ksm *ksm;
	int nr_vcpus;
	double duration_s;
	bool migrate;			/* move pages between NUMA nodes meanwhile */
};

/* Runs the stress for a->duration_s and fills out (KSM is the caller's to start). */
void stress_run(const struct stress_args *a, struct run_stress *out);

/* What a found word says happened, from the stamp it holds (if any). */
enum corruption_kind stress_classify(uint64_t gfn, unsigned int offset, uint64_t expected,
				     uint64_t found, uint64_t *from_gfn);

#endif
