/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel tracepoints counted with perf_event_open around each phase.
 * Event ids and record formats come from tracefs (formats.h); an
 * architecture whose KVM has no fault tracepoint (6.1's RISC-V) gets a
 * perf kprobe on the function that maps a faulting page.  Per-pass events are restricted to the vCPU thread;
 * events that fire in ksmd's context are counted system-wide during the
 * merge.  perf counting enables no event in tracefs.
 */
#ifndef KSMEXIT_TRACE_H
#define KSMEXIT_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "attrib.h"

enum trace_mode { TRACE_OFF, TRACE_COUNTS, TRACE_PAGES };
enum trace_scope { TRACE_SCOPE_VCPU, TRACE_SCOPE_SYSTEM };

enum trace_event_id {
	EV_KVM_EXIT, EV_KVM_PAGE_FAULT, EV_SPTE_REQUESTED, EV_SET_SPTE,
	EV_FAST_PAGE_FAULT, EV_USERSPACE_EXIT, EV_GUEST_FAULT,
	EV_UNMAP_HVA_RANGE, EV_KSM_MERGE_ONE_PAGE, EV_KSM_MERGE_WITH_KSM_PAGE,
	EV_KSM_START_SCAN, EV_GSTAGE_MAP, EV_RADIX_FAULT,
	TRACE_NR_EVENTS
};

struct trace_event_info {
	const char *system;
	const char *name;
	enum trace_scope scope;
	/*
	 * The vCPU statistic that must move when this event fires ("exits",
	 * "pf_taken"), or NULL where zero is always a real answer.  An event
	 * that stays silent while its witness moves is "n/a", not 0.
	 */
	const char *witness;
	/* A perf kprobe on the function name (no tracefs state), not a tracepoint. */
	bool kprobe;
};

extern const struct trace_event_info trace_events[TRACE_NR_EVENTS];

#define TRACE_MAX_REASONS 32
#define TRACE_MAX_CPUS 256

struct trace_reason {
	uint32_t isa;
	uint32_t reason;
	uint64_t count;
};

struct trace_phase {
	bool traced;
	bool opened[TRACE_NR_EVENTS];
	uint64_t count[TRACE_NR_EVENTS];
	int nr_reasons;
	struct trace_reason reasons[TRACE_MAX_REASONS];
	uint64_t lost;			/* sample records the kernel dropped */
	uint64_t ns;			/* time spent opening and reading events */
};

struct tep_handle;
struct tep_event;

struct tracer {
	enum trace_mode mode;
	char why[256];			/* why tracing is off, or "" */
	char dir[512];
	bool mounted_here;
	bool available[TRACE_NR_EVENTS];
	struct tep_handle *tep;
	struct tep_event *tep_events[TRACE_NR_EVENTS];
	pid_t vcpu_tid;
	int ncpus;
	int kprobe_pmu;			/* perf's kprobe PMU type, or -1 */
	size_t ring_pages;
	bool is_open[TRACE_NR_EVENTS];
	int fds[TRACE_NR_EVENTS][TRACE_MAX_CPUS];
	/* What each counter read at the phase's start: a reset leaves ended threads' counts. */
	uint64_t base[TRACE_NR_EVENTS][TRACE_MAX_CPUS];
	void *rings[TRACE_NR_EVENTS][TRACE_MAX_CPUS];	/* sampled events, a ring per CPU */
	enum trace_scope scope;
	/* while a phase is traced */
	struct attribution *attribution;
	struct trace_phase *cur;
};

/*
 * Mounts tracefs if it is not (and remembers to unmount it), loads the
 * kvm, kvmmmu and ksm formats, opens the kprobes the kernel has.  With
 * neither a KVM tracepoint nor a kprobe, the mode becomes TRACE_OFF and
 * why says what is missing; the run goes on without tracing.
 */
void tracer_open(struct tracer *t, enum trace_mode mode, size_t npages,
		 void (*before_mount)(void *arg, const char *path), void *arg);
/* Unmounts a tracefs this run mounted.  Async-signal-safe. */
void tracer_unmount(struct tracer *t);
void tracer_close(struct tracer *t);
/* In TRACE_PAGES, post-merge faults go to attribution (may be NULL). */
void trace_phase_begin(struct tracer *t, enum trace_scope scope,
		       struct attribution *attribution, struct trace_phase *out);
void trace_phase_end(struct tracer *t);
/* The event attributions are taken from, or -1. */
int trace_attribution_event(const struct tracer *t);
const char *trace_mode_name(enum trace_mode mode);
/* "system:name" of an event, in buf. */
const char *trace_event_label(int ev, char *buf, size_t len);
/* The phase's stage-2 fault exits: EPT violations or NPFs, whichever the
 * vendor's table names (arm64: its aborts). */
uint64_t trace_phase_tdp_exits(const struct trace_phase *tp);
/* True when an event that exists said nothing while its witness moved. */
bool trace_event_silent(int ev, uint64_t event_total, uint64_t witness_total);

#endif
