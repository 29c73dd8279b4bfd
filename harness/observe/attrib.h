/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-page attribution of faults: each faulting guest frame is mapped to
 * its page in the data slot and classified against the ground truth taken
 * just before the pass (which pages were KSM pages).
 */
#ifndef KSMEXIT_ATTRIB_H
#define KSMEXIT_ATTRIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct attribution {
	uint64_t base_gfn;
	size_t npages;
	bool *is_ksm;		/* owned: the ground truth before the pass */
	uint32_t *faults;	/* per data page */
	uint64_t outside;	/* frames outside the data slot */
};

struct attribution_result {
	uint64_t faults;		/* every fault seen */
	uint64_t on_merged;
	uint64_t on_unmerged;
	uint64_t outside_data;		/* system slot (page tables, code) */
	uint64_t merged_pages;		/* per the ground truth */
	uint64_t merged_without_fault;
	uint64_t merged_faulted_once;
	uint64_t faulted_more_than_once;
};

/* Takes ownership of is_ksm (npages entries, from pagemap_count_ksm). */
int attribution_init(struct attribution *a, uint64_t base_gfn, size_t npages,
		     bool *is_ksm);
void attribution_add(struct attribution *a, uint64_t gfn);
void attribution_summarize(const struct attribution *a, struct attribution_result *r);
void attribution_free(struct attribution *a);

#endif
