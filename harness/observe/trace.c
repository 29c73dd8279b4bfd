// SPDX-License-Identifier: GPL-2.0
/*
 * Tracepoint counting.  One perf event per tracepoint (per CPU for the
 * system-wide ones) is opened when the run starts and stays disabled; each
 * traced phase resets and enables its events just before the phase and
 * disables and reads them just after, so nothing else the harness does is
 * counted.  They are opened once rather than per phase because closing a
 * tracepoint's last perf event unregisters its probe and waits for RCU:
 * ~40 ms a close on the project's machine, a second per run if per phase.
 * (The waits run under a kernel mutex, so closing in parallel gains
 * nothing; measured.)  kvm:kvm_exit is sampled for its exit reason; in "pages" mode
 * the event carrying the faulting frame (kvmmmu:kvm_mmu_spte_requested's
 * gfn, else kvm:kvm_page_fault's address) is sampled for attribution.
 * Ring buffers are sized from the guest's page count; records the kernel
 * drops are counted and reported, never ignored.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/perf_event.h>

#include "clock.h"
#include "exit_reasons.h"
#include "formats.h"
#include "page.h"
#include "sysfs.h"
#include "test_util.h"
#include "trace.h"
#include "trace_record.h"

#define RING_MIN_BYTES	(64UL << 10)
#define RING_MAX_BYTES	(64UL << 20)	/* per sampled event */
#define BYTES_PER_FAULT	128		/* header, size and a kvm_exit record */

const struct trace_event_info trace_events[TRACE_NR_EVENTS] = {
	[EV_KVM_EXIT] = { "kvm", "kvm_exit", TRACE_SCOPE_VCPU, "exits" },
	[EV_KVM_PAGE_FAULT] = { "kvm", "kvm_page_fault", TRACE_SCOPE_VCPU, "pf_taken" },
	[EV_SPTE_REQUESTED] = { "kvmmmu", "kvm_mmu_spte_requested", TRACE_SCOPE_VCPU, "pf_taken" },
	[EV_SET_SPTE] = { "kvmmmu", "kvm_mmu_set_spte", TRACE_SCOPE_VCPU, "pf_taken" },
	/* Only write-protection faults take the fast path: zero is normal. */
	[EV_FAST_PAGE_FAULT] = { "kvmmmu", "fast_page_fault", TRACE_SCOPE_VCPU, NULL },
	[EV_USERSPACE_EXIT] = { "kvm", "kvm_userspace_exit", TRACE_SCOPE_VCPU, "exits" },
	/* arm64: every guest abort KVM handles, MMIO included (x86 lacks it). */
	[EV_GUEST_FAULT] = { "kvm", "kvm_guest_fault", TRACE_SCOPE_VCPU, "exits" },
	[EV_UNMAP_HVA_RANGE] = { "kvm", "kvm_unmap_hva_range", TRACE_SCOPE_SYSTEM, NULL },
	[EV_KSM_MERGE_ONE_PAGE] = { "ksm", "ksm_merge_one_page", TRACE_SCOPE_SYSTEM, NULL },
	[EV_KSM_MERGE_WITH_KSM_PAGE] = { "ksm", "ksm_merge_with_ksm_page", TRACE_SCOPE_SYSTEM, NULL },
	[EV_KSM_START_SCAN] = { "ksm", "ksm_start_scan", TRACE_SCOPE_SYSTEM, NULL },
	/*
	 * RISC-V: called for each guest page fault on memory (MMIO faults are
	 * emulated without it), in 6.1 (no RISC-V KVM tracepoint) and 6.12.
	 */
	[EV_GSTAGE_MAP] = { "kprobe", "kvm_riscv_gstage_map", TRACE_SCOPE_VCPU, "exits", true },
	/* Book3S HV radix: every partition-scoped fault, MMIO included. */
	[EV_RADIX_FAULT] = { "kprobe", "kvmppc_book3s_radix_page_fault", TRACE_SCOPE_VCPU, "exits",
			     true },
};

const char *trace_event_label(int ev, char *buf, size_t len)
{
	snprintf(buf, len, "%s:%s", trace_events[ev].system, trace_events[ev].name);
	return buf;
}

