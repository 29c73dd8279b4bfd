// SPDX-License-Identifier: GPL-2.0
/*
 * Running scenarios: one run in this process, a multi-run scenario (sweep,
 * numa) as one child per run, and `ksmexit suite` as one child per
 * scenario.  Each child writes its own result.json; the parent reads them
 * back (output/result_read.c) into one result.json for all of them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "gate.h"
#include "hostinfo.h"
#include "measure.h"
#include "numa_place.h"
#include "page.h"
#include "report.h"
#include "result_files.h"
#include "scenario.h"
#include "subtest.h"
#include "summary.h"
#include "suite.h"
#include "sweep.h"
#include "test_util.h"

#define MAX_RUNS 16

/* One run and where its results go, handed to a child process. */
struct job {
	struct run_config cfg;
	struct run_output out;
};

/* A run's checks, judged and reported as soon as it is measured. */
struct reported {
	const struct run_output *out;
	struct check checks[MAX_CHECKS];
	int nr;
};

/* Before the teardown: the answer does not wait for the unmerge and cleanup. */
static void report_measured(const struct run_config *cfg, const struct run_result *res,
			    void *arg)
{
	struct reported *r = arg;

	r->nr = run_checks(cfg, res, r->checks);
	if (r->out->ktap) {
		report_ktap(stdout, cfg, res, r->checks, r->nr);
	} else {
		report_table(stdout, cfg, res, r->checks, r->nr);
		report_verdict(stdout, cfg, res);
	}
	fflush(stdout);
}

/* One run in this process: measure, report, write its directory. */
static int run_one(const struct run_config *cfg, const struct run_output *out)
{
	struct reported r = { .out = out };
	struct run_result res;
	char dir[4096];
	int ret, code, gate;

	run_measurement(cfg, &res, report_measured, &r);
	ret = results_write(out, cfg, &res, r.checks, r.nr, dir, sizeof(dir));
	if (!ret)
		printf("%sresults: %s\n", out->ktap ? "# " : "", dir);
	code = ret || checks_failed(r.checks, r.nr) ? KSFT_FAIL : KSFT_PASS;
	if (out->baseline) {
		struct result_cell base, cur;

		TEST_ASSERT(!results_read_cell(out->baseline, &base), "cannot read the "
			    "baseline %s any more", out->baseline);
		results_cell_of(cfg, &res, code == KSFT_PASS, &cur);
		gate = gate_compare(&base, &cur, out->tolerance, out->ktap, stdout);
		code = code == KSFT_FAIL ? KSFT_FAIL : gate;
	}
	run_result_free(&res);
	return code;
}

static int run_one_child(void *arg)
{
	struct job *j = arg;

	return run_one(&j->cfg, &j->out);
}

/*
 * The sweep's own subtest: the fits need two points; pass when every
 * point ran and the faults line was fitted.
 */
static int sweep_summary(struct summary_json *js, const char *dir,
			 const struct sweep_point *pts, int nr, int n, bool ktap)
{
	struct line_fit faults, merge_ms;

	sweep_fits(pts, nr, &faults, &merge_ms);
	summary_json_add_sweep(js, dir, pts, nr, &faults, &merge_ms);
	printf("%ssweep: %d points; post-merge faults = %.4f * merged pages + %.1f "
	       "(r2 %.4f); merge time = %.6f ms * pages + %.1f ms (r2 %.4f)\n",
	       ktap ? "# " : "", nr, faults.slope, faults.intercept, faults.r2,
	       merge_ms.slope, merge_ms.intercept, merge_ms.r2);
	return nr == n && !isnan(faults.slope) ? KSFT_PASS : KSFT_FAIL;
}

/* The sizes of a sweep that fit in memory; says which were left out. */
static int fitting_runs(struct job *jobs, int n)
{
	char why[512];

	for (int i = 0; i < n; i++) {
		if (!region_fits(jobs[i].cfg.npages * host_page_size(), why, sizeof(why)))
			continue;
		printf("# sweep stops at %zu pages: %s\n", i ? jobs[i - 1].cfg.npages : 0, why);
		return i;
	}
	return n;
}

/* The host, the start time and the directory of a suite or scenario. */
struct summary {
	struct hostinfo host;
	char started[32];
	char dir[4096];
};

static void summary_begin(struct summary *sm, const struct run_config *cfg,
			  const struct run_output *out)
{
	hostinfo_collect(&sm->host, cfg->sysfs_root, cfg->ksm_root);
	timestamp_utc(sm->started, sizeof(sm->started));
	TEST_ASSERT(!results_make_dir(out, sm->host.hostname, sm->dir, sizeof(sm->dir)),
		    "cannot create the results directory under %s", out->results_dir);
}

/* Writes the summary and says where; KSFT_FAIL if it could not. */
static int write_summary(struct summary_json *js, const char *dir, int code, bool ktap)
{
	if (summary_json_write(js, dir, code))
		return KSFT_FAIL;
	printf("%sresults: %s\n", ktap ? "# " : "", dir);
	return code;
}

/* The runs of a multi-run scenario, as jobs writing under dir. */
static int multi_jobs(const struct run_config *cfg, const char *dir, bool ktap,
		      struct job *jobs, char (*labels)[32])
{
	struct run_config cfgs[MAX_RUNS];
	int n = scenario_runs(cfg, cfgs, labels, MAX_RUNS);

