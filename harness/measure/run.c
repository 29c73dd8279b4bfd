// SPDX-License-Identifier: GPL-2.0
/*
 * The measurement: warm pass, steady pass, merge, post-merge pass, again
 * pass.  Each phase is bracketed by snapshots of every vCPU and VM
 * statistic; the KSM counters and the region's KSM page count (ground
 * truth from pagemap) are taken after the merge and after each later pass,
 * so a pass that unshared pages would show.  This file knows the order of
 * the phases and the guest's setup: the passes run in vcpu_pool.c, the
 * host is prepared in host_setup.c, observers hook in through observers.c,
 * and derive.c says what the figures mean.
 *
 * Teardown is registered on the cleanup stack as each piece is created, so
 * a failed assertion or a signal unwinds the same way a normal end does:
 * VM, then guest memory (MADV_UNMERGEABLE), then KSM settle and restore.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cleanup.h"
#include "clock.h"
#include "derive.h"
#include "faults.h"
#include "fds.h"
#include "guest.h"
#include "host_setup.h"
#include "measure.h"
#include "merge_cost.h"
#include "numa_balancing.h"
#include "observers.h"
#include "stress.h"
#include "test_util.h"
#include "vcpu_pool.h"
#include "vm_stats.h"

struct run_ctx {
	const struct run_config *cfg;
	struct run_result *res;
	struct run_host host;		/* KSM, ground truth, guest memory */
	struct kvm_vm *vm;
	struct guest *guest;
	struct vm_stats stats;
	int pf_idx, exits_idx;		/* in the vCPU descriptors; pf -1: faults.h */
	struct tracer tracer;
	struct sampler sampler;
	uint64_t run_start_ns;
	uint64_t *latency;		/* the guest's per-page cycles, timed runs */
	uint64_t phase_start_ns;
};

static const char *const phase_names[NR_PHASES] = {
	[PHASE_WARM] = "warm",
	[PHASE_STEADY] = "steady",
	[PHASE_MERGE] = "merge",
	[PHASE_POST_MERGE] = "post-merge",
	[PHASE_AGAIN] = "again",
	[PHASE_STRESS] = "stress",
};

static void phase_begin(struct run_ctx *ctx, enum phase_id id)
{
	vm_stats_snapshot(&ctx->stats, VM_STATS_BEFORE);
	sampler_set_phase(&ctx->sampler, id);
	ctx->phase_start_ns = now_ns();
}

static void phase_end(struct run_ctx *ctx, enum phase_id id, bool census)
{
	struct phase_result *p = &ctx->res->phases[id];

	p->wall_ns = now_ns() - ctx->phase_start_ns;
	p->start_ns = ctx->phase_start_ns - ctx->run_start_ns;
	sampler_set_phase(&ctx->sampler, -1);
	vm_stats_snapshot(&ctx->stats, VM_STATS_AFTER);
	p->name = phase_names[id];
	p->nr_vcpu_deltas = vm_stats_vcpu_deltas(&ctx->stats, &p->vcpu_deltas);
	p->nr_vm_deltas = vm_stats_vm_deltas(&ctx->stats, &p->vm_deltas);
	p->vcpus = calloc(ctx->cfg->nr_vcpus, sizeof(*p->vcpus));
	TEST_ASSERT(p->vcpus, "out of memory for per-vCPU figures");
	p->pf_taken = 0;
	for (int c = 0; c < ctx->cfg->nr_vcpus; c++) {
		if (ctx->pf_idx >= 0)
			p->vcpus[c].pf_taken = vm_stats_vcpu_delta(&ctx->stats, c, ctx->pf_idx);
		p->pf_taken += p->vcpus[c].pf_taken;
		p->vcpus[c].exits = vm_stats_vcpu_delta(&ctx->stats, c, ctx->exits_idx);
	}
	p->exits = phase_stat(p, kvm_arch_exits_stat);
	p->pages_shared = ksm_read_u64(&ctx->host.ksm, "pages_shared");
	p->pages_sharing = ksm_read_u64(&ctx->host.ksm, "pages_sharing");
	p->region_ksm_pages = census ?
		pagemap_count_ksm(&ctx->host.pm, ctx->host.region.hva, ctx->host.region.npages, NULL) : -1;
}