bool trace_event_silent(int ev, uint64_t event_total, uint64_t witness_total)
{
	return trace_events[ev].witness && event_total == 0 && witness_total > 0;
}

const char *trace_mode_name(enum trace_mode mode)
{
	return mode == TRACE_PAGES ? "pages" : mode == TRACE_COUNTS ? "counts" : "off";
}

static size_t ring_pages_for(size_t npages)
{
	size_t page = host_page_size(), want = npages * BYTES_PER_FAULT;
	size_t pages = RING_MIN_BYTES > page ? RING_MIN_BYTES / page : 1;

	/* perf wants a power of two of pages. */
	while (pages * page < want && pages * page < RING_MAX_BYTES)
		pages *= 2;
	return pages;
}

int trace_attribution_event(const struct tracer *t)
{
	if (t->available[EV_SPTE_REQUESTED])
		return EV_SPTE_REQUESTED;
	if (t->available[EV_KVM_PAGE_FAULT])
		return EV_KVM_PAGE_FAULT;
	return -1;
}

static bool is_sampled(const struct tracer *t, int ev)
{
	return ev == EV_KVM_EXIT ||
	       (t->mode == TRACE_PAGES && ev == trace_attribution_event(t));
}

/*
 * One fd per CPU for system-wide events, and for sampled ones: perf maps
 * no ring for an inherited per-thread event, but does for one per CPU.
 */
static int nr_fds(const struct tracer *t, int ev)
{
	return trace_events[ev].scope == TRACE_SCOPE_VCPU && !is_sampled(t, ev) ? 1 : t->ncpus;
}

/*
 * A per-thread event inherits into the threads the thread starts later,
 * so it counts every vCPU (their threads start with each pass) and sums
 * them as they end; a sampled one's records from those threads go to the
 * parent's ring on that CPU (perf writes an inherited event's output to
 * its parent's).
 */
static int perf_open(const struct tracer *t, int ev, pid_t pid, int cpu, bool sample)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_TRACEPOINT,
		.size = sizeof(attr),
		.disabled = 1,
		.inherit = pid >= 0,
		.sample_period = sample ? 1 : 0,
		.sample_type = sample ? PERF_SAMPLE_RAW : 0,
		.wakeup_events = 1 << 30,	/* nobody polls: we read after the pass */
	};

	if (trace_events[ev].kprobe) {
		attr.type = t->kprobe_pmu;
		attr.config1 = (uintptr_t)trace_events[ev].name;	/* the function, offset 0 */
	} else {
		attr.config = formats_event_id(t, ev);
	}
	return syscall(SYS_perf_event_open, &attr, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC);
}

/* perf's kprobe PMU type (CONFIG_KPROBE_EVENTS), or -1. */
static int kprobe_pmu_type(void)
{
	char buf[16];

	if (sysfs_read_file("/sys/bus/event_source/devices/kprobe/type", buf, sizeof(buf)))
		return -1;
	return atoi(buf);
}

/* A kprobe on a function this kernel lacks fails to open: not available. */
static void open_kprobes(struct tracer *t)
{
	t->kprobe_pmu = kprobe_pmu_type();
	for (int ev = 0; t->kprobe_pmu >= 0 && ev < TRACE_NR_EVENTS; ev++) {
		if (!trace_events[ev].kprobe)
			continue;
		t->fds[ev][0] = perf_open(t, ev, t->vcpu_tid, -1, false);
		t->available[ev] = t->is_open[ev] = t->fds[ev][0] >= 0;
	}
}

static void open_event(struct tracer *t, int ev)
{
	bool sample = is_sampled(t, ev);

	bool opened = false;

	if (trace_events[ev].scope == TRACE_SCOPE_VCPU && !sample) {
		t->fds[ev][0] = perf_open(t, ev, t->vcpu_tid, -1, false);
		opened = t->fds[ev][0] >= 0;
	} else {
		for (int cpu = 0; cpu < t->ncpus; cpu++) {	/* -1: an offline CPU */
			t->fds[ev][cpu] = perf_open(t, ev, trace_events[ev].scope == TRACE_SCOPE_VCPU ?
						    t->vcpu_tid : -1, cpu, sample);
			opened |= t->fds[ev][cpu] >= 0;
		}
	}
	TEST_ASSERT(opened, "perf_event_open(%s:%s) failed: is kernel.perf_event_paranoid "
		    "too strict for this user?", trace_events[ev].system, trace_events[ev].name);
	for (int cpu = 0; sample && cpu < t->ncpus; cpu++) {
		size_t len = (t->ring_pages + 1) * host_page_size();

		if (t->fds[ev][cpu] < 0)
			continue;
		t->rings[ev][cpu] = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED,
					 t->fds[ev][cpu], 0);
		TEST_ASSERT(t->rings[ev][cpu] != MAP_FAILED, "mmap of a %zu-byte perf ring "
			    "for %s on CPU %d failed", len, trace_events[ev].name, cpu);
	}
	t->is_open[ev] = true;
}

