// SPDX-License-Identifier: GPL-2.0
/*
 * The measurement: warm pass, steady pass, merge, post-merge pass, again
 * pass.  Each phase is bracketed by snapshots of every vCPU and VM
 * statistic; the KSM counters and the region's KSM page count (ground
 * truth from pagemap) are taken after the merge and after each later pass,
 * so a pass that unshared pages would show.
 *
 * Teardown is registered on the cleanup stack as each piece is created, so
 * a failed assertion or a signal unwinds the same way a normal end does:
 * VM, then guest memory (MADV_UNMERGEABLE), then KSM settle and restore.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "clock.h"
#include "faults.h"
#include "guest.h"
#include "hoststate.h"
#include "kvm.h"
#include "ksm.h"
#include "numa_place.h"
#include "pagemap.h"
#include "region.h"
#include "run.h"
#include "stats.h"
#include "test_util.h"

struct run_ctx {
	const struct run_config *cfg;
	struct run_result *res;
	struct ksm ksm;
	struct pagemap pm;
	struct region region;
	struct kvm_vm *vm;
	struct guest *guest;
	struct kvm_stats *vcpu_stats;	/* one per vCPU, same descriptors */
	struct kvm_stats vm_stats;
	struct tracer tracer;
	struct sampler sampler;
	uint64_t run_start_ns;
	uint64_t *raw_before, *raw_after;	/* nr_vcpus blocks of vCPU stats */
	uint64_t *vcpu_before, *vcpu_after;	/* summed over the vCPUs */
	uint64_t *vm_before, *vm_after;
	int pf_idx, exits_idx;		/* in the vCPU descriptors */
	uint64_t *latency;		/* the guest's per-page cycles, timed runs */
	uint64_t phase_start_ns;
};

/* Process-wide: the signal path and later runs of a suite need it. */
static struct hoststate host_state = { .lock_fd = -1 };

static const char *const phase_names[NR_PHASES] = {
	[PHASE_WARM] = "warm",
	[PHASE_STEADY] = "steady",
	[PHASE_MERGE] = "merge",
	[PHASE_POST_MERGE] = "post-merge",
	[PHASE_AGAIN] = "again",
};

double ns_to_ms(uint64_t ns)
{
	return ns / 1e6;
}

double guest_tsc_ms(const struct run_result *res, const struct phase_result *p)
{
	return cycles_to_ns(p->guest_tsc, res->tsc_khz) / 1e6;
}

/* Every vCPU's block into raw, their sum into vcpu, and the VM's into vm. */
static void stats_snapshot(struct run_ctx *ctx, uint64_t *raw, uint64_t *vcpu,
			   uint64_t *vm)
{
	int n = ctx->vcpu_stats[0].nr_descs, ret;

	memset(vcpu, 0, n * sizeof(*vcpu));
	for (int c = 0; c < ctx->cfg->nr_vcpus; c++) {
		uint64_t *block = raw + (size_t)c * n;

		ret = kvm_stats_read(&ctx->vcpu_stats[c], block);
		errno = -ret;
		TEST_ASSERT(!ret, "reading the stats fd of vCPU %d failed", c);
		for (int i = 0; i < n; i++)
			vcpu[i] += block[i];
	}
	ret = kvm_stats_read(&ctx->vm_stats, vm);
	errno = -ret;
	TEST_ASSERT(!ret, "reading the VM stats fd failed");
}

static int collect_deltas(const struct kvm_stats *stats, const uint64_t *before,
			  const uint64_t *after, struct stat_delta **out)
{
	int n = 0;

	*out = calloc(stats->nr_descs, sizeof(**out));
	TEST_ASSERT(*out, "out of memory for statistics");
	for (int i = 0; i < stats->nr_descs; i++) {
		if (after[i] == before[i])
			continue;
		snprintf((*out)[n].name, sizeof((*out)[n].name), "%s",
			 stats->descs[i].name);
		(*out)[n++].delta = (int64_t)(after[i] - before[i]);
	}
	return n;
}

uint64_t phase_stat(const struct phase_result *p, const char *name)
{
	for (int i = 0; i < p->nr_vcpu_deltas; i++)
		if (!strcmp(p->vcpu_deltas[i].name, name))
			return p->vcpu_deltas[i].delta;
	return 0;
}

static void phase_begin(struct run_ctx *ctx, enum phase_id id)
{
	stats_snapshot(ctx, ctx->raw_before, ctx->vcpu_before, ctx->vm_before);
	sampler_set_phase(&ctx->sampler, id);
	ctx->phase_start_ns = now_ns();
}

