// SPDX-License-Identifier: GPL-2.0
/* Derived figures and tracepoint verdicts: see derive.h. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "derive.h"

static double per_s(double n, double s)
{
	return s > 0 && n >= 0 ? n / s : NAN;
}

/* The stress's merges and unshares as the timeline saw them (run_stress). */
static void stress_turnover(struct run_result *res)
{
	struct run_stress *st = &res->stress;
	const struct run_timeline *tl = &res->timeline;
	int64_t last = -1;
	bool own = false;

	st->merges_seen = st->unshares_seen = -1;
	st->turnover_source = NULL;
	for (size_t i = 0; i < tl->nr; i++) {
		const int64_t *v = tl->samples[i].v;
		int64_t n;

		if (tl->samples[i].phase != PHASE_STRESS)
			continue;
		if (last < 0)
			own = v[COL_SELF_MERGING_PAGES] >= 0;
		n = own ? v[COL_SELF_MERGING_PAGES] :
		    v[COL_PAGES_SHARED] >= 0 && v[COL_PAGES_SHARING] >= 0 ?
		    v[COL_PAGES_SHARED] + v[COL_PAGES_SHARING] : -1;
		if (n < 0)
			return;
		if (last < 0) {
			st->merges_seen = st->unshares_seen = 0;
			st->turnover_source = own ? "ksm_stat" : "pages_sharing";
		} else if (n > last) {
			st->merges_seen += n - last;
		} else {
			st->unshares_seen += last - n;
		}
		last = n;
	}
}

/* The stress's rates, over its own length. */
static void derive_stress(struct run_result *res)
{
	struct run_stress *st = &res->stress;
	const struct phase_result *p = &res->phases[PHASE_STRESS];

	st->visits_per_s = per_s(st->visits, st->duration_s);
	st->stamps_per_s = per_s(st->stamps, st->duration_s);
	st->faults_per_s = per_s(p->pf_taken, st->duration_s);
	st->exits_per_s = per_s(p->exits, st->duration_s);
	st->full_scans_per_s = per_s(st->full_scans, st->duration_s);
	st->cow_ksm_per_s = per_s(st->cow_ksm, st->duration_s);
	stress_turnover(res);
}

void derive_figures(const struct run_config *cfg, struct run_result *res)
{
	const struct phase_result *steady = &res->phases[PHASE_STEADY];
	const struct phase_result *post = &res->phases[PHASE_POST_MERGE];
	const struct phase_result *merge = &res->phases[PHASE_MERGE];
	const struct phase_result *again = &res->phases[PHASE_AGAIN];
	/* Without the census, what the merge wait last saw (ksm_stat). */
	long merged = merge->region_ksm_pages >= 0 ? merge->region_ksm_pages :
		      res->merge.merged_pages;

	for (int i = 0; i < res->nr_phases; i++)
		res->phases[i].guest_ms = res->phases[i].is_pass ?
			cycles_to_ns(res->phases[i].guest_tsc, res->tsc_khz) / 1e6 : NAN;
	res->merged_pages = cfg->no_ksm ? 0 : merged;
	res->faults_per_merged_page = res->merged_pages > 0 ?
		(double)post->pf_taken / res->merged_pages : NAN;
	res->exits_per_merged_page = res->merged_pages > 0 ?
		(double)post->exits / res->merged_pages : NAN;
	res->faults_per_page = (double)post->pf_taken / cfg->npages;
	res->again_faults_per_merged_page = res->merged_pages > 0 ?
		(double)again->pf_taken / res->merged_pages : NAN;
	res->penalty_ms = ns_to_ms(post->wall_ns) - ns_to_ms(steady->wall_ns);
	res->cost_per_fault_us = post->pf_taken ?
		res->penalty_ms * 1000.0 / post->pf_taken : NAN;
	res->thp.split_by_merge = res->thp.before_merge - res->thp.after_merge;
	if (cfg->stress_s)
		derive_stress(res);
	/* With KSM stopped nothing else may change our pages' sharing. */
	/* A write in the again pass unshares by design: only reads are held to it. */
	res->sharing_kept = post->region_ksm_pages == merge->region_ksm_pages &&
			    (cfg->again_write ||
			     (again->region_ksm_pages == merge->region_ksm_pages && !res->again_drift));
	if (!cfg->no_ksm && !cfg->ksm_during_passes)
		res->sharing_kept = res->sharing_kept &&
				    post->pages_sharing == merge->pages_sharing &&
				    (cfg->again_write || again->pages_sharing == merge->pages_sharing);
}

/* The event's witness statistic, summed over the phases that traced it. */
static uint64_t witness_total(const struct run_result *res, int ev)
{
	const char *w = trace_events[ev].witness;
	uint64_t total = 0;

	for (int i = 0; w && i < res->nr_phases; i++)
		if (res->trace.phases[i].opened[ev])
			total += phase_stat(&res->phases[i],
					    strcmp(w, "exits") ? w : kvm_arch_exits_stat);
	return total;
}

static uint64_t event_total(const struct run_result *res, int ev)
{
	uint64_t total = 0;

	for (int i = 0; i < res->nr_phases; i++)
		total += res->trace.phases[i].count[ev];
	return total;
}

static void na_reason(const struct run_result *res, int ev, bool silent,
		      char *buf, size_t len)
{
	const struct run_trace *tr = &res->trace;

	if (tr->mode == TRACE_OFF)
		snprintf(buf, len, "tracing off%s%s", tr->why[0] ? ": " : "", tr->why);
	else if (!tr->available[ev] && !trace_events[ev].kprobe && tr->why[0])
		snprintf(buf, len, "%s:%s unread: %s", trace_events[ev].system,
			 trace_events[ev].name, tr->why);
	else if (!tr->available[ev])
		snprintf(buf, len, "%s:%s not in this kernel", trace_events[ev].system,
			 trace_events[ev].name);
	else if (silent)
		snprintf(buf, len, "%s:%s never fired while the vCPU statistics counted "
			 "%llu %s (this KVM does not trace them)", trace_events[ev].system,
			 trace_events[ev].name, (unsigned long long)witness_total(res, ev),
			 trace_events[ev].witness);
	else
		snprintf(buf, len, "not traced in this phase");
}

void derive_trace_verdicts(struct run_result *res)
{
	struct run_trace *tr = &res->trace;

	for (int ev = 0; ev < TRACE_NR_EVENTS; ev++) {
		bool silent = trace_event_silent(ev, event_total(res, ev),
						 witness_total(res, ev));
		bool off = tr->mode == TRACE_OFF || !tr->available[ev] || silent;

		tr->na[ev] = !tr->available[ev];
		for (int i = 0; i < res->nr_phases; i++) {
			bool na = off || !tr->phases[i].opened[ev];

			tr->count[i][ev] = na ? -1 : (int64_t)tr->phases[i].count[ev];
			tr->na[ev] |= tr->phases[i].opened[ev] && na;
		}
		na_reason(res, ev, silent, tr->na_reason[ev], sizeof(tr->na_reason[ev]));
	}
}
