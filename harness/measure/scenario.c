// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "scenario.h"

const struct scenario scenarios[] = {
	{ "read", "reads after the merge (the base case)", .again_passes = 1 },
	{ "unique", "every page different: KSM scans, merges nothing",
	  .fill = FILL_UNIQUE, .again_passes = 1 },
	{ "partial", "a --dup-ratio share of the pages duplicate, the rest unique",
	  .fill = FILL_PARTIAL, .again_passes = 1 },
	{ "write", "the guest writes every merged page: copy-on-write, unshared",
	  .post_merge_write = true, .again_passes = 1 },
	{ "read-then-write", "reads every merged page, then writes every page: faults per pass",
	  .again_write = true, .again_passes = 1 },
	{ "read-keeps-sharing", "five read passes after the merge change no sharing",
	  .again_passes = 5 },
	{ "zero", "zero-filled memory merged into the zero page (use_zero_pages=1)",
	  .fill = FILL_ZERO, .use_zero_pages = true, .again_passes = 1 },
	{ "thp", "guest memory on transparent huge pages (MADV_HUGEPAGE)",
	  .thp = true, .again_passes = 1 },
	{ "vcpus", "--vcpus vCPUs, each reading its own slice in parallel",
	  .many_vcpus = true, .again_passes = 1 },
	{ "numa", "memory split over two nodes, merge_across_nodes 0 then 1",
	  .kind = SCENARIO_NUMA, .again_passes = 1 },
	{ "sweep", "1024 to --max-pages pages, powers of two: faults against merged",
	  .kind = SCENARIO_SWEEP, .again_passes = 1 },
	{ "latency", "the guest times every page's loads (rdtsc)",
	  .timed = true, .again_passes = 1 },
	{ "ksm-running", "KSM keeps scanning during the read passes",
	  .ksm_during_passes = true, .again_passes = 1 },
	{ "stress", "every vCPU verifies and rewrites its pages while KSM merges nonstop",
	  .stress = true, .many_vcpus = true, .again_passes = 1 },
};

const int nr_scenarios = sizeof(scenarios) / sizeof(scenarios[0]);

const struct scenario *scenario_find(const char *name)
{
	for (int i = 0; i < nr_scenarios; i++)
		if (!strcmp(scenarios[i].name, name))
			return &scenarios[i];
	return NULL;
}

const struct scenario *scenario_of(const struct run_config *cfg)
{
	return cfg->scenario ? cfg->scenario : &scenarios[0];
}

int scenario_default_vcpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 2 ? 2 : n > KVM_MAX_TEST_VCPUS ? KVM_MAX_TEST_VCPUS : (int)n;
}

void scenario_apply(const struct scenario *s, struct run_config *cfg)
{
	cfg->scenario = s;
	cfg->fill = s->fill;
	cfg->post_merge_write = s->post_merge_write;
	cfg->again_write = s->again_write;
	cfg->again_passes = s->again_passes;
	cfg->use_zero_pages = s->use_zero_pages;
	cfg->thp = s->thp;
	if (s->thp)
		cfg->backing = BACKING_ANONYMOUS_THP;
	cfg->timed = s->timed;
	cfg->ksm_during_passes |= s->ksm_during_passes;
	cfg->numa_split = s->kind == SCENARIO_NUMA;
	if (s->fill == FILL_PARTIAL && cfg->dup_ratio < 0)
		cfg->dup_ratio = DEFAULT_DUP_RATIO;
	if (s->many_vcpus && !cfg->nr_vcpus)
		cfg->nr_vcpus = scenario_default_vcpus();
	/* --duration, or the default; no other scenario has a stress phase. */
	cfg->stress_s = !s->stress ? 0 : cfg->stress_s ? cfg->stress_s : DEFAULT_STRESS_S;
	if (!cfg->nr_vcpus)
		cfg->nr_vcpus = 1;
	if (s->kind == SCENARIO_SWEEP && !cfg->sweep_max_pages)
		cfg->sweep_max_pages = SWEEP_DEFAULT_MAX;
}

int scenario_runs(const struct run_config *base, struct run_config *cfgs,
		  char (*labels)[32], int max)
{
	int n = 0;

	switch (base->scenario->kind) {
	case SCENARIO_SWEEP:
		for (uint64_t pages = SWEEP_MIN_PAGES; pages <= base->sweep_max_pages &&
		     n < max; pages *= 2, n++) {
			cfgs[n] = *base;
			cfgs[n].npages = pages;
			snprintf(labels[n], sizeof(labels[n]), "pages-%llu",
				 (unsigned long long)pages);
		}
		break;
	case SCENARIO_NUMA:
		for (; n < 2 && n < max; n++) {
			cfgs[n] = *base;
			cfgs[n].merge_across_nodes = n;
			snprintf(labels[n], sizeof(labels[n]), "merge-across-nodes-%d", n);
		}
		break;
	default:
		cfgs[n] = *base;
		snprintf(labels[n++], sizeof(labels[0]), "%s", base->scenario->name);
	}
	for (int i = 0; i < n; i++)
		cfgs[i].run_label = labels[i];
	return n;
}