static void phase_end(struct run_ctx *ctx, enum phase_id id, bool census)
{
	struct phase_result *p = &ctx->res->phases[id];

	p->wall_ns = now_ns() - ctx->phase_start_ns;
	p->start_ns = ctx->phase_start_ns - ctx->run_start_ns;
	sampler_set_phase(&ctx->sampler, -1);
	stats_snapshot(ctx, ctx->raw_after, ctx->vcpu_after, ctx->vm_after);
	p->name = phase_names[id];
	p->nr_vcpu_deltas = collect_deltas(&ctx->vcpu_stats[0], ctx->vcpu_before,
					   ctx->vcpu_after, &p->vcpu_deltas);
	p->vcpus = calloc(ctx->cfg->nr_vcpus, sizeof(*p->vcpus));
	TEST_ASSERT(p->vcpus, "out of memory for per-vCPU figures");
	for (int c = 0; c < ctx->cfg->nr_vcpus; c++) {
		size_t base = (size_t)c * ctx->vcpu_stats[0].nr_descs;

		p->vcpus[c].pf_taken = ctx->raw_after[base + ctx->pf_idx] -
				       ctx->raw_before[base + ctx->pf_idx];
		p->vcpus[c].exits = ctx->raw_after[base + ctx->exits_idx] -
				    ctx->raw_before[base + ctx->exits_idx];
	}
	p->nr_vm_deltas = collect_deltas(&ctx->vm_stats, ctx->vm_before,
					 ctx->vm_after, &p->vm_deltas);
	p->pf_taken = phase_stat(p, "pf_taken");
	p->exits = phase_stat(p, "exits");
	p->pages_shared = ksm_read_u64(&ctx->ksm, "pages_shared");
	p->pages_sharing = ksm_read_u64(&ctx->ksm, "pages_sharing");
	p->region_ksm_pages = census ?
		pagemap_count_ksm(&ctx->pm, ctx->region.hva, ctx->region.npages, NULL) : -1;
}

/* Describes an exit that is not the end of a pass. */
static void describe_exit(struct kvm_vcpu *vcpu, char *why, size_t len)
{
	struct kvm_run *run = vcpu->run;
	struct kvm_regs regs;

	vcpu_regs_get(vcpu, &regs);
	snprintf(why, len, "vCPU %d: unexpected exit %s (%u), port 0x%x, rip 0x%llx, "
		 "internal suberror %u: the payload did not end its pass",
		 vcpu->id, exit_reason_str(run->exit_reason), run->exit_reason,
		 run->exit_reason == KVM_EXIT_IO ? run->io.port : 0,
		 (unsigned long long)regs.rip,
		 run->exit_reason == KVM_EXIT_INTERNAL_ERROR ? run->internal.suberror : 0);
}

/* One vCPU's pass to its end: 0, or -1 with why. */
static int vcpu_pass(struct kvm_vcpu *vcpu, bool main_thread, char *why, size_t len)
{
	for (;;) {
		int ret = __vcpu_run(vcpu);

		if (ret == -EINTR || (!ret && vcpu->run->exit_reason == KVM_EXIT_INTR)) {
			if (main_thread)
				cleanup_poll_signal();
			continue;
		}
		if (ret) {
			snprintf(why, len, "KVM_RUN of vCPU %d failed, rc: %d errno: %d (%s)",
				 vcpu->id, ret, -ret, strerror(-ret));
			return -1;
		}
		if (vcpu->run->exit_reason == KVM_EXIT_IO &&
		    vcpu->run->io.port == PAYLOAD_PORT_PASS_DONE)
			return 0;
		describe_exit(vcpu, why, len);
		return -1;
	}
}

struct vcpu_worker {
	struct kvm_vcpu *vcpu;
	pthread_t thread;
	bool started;
	int ret;
	char why[320];
};

/* vCPUs past the first run their pass here; signals go to the main thread. */
static void *vcpu_worker_main(void *arg)
{
	struct vcpu_worker *w = arg;
	sigset_t all;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	w->ret = vcpu_pass(w->vcpu, false, w->why, sizeof(w->why));
	return NULL;
}

struct pass_workers {
	int nr;
	struct vcpu_worker w[KSMEXIT_MAX_VCPUS];
};

/* On every path, even a failed assertion mid-pass: no vCPU thread outlives the VM. */
static void workers_join_cb(void *arg)
{
	struct pass_workers *pw = arg;

	for (int i = 0; i < pw->nr; i++)
		if (pw->w[i].started)
			pthread_join(pw->w[i].thread, NULL);
	pw->nr = 0;
}