	for (int i = 0; i < n; i++)
		jobs[i] = (struct job){ .cfg = cfgs[i], .out = {
			.results_dir = dir, .dir_name = labels[i], .ktap = ktap } };
	return cfg->scenario->kind == SCENARIO_SWEEP ? fitting_runs(jobs, n) : n;
}

/* One run of a multi-run scenario as a child; its sweep point in *pt, if it wrote one. */
static int run_multi_one(struct job *j, int nr, struct summary_json *js,
			 struct sweep_point *pt, bool *have_point)
{
	struct json_object *run;
	char why[512];
	int rc;

	if (!j->out.ktap)
		printf("== %s %s\n", j->cfg.scenario->name, j->out.dir_name);
	rc = subtest_run(run_one_child, j, j->out.ktap, why, sizeof(why));
	if (j->out.ktap)
		subtest_result(nr, j->out.dir_name, rc, why);
	run = results_read(j->out.results_dir, j->out.dir_name);
	*have_point = run;
	if (run)
		results_sweep_point(run, pt);
	summary_json_add_run(js, j->out.dir_name, rc, why, run);
	return rc;
}

/* Sweep and numa: one child per run, in subdirectories of the scenario's. */
static int run_multi(const struct run_config *cfg, const struct run_output *out)
{
	static struct job jobs[MAX_RUNS];
	static struct summary sm;
	struct sweep_point pts[MAX_RUNS];
	struct summary_json js;
	char labels[MAX_RUNS][32];
	bool sweep = cfg->scenario->kind == SCENARIO_SWEEP, have;
	int n, code = KSFT_PASS, nr_ok = 0, nr_points = 0, nodes[2];

	if (cfg->scenario->kind == SCENARIO_NUMA) {
		n = numa_memory_nodes(nodes, 2);
		TEST_REQUIRE(n >= 2, "needs two NUMA nodes with memory, this host has %d", n);
	}
	summary_begin(&sm, cfg, out);
	n = multi_jobs(cfg, sm.dir, out->ktap, jobs, labels);
	TEST_REQUIRE(n > 0, "not one run of scenario %s fits this host", cfg->scenario->name);
	if (out->ktap)
		printf("TAP version 13\n1..%d\n", n + sweep);
	summary_json_begin(&js, cfg->scenario->name, sm.started, &sm.host);
	for (int i = 0; i < n; i++) {
		int rc = run_multi_one(&jobs[i], i + 1, &js, &pts[nr_points], &have);

		nr_points += have;
		nr_ok += rc == KSFT_PASS;
		if (rc != KSFT_PASS && rc != KSFT_SKIP)
			code = KSFT_FAIL;
		/* A skipped numa run means the host cannot do it: so is the scenario. */
		if (rc == KSFT_SKIP && !sweep && code == KSFT_PASS && !nr_ok)
			code = KSFT_SKIP;
	}
	if (sweep) {
		int rc = sweep_summary(&js, sm.dir, pts, nr_points, n, out->ktap);

		if (out->ktap)
			subtest_result(n + 1, "sweep_fit", rc, "");
		if (rc)
			code = KSFT_FAIL;
	}
	return write_summary(&js, sm.dir, code, out->ktap);
}

int suite_scenario(const struct run_config *cfg, const struct run_output *out)
{
	if (cfg->scenario->kind == SCENARIO_SINGLE)
		return run_one(cfg, out);
	return run_multi(cfg, out);
}

static int scenario_child(void *arg)
{
	struct job *j = arg;

	return suite_scenario(&j->cfg, &j->out);
}

/* One scenario of the suite as a child; its entry in the summary. */
static int suite_one(const struct run_config *base, const struct scenario *s,
		     const char *dir, int nr, struct summary_json *js)
{
	struct job j = { .cfg = *base, .out = { .results_dir = dir, .dir_name = s->name,
						.ktap = true } };
	uint64_t t0 = now_ns();
	char why[512];
	int rc;

	scenario_apply(s, &j.cfg);
	printf("# %s: %s\n", s->name, s->what);
	rc = subtest_run(scenario_child, &j, true, why, sizeof(why));
	subtest_result(nr, s->name, rc, why);
	summary_json_add_scenario(js, s, rc, why, ns_to_ms(now_ns() - t0),
				  results_read(dir, s->name));
	return rc;
}

int suite_main(const struct run_config *cfg, const struct run_output *out)
{
	static struct summary sm;
	struct summary_json js;
	int counts[3] = { 0 }, code = KSFT_PASS;
	uint64_t start = now_ns();

	summary_begin(&sm, cfg, out);
	summary_json_begin(&js, NULL, sm.started, &sm.host);
	printf("TAP version 13\n1..%d\n", nr_scenarios);
	for (int i = 0; i < nr_scenarios; i++) {
		int rc = suite_one(cfg, &scenarios[i], sm.dir, i + 1, &js);

		counts[rc == KSFT_PASS ? CHECK_PASS : rc == KSFT_SKIP ? CHECK_SKIP : CHECK_FAIL]++;
		if (rc != KSFT_PASS && rc != KSFT_SKIP)
			code = KSFT_FAIL;
	}
	summary_json_add_totals(&js, counts, ns_to_ms(now_ns() - start));
	code = write_summary(&js, sm.dir, code, true);
	printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:%d error:0\n",
	       counts[CHECK_PASS], counts[CHECK_FAIL], counts[CHECK_SKIP]);
	return code;
}