static uint64_t pass_command(const struct run_config *cfg, enum phase_id id)
{
	if ((id == PHASE_POST_MERGE && cfg->post_merge_write) ||
	    (id == PHASE_AGAIN && cfg->again_write))
		return PAYLOAD_CMD_WRITE;
	return cfg->timed ? PAYLOAD_CMD_TIMED_READ : PAYLOAD_CMD_READ;
}

/*
 * One pass of every vCPU; a write pass changes what the region must hold.
 * A sum that is not the memory's is kept (the first) and the run goes on.
 */
static void run_pass(struct run_ctx *ctx, enum phase_id id, uint64_t *guest_tsc)
{
	struct vcpu_pass pass = {
		.cmd = pass_command(ctx->cfg, id),
		.stride = ctx->cfg->stride,
		.nr_vcpus = ctx->cfg->nr_vcpus,
	};
	struct sum_mismatch bad;

	vcpu_pool_pass(ctx->guest, &ctx->host.region, &pass, guest_tsc, &bad);
	if (bad.vcpu >= 0 && !ctx->res->bad_sum_seen) {
		ctx->res->bad_sum_seen = true;
		ctx->res->bad_sum_phase = id;
		ctx->res->bad_sum = bad;
	}
	if (pass.cmd == PAYLOAD_CMD_WRITE)
		region_mark_written(&ctx->host.region, GUEST_DATA_GPA);
}

static void summarize_latency(struct run_ctx *ctx, struct phase_result *p)
{
	p->latency = malloc(sizeof(*p->latency));
	TEST_ASSERT(p->latency, "out of memory for the latency summary");
	latency_summarize(ctx->latency, ctx->host.region.npages, p->latency);
}

/* The pass's length is its slowest vCPU's. */
static void record_guest_tsc(struct phase_result *p, const uint64_t *guest_tsc, int n)
{
	for (int c = 0; c < n; c++) {
		p->vcpus[c].guest_tsc = guest_tsc[c];
		if (guest_tsc[c] > p->guest_tsc)
			p->guest_tsc = guest_tsc[c];
	}
}

/*
 * A pass phase: one pass of every vCPU, or for the again phase
 * cfg->again_passes of them with a census after each, so a read that
 * unshared anything would show even if a later pass hid it.
 */
static void pass_phase(struct run_ctx *ctx, enum phase_id id, bool census)
{
	struct attribution attribution, *a = NULL;
	struct phase_result *p = &ctx->res->phases[id];
	unsigned int passes = id == PHASE_AGAIN ? ctx->cfg->again_passes : 1;
	uint64_t guest_tsc[KVM_MAX_TEST_VCPUS] = { 0 };
	long merged = ctx->res->phases[PHASE_MERGE].region_ksm_pages;

	if (id == PHASE_POST_MERGE)
		a = observers_attribution_start(&ctx->res->trace, &ctx->host.pm, &ctx->host.region,
						&attribution);
	trace_phase_begin(&ctx->tracer, TRACE_SCOPE_VCPU, a, &ctx->res->trace.phases[id]);
	phase_begin(ctx, id);
	for (unsigned int i = 0; i < passes; i++) {
		run_pass(ctx, id, guest_tsc);
		if (census && i + 1 < passes && merged >= 0 &&
		    pagemap_count_ksm(&ctx->host.pm, ctx->host.region.hva, ctx->host.region.npages,
				      NULL) != merged)
			ctx->res->again_drift = true;
	}
	p->is_pass = true;
	p->passes = passes;
	phase_end(ctx, id, census);
	trace_phase_end(&ctx->tracer);
	if (ctx->pf_idx < 0)
		faults_from_trace(p, &ctx->res->trace.phases[id], ctx->cfg->nr_vcpus);
	record_guest_tsc(p, guest_tsc, ctx->cfg->nr_vcpus);
	if (ctx->cfg->timed && id != PHASE_WARM)
		summarize_latency(ctx, p);
	if (a) {
		attribution_summarize(a, &ctx->res->trace.attribution);
		ctx->res->trace.have_attribution = true;
		attribution_free(a);
	}
}

static void control_wait(uint64_t ms)
{
	uint64_t end = now_ns() + ms * 1000000ULL;

	while (now_ns() < end) {
		cleanup_poll_signal();
		sleep_ns(1000000);
	}
}