/* This vCPU's slice of the region: pages [*first, *first + return). */
static size_t vcpu_slice(const struct run_ctx *ctx, int c, size_t *first)
{
	size_t n = ctx->region.npages;

	*first = n * c / ctx->cfg->nr_vcpus;
	return n * (c + 1) / ctx->cfg->nr_vcpus - *first;
}

static uint64_t pass_command(const struct run_ctx *ctx, enum phase_id id)
{
	if (id == PHASE_POST_MERGE && ctx->cfg->post_merge_write)
		return PAYLOAD_CMD_WRITE;
	return ctx->cfg->timed ? PAYLOAD_CMD_TIMED_READ : PAYLOAD_CMD_READ;
}

/* One pass of every vCPU over its slice, in parallel; adds each one's TSC delta. */
static void run_pass(struct run_ctx *ctx, enum phase_id id, uint64_t *guest_tsc)
{
	static struct pass_workers pw;
	uint64_t passes[KSMEXIT_MAX_VCPUS], expected[KSMEXIT_MAX_VCPUS];
	char why[320];

	for (int c = 0; c < ctx->cfg->nr_vcpus; c++) {
		struct payload_mailbox *mb = guest_mailbox(ctx->guest, c);
		size_t first, n = vcpu_slice(ctx, c, &first);

		passes[c] = mb->passes;
		expected[c] = region_expected_sum(&ctx->region, first, n, ctx->cfg->stride);
		mb->cmd = pass_command(ctx, id);
		mb->base = GUEST_DATA_GPA + first * PAGE_SIZE;
		mb->npages = n;
		mb->stride = ctx->cfg->stride;
		mb->latency = GUEST_LATENCY_GPA + first * sizeof(uint64_t);
	}
	pw.nr = ctx->cfg->nr_vcpus - 1;
	cleanup_push(workers_join_cb, &pw, false);
	for (int i = 0; i < pw.nr; i++) {
		struct vcpu_worker *w = &pw.w[i];
		int ret;

		*w = (struct vcpu_worker){ .vcpu = ctx->vm->vcpus[i + 1] };
		ret = pthread_create(&w->thread, NULL, vcpu_worker_main, w);
		errno = ret;
		TEST_ASSERT(!ret, "starting the thread of vCPU %d failed", i + 1);
		w->started = true;
	}
	if (vcpu_pass(ctx->vm->vcpus[0], true, why, sizeof(why)))
		TEST_FAIL("%s", why);
	cleanup_pop(workers_join_cb, &pw);
	for (int c = 0; c < ctx->cfg->nr_vcpus; c++) {
		struct payload_mailbox *mb = guest_mailbox(ctx->guest, c);

		if (c > 0)
			TEST_ASSERT(!pw.w[c - 1].ret, "%s", pw.w[c - 1].why);
		TEST_ASSERT(mb->passes == passes[c] + 1, "vCPU %d reported pass %llu, "
			    "expected %llu", c, (unsigned long long)mb->passes,
			    (unsigned long long)passes[c] + 1);
		TEST_ASSERT(mb->sum == expected[c], "vCPU %d read sum 0x%llx, expected "
			    "0x%llx: the guest did not read what the host wrote", c,
			    (unsigned long long)mb->sum, (unsigned long long)expected[c]);
		guest_tsc[c] += mb->tsc_end - mb->tsc_start;
	}
	if (pass_command(ctx, id) == PAYLOAD_CMD_WRITE)
		region_mark_written(&ctx->region, GUEST_DATA_GPA);
}

/*
 * Ground truth just before the post-merge pass, so each fault can be
 * classified; NULL (with a note) where attribution is not possible.
 */
static struct attribution *attribution_start(struct run_ctx *ctx,
					     struct attribution *a)
{
	struct run_trace *tr = &ctx->res->trace;
	bool *is_ksm;

	if (tr->mode != TRACE_PAGES)
		return NULL;
	if (tr->attribution_event < 0) {
		snprintf(tr->attribution_note, sizeof(tr->attribution_note),
			 "no event carries the faulting frame (kvm_mmu_spte_requested "
			 "and kvm_page_fault both missing)");
		return NULL;
	}
	if (!pagemap_usable(&ctx->pm)) {
		snprintf(tr->attribution_note, sizeof(tr->attribution_note),
			 "no ground truth: %s", ctx->pm.why_unavailable);
		return NULL;
	}
	is_ksm = calloc(ctx->region.npages, sizeof(*is_ksm));
	TEST_ASSERT(is_ksm && attribution_init(a, GUEST_DATA_GPA / PAGE_SIZE,
					       ctx->region.npages, is_ksm) == 0,
		    "out of memory for attribution of %zu pages", ctx->region.npages);
	TEST_ASSERT(pagemap_count_ksm(&ctx->pm, ctx->region.hva, ctx->region.npages,
				      is_ksm) >= 0, "reading pagemap for attribution failed");
	return a;
}

