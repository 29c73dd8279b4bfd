/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What to measure: the options of one run, as the command line and the
 * scenario presets set them.  How the process runs (suite, KTAP) and where
 * results go are the program's business (cli.h), not the measurement's.
 */
#ifndef KSMEXIT_CONFIG_H
#define KSMEXIT_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "region.h"
#include "sampler.h"
#include "trace.h"

enum expect { EXPECT_NONE, EXPECT_UNPATCHED, EXPECT_PATCHED };

#define EXPECT_UNPATCHED_MIN	0.9	/* post-merge faults per merged page */
#define EXPECT_PATCHED_MAX	0.05
/* Faults a steady pass may take for host noise before the run is perturbed. */
#define STEADY_FAULTS_ALLOWED(npages)	(2 + (npages) / 1024)


struct scenario;

struct run_config {
	const struct scenario *scenario;
	const char *run_label;		/* a multi-run scenario's name for this run */
	size_t npages;
	enum region_fill fill;
	double dup_ratio;		/* FILL_PARTIAL */
	bool post_merge_write;		/* the post-merge pass writes each page */
	bool again_write;		/* the again pass writes each page (after a read) */
	unsigned int again_passes;	/* read passes in the again phase */
	bool use_zero_pages;		/* KSM knob during the run */
	int merge_across_nodes;		/* KSM knob during the run, -1 untouched */
	bool thp;			/* the thp scenario: its huge-page check */
	enum region_backing backing;	/* --backing, anonymous_thp for thp */
	bool numa_split;		/* half the memory on each of two nodes */
	bool timed;			/* the guest times each page's loads */
	int nr_vcpus;			/* each reads its own slice */
	double stress_s;		/* the stress phase's length; 0: no stress */
	bool stress_no_migrate;		/* --no-migrate: no page moves between nodes */
	uint64_t sweep_max_pages;	/* sweep: the largest size */
	size_t stride;			/* bytes between loads in a page */
	bool no_ksm;			/* the control: no merge, KSM untouched */
	bool ksm_during_passes;
	uint64_t merge_timeout_ms;	/* 0: scaled to the size */
	uint64_t control_wait_ms;	/* the control's stand-in for the merge */
	uint64_t pages_to_scan;		/* KSM knobs during the merge */
	uint64_t sleep_millisecs;
	enum expect expect;
	enum trace_mode trace_mode;
	unsigned int sample_hz;		/* timeline sampler, 0 = off */
	const char *ksm_root;		/* tests point these at fake trees */
	const char *sysfs_root;
};

/* The merge timeout in effect: the option, or 30 s plus 1 s per 16384 pages. */
uint64_t run_merge_timeout_ms(const struct run_config *cfg);
/* The largest guest the page tables of the system slot can map. */
uint64_t run_max_pages(void);
/* The same in whole GiB, as the usage messages say it. */
uint64_t run_max_gib(void);

#endif
