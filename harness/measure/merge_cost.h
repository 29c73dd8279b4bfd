/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a merge costs and saves, in the units of those who decide whether
 * to run KSM under VMs: memory saved, ksmd's CPU time, and the guest's
 * stall on its first read, per GiB merged.
 */
#ifndef KSMEXIT_MERGE_COST_H
#define KSMEXIT_MERGE_COST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "ksm.h"
#include "result.h"

struct merge_cost_snap {
	uint64_t ksmd_ns;
	const char *source;		/* NULL: ksmd not found */
	long long profit;
	bool have_profit;
};

/* Before the merge: ksmd's CPU time and general_profit. */
void merge_cost_begin(const struct ksm *ksm, struct merge_cost_snap *snap);
/* After it: their changes into m. */
void merge_cost_end(const struct ksm *ksm, const struct merge_cost_snap *snap,
		    struct ksm_merge_result *m);
/* res->cost from the phases, the merge and the post-merge latency. */
void merge_cost_derive(const struct run_config *cfg, struct run_result *res);
/* "merging 64 MiB saved 63.75 MiB, cost ksmd 110 ms of CPU and ..." */
void merge_cost_line(const struct run_result *res, char *buf, size_t len);

#endif