/* The region becomes mergeable only now: a KSM already running must not merge it earlier. */
static void merge(struct run_ctx *ctx)
{
	const struct run_config *cfg = ctx->cfg;
	struct ksm_merge_opts opts = {
		.pages_to_scan = cfg->pages_to_scan,
		.sleep_millisecs = cfg->sleep_millisecs,
		.timeout_ms = ctx->res->merge_timeout_ms,
		.progress = isatty(STDERR_FILENO),
	};
	struct ksm_merge_result *m = &ctx->res->merge;
	struct merge_cost_snap cost;
	int ret;

	region_mark_mergeable(&ctx->host.region);
	if (!region_backing_mergeable(cfg->backing)) {
		/* No such VMA joins ksmd's list, so no scan would ever complete. */
		ksm_knob_set(&ctx->host.ksm, "run", "1");
		control_wait(cfg->control_wait_ms);
		m->elapsed_ns = cfg->control_wait_ms * 1000000ULL;
		m->merged_pages = pagemap_count_ksm(&ctx->host.pm, ctx->host.region.hva,
						    ctx->host.region.npages, NULL);
		m->decided_by = "memory KSM does not merge: KSM ran for the control's wait";
		ksm_knob_set(&ctx->host.ksm, "run", "0");
		return;
	}
	merge_cost_begin(&ctx->host.ksm, &cost);
	ret = ksm_merge(&ctx->host.ksm, &ctx->host.pm, ctx->host.region.hva, ctx->host.region.npages,
			ctx->res->mergeable_pages, &opts, m);
	merge_cost_end(&ctx->host.ksm, &cost, m);
	TEST_ASSERT(!ret, "KSM merge timed out after %llu ms: %ld of %ld pages "
		    "merged in %llu full scans (another KSM user may slow the "
		    "scan); raise --merge-timeout",
		    (unsigned long long)opts.timeout_ms, m->merged_pages,
		    ctx->res->mergeable_pages, (unsigned long long)m->full_scans);
	if (!cfg->ksm_during_passes)
		ksm_knob_set(&ctx->host.ksm, "run", "0");
}

static void merge_phase(struct run_ctx *ctx)
{
	trace_phase_begin(&ctx->tracer, TRACE_SCOPE_SYSTEM, NULL,
			  &ctx->res->trace.phases[PHASE_MERGE]);
	phase_begin(ctx, PHASE_MERGE);
	if (ctx->cfg->no_ksm)
		control_wait(ctx->cfg->control_wait_ms);
	else
		merge(ctx);
	phase_end(ctx, PHASE_MERGE, true);
	trace_phase_end(&ctx->tracer);
}

/*
 * After a write pass KSM only updates its counters for the unshared
 * pages when it next scans them: let it scan twice, then stop it again.
 */
static void rescan(struct run_ctx *ctx)
{
	struct run_rescan *r = &ctx->res->rescan;
	int ret = ksm_wait_full_scans(&ctx->host.ksm, 2, ctx->res->merge_timeout_ms,
				      &r->full_scans);

	TEST_ASSERT(!ret, "KSM did not finish 2 full scans after the write pass in "
		    "%llu ms; raise --merge-timeout",
		    (unsigned long long)ctx->res->merge_timeout_ms);
	if (!ctx->cfg->ksm_during_passes)
		ksm_knob_set(&ctx->host.ksm, "run", "0");
	r->pages_shared = ksm_read_u64(&ctx->host.ksm, "pages_shared");
	r->pages_sharing = ksm_read_u64(&ctx->host.ksm, "pages_sharing");
	r->done = true;
}

/*
 * The stress: ksmd merges without pause (sleep_millisecs 0) while every
 * vCPU verifies and rewrites its pages; the control's ksmd stays as it was.
 */
static void stress_phase(struct run_ctx *ctx)
{
	const struct run_config *cfg = ctx->cfg;
	struct phase_result *p = &ctx->res->phases[PHASE_STRESS];
	struct stress_args a = {
		.guest = ctx->guest, .region = &ctx->host.region, .records = ctx->latency,
		.ksm = &ctx->host.ksm, .nr_vcpus = cfg->nr_vcpus, .duration_s = cfg->stress_s,
		.migrate = !cfg->stress_no_migrate,
	};

	trace_phase_begin(&ctx->tracer, TRACE_SCOPE_VCPU, NULL,
			  &ctx->res->trace.phases[PHASE_STRESS]);
	phase_begin(ctx, PHASE_STRESS);
	if (!cfg->no_ksm) {
		ksm_knob_set_u64(&ctx->host.ksm, "pages_to_scan", cfg->pages_to_scan);
		ksm_knob_set_u64(&ctx->host.ksm, "sleep_millisecs", 0);
		ksm_knob_set(&ctx->host.ksm, "run", "1");
	}
	stress_run(&a, &ctx->res->stress);
	if (!cfg->no_ksm && !cfg->ksm_during_passes)
		ksm_knob_set(&ctx->host.ksm, "run", "0");
	phase_end(ctx, PHASE_STRESS, true);
	trace_phase_end(&ctx->tracer);
	if (ctx->pf_idx < 0)
		faults_from_trace(p, &ctx->res->trace.phases[PHASE_STRESS], cfg->nr_vcpus);
}