static void summarize_latency(struct run_ctx *ctx, struct phase_result *p)
{
	p->latency = malloc(sizeof(*p->latency));
	TEST_ASSERT(p->latency, "out of memory for the latency summary");
	latency_summarize(ctx->latency, ctx->region.npages, p->latency);
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
	uint64_t guest_tsc[KSMEXIT_MAX_VCPUS] = { 0 };
	long merged = ctx->res->phases[PHASE_MERGE].region_ksm_pages;

	if (id == PHASE_POST_MERGE)
		a = attribution_start(ctx, &attribution);
	if (id == PHASE_STEADY && fault_injected("steady-invalidate"))
		region_invalidate_half(&ctx->region);
	trace_phase_begin(&ctx->tracer, TRACE_SCOPE_VCPU, a, &ctx->res->trace.phases[id]);
	phase_begin(ctx, id);
	for (unsigned int i = 0; i < passes; i++) {
		run_pass(ctx, id, guest_tsc);
		if (census && i + 1 < passes && merged >= 0 &&
		    pagemap_count_ksm(&ctx->pm, ctx->region.hva, ctx->region.npages,
				      NULL) != merged)
			ctx->res->again_drift = true;
	}
	p->is_pass = true;
	p->passes = passes;
	phase_end(ctx, id, census);
	trace_phase_end(&ctx->tracer);
	/* The pass's length is its slowest vCPU's. */
	for (int c = 0; c < ctx->cfg->nr_vcpus; c++) {
		p->vcpus[c].guest_tsc = guest_tsc[c];
		if (guest_tsc[c] > p->guest_tsc)
			p->guest_tsc = guest_tsc[c];
	}
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

static void merge_phase(struct run_ctx *ctx)
{
	const struct run_config *cfg = ctx->cfg;
	struct ksm_merge_opts opts = {
		.pages_to_scan = cfg->pages_to_scan,
		.sleep_millisecs = cfg->sleep_millisecs,
		.timeout_ms = cfg->merge_timeout_ms,
		.progress = isatty(STDERR_FILENO),
	};
	struct ksm_merge_result *m = &ctx->res->merge;

	trace_phase_begin(&ctx->tracer, TRACE_SCOPE_SYSTEM, NULL,
			  &ctx->res->trace.phases[PHASE_MERGE]);
	phase_begin(ctx, PHASE_MERGE);
	if (cfg->no_ksm) {
		control_wait(cfg->control_wait_ms);
	} else {
		int ret;

		/* Only now: a KSM already running must not merge it earlier. */
		region_mark_mergeable(&ctx->region);
		ret = ksm_merge(&ctx->ksm, &ctx->pm, ctx->region.hva,
			       ctx->region.npages, ctx->res->mergeable_pages, &opts, m);
		TEST_ASSERT(!ret, "KSM merge timed out after %llu ms: %ld of %ld pages "
			    "merged in %llu full scans (another KSM user may slow the "
			    "scan); raise --merge-timeout",
			    (unsigned long long)cfg->merge_timeout_ms, m->merged_pages,
			    ctx->res->mergeable_pages, (unsigned long long)m->full_scans);
		if (!cfg->ksm_during_passes)
			ksm_knob_set(&ctx->ksm, "run", "0");
	}
	phase_end(ctx, PHASE_MERGE, true);
	trace_phase_end(&ctx->tracer);
}

static void derive(struct run_ctx *ctx)
{
	struct run_result *res = ctx->res;
	const struct phase_result *steady = &res->phases[PHASE_STEADY];
	const struct phase_result *post = &res->phases[PHASE_POST_MERGE];
	const struct phase_result *merge = &res->phases[PHASE_MERGE];
	const struct phase_result *again = &res->phases[PHASE_AGAIN];
	/* Without the census, what the merge wait last saw (ksm_stat). */
	long merged = merge->region_ksm_pages >= 0 ? merge->region_ksm_pages :
		      res->merge.merged_pages;

	res->merged_pages = ctx->cfg->no_ksm ? 0 : merged;
	res->faults_per_merged_page = res->merged_pages > 0 ?
		(double)post->pf_taken / res->merged_pages : NAN;
	res->exits_per_merged_page = res->merged_pages > 0 ?
		(double)post->exits / res->merged_pages : NAN;
	res->faults_per_page = (double)post->pf_taken / ctx->region.npages;
	res->penalty_ms = ns_to_ms(post->wall_ns) - ns_to_ms(steady->wall_ns);
	res->cost_per_fault_us = post->pf_taken ?
		res->penalty_ms * 1000.0 / post->pf_taken : NAN;
	/* With KSM stopped nothing else may change our pages' sharing. */
	res->sharing_kept = post->region_ksm_pages == merge->region_ksm_pages &&
			    again->region_ksm_pages == merge->region_ksm_pages &&
			    !res->again_drift;
	if (!ctx->cfg->no_ksm && !ctx->cfg->ksm_during_passes)
		res->sharing_kept = res->sharing_kept &&
				    post->pages_sharing == merge->pages_sharing &&
				    again->pages_sharing == merge->pages_sharing;
}

static void region_free_cb(void *arg)
{
	region_free(arg);
}

static void vm_free_cb(void *arg)
{
	struct run_ctx *ctx = arg;

	for (int c = 0; ctx->vcpu_stats && c < ctx->cfg->nr_vcpus; c++) {
		if (ctx->vcpu_stats[c].descs)
			close(ctx->vcpu_stats[c].fd);
		kvm_stats_close(&ctx->vcpu_stats[c]);
	}
	if (ctx->vm_stats.descs)
		close(ctx->vm_stats.fd);
	kvm_stats_close(&ctx->vm_stats);
	free(ctx->vcpu_stats);
	free(ctx->raw_before);
	free(ctx->raw_after);
	free(ctx->vcpu_before);
	free(ctx->vcpu_after);
	free(ctx->vm_before);
	free(ctx->vm_after);
	guest_destroy(ctx->guest);
	kvm_vm_free(ctx->vm);
	ctx->guest = NULL;
	ctx->vm = NULL;
}

static void tracer_close_cb(void *arg)
{
	tracer_close(arg);
}

static void tracer_unmount_cb(void *arg)
{
	tracer_unmount(arg);
}

static void record_mount(void *arg, const char *path)
{
	hoststate_record(arg, path, NULL);
}

static void start_tracing(struct run_ctx *ctx)
{
	struct run_trace *tr = &ctx->res->trace;

	tracer_open(&ctx->tracer, ctx->cfg->trace_mode, ctx->region.npages,
		    record_mount, &host_state);
	cleanup_push(tracer_unmount_cb, &ctx->tracer, true);
	cleanup_push(tracer_close_cb, &ctx->tracer, false);
	tr->mode = ctx->tracer.mode;
	tr->mounted_tracefs = ctx->tracer.mounted_here;
	tr->attribution_event = trace_attribution_event(&ctx->tracer);
	snprintf(tr->why, sizeof(tr->why), "%s", ctx->tracer.why);
	snprintf(tr->dir, sizeof(tr->dir), "%s", ctx->tracer.dir);
	memcpy(tr->available, ctx->tracer.available, sizeof(tr->available));
}

static void sampler_stop_cb(void *arg)
{
	sampler_stop(arg);
}

static void start_sampler(struct run_ctx *ctx)
{
	struct run_timeline *tl = &ctx->res->timeline;
	struct sampler_vcpu_stats vcpus[KSMEXIT_MAX_VCPUS];

	if (!ctx->cfg->sample_hz)
		return;
	for (int c = 0; c < ctx->cfg->nr_vcpus; c++) {
		const struct kvm_stats *st = &ctx->vcpu_stats[c];

		vcpus[c] = (struct sampler_vcpu_stats){
			.fd = st->fd, .data_offset = st->data_offset,
			.data_size = st->data_size,
			.exits_offset = st->descs[ctx->exits_idx].offset,
			.pf_taken_offset = st->descs[ctx->pf_idx].offset,
		};
	}
	if (sampler_start(&ctx->sampler, ctx->cfg->sample_hz, ctx->cfg->ksm_root, vcpus,
			  ctx->cfg->nr_vcpus)) {
		snprintf(tl->why_off, sizeof(tl->why_off), "%s", ctx->sampler.why);
		return;
	}
	tl->hz = ctx->cfg->sample_hz;
	cleanup_push(sampler_stop_cb, &ctx->sampler, false);
}

/* Ends the timeline after the last phase and hands it to the result. */
static void finish_sampler(struct run_ctx *ctx)
{
	struct run_timeline *tl = &ctx->res->timeline;
	uint64_t offset = ctx->sampler.start_ns - ctx->run_start_ns;

	if (!tl->hz)
		return;
	cleanup_pop(sampler_stop_cb, &ctx->sampler);
	for (size_t i = 0; i < ctx->sampler.nr; i++)
		ctx->sampler.samples[i].t_ns += offset;
	tl->samples = ctx->sampler.samples;
	tl->nr = ctx->sampler.nr;
	tl->missed_ticks = ctx->sampler.missed_ticks;
	tl->cpu_ns = ctx->sampler.cpu_ns;
	ctx->sampler.samples = NULL;
}

static void pagemap_close_cb(void *arg)
{
	pagemap_close(arg);
}

static uint64_t *stats_buffer(size_t n)
{
	uint64_t *buf = calloc(n, sizeof(*buf));

	TEST_ASSERT(buf, "out of memory for statistics");
	return buf;
}

static void open_stats(struct run_ctx *ctx)
{
	size_t n;
	int ret;

	ctx->vcpu_stats = calloc(ctx->cfg->nr_vcpus, sizeof(*ctx->vcpu_stats));
	TEST_ASSERT(ctx->vcpu_stats, "out of memory for statistics");
	for (int c = 0; c < ctx->cfg->nr_vcpus; c++) {
		ret = kvm_stats_open(&ctx->vcpu_stats[c],
				     vcpu_get_stats_fd(ctx->vm->vcpus[c]));
		errno = -ret;
		TEST_ASSERT(!ret, "parsing the binary stats header of vCPU %d failed", c);
	}
	ret = kvm_stats_open(&ctx->vm_stats, vm_get_stats_fd(ctx->vm));
	errno = -ret;
	TEST_ASSERT(!ret, "parsing the VM binary stats header failed");
	ctx->pf_idx = kvm_stats_find(&ctx->vcpu_stats[0], "pf_taken");
	ctx->exits_idx = kvm_stats_find(&ctx->vcpu_stats[0], "exits");
	TEST_REQUIRE(ctx->pf_idx >= 0 && ctx->exits_idx >= 0,
		     "vCPU statistics lack pf_taken/exits (not an x86 KVM?)");
	n = ctx->vcpu_stats[0].nr_descs;
	for (int c = 1; c < ctx->cfg->nr_vcpus; c++)
		TEST_ASSERT(ctx->vcpu_stats[c].nr_descs == (int)n, "vCPU %d has %d "
			    "statistics, vCPU 0 has %zu", c, ctx->vcpu_stats[c].nr_descs, n);
	ctx->raw_before = stats_buffer(n * ctx->cfg->nr_vcpus);
	ctx->raw_after = stats_buffer(n * ctx->cfg->nr_vcpus);
	ctx->vcpu_before = stats_buffer(n);
	ctx->vcpu_after = stats_buffer(n);
	ctx->vm_before = stats_buffer(ctx->vm_stats.nr_descs);
	ctx->vm_after = stats_buffer(ctx->vm_stats.nr_descs);
}

static void hoststate_clear_cb(void *arg)
{
	hoststate_clear(arg);
}

static void record_knob(void *arg, const char *path, const char *old_value)
{
	hoststate_record(arg, path, old_value);
}

void run_claim_host(const struct run_config *cfg)
{
	if (host_state.lock_fd >= 0)
		return;
	static const char *const dirs[] = HOSTSTATE_DIRS;

	TEST_REQUIRE(geteuid() == 0, "needs root: /dev/kvm, KSM knobs and "
		     "/proc/kpageflags are root-only");
	if (hoststate_lock(&host_state, dirs, !cfg->no_wait)) {
		TEST_ASSERT(errno != EWOULDBLOCK, "another ksmexit run holds %s "
			    "(--no-wait given): try again when it has finished",
			    host_state.lock_path);
		TEST_FAIL("cannot take the run lock %s", host_state.lock_path);
	}
	TEST_ASSERT(hoststate_recover(&host_state, cfg->ksm_root) >= 0,
		    "cannot read %s", host_state.state_path);
}

/*
 * Knobs a scenario needs, set before our pages are mergeable.
 * merge_across_nodes can only change while KSM holds no merged page on the
 * whole host, so where another process has some, the scenario skips.
 */
static void set_scenario_knobs(struct run_ctx *ctx)
{
	const struct run_config *cfg = ctx->cfg;

	if (cfg->use_zero_pages) {
		TEST_REQUIRE(ksm_read_u64(&ctx->ksm, "use_zero_pages") != UINT64_MAX,
			     "KSM has no use_zero_pages knob (kernel older than 4.11)");
		ksm_knob_set(&ctx->ksm, "use_zero_pages", "1");
	}
	if (cfg->merge_across_nodes >= 0) {
		int ret = ksm_knob_try_set_u64(&ctx->ksm, "merge_across_nodes",
					       cfg->merge_across_nodes);

		TEST_REQUIRE(ret != -EBUSY, "merge_across_nodes can only change while no "
			     "page on the host is merged, and pages_shared is %llu: "
			     "run when other KSM users have unmerged",
			     (unsigned long long)ksm_read_u64(&ctx->ksm, "pages_shared"));
		errno = -ret;
		TEST_REQUIRE(!ret, "cannot set merge_across_nodes (CONFIG_NUMA=n?)");
	}
}

/* First half of the guest memory on one node, second half on another. */
static void place_on_two_nodes(struct run_ctx *ctx)
{
	struct region *r = &ctx->region;
	size_t half = (r->npages / 2) * PAGE_SIZE;
	int *nodes = ctx->res->numa_nodes, n = numa_memory_nodes(nodes, 2), ret;

	TEST_REQUIRE(n >= 2, "needs two NUMA nodes with memory, this host has %d", n);
	ret = numa_bind_range(r->hva, half, nodes[0]);
	if (!ret)
		ret = numa_bind_range((char *)r->hva + half, r->size - half, nodes[1]);
	errno = -ret;
	TEST_ASSERT(!ret, "binding guest memory to nodes %d and %d failed",
		    nodes[0], nodes[1]);
}

static void setup(struct run_ctx *ctx)
{
	const struct run_config *cfg = ctx->cfg;
	char why[512];

	run_claim_host(cfg);
	snprintf(ctx->res->lock_dir, sizeof(ctx->res->lock_dir), "%s", host_state.dir);
	snprintf(ctx->res->lock_note, sizeof(ctx->res->lock_note), "%s", host_state.note);
	/* Pushed first, so it runs last: after everything it lists is undone. */
	cleanup_push(hoststate_clear_cb, &host_state, true);
	if (ksm_open(&ctx->ksm, cfg->ksm_root, why, sizeof(why))) {
		TEST_REQUIRE(cfg->no_ksm, "%s", why);
		/* The control reads no KSM counters it cannot have. */
	}
	ctx->ksm.on_save = record_knob;
	ctx->ksm.on_save_arg = &host_state;
	if (!cfg->no_ksm)
		ksm_register_cleanup(&ctx->ksm);
	hostinfo_collect(&ctx->res->host, cfg->sysfs_root, cfg->ksm_root);

	pagemap_open(&ctx->pm);
	cleanup_push(pagemap_close_cb, &ctx->pm, false);
	snprintf(ctx->res->ground_truth_note, sizeof(ctx->res->ground_truth_note),
		 "%s", ctx->pm.why_unavailable);

	TEST_REQUIRE(!region_fits(cfg->npages * PAGE_SIZE, why, sizeof(why)), "%s", why);
	region_alloc(&ctx->region, cfg->npages, cfg->fill, cfg->dup_ratio, cfg->thp);
	cleanup_push(region_free_cb, &ctx->region, false);
	if (cfg->numa_split)
		place_on_two_nodes(ctx);
	region_fill(&ctx->region);
	ctx->res->mergeable_pages = region_mergeable_pages(&ctx->region);
	if (!cfg->no_ksm) {
		set_scenario_knobs(ctx);
		ctx->res->merge_any_cleared = ksm_process_merge_any_off();
	}
	if (fault_injected("early-mergeable"))
		region_mark_mergeable(&ctx->region);

	ctx->vm = vm_create();
	cleanup_push(vm_free_cb, ctx, false);
	ctx->res->nr_vcpus = cfg->nr_vcpus;
	ctx->guest = guest_create(ctx->vm, ctx->region.hva, ctx->region.size, cfg->nr_vcpus);
	if (cfg->timed)
		ctx->latency = guest_add_latency_area(ctx->guest, ctx->region.npages);
	ctx->res->tsc_khz = vcpu_get_tsc_khz(ctx->vm->vcpus[0]);
	open_stats(ctx);
	start_tracing(ctx);
	start_sampler(ctx);
}

void timestamp_utc(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int count_open_fds(void)
{
	struct dirent *de;
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	while (d && (de = readdir(d)))
		n += de->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

/*
 * After a write pass KSM only updates its counters for the unshared
 * pages when it next scans them: let it scan twice, then stop it again.
 */
static void rescan(struct run_ctx *ctx)
{
	struct run_rescan *r = &ctx->res->rescan;
	int ret = ksm_wait_full_scans(&ctx->ksm, 2, ctx->cfg->merge_timeout_ms,
				      &r->full_scans);

	TEST_ASSERT(!ret, "KSM did not finish 2 full scans after the write pass in "
		    "%llu ms; raise --merge-timeout",
		    (unsigned long long)ctx->cfg->merge_timeout_ms);
	if (!ctx->cfg->ksm_during_passes)
		ksm_knob_set(&ctx->ksm, "run", "0");
	r->pages_shared = ksm_read_u64(&ctx->ksm, "pages_shared");
	r->pages_sharing = ksm_read_u64(&ctx->ksm, "pages_sharing");
	r->done = true;
}

void run_measurement(const struct run_config *cfg, struct run_result *res)
{
	struct run_ctx ctx = { .cfg = cfg, .res = res, .sampler = { .phase = -1 } };
	uint64_t start = now_ns(), teardown_start;
	int fds_before = count_open_fds();

	memset(res, 0, sizeof(*res));
	ctx.run_start_ns = start;
	timestamp_utc(res->started_at, sizeof(res->started_at));
	res->numa_nodes[0] = res->numa_nodes[1] = -1;
	setup(&ctx);
	res->setup_ns = now_ns() - start;

	pass_phase(&ctx, PHASE_WARM, false);
	pass_phase(&ctx, PHASE_STEADY, true);
	res->thp.before_merge = region_huge_pages(&ctx.region);
	merge_phase(&ctx);
	res->thp.after_merge = region_huge_pages(&ctx.region);
	pass_phase(&ctx, PHASE_POST_MERGE, true);
	pass_phase(&ctx, PHASE_AGAIN, true);
	res->thp.at_end = region_huge_pages(&ctx.region);
	if (cfg->post_merge_write && !cfg->no_ksm)
		rescan(&ctx);
	finish_sampler(&ctx);

	derive(&ctx);
	res->data_intact = region_intact(&ctx.region);
	teardown_start = now_ns();
	cleanup_run_all();
	res->teardown_ns = now_ns() - teardown_start;
	res->leaked_fds = count_open_fds() - fds_before;
	res->total_wall_ns = now_ns() - start;
}

static uint64_t witness_total(const struct run_result *res, int ev)
{
	const char *w = trace_events[ev].witness;
	uint64_t total = 0;

	for (int i = 0; w && i < NR_PHASES; i++)
		if (res->trace.phases[i].opened[ev])
			total += phase_stat(&res->phases[i], w);
	return total;
}

static uint64_t event_total(const struct run_result *res, int ev)
{
	uint64_t total = 0;

	for (int i = 0; i < NR_PHASES; i++)
		total += res->trace.phases[i].count[ev];
	return total;
}

int64_t run_trace_count(const struct run_result *res, int ev, int phase)
{
	const struct run_trace *tr = &res->trace;

	if (tr->mode == TRACE_OFF || !tr->available[ev] || !tr->phases[phase].opened[ev] ||
	    trace_event_silent(ev, event_total(res, ev), witness_total(res, ev)))
		return -1;
	return tr->phases[phase].count[ev];
}

bool run_trace_event_na(const struct run_result *res, int ev)
{
	bool na = !res->trace.available[ev];

	for (int i = 0; i < NR_PHASES; i++)
		na |= res->trace.phases[i].opened[ev] && run_trace_count(res, ev, i) < 0;
	return na;
}

const char *run_trace_na_reason(const struct run_result *res, int ev, char *buf,
				size_t len)
{
	const struct run_trace *tr = &res->trace;

	if (tr->mode == TRACE_OFF)
		snprintf(buf, len, "tracing off%s%s", tr->why[0] ? ": " : "", tr->why);
	else if (!tr->available[ev])
		snprintf(buf, len, "%s:%s not in this kernel", trace_events[ev].system,
			 trace_events[ev].name);
	else if (trace_event_silent(ev, event_total(res, ev), witness_total(res, ev)))
		snprintf(buf, len, "%s:%s never fired while the vCPU statistics counted "
			 "%llu %s (this KVM does not trace them)", trace_events[ev].system,
			 trace_events[ev].name, (unsigned long long)witness_total(res, ev),
			 trace_events[ev].witness);
	else
		snprintf(buf, len, "not traced in this phase");
	return buf;
}

uint64_t run_default_merge_timeout_ms(size_t npages)
{
	return 1000 * (30 + npages / 16384);
}

uint64_t run_max_pages(void)
{
	return guest_max_data_size() / PAGE_SIZE;
}

void run_result_free(struct run_result *res)
{
	free(res->timeline.samples);
	for (int i = 0; i < NR_PHASES; i++) {
		free(res->phases[i].vcpus);
		free(res->phases[i].latency);
		free(res->phases[i].vcpu_deltas);
		free(res->phases[i].vm_deltas);
	}
}
