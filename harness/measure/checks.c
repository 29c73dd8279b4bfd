// SPDX-License-Identifier: GPL-2.0
/*
 * What a run asserts about the kernel, whatever the scenario: KSM merged
 * exactly the duplicates the fill holds, reads left the sharing alone (or
 * a write pass unshared every page it wrote), the guest memory holds what
 * the host expects, and the --expect verdict.  How many faults a scenario
 * takes depends on the kernel, so those directions live in the tests.
 */
#include <stdarg.h>
#include <stdio.h>

#include "measure.h"

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

static void check_merge(const struct run_config *cfg, const struct run_result *res,
			struct check *c)
{
	if (cfg->no_ksm)
		check_set(c, "merge", CHECK_SKIP, "control run (--no-ksm)");
	else if (!region_backing_mergeable(cfg->backing))
		/* A negative control: KSM leaves shared and hugetlb memory alone. */
		check_set(c, "merge", res->merged_pages == 0 ? CHECK_PASS : CHECK_FAIL,
			  "%ld of %zu pages merged: %s memory, which KSM does not merge "
			  "(%s)", res->merged_pages, cfg->npages,
			  region_backing_names[cfg->backing], res->merge.decided_by);
	else
		check_set(c, "merge", res->merged_pages == res->mergeable_pages ?
			  CHECK_PASS : CHECK_FAIL, "%ld of %zu pages merged, %ld are "
			  "duplicates (%s)", res->merged_pages, cfg->npages,
			  res->mergeable_pages, res->merge.decided_by);
}

static void check_sharing(const struct run_config *cfg, const struct run_result *res,
			  struct check *c)
{
	long merged = res->phases[PHASE_MERGE].region_ksm_pages;

	if (merged < 0)
		check_set(c, "reads_keep_sharing", CHECK_SKIP, "no ground truth: %s",
			  res->ground_truth_note);
	else if (cfg->again_write)
		check_set(c, "reads_keep_sharing", res->sharing_kept ? CHECK_PASS : CHECK_FAIL,
			  "region KSM pages after merge/post-merge (the read pass): %ld/%ld",
			  merged, res->phases[PHASE_POST_MERGE].region_ksm_pages);
	else
		check_set(c, "reads_keep_sharing", res->sharing_kept ? CHECK_PASS : CHECK_FAIL,
			  "region KSM pages after merge/post-merge/again: %ld/%ld/%ld%s",
			  merged, res->phases[PHASE_POST_MERGE].region_ksm_pages,
			  res->phases[PHASE_AGAIN].region_ksm_pages,
			  res->again_drift ? ", and changed between again passes" : "");
}

/*
 * Every written page is unshared at once (pagemap), and once KSM has
 * scanned again its counters drop by every page it had merged.
 */
static void check_write(const struct run_result *res, enum phase_id write, struct check *c)
{
	const struct phase_result *merge = &res->phases[PHASE_MERGE];
	long left = res->phases[write].region_ksm_pages;
	long dropped = (long)(merge->pages_shared + merge->pages_sharing) -
		       (long)(res->rescan.pages_shared + res->rescan.pages_sharing);

	if (left < 0)
		check_set(c, "write_unshares", CHECK_SKIP, "no ground truth: %s",
			  res->ground_truth_note);
	else
		check_set(c, "write_unshares", left == 0 && dropped == res->merged_pages ?
			  CHECK_PASS : CHECK_FAIL, "region KSM pages after the write "
			  "pass %ld (of %ld merged); after %llu more full scans "
			  "pages_shared+pages_sharing fell by %ld", left, res->merged_pages,
			  (unsigned long long)res->rescan.full_scans, dropped);
}

/*
 * KSM merges 4 KiB pages only: a huge page whose pages it merges is split
 * first, so a merge of THP-backed memory leaves fewer huge pages.
 */
static void check_thp(const struct run_result *res, struct check *c)
{
	if (res->thp.before_merge <= 0)
		check_set(c, "huge_pages", CHECK_SKIP, "no huge page backed the guest "
			  "memory before the merge (THP off, or memory fragmented)");
	else if (res->merged_pages <= 0)
		check_set(c, "huge_pages", CHECK_SKIP, "nothing merged, nothing to split");
	else
		check_set(c, "huge_pages", res->thp.after_merge < res->thp.before_merge ?
			  CHECK_PASS : CHECK_FAIL, "%ld huge pages before the merge, %ld "
			  "after (merging must split them), %ld at the end",
			  res->thp.before_merge, res->thp.after_merge, res->thp.at_end);
}

/*
 * Nothing may touch guest memory before the merge phase: a steady pass
 * that faults, or KSM pages in the region before KSM was let at it, mean
 * the post-merge figure no longer measures the merge.  A couple of faults
 * (plus 0.1%) are allowed for host noise.
 */
