/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Named scenarios: the cases kernel developers ask about after the base
 * one.  A scenario is a preset of the run configuration plus, for sweep
 * and numa, the list of runs it is made of.  `ksmexit --scenario NAME`
 * runs one; `ksmexit suite` runs them all (suite.c).
 */
#ifndef KSMEXIT_SCENARIO_H
#define KSMEXIT_SCENARIO_H

#include <stdbool.h>

#include "region.h"
#include "config.h"

enum scenario_kind { SCENARIO_SINGLE, SCENARIO_SWEEP, SCENARIO_NUMA };

struct scenario {
	const char *name;
	const char *what;		/* one line for --help and the reports */
	enum scenario_kind kind;
	enum region_fill fill;
	bool post_merge_write;
	bool again_write;		/* read after the merge, then write */
	unsigned int again_passes;
	bool use_zero_pages;
	bool thp;
	bool many_vcpus;
	bool timed;
	bool ksm_during_passes;
	bool stress;			/* the stress phase after the passes */
};

#define DEFAULT_DUP_RATIO	0.5
#define DEFAULT_STRESS_S	10
#define SWEEP_MIN_PAGES		(1ULL << 10)
#define SWEEP_DEFAULT_MAX	(1ULL << 20)

extern const struct scenario scenarios[];
extern const int nr_scenarios;

const struct scenario *scenario_find(const char *name);
/* cfg's scenario; read where none was applied (a bare cli_defaults()). */
const struct scenario *scenario_of(const struct run_config *cfg);
/* Sets what the scenario fixes; options the user gave stay as given. */
void scenario_apply(const struct scenario *s, struct run_config *cfg);
/* The vCPUs the vcpus scenario uses by default: every online CPU, at least 2. */
int scenario_default_vcpus(void);
/*
 * The runs a scenario is made of: 1, or for sweep one per power of two of
 * pages, for numa one per merge_across_nodes value.  Fills cfgs (up to
 * max) from base and returns how many.
 */
int scenario_runs(const struct run_config *base, struct run_config *cfgs,
		  char (*labels)[32], int max);

#endif
