// SPDX-License-Identifier: GPL-2.0
/* The cost of a merge: see merge_cost.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "clock.h"
#include "ksmd.h"
#include "merge_cost.h"
#include "page.h"

#define MIB (1024.0 * 1024.0)

/* general_profit is signed: the rmap items can cost more than sharing saves. */
static bool read_profit(const struct ksm *ksm, long long *profit)
{
	char buf[32], *end;

	if (ksm_read_str(ksm, "general_profit", buf, sizeof(buf)))
		return false;
	*profit = strtoll(buf, &end, 10);
	return end != buf;
}

void merge_cost_begin(const struct ksm *ksm, struct merge_cost_snap *snap)
{
	if (ksmd_cpu_ns(&snap->ksmd_ns, &snap->source))
		snap->source = NULL;
	snap->have_profit = read_profit(ksm, &snap->profit);
}

void merge_cost_end(const struct ksm *ksm, const struct merge_cost_snap *snap,
		    struct ksm_merge_result *m)
{
	uint64_t ns;
	const char *source;
	long long profit;

	m->ksmd_cpu_source = NULL;
	if (snap->source && !ksmd_cpu_ns(&ns, &source) && ns >= snap->ksmd_ns) {
		m->ksmd_cpu_ns = ns - snap->ksmd_ns;
		m->ksmd_cpu_source = source;
	}
	m->have_profit = snap->have_profit && read_profit(ksm, &profit);
	if (m->have_profit)
		m->general_profit = profit - snap->profit;
}

static double per_gib(double ms, double mib)
{
	return mib > 0 && !isnan(ms) ? ms / (mib / 1024.0) : NAN;
}

void merge_cost_derive(const struct run_config *cfg, struct run_result *res)
{
	struct merge_cost *c = &res->cost;
	const struct phase_result *steady = &res->phases[PHASE_STEADY];
	const struct phase_result *merge = &res->phases[PHASE_MERGE];
	const struct latency_summary *l = res->phases[PHASE_POST_MERGE].latency;
	double nan = NAN;

	*c = (struct merge_cost){ nan, nan, nan, nan, nan, nan, nan, nan };
	if (cfg->no_ksm || res->merged_pages <= 0)
		return;
	c->merged_mib = res->merged_pages * (double)host_page_size() / MIB;
	/* Ours, if nothing else merged meanwhile: the rise over the steady pass. */
	c->saved_mib = ((double)merge->pages_sharing - (double)steady->pages_sharing) *
		       host_page_size() / MIB;
	if (res->merge.have_profit)
		c->general_profit_mib = res->merge.general_profit / MIB;
	if (res->merge.ksmd_cpu_source)
		c->ksmd_cpu_ms = ns_to_ms(res->merge.ksmd_cpu_ns);
	c->stall_ms_per_gib = per_gib(res->penalty_ms, c->merged_mib);
	c->ksmd_ms_per_gib = per_gib(c->ksmd_cpu_ms, c->merged_mib);
	if (l && l->n) {
		c->read_p50_us = cycles_to_ns(l->p50, res->tsc_khz) / 1000.0;
		c->read_p99_us = cycles_to_ns(l->p99, res->tsc_khz) / 1000.0;
	}
}

void merge_cost_line(const struct run_result *res, char *buf, size_t len)
{
	const struct merge_cost *c = &res->cost;
	char ksmd[48];

	if (isnan(c->merged_mib)) {
		snprintf(buf, len, "nothing merged");
		return;
	}
	if (isnan(c->ksmd_cpu_ms))
		snprintf(ksmd, sizeof(ksmd), "ksmd an unknown amount of CPU");
	else
		snprintf(ksmd, sizeof(ksmd), "ksmd %.0f ms of CPU", c->ksmd_cpu_ms);
	snprintf(buf, len, "merging %.2f MiB saved %.2f MiB, cost %s and the guest "
		 "%.1f ms of stall on its first read", c->merged_mib, c->saved_mib, ksmd,
		 res->penalty_ms);
}