static void vm_free_cb(void *arg)
{
	struct run_ctx *ctx = arg;

	vm_stats_close(&ctx->stats);
	guest_destroy(ctx->guest);
	kvm_vm_free(ctx->vm);
	ctx->guest = NULL;
	ctx->vm = NULL;
}

/* The guest side: VM, vCPUs, statistics, observers. */
static void setup_guest(struct run_ctx *ctx)
{
	const struct run_config *cfg = ctx->cfg;

	ctx->vm = vm_create();
	cleanup_push(vm_free_cb, ctx, false);
	ctx->res->nr_vcpus = cfg->nr_vcpus;
	ctx->guest = guest_create(ctx->vm, ctx->host.region.hva, ctx->host.region.size, cfg->nr_vcpus);
	if (cfg->timed || cfg->stress_s)
		ctx->latency = guest_add_latency_area(ctx->guest, ctx->host.region.npages);
	ctx->res->tsc_khz = vcpu_get_tsc_khz(ctx->vm->vcpus[0]);
	vm_stats_open(&ctx->stats, ctx->vm, cfg->nr_vcpus);
	observers_start_tracing(&ctx->tracer, cfg, ctx->host.region.npages, &ctx->res->trace);
	ctx->pf_idx = faults_source_open(&ctx->stats.vcpu[0], &ctx->tracer,
					 vm_arch_fault_stat(ctx->vm), &ctx->exits_idx);
	observers_start_sampler(&ctx->sampler, cfg, &ctx->stats, ctx->pf_idx,
				ctx->exits_idx, &ctx->res->timeline);
}

void run_measurement(const struct run_config *cfg, struct run_result *res,
		     run_measured_fn measured, void *arg)
{
	struct run_ctx ctx = { .cfg = cfg, .res = res, .sampler = { .phase = -1 } };
	uint64_t start = now_ns(), teardown_start;
	int fds_before = fds_open_count();

	memset(res, 0, sizeof(*res));
	ctx.run_start_ns = start;
	timestamp_utc(res->started_at, sizeof(res->started_at));
	res->numa_nodes[0] = res->numa_nodes[1] = -1;
	res->merge_timeout_ms = run_merge_timeout_ms(cfg);
	res->nr_phases = cfg->stress_s ? NR_PHASES : PHASE_STRESS;
	host_setup(&ctx.host, cfg, res);
	setup_guest(&ctx);
	res->setup_ns = now_ns() - start;

	pass_phase(&ctx, PHASE_WARM, false);
	pass_phase(&ctx, PHASE_STEADY, true);
	res->thp.before_merge = region_huge_pages(&ctx.host.region);
	merge_phase(&ctx);
	res->thp.after_merge = region_huge_pages(&ctx.host.region);
	pass_phase(&ctx, PHASE_POST_MERGE, true);
	pass_phase(&ctx, PHASE_AGAIN, true);
	res->thp.at_end = region_huge_pages(&ctx.host.region);
	if ((cfg->post_merge_write || cfg->again_write) && !cfg->no_ksm)
		rescan(&ctx);
	if (cfg->stress_s)
		stress_phase(&ctx);
	observers_finish_sampler(&ctx.sampler, ctx.run_start_ns, &res->timeline);

	derive_figures(cfg, res);
	merge_cost_derive(cfg, res);
	derive_trace_verdicts(res);
	/* After a stress the records say what each page holds; it compared them. */
	res->data_intact = !res->bad_sum_seen &&
			   (cfg->stress_s ? !res->stress.corruptions : region_intact(&ctx.host.region));
	if (measured)
		measured(cfg, res, arg);
	teardown_start = now_ns();
	cleanup_run_all();
	res->teardown_ns = now_ns() - teardown_start;
	res->leaked_fds = fds_open_count() - fds_before;
	res->total_wall_ns = now_ns() - start;
}
