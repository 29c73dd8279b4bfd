/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A hand-made result of a default run on an SVM host (16384 pages, all
 * merged, one post-merge fault each), and the trace of such a run with
 * kvm_exit firing or silent: what the writer, renderer and check tests
 * feed in.
 */
#ifndef KSMEXIT_TEST_FAKE_RESULT_H
#define KSMEXIT_TEST_FAKE_RESULT_H

#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "result.h"

static struct stat_delta fake_post_deltas[] = { { "pf_taken", 16384 }, { "exits", 16392 } };

static inline void fake_result(struct run_result *res)
{
	static const char *names[NR_PHASES] = { "warm", "steady", "merge", "post-merge", "again",
						 "stress" };

	memset(res, 0, sizeof(*res));
	strcpy(res->host.hostname, "testhost");
	strcpy(res->host.virt_mode, "SVM/NPT");
	strcpy(res->host.kvm_module, "kvm_amd");
	strcpy(res->started_at, "2026-11-22T00:00:00Z");
	res->host.tdp = 1;
	res->host.tdp_mmu = 1;
	res->host.nested = -1;
	res->tsc_khz = 2000000;
	res->nr_phases = PHASE_STRESS;	/* no stress, as most runs */
	for (int i = 0; i < NR_PHASES; i++) {
		res->phases[i].name = names[i];
		res->phases[i].is_pass = i != PHASE_MERGE;
		res->phases[i].wall_ns = 1000000ULL * (i + 1);
		res->phases[i].guest_tsc = 2000000ULL * (i + 1);
		res->phases[i].guest_ms = i != PHASE_MERGE ? i + 1 : NAN;
		res->phases[i].region_ksm_pages = i >= PHASE_MERGE ? 16384 : -1;
	}
	res->phases[PHASE_POST_MERGE].vcpu_deltas = fake_post_deltas;
	res->phases[PHASE_POST_MERGE].nr_vcpu_deltas = 2;
	res->phases[PHASE_POST_MERGE].pf_taken = 16384;
	res->merged_pages = 16384;
	res->merge.merged_pages = 16384;
	res->merge.decided_by = "all pages merged";
	res->faults_per_merged_page = 1.0;
	res->cost_per_fault_us = NAN;
	res->sharing_kept = res->data_intact = true;
}

/* A traced SVM run: kvm_exit fires, so its reasons are real counts. */
static inline void fake_svm_trace(struct run_result *res, bool kvm_exit_fires)
{
	struct run_trace *tr = &res->trace;

	tr->mode = TRACE_COUNTS;
	tr->available[EV_KVM_EXIT] = true;
	tr->available[EV_SPTE_REQUESTED] = true;
	for (int i = 0; i < NR_PHASES; i++) {
		if (i == PHASE_MERGE)
			continue;
		tr->phases[i].traced = true;
		tr->phases[i].opened[EV_KVM_EXIT] = true;
		tr->phases[i].opened[EV_SPTE_REQUESTED] = true;
	}
	res->phases[PHASE_POST_MERGE].exits = 16390;
	res->phases[PHASE_POST_MERGE].vcpu_deltas[1].delta = 16390;
	tr->phases[PHASE_POST_MERGE].count[EV_SPTE_REQUESTED] = 16384;
	if (!kvm_exit_fires)
		return;
	tr->phases[PHASE_POST_MERGE].count[EV_KVM_EXIT] = 16390;
	tr->phases[PHASE_POST_MERGE].nr_reasons = 2;
	tr->phases[PHASE_POST_MERGE].reasons[0] = (struct trace_reason){ 2, 0x400, 16384 };
	tr->phases[PHASE_POST_MERGE].reasons[1] = (struct trace_reason){ 2, 0x07b, 6 };
}

#endif
