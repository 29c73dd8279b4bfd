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
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "clock.h"
#include "guest.h"
#include "hoststate.h"
#include "kvm.h"
#include "ksm.h"
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
	struct kvm_stats vcpu_stats, vm_stats;
	struct tracer tracer;
	struct sampler sampler;
	uint64_t run_start_ns;
	uint64_t *vcpu_before, *vcpu_after, *vm_before, *vm_after;
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
	return res->tsc_khz ? (double)p->guest_tsc / res->tsc_khz : NAN;
}

static void stats_snapshot(struct run_ctx *ctx, uint64_t *vcpu, uint64_t *vm)
{
	int ret = kvm_stats_read(&ctx->vcpu_stats, vcpu);

	errno = -ret;
	TEST_ASSERT(!ret, "reading the vCPU stats fd failed");
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
	stats_snapshot(ctx, ctx->vcpu_before, ctx->vm_before);
	sampler_set_phase(&ctx->sampler, id);
	ctx->phase_start_ns = now_ns();
}

static void phase_end(struct run_ctx *ctx, enum phase_id id, bool census)
{
	struct phase_result *p = &ctx->res->phases[id];

	p->wall_ns = now_ns() - ctx->phase_start_ns;
	p->start_ns = ctx->phase_start_ns - ctx->run_start_ns;
	sampler_set_phase(&ctx->sampler, -1);
	stats_snapshot(ctx, ctx->vcpu_after, ctx->vm_after);
	p->name = phase_names[id];
	p->nr_vcpu_deltas = collect_deltas(&ctx->vcpu_stats, ctx->vcpu_before,
					   ctx->vcpu_after, &p->vcpu_deltas);
	p->nr_vm_deltas = collect_deltas(&ctx->vm_stats, ctx->vm_before,
					 ctx->vm_after, &p->vm_deltas);
	p->pf_taken = phase_stat(p, "pf_taken");
	p->exits = phase_stat(p, "exits");
	p->pages_shared = ksm_read_u64(&ctx->ksm, "pages_shared");
	p->pages_sharing = ksm_read_u64(&ctx->ksm, "pages_sharing");
	p->region_ksm_pages = census ?
		pagemap_count_ksm(&ctx->pm, ctx->region.hva, ctx->region.npages, NULL) : -1;
}

static void fail_on_exit(struct kvm_vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	struct kvm_regs regs;

	vcpu_regs_get(vcpu, &regs);
	TEST_FAIL("vCPU %d: unexpected exit %s (%u), port 0x%x, rip 0x%llx, "
		  "internal suberror %u: the payload did not end its pass",
		  vcpu->id, exit_reason_str(run->exit_reason), run->exit_reason,
		  run->exit_reason == KVM_EXIT_IO ? run->io.port : 0,
		  (unsigned long long)regs.rip,
		  run->exit_reason == KVM_EXIT_INTERNAL_ERROR ? run->internal.suberror : 0);
}