/* The phase's events: open, and of the scope being traced. */
static bool in_phase(const struct tracer *t, int ev)
{
	return t->is_open[ev] && trace_events[ev].scope == t->scope;
}

static void for_each_fd(struct tracer *t, unsigned long request)
{
	for (int ev = 0; ev < TRACE_NR_EVENTS; ev++)
		for (int i = 0; in_phase(t, ev) && i < nr_fds(t, ev); i++)
			if (t->fds[ev][i] >= 0)
				ioctl(t->fds[ev][i], request, 0);
}

void tracer_open(struct tracer *t, enum trace_mode mode, size_t npages,
		 void (*before_mount)(void *arg, const char *path), void *arg)
{
	bool formats;

	memset(t, 0, sizeof(*t));
	t->mode = mode;
	if (mode == TRACE_OFF)
		return;
	formats = formats_open(t, before_mount, arg) == 0;
	for (int ev = 0; formats && ev < TRACE_NR_EVENTS; ev++)
		t->available[ev] = !trace_events[ev].kprobe &&
				   formats_find(t, ev, trace_events[ev].system, trace_events[ev].name);
	t->vcpu_tid = syscall(SYS_gettid);
	t->ncpus = sysconf(_SC_NPROCESSORS_CONF);
	if (t->ncpus > TRACE_MAX_CPUS)
		t->ncpus = TRACE_MAX_CPUS;
	t->ring_pages = ring_pages_for(npages);
	open_kprobes(t);
	if (!t->available[EV_SPTE_REQUESTED] && !t->available[EV_KVM_EXIT] &&
	    !t->available[EV_GSTAGE_MAP] && !t->available[EV_RADIX_FAULT]) {
		if (formats)
			snprintf(t->why, sizeof(t->why), "no kvm tracepoints under "
				 "%.160s/events (CONFIG_KVM tracing missing)", t->dir);
		tracer_close(t);
		t->mode = TRACE_OFF;
		return;
	}
	for (int ev = 0; ev < TRACE_NR_EVENTS; ev++)
		if (t->available[ev] && !t->is_open[ev])
			open_event(t, ev);
}

void tracer_close(struct tracer *t)
{
	for (int ev = 0; ev < TRACE_NR_EVENTS; ev++) {
		for (int cpu = 0; cpu < TRACE_MAX_CPUS; cpu++) {
			if (t->rings[ev][cpu])
				munmap(t->rings[ev][cpu], (t->ring_pages + 1) * host_page_size());
			t->rings[ev][cpu] = NULL;
		}
		for (int i = 0; t->is_open[ev] && i < nr_fds(t, ev); i++)
			if (t->fds[ev][i] >= 0)
				close(t->fds[ev][i]);
		t->is_open[ev] = false;
	}
	formats_close(t);
	if (t->mounted_here && umount(t->dir))
		fprintf(stderr, "ksmexit: could not unmount %s that it mounted: %s\n",
			t->dir, strerror(errno));
	t->mounted_here = false;
}

void tracer_unmount(struct tracer *t)
{
	if (t->mounted_here && !umount(t->dir))
		t->mounted_here = false;
}

/*
 * A counter's value, its ended inherited threads' included (which a
 * reset does not clear: hence the base taken at each phase's start); 0
 * for an event not open on that CPU.
 */
static uint64_t counter_value(int fd)
{
	uint64_t n = 0;

	if (fd < 0 || read(fd, &n, sizeof(n)) != sizeof(n))
		return 0;
	return n;
}

void trace_phase_begin(struct tracer *t, enum trace_scope scope,
		       struct attribution *attribution, struct trace_phase *out)
{
	uint64_t start = now_ns();

