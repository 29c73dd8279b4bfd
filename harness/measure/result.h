/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What one run measured: per-phase figures, what the tracepoints said
 * (with n/a already decided), the timeline, the derived figures and the
 * checks.  The measurement fills it once; checks, output and the suite
 * only read it.
 */
#ifndef KSMEXIT_RESULT_H
#define KSMEXIT_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "attrib.h"
#include "hostinfo.h"
#include "ksm.h"
#include "latency.h"
#include "sampler.h"
#include "trace.h"
#include "vcpu_pool.h"
#include "vm_stats.h"

/* The stress scenario's phase runs last, and only there. */
enum phase_id {
	PHASE_WARM, PHASE_STEADY, PHASE_MERGE, PHASE_POST_MERGE, PHASE_AGAIN, PHASE_STRESS,
	NR_PHASES
};

/* One vCPU's share of a phase. */
#define VCPU_FAULTS_UNKNOWN	UINT64_MAX	/* counted for all vCPUs together (arm64) */
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
	double guest_ms;		/* guest_tsc in ms; NAN for the merge */
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
	/* Decided once when the run ends: -1 is n/a, and why. */
	int64_t count[NR_PHASES][TRACE_NR_EVENTS];
	bool na[TRACE_NR_EVENTS];	/* n/a in some phase that traced it */
	char na_reason[TRACE_NR_EVENTS][320];
	int attribution_event;		/* the event gfns came from, or -1 */
	bool have_attribution;
	char attribution_note[200];	/* why there is none, or "" */
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
	double read_ns_per_tick;	/* of which its reads, a tick; NAN unknown */
};

/* Huge pages (2 MiB, AnonHugePages) backing the guest memory; -1 unknown. */
struct run_thp {
	long before_merge;
	long after_merge;
	long at_end;
	long split_by_merge;		/* before - after (where both were counted) */
};

/* KSM's counters after it scanned again, following a write pass. */
struct run_rescan {
	bool done;
	uint64_t full_scans;
	uint64_t pages_shared;
	uint64_t pages_sharing;
};

/* What a word found where the stress did not expect it says happened. */
enum corruption_kind {
	CORRUPTION_LEAK,		/* another page's stamp: a write leaked through a shared page */
	CORRUPTION_LOST,		/* this page's older contents: a write was lost */
	CORRUPTION_UNKNOWN,		/* neither */
	NR_CORRUPTION_KINDS
};
extern const char *const corruption_kind_names[NR_CORRUPTION_KINDS];

struct corruption {
	int vcpu;			/* whose page; -1: found by the host at the end */
	uint64_t gfn;
	unsigned int offset;		/* bytes into the page */
	uint64_t expected, found;
	double t_s;			/* since the stress began */
	uint64_t full_scans;		/* KSM's, since the stress began */
	enum corruption_kind kind;
	uint64_t from_gfn;		/* a leak's source page */
};

#define MAX_CORRUPTIONS_KEPT 16

/* The stress: every vCPU verifying and rewriting its pages while KSM merges. */
struct run_stress {
	double duration_s;		/* as run */
	uint64_t visits, stamps, restores;	/* the guest's, all vCPUs */
	uint64_t bursts;
	uint64_t full_scans;		/* KSM's during the stress */
	int64_t cow_ksm;		/* /proc/vmstat's, host-wide; -1 where the kernel has none */
	int64_t migrated;		/* pages moved between NUMA nodes; -1 not tried */
	char migrate_note[160];		/* why not, or "" */
	/*
	 * Merges and unshares the timeline saw: the rises and falls of the
	 * process's KSM pages (ksm_stat), or of pages_shared + pages_sharing
	 * (every tenant's) where the kernel has no ksm_stat; -1 without a
	 * timeline.  Lower bounds: between two samples they cancel.
	 */
	int64_t merges_seen, unshares_seen;
	const char *turnover_source;	/* "ksm_stat", "pages_sharing" or NULL */
	uint64_t corruptions;		/* words, the guest's and the host's */
	uint64_t host_corruptions;	/* of which the host's final comparison found */
	bool stopped_early;		/* at STRESS_STOP_AFTER corrupted words */
	int nr_kept;
	struct corruption kept[MAX_CORRUPTIONS_KEPT];	/* the first ones */
	/* Derived: per second of the stress, all vCPUs; NAN unknown. */
	double visits_per_s, stamps_per_s, faults_per_s, exits_per_s;
	double full_scans_per_s, cow_ksm_per_s;
};