/* One read pass over the whole region; returns the guest's TSC delta. */
static uint64_t run_pass(struct run_ctx *ctx)
{
	struct kvm_vcpu *vcpu = ctx->vm->vcpus[0];
	struct payload_mailbox *mb = guest_mailbox(ctx->guest, 0);
	uint64_t passes = mb->passes;
	uint64_t expected = region_expected_sum(ctx->region.npages, ctx->cfg->stride);

	mb->cmd = PAYLOAD_CMD_READ;
	mb->base = GUEST_DATA_GPA;
	mb->npages = ctx->region.npages;
	mb->stride = ctx->cfg->stride;
	for (;;) {
		int ret = __vcpu_run(vcpu);

		if (ret == -EINTR || (!ret && vcpu->run->exit_reason == KVM_EXIT_INTR)) {
			cleanup_poll_signal();
			continue;
		}
		errno = -ret;
		TEST_ASSERT(!ret, "KVM_RUN failed, rc: %d errno: %d (%s)", ret, -ret,
			    strerror(-ret));
		if (vcpu->run->exit_reason == KVM_EXIT_IO &&
		    vcpu->run->io.port == PAYLOAD_PORT_PASS_DONE)
			break;
		fail_on_exit(vcpu);
	}
	TEST_ASSERT(mb->passes == passes + 1, "guest reported pass %llu, expected %llu",
		    (unsigned long long)mb->passes, (unsigned long long)passes + 1);
	TEST_ASSERT(mb->sum == expected, "guest read sum 0x%llx, expected 0x%llx: the "
		    "guest did not read the pattern the host wrote",
		    (unsigned long long)mb->sum, (unsigned long long)expected);
	return mb->tsc_end - mb->tsc_start;
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

static void pass_phase(struct run_ctx *ctx, enum phase_id id, bool census)
{
	struct attribution attribution, *a = NULL;

	if (id == PHASE_POST_MERGE)
		a = attribution_start(ctx, &attribution);
	trace_phase_begin(&ctx->tracer, TRACE_SCOPE_VCPU, a, &ctx->res->trace.phases[id]);
	phase_begin(ctx, id);
	ctx->res->phases[id].guest_tsc = run_pass(ctx);
	ctx->res->phases[id].is_pass = true;
	phase_end(ctx, id, census);
	trace_phase_end(&ctx->tracer);
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
		int ret = ksm_merge(&ctx->ksm, &ctx->pm, ctx->region.hva,
				    ctx->region.npages, ctx->region.npages, &opts, m);

		TEST_ASSERT(!ret, "KSM merge timed out after %llu ms: %ld of %zu pages "
			    "merged in %llu full scans (another KSM user may slow the "
			    "scan); raise --merge-timeout",
			    (unsigned long long)cfg->merge_timeout_ms, m->merged_pages,
			    ctx->region.npages, (unsigned long long)m->full_scans);
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
			    again->region_ksm_pages == merge->region_ksm_pages;
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

	if (ctx->vcpu_stats.descs)
		close(ctx->vcpu_stats.fd);
	if (ctx->vm_stats.descs)
		close(ctx->vm_stats.fd);
	kvm_stats_close(&ctx->vcpu_stats);
	kvm_stats_close(&ctx->vm_stats);
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
	const struct kvm_stats *st = &ctx->vcpu_stats;
	struct sampler_vcpu_stats vcpu = {
		.fd = st->fd, .data_offset = st->data_offset, .data_size = st->data_size,
		.exits_offset = st->descs[kvm_stats_find(st, "exits")].offset,
		.pf_taken_offset = st->descs[kvm_stats_find(st, "pf_taken")].offset,
	};

	if (!ctx->cfg->sample_hz)
		return;
	if (sampler_start(&ctx->sampler, ctx->cfg->sample_hz, ctx->cfg->ksm_root, &vcpu)) {
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

static uint64_t *stats_buffer(const struct kvm_stats *stats)
{
	uint64_t *buf = calloc(stats->nr_descs, sizeof(*buf));

	TEST_ASSERT(buf, "out of memory for statistics");
	return buf;
}

static void open_stats(struct run_ctx *ctx)
{
	int ret = kvm_stats_open(&ctx->vcpu_stats, vcpu_get_stats_fd(ctx->vm->vcpus[0]));

	errno = -ret;
	TEST_ASSERT(!ret, "parsing the vCPU binary stats header failed");
	ret = kvm_stats_open(&ctx->vm_stats, vm_get_stats_fd(ctx->vm));
	errno = -ret;
	TEST_ASSERT(!ret, "parsing the VM binary stats header failed");
	TEST_REQUIRE(kvm_stats_find(&ctx->vcpu_stats, "pf_taken") >= 0 &&
		     kvm_stats_find(&ctx->vcpu_stats, "exits") >= 0,
		     "vCPU statistics lack pf_taken/exits (not an x86 KVM?)");
	ctx->vcpu_before = stats_buffer(&ctx->vcpu_stats);
	ctx->vcpu_after = stats_buffer(&ctx->vcpu_stats);
	ctx->vm_before = stats_buffer(&ctx->vm_stats);
	ctx->vm_after = stats_buffer(&ctx->vm_stats);
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
	TEST_REQUIRE(geteuid() == 0, "needs root: /dev/kvm, KSM knobs and "
		     "/proc/kpageflags are root-only");
	hoststate_init(&host_state, HOSTSTATE_DIR);
	if (hoststate_lock(&host_state, !cfg->no_wait)) {
		TEST_ASSERT(errno != EWOULDBLOCK, "another ksmexit run holds %s "
			    "(--no-wait given): try again when it has finished",
			    host_state.lock_path);
		TEST_FAIL("cannot take the run lock %s", host_state.lock_path);
	}
	TEST_ASSERT(hoststate_recover(&host_state, cfg->ksm_root) >= 0,
		    "cannot read %s", host_state.state_path);
}

static void setup(struct run_ctx *ctx)
{
	const struct run_config *cfg = ctx->cfg;
	char why[512];

	run_claim_host(cfg);
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
	region_alloc(&ctx->region, cfg->npages, false);
	cleanup_push(region_free_cb, &ctx->region, false);
	if (!cfg->no_ksm)
		region_mark_mergeable(&ctx->region);

	ctx->vm = vm_create();
	cleanup_push(vm_free_cb, ctx, false);
	ctx->guest = guest_create(ctx->vm, ctx->region.hva, ctx->region.size, 1);
	ctx->res->tsc_khz = vcpu_get_tsc_khz(ctx->vm->vcpus[0]);
	open_stats(ctx);
	start_tracing(ctx);
	start_sampler(ctx);
}

static void timestamp_utc(char *buf, size_t len)
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

void run_measurement(const struct run_config *cfg, struct run_result *res)
{
	struct run_ctx ctx = { .cfg = cfg, .res = res, .sampler = { .phase = -1 } };
	uint64_t start = now_ns(), teardown_start;
	int fds_before = count_open_fds();

	memset(res, 0, sizeof(*res));
	ctx.run_start_ns = start;
	timestamp_utc(res->started_at, sizeof(res->started_at));
	setup(&ctx);
	res->setup_ns = now_ns() - start;

	pass_phase(&ctx, PHASE_WARM, false);
	pass_phase(&ctx, PHASE_STEADY, true);
	merge_phase(&ctx);
	pass_phase(&ctx, PHASE_POST_MERGE, true);
	pass_phase(&ctx, PHASE_AGAIN, true);
	finish_sampler(&ctx);

	derive(&ctx);
	res->data_intact = region_intact(&ctx.region);
	teardown_start = now_ns();
	cleanup_run_all();
	res->teardown_ns = now_ns() - teardown_start;
	res->leaked_fds = count_open_fds() - fds_before;
	res->total_wall_ns = now_ns() - start;
}

static void check_set(struct check *c, const char *name, enum check_result r,
		      const char *fmt, ...)
{
	va_list ap;

	c->name = name;
	c->result = r;
	va_start(ap, fmt);
	vsnprintf(c->detail, sizeof(c->detail), fmt, ap);
	va_end(ap);
}

static void check_expectation(const struct run_config *cfg,
			      const struct run_result *res, struct check *c)
{
	double f = res->faults_per_merged_page;

	if (cfg->expect == EXPECT_NONE)
		check_set(c, "expectation", CHECK_SKIP, "no --expect given");
	else if (cfg->no_ksm || res->merged_pages <= 0)
		check_set(c, "expectation", CHECK_FAIL,
			  "--expect needs merged pages, this run merged none");
	else if (cfg->expect == EXPECT_UNPATCHED)
		check_set(c, "expectation", f >= EXPECT_UNPATCHED_MIN ? CHECK_PASS : CHECK_FAIL,
			  "unpatched: %.3f post-merge faults per merged page, expected >= %.2f",
			  f, EXPECT_UNPATCHED_MIN);
	else
		check_set(c, "expectation", f <= EXPECT_PATCHED_MAX ? CHECK_PASS : CHECK_FAIL,
			  "patched: %.3f post-merge faults per merged page, expected <= %.2f",
			  f, EXPECT_PATCHED_MAX);
}

int run_checks(const struct run_config *cfg, const struct run_result *res,
	       struct check *checks)
{
	long merged = res->phases[PHASE_MERGE].region_ksm_pages;
	struct check *c = checks;

	if (cfg->no_ksm)
		check_set(c++, "merge", CHECK_SKIP, "control run (--no-ksm)");
	else
		check_set(c++, "merge", res->merged_pages > 0 ? CHECK_PASS : CHECK_FAIL,
			  "%ld of %zu pages merged (%s)", res->merged_pages,
			  cfg->npages, res->merge.decided_by);
	if (merged < 0)
		check_set(c++, "reads_keep_sharing", CHECK_SKIP,
			  "no ground truth: %s", res->ground_truth_note);
	else
		check_set(c++, "reads_keep_sharing", res->sharing_kept ? CHECK_PASS : CHECK_FAIL,
			  "region KSM pages after merge/post-merge/again: %ld/%ld/%ld",
			  merged, res->phases[PHASE_POST_MERGE].region_ksm_pages,
			  res->phases[PHASE_AGAIN].region_ksm_pages);
	check_set(c++, "data_intact", res->data_intact ? CHECK_PASS : CHECK_FAIL,
		  "guest memory %s the pattern after the run",
		  res->data_intact ? "still holds" : "no longer holds");
	check_expectation(cfg, res, c++);
	return c - checks;
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

uint64_t run_max_pages(void)
{
	return guest_max_data_size() / PAGE_SIZE;
}

void run_result_free(struct run_result *res)
{
	free(res->timeline.samples);
	for (int i = 0; i < NR_PHASES; i++) {
		free(res->phases[i].vcpu_deltas);
		free(res->phases[i].vm_deltas);
	}
}
