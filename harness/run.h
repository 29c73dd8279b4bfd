/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One measurement: the configuration in, per-phase figures out.  run.c is
 * the only place that knows the order of the phases.
 */
#ifndef KSMEXIT_RUN_H
#define KSMEXIT_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "attrib.h"
#include "hostinfo.h"
#include "latency.h"
#include "region.h"
#include "sampler.h"
#include "ksm.h"
#include "trace.h"

enum expect { EXPECT_NONE, EXPECT_UNPATCHED, EXPECT_PATCHED };

#define EXPECT_UNPATCHED_MIN	0.9	/* post-merge faults per merged page */
#define EXPECT_PATCHED_MAX	0.05
/* Faults a steady pass may take for host noise before the run is perturbed. */
#define STEADY_FAULTS_ALLOWED(npages)	(2 + (npages) / 1024)

struct scenario;

#define KSMEXIT_MAX_VCPUS	SAMPLER_MAX_VCPUS

struct run_config {
	const struct scenario *scenario;
	const char *run_label;		/* a multi-run scenario's name for this run */
	size_t npages;
	enum region_fill fill;
	double dup_ratio;		/* FILL_PARTIAL */
	bool post_merge_write;		/* the post-merge pass writes each page */
	unsigned int again_passes;	/* read passes in the again phase */
	bool use_zero_pages;		/* KSM knob during the run */
	int merge_across_nodes;		/* KSM knob during the run, -1 untouched */
	bool thp;			/* guest memory MADV_HUGEPAGE */
	bool numa_split;		/* half the memory on each of two nodes */
	bool timed;			/* the guest times each page's loads */
	int nr_vcpus;			/* each reads its own slice */
	uint64_t sweep_max_pages;	/* sweep: the largest size */
	size_t stride;			/* bytes between loads in a page */
	bool no_ksm;			/* the control: no merge, KSM untouched */
	bool ksm_during_passes;
	uint64_t merge_timeout_ms;
	bool merge_timeout_given;	/* --merge-timeout, else scaled to the size */
	uint64_t control_wait_ms;	/* the control's stand-in for the merge */
	uint64_t pages_to_scan;		/* KSM knobs during the merge */
	uint64_t sleep_millisecs;
	enum expect expect;
	enum trace_mode trace_mode;
	unsigned int sample_hz;		/* timeline sampler, 0 = off */
	bool no_wait;			/* fail instead of waiting for another run */
	bool recover_only;		/* --recover: restore and exit */
	bool ktap;
	bool suite;			/* `ksmexit suite`: every scenario */
	const char *results_dir;
	const char *dir_name;		/* the run's directory there; NULL: a timestamp */
	const char *ksm_root;
	const char *sysfs_root;
};

enum phase_id {
	PHASE_WARM, PHASE_STEADY, PHASE_MERGE, PHASE_POST_MERGE, PHASE_AGAIN,
	NR_PHASES
};

struct stat_delta {
	char name[64];
	int64_t delta;
};

/* One vCPU's share of a phase. */
struct vcpu_figures {
	uint64_t pf_taken;
	uint64_t exits;
	uint64_t guest_tsc;
};

struct phase_result {
	const char *name;
	bool is_pass;
	unsigned int passes;
	uint64_t start_ns;		/* since the run started */
	uint64_t wall_ns;
	uint64_t guest_tsc;		/* cycles, passes only */
	int nr_vcpu_deltas;
	struct stat_delta *vcpu_deltas;	/* only statistics that changed */
	int nr_vm_deltas;
	struct stat_delta *vm_deltas;
	uint64_t pf_taken;		/* from vcpu_deltas, for the derived figures */
	uint64_t exits;
	uint64_t pages_shared;		/* KSM counters after the phase */
	uint64_t pages_sharing;
	long region_ksm_pages;		/* ground truth after the phase, -1 unknown */
	struct vcpu_figures *vcpus;	/* nr_vcpus entries */
	struct latency_summary *latency;	/* timed passes only */
};

/* What the tracepoints said; copied out of the tracer for the report. */
struct run_trace {
	enum trace_mode mode;		/* in effect: OFF when unavailable */
	char why[256];			/* why tracing is off, or "" */
	char dir[512];
	bool mounted_tracefs;
	bool available[TRACE_NR_EVENTS];
	struct trace_phase phases[NR_PHASES];
	int attribution_event;		/* the event gfns came from, or -1 */
	bool have_attribution;
	char attribution_note[160];	/* why there is none, or "" */
	struct attribution_result attribution;
};

