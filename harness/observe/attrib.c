// SPDX-License-Identifier: GPL-2.0
/* Fault-to-page bookkeeping for the post-merge pass. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "attrib.h"

int attribution_init(struct attribution *a, uint64_t base_gfn, size_t npages,
		     bool *is_ksm)
{
	memset(a, 0, sizeof(*a));
	a->faults = calloc(npages, sizeof(*a->faults));
	if (!a->faults)
		return -ENOMEM;
	a->base_gfn = base_gfn;
	a->npages = npages;
	a->is_ksm = is_ksm;
	return 0;
}

void attribution_add(struct attribution *a, uint64_t gfn)
{
	if (gfn < a->base_gfn || gfn - a->base_gfn >= a->npages) {
		a->outside++;
		return;
	}
	if (a->faults[gfn - a->base_gfn] < UINT32_MAX)
		a->faults[gfn - a->base_gfn]++;
}

void attribution_summarize(const struct attribution *a, struct attribution_result *r)
{
	memset(r, 0, sizeof(*r));
	r->outside_data = a->outside;
	r->faults = a->outside;
	for (size_t i = 0; i < a->npages; i++) {
		uint32_t n = a->faults[i];

		r->faults += n;
		if (a->is_ksm[i]) {
			r->merged_pages++;
			r->on_merged += n;
			r->merged_without_fault += n == 0;
			r->merged_faulted_once += n == 1;
		} else {
			r->on_unmerged += n;
		}
		r->faulted_more_than_once += n > 1;
	}
}

void attribution_free(struct attribution *a)
{
	free(a->faults);
	free(a->is_ksm);
	a->faults = NULL;
	a->is_ksm = NULL;
}