	memset(out, 0, sizeof(*out));
	if (t->mode == TRACE_OFF)
		return;
	t->cur = out;
	t->scope = scope;
	t->attribution = attribution;
	out->traced = true;
	for (int ev = 0; ev < TRACE_NR_EVENTS; ev++)
		out->opened[ev] = in_phase(t, ev);
	for_each_fd(t, PERF_EVENT_IOC_RESET);
	for (int ev = 0; ev < TRACE_NR_EVENTS; ev++)
		for (int i = 0; in_phase(t, ev) && i < nr_fds(t, ev); i++)
			t->base[ev][i] = counter_value(t->fds[ev][i]);
	for_each_fd(t, PERF_EVENT_IOC_ENABLE);
	out->ns = now_ns() - start;
}

struct sample_ctx {
	struct tracer *t;
	int ev;
};

static void count_reason(struct trace_phase *p, uint32_t isa, uint32_t reason)
{
	for (int i = 0; i < p->nr_reasons; i++) {
		if (p->reasons[i].isa == isa && p->reasons[i].reason == reason) {
			p->reasons[i].count++;
			return;
		}
	}
	if (p->nr_reasons < TRACE_MAX_REASONS)
		p->reasons[p->nr_reasons++] = (struct trace_reason){ isa, reason, 1 };
}

static void on_sample(void *arg, const void *raw, uint32_t len)
{
	struct sample_ctx *c = arg;
	uint64_t a, b;

	switch (c->ev) {
	case EV_KVM_EXIT:
		if (!formats_field_u64(c->t, c->ev, "exit_reason", raw, len, &a)) {
			if (formats_field_u64(c->t, c->ev, "isa", raw, len, &b))
				b = 0;
			count_reason(c->t->cur, b, a);
		} else if (!formats_field_u64(c->t, c->ev, "ret", raw, len, &a) &&
			   !formats_field_u64(c->t, c->ev, "esr_ec", raw, len, &b)) {
			count_reason(c->t->cur, KVM_ISA_ARM64, arm64_exit_reason(a, b));
		}
		break;
	case EV_SPTE_REQUESTED:	/* sampled in every pass, kept for one */
		if (c->t->attribution && !formats_field_u64(c->t, c->ev, "gfn", raw, len, &a))
			attribution_add(c->t->attribution, a);
		break;
	case EV_KVM_PAGE_FAULT:
		if (c->t->attribution && !formats_field_u64(c->t, c->ev, "fault_address", raw, len, &a))
			attribution_add(c->t->attribution, a >> 12);
		break;
	}
}

static void drain_ring(struct tracer *t, int ev, int cpu)
{
	struct perf_event_mmap_page *pg = t->rings[ev][cpu];
	struct sample_ctx c = { t, ev };
	uint64_t head = __atomic_load_n(&pg->data_head, __ATOMIC_ACQUIRE);

	t->cur->lost += trace_ring_walk((char *)pg + host_page_size(), t->ring_pages * host_page_size(),
					pg->data_tail, head, on_sample, &c);
	__atomic_store_n(&pg->data_tail, head, __ATOMIC_RELEASE);
}

void trace_phase_end(struct tracer *t)
{
	uint64_t start = now_ns();

	if (t->mode == TRACE_OFF || !t->cur)
		return;
	for_each_fd(t, PERF_EVENT_IOC_DISABLE);
	for (int ev = 0; ev < TRACE_NR_EVENTS; ev++) {
		if (!in_phase(t, ev))
			continue;
		for (int i = 0; i < nr_fds(t, ev); i++) {
			t->cur->count[ev] += counter_value(t->fds[ev][i]) - t->base[ev][i];
			if (t->rings[ev][i])
				drain_ring(t, ev, i);
		}
	}
	t->cur->ns += now_ns() - start;
	t->cur = NULL;
	t->attribution = NULL;
}

uint64_t trace_phase_tdp_exits(const struct trace_phase *tp)
{
	uint64_t n = 0;

	for (int i = 0; i < tp->nr_reasons; i++)
		if (exit_reason_is_tdp_fault(tp->reasons[i].isa, tp->reasons[i].reason))
			n += tp->reasons[i].count;
	return n;
}