/* The cost of a merge in operators' units; NAN where it cannot be told. */
struct merge_cost {
	double merged_mib;		/* the region's memory KSM merged */
	double saved_mib;		/* pages_sharing's rise, as memory */
	double general_profit_mib;	/* general_profit's rise (6.7+) */
	double ksmd_cpu_ms;		/* ksmd on CPU during the merge */
	double stall_ms_per_gib;	/* penalty_ms (the guest's stall) per GiB merged */
	double ksmd_ms_per_gib;
	double read_p50_us, read_p99_us;	/* post-merge, per page: timed runs */
};

struct run_result {
	struct hostinfo host;
	int nr_vcpus;
	uint64_t merge_timeout_ms;	/* in effect */
	long mergeable_pages;		/* duplicates in the fill */
	int numa_nodes[2];		/* numa_split: the two nodes, else -1 */
	struct run_thp thp;
	struct run_rescan rescan;
	struct run_trace trace;
	struct run_timeline timeline;
	char started_at[32];		/* UTC, ISO 8601 */
	uint64_t tsc_khz;
	int nr_phases;			/* that ran: NR_PHASES with a stress */
	struct phase_result phases[NR_PHASES];
	struct run_stress stress;
	struct ksm_merge_result merge;	/* zero for the control */
	bool merge_any_cleared;		/* a parent's PR_SET_MEMORY_MERGE, turned off */
	char lock_dir[256];		/* run lock and crash state; "" for none */
	char lock_note[512];		/* why not /run/ksmexit, or "" */
	char numa_balancing_was[16];	/* found before the run (turned off if not 0); "" absent */
	char ground_truth_note[160];	/* why pagemap could not be used, or "" */
	long merged_pages;		/* -1 unknown */
	double faults_per_merged_page;	/* NAN when nothing merged */
	double exits_per_merged_page;
	double faults_per_page;		/* post-merge faults / region pages */
	double again_faults_per_merged_page; /* the again pass's; NAN when nothing merged */
	double cost_per_fault_us;	/* NAN without post-merge faults */
	double penalty_ms;		/* post-merge pass minus steady pass */
	struct merge_cost cost;
	bool sharing_kept;		/* reads left the region's KSM pages alone */
	bool again_drift;		/* a pass of the again phase changed them */
	/* The first pass whose sum was not the memory's, if one was not. */
	bool bad_sum_seen;
	enum phase_id bad_sum_phase;
	struct sum_mismatch bad_sum;
	bool data_intact;
	int leaked_fds;			/* open after teardown that were not before */
	uint64_t setup_ns;		/* fill guest memory, create the VM */
	uint64_t fill_ns;		/* of which filling guest memory */
	uint64_t teardown_ns;		/* free, unmerge, let KSM settle, restore */
	uint64_t total_wall_ns;
};

void run_result_free(struct run_result *res);
/* The vCPU statistic's delta in a phase, 0 if it did not change. */
uint64_t phase_stat(const struct phase_result *p, const char *name);

/* A check's verdict; verdict_names[] spells them in every output. */
enum check_result { CHECK_PASS, CHECK_FAIL, CHECK_SKIP };
extern const char *const verdict_names[3];

struct check {
	const char *name;
	enum check_result result;
	char detail[400];
};

#define MAX_CHECKS 8

/* True if any check failed. */
bool checks_failed(const struct check *checks, int n);

#endif