/* The sampler's timeline; t_ns of each sample counts from the run's start. */
struct run_timeline {
	unsigned int hz;		/* 0 when off */
	char why_off[160];		/* why it did not run, or "" */
	struct sample *samples;
	size_t nr;
	uint64_t missed_ticks;
	uint64_t cpu_ns;		/* the sampler thread's CPU time */
};

/* Huge pages (2 MiB, AnonHugePages) backing the guest memory; -1 unknown. */
struct run_thp {
	long before_merge;
	long after_merge;
	long at_end;
};

/* KSM's counters after it scanned again, following a write pass. */
struct run_rescan {
	bool done;
	uint64_t full_scans;
	uint64_t pages_shared;
	uint64_t pages_sharing;
};

struct run_result {
	struct hostinfo host;
	int nr_vcpus;
	long mergeable_pages;		/* duplicates in the fill */
	int numa_nodes[2];		/* numa_split: the two nodes, else -1 */
	struct run_thp thp;
	struct run_rescan rescan;
	struct run_trace trace;
	struct run_timeline timeline;
	char started_at[32];		/* UTC, ISO 8601 */
	uint64_t tsc_khz;
	struct phase_result phases[NR_PHASES];
	struct ksm_merge_result merge;	/* zero for the control */
	bool merge_any_cleared;		/* a parent's PR_SET_MEMORY_MERGE, turned off */
	char lock_dir[256];		/* run lock and crash state; "" for none */
	char lock_note[512];		/* why not /run/ksmexit, or "" */
	char ground_truth_note[128];	/* why pagemap could not be used, or "" */
	long merged_pages;		/* -1 unknown */
	double faults_per_merged_page;	/* NAN when nothing merged */
	double exits_per_merged_page;
	double faults_per_page;		/* post-merge faults / region pages */
	double cost_per_fault_us;	/* NAN without post-merge faults */
	double penalty_ms;		/* post-merge pass minus steady pass */
	bool sharing_kept;		/* reads left the region's KSM pages alone */
	bool again_drift;		/* a pass of the again phase changed them */
	bool data_intact;
	int leaked_fds;			/* open after teardown that were not before */
	uint64_t setup_ns;		/* fill guest memory, create the VM */
	uint64_t teardown_ns;		/* free, unmerge, let KSM settle, restore */
	uint64_t total_wall_ns;
};

enum check_result { CHECK_PASS, CHECK_FAIL, CHECK_SKIP };

struct check {
	const char *name;
	enum check_result result;
	char detail[400];
};

#define MAX_CHECKS 8

/* True if any check failed. */
bool checks_failed(const struct check *checks, int n);
/* What the run asserts; fills checks[] and returns how many. */
int run_checks(const struct run_config *cfg, const struct run_result *res,
	       struct check *checks);

/*
 * Takes the run lock (waiting unless cfg->no_wait) and restores what a run
 * that died left behind.  Exits 4 without root, 1 when the lock is busy
 * and cfg->no_wait.  Idempotent.
 */
void run_claim_host(const struct run_config *cfg);

/* Runs the phases; skips (exit 4) where the host lacks something. */
void run_measurement(const struct run_config *cfg, struct run_result *res);
void run_result_free(struct run_result *res);
/* --merge-timeout's default: 30 s plus 1 s per 16384 pages. */
uint64_t run_default_merge_timeout_ms(size_t npages);
/* The largest guest the page tables of the system slot can map. */
uint64_t run_max_pages(void);
double ns_to_ms(uint64_t ns);
/* Now, UTC, ISO 8601 ("2026-11-22T05:40:21Z"). */
void timestamp_utc(char *buf, size_t len);
/* The guest's own time for a pass, from its TSC delta. */
double guest_tsc_ms(const struct run_result *res, const struct phase_result *p);
/* The vCPU statistic's delta in a phase, 0 if it did not change. */
uint64_t phase_stat(const struct phase_result *p, const char *name);
/*
 * An event's count in a phase, or -1 for "n/a": not in this kernel, not
 * traced in that phase, or silent all run while its witness moved.
 */
int64_t run_trace_count(const struct run_result *res, int ev, int phase);
/* True if the event is n/a in any phase that traced it, or absent. */
bool run_trace_event_na(const struct run_result *res, int ev);
/* Why run_trace_count is -1 for this event (over the whole run). */
const char *run_trace_na_reason(const struct run_result *res, int ev, char *buf,
				size_t len);

#endif