static void check_steady(const struct run_config *cfg, const struct run_result *res,
			 struct check *c)
{
	const struct phase_result *steady = &res->phases[PHASE_STEADY];
	uint64_t allowed = STEADY_FAULTS_ALLOWED(cfg->npages);
	bool faults_ok = steady->pf_taken <= allowed;
	bool census_ok = steady->region_ksm_pages <= 0;

	if (faults_ok && census_ok && steady->region_ksm_pages < 0)
		check_set(c, "steady_unperturbed", CHECK_PASS, "steady pass: %llu faults "
			  "(at most %llu allowed); KSM pages before the merge not known "
			  "(no ground truth: %s)", (unsigned long long)steady->pf_taken,
			  (unsigned long long)allowed, res->ground_truth_note);
	else if (faults_ok && census_ok)
		check_set(c, "steady_unperturbed", CHECK_PASS, "steady pass: %llu faults "
			  "(at most %llu allowed), region KSM pages before the merge: %ld",
			  (unsigned long long)steady->pf_taken, (unsigned long long)allowed,
			  steady->region_ksm_pages);
	else
		check_set(c, "steady_unperturbed", CHECK_FAIL, "measurement perturbed "
			  "before the merge phase: the steady pass took %llu faults (at most "
			  "%llu allowed) and %ld region pages were already KSM pages (0 "
			  "expected). Something touched guest memory: KSM merging it early, "
			  "another process, memory pressure (reclaim, swap), khugepaged or "
			  "NUMA balancing; rerun on a quieter host",
			  (unsigned long long)steady->pf_taken, (unsigned long long)allowed,
			  steady->region_ksm_pages);
}

/*
 * Guest memory must hold what was written to it.  The stress compares
 * against the guest's records, other runs against what the host predicts;
 * a difference is the kernel's failure, with the first one as evidence.
 */
static void check_data(const struct run_config *cfg, const struct run_result *res,
		       struct check *c)
{
	const struct run_stress *st = &res->stress;
	const struct corruption *k = &st->kept[0];
	char from[40] = "";

	if (st->corruptions && k->kind == CORRUPTION_LEAK)
		snprintf(from, sizeof(from), ", from gfn 0x%llx", (unsigned long long)k->from_gfn);
	if (res->bad_sum_seen)
		check_set(c, "data_intact", CHECK_FAIL, "the kernel corrupted guest memory: "
			  "vCPU %d's %s pass summed its pages to 0x%llx, expected 0x%llx: it "
			  "read what nobody wrote", res->bad_sum.vcpu,
			  res->phases[res->bad_sum_phase].name,
			  (unsigned long long)res->bad_sum.found,
			  (unsigned long long)res->bad_sum.expected);
	else if (!cfg->stress_s)
		check_set(c, "data_intact", res->data_intact ? CHECK_PASS : CHECK_FAIL,
			  "guest memory %s what the host wrote and the guest stored after "
			  "the run", res->data_intact ? "holds" : "no longer holds");
	else if (!st->corruptions)
		check_set(c, "data_intact", CHECK_PASS, "%llu visits by %d vCPUs in %.1f s "
			  "(%llu stamps, %llu restores, %llu KSM full scans): every word as "
			  "its record says, in the guest and in the host's final look",
			  (unsigned long long)st->visits, res->nr_vcpus, st->duration_s,
			  (unsigned long long)st->stamps, (unsigned long long)st->restores,
			  (unsigned long long)st->full_scans);
	else
		check_set(c, "data_intact", CHECK_FAIL, "the kernel corrupted guest memory: "
			  "%llu words differed from their records (%llu found by the host at "
			  "the end); first: %s gfn 0x%llx +%u expected 0x%llx found 0x%llx, "
			  "%.2f s and %llu full scans in: %s%s",
			  (unsigned long long)st->corruptions,
			  (unsigned long long)st->host_corruptions,
			  k->vcpu < 0 ? "host" : "guest", (unsigned long long)k->gfn, k->offset,
			  (unsigned long long)k->expected, (unsigned long long)k->found, k->t_s,
			  (unsigned long long)k->full_scans, corruption_kind_names[k->kind],
			  from);
}

int run_checks(const struct run_config *cfg, const struct run_result *res,
	       struct check *checks)
{
	struct check *c = checks;

	check_merge(cfg, res, c++);
	check_steady(cfg, res, c++);
	if (cfg->post_merge_write && !cfg->no_ksm)
		check_write(res, PHASE_POST_MERGE, c++);
	else
		check_sharing(cfg, res, c++);
	if (cfg->again_write && !cfg->no_ksm)
		check_write(res, PHASE_AGAIN, c++);
	if (cfg->thp)
		check_thp(res, c++);
	check_data(cfg, res, c++);
	check_expectation(cfg, res, c++);
	return c - checks;
}
