// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <json-c/json.h>

#include "clock.h"
#include "hostinfo.h"
#include "numa_place.h"
#include "report.h"
#include "scenario.h"
#include "subtest.h"
#include "suite.h"
#include "sweep.h"
#include "test_util.h"

#define MAX_RUNS 16

/* One run in this process: measure, report, write its directory. */
static int run_one(struct run_config *cfg)
{
	struct check checks[MAX_CHECKS];
	struct run_result res;
	char dir[4096];
	int nr, ret;

	run_measurement(cfg, &res);
	nr = run_checks(cfg, &res, checks);
	if (cfg->ktap)
		report_ktap(stdout, cfg, &res, checks, nr);
	else
		report_table(stdout, cfg, &res, checks, nr);
	ret = results_write(cfg, &res, checks, nr, dir, sizeof(dir));
	if (!ret)
		printf("%sresults: %s\n", cfg->ktap ? "# " : "", dir);
	run_result_free(&res);
	return ret || checks_failed(checks, nr) ? KSFT_FAIL : KSFT_PASS;
}

static int run_one_child(void *arg)
{
	return run_one(arg);
}

static const char *code_name(int code)
{
	return code == KSFT_PASS ? "pass" : code == KSFT_SKIP ? "skip" : "fail";
}

/* dir/name/result.json, or NULL (a run that died before writing it). */
static struct json_object *read_result(const char *dir, const char *name)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/%s/result.json", dir, name);
	return access(path, R_OK) ? NULL : json_object_from_file(path);
}

static double json_num(struct json_object *o, const char *path)
{
	char buf[128], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *k = strtok_r(buf, ".", &save); k && o; k = strtok_r(NULL, ".", &save))
		if (!json_object_object_get_ex(o, k, &o))
			o = NULL;
	return o ? json_object_get_double(o) : NAN;
}

static struct json_object *phase_of(struct json_object *run, const char *name)
{
	struct json_object *phases;

	if (!json_object_object_get_ex(run, "phases", &phases))
		return NULL;
	for (size_t i = 0; i < json_object_array_length(phases); i++) {
		struct json_object *p = json_object_array_get_idx(phases, i), *n;

		if (json_object_object_get_ex(p, "name", &n) &&
		    !strcmp(json_object_get_string(n), name))
			return p;
	}
	return NULL;
}

static struct sweep_point point_of(struct json_object *run)
{
	return (struct sweep_point){
		.pages = json_num(run, "config.pages"),
		.merged_pages = json_num(run, "derived.merged_pages"),
		.post_merge_faults = json_num(phase_of(run, "post-merge"), "pf_taken"),
		.merge_ms = json_num(phase_of(run, "merge"), "wall_ms"),
		.steady_ms = json_num(phase_of(run, "steady"), "wall_ms"),
		.post_merge_ms = json_num(phase_of(run, "post-merge"), "wall_ms"),
	};
}

static struct json_object *fit_json(const struct line_fit *f)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "points", json_object_new_int64(f->n));
	json_object_object_add(o, "slope", isnan(f->slope) ? NULL :
			       json_object_new_double(f->slope));
	json_object_object_add(o, "intercept", isnan(f->intercept) ? NULL :
			       json_object_new_double(f->intercept));
	json_object_object_add(o, "r2", isnan(f->r2) ? NULL : json_object_new_double(f->r2));
	return o;
}

static void sweep_tsv_fill(const struct sweep_point *pts, size_t n, const char *dir)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	TEST_ASSERT(f, "out of memory for sweep.tsv");
	sweep_tsv(f, pts, n);
	fclose(f);
	results_write_file(dir, "sweep.tsv", buf, len);
	free(buf);
}

/*
 * The sweep's own subtest: the fits need two points; pass when every
 * point ran and the faults line was fitted.
 */
static int sweep_summary(struct json_object *out, const char *dir,
			 struct json_object **runs, int n, bool ktap)
{
	struct sweep_point pts[MAX_RUNS];
	struct line_fit faults, merge_ms;
	struct json_object *o = json_object_new_object();
	int nr = 0;

	for (int i = 0; i < n; i++)
		if (runs[i])
			pts[nr++] = point_of(runs[i]);
	sweep_fits(pts, nr, &faults, &merge_ms);
	sweep_tsv_fill(pts, nr, dir);
	json_object_object_add(o, "post_merge_faults_vs_merged_pages", fit_json(&faults));
	json_object_object_add(o, "merge_ms_vs_pages", fit_json(&merge_ms));
	json_object_object_add(out, "sweep", o);
	printf("%ssweep: %d points; post-merge faults = %.4f * merged pages + %.1f "
	       "(r2 %.4f); merge time = %.6f ms * pages + %.1f ms (r2 %.4f)\n",
	       ktap ? "# " : "", nr, faults.slope, faults.intercept, faults.r2,
	       merge_ms.slope, merge_ms.intercept, merge_ms.r2);
	return nr == n && !isnan(faults.slope) ? KSFT_PASS : KSFT_FAIL;
}

/* The sizes of a sweep that fit in memory; says which were left out. */
static int fitting_runs(struct run_config *cfgs, int n)
{
	char why[512];

	for (int i = 0; i < n; i++) {
		if (!region_fits(cfgs[i].npages * PAGE_SIZE, why, sizeof(why)))
			continue;
		printf("# sweep stops at %zu pages: %s\n", i ? cfgs[i - 1].npages : 0, why);
		return i;
	}
	return n;
}

static void result_envelope(struct json_object *o, const char *schema,
			    const struct hostinfo *host, const char *started)
{
	json_object_object_add(o, "schema", json_object_new_string(schema));
	json_object_object_add(o, "schema_version", json_object_new_int(1));
	json_object_object_add(o, "started_at", json_object_new_string(started));
	json_object_object_add(o, "hostname", json_object_new_string(host->hostname));
	json_object_object_add(o, "kernel_release", json_object_new_string(host->kernel_release));
}

/* Sweep and numa: one child per run, in subdirectories of the scenario's. */
static int run_multi(struct run_config *cfg)
{
	struct run_config cfgs[MAX_RUNS];
	char labels[MAX_RUNS][32], dir[4096], why[512], started[32];
	struct json_object *runs[MAX_RUNS] = { NULL };
	struct json_object *out = json_object_new_object(), *jruns = json_object_new_array();
	bool sweep = cfg->scenario->kind == SCENARIO_SWEEP;
	int n = scenario_runs(cfg, cfgs, labels, MAX_RUNS), code = KSFT_PASS, nr_ok = 0;
	struct hostinfo host;

	if (cfg->scenario->kind == SCENARIO_NUMA) {
		int nodes[2], nr = numa_memory_nodes(nodes, 2);

		TEST_REQUIRE(nr >= 2, "needs two NUMA nodes with memory, this host has %d", nr);
	}
	hostinfo_collect(&host, cfg->sysfs_root, cfg->ksm_root);
	timestamp_utc(started, sizeof(started));
	if (sweep)
		n = fitting_runs(cfgs, n);
	TEST_REQUIRE(n > 0, "not one run of scenario %s fits this host", cfg->scenario->name);
	TEST_ASSERT(!results_make_dir(cfg, host.hostname, dir, sizeof(dir)),
		    "cannot create the scenario's results directory");
	if (cfg->ktap)
		printf("TAP version 13\n1..%d\n", n + sweep);
	for (int i = 0; i < n; i++) {
		struct json_object *r = json_object_new_object();
		int rc;

		cfgs[i].results_dir = dir;
		cfgs[i].dir_name = labels[i];
		if (!cfg->ktap)
			printf("== %s %s\n", cfg->scenario->name, labels[i]);
		rc = subtest_run(run_one_child, &cfgs[i], cfg->ktap, why, sizeof(why));
		if (cfg->ktap)
			subtest_result(i + 1, labels[i], rc, why);
		runs[i] = read_result(dir, labels[i]);
		json_object_object_add(r, "label", json_object_new_string(labels[i]));
		json_object_object_add(r, "result", json_object_new_string(code_name(rc)));
		json_object_object_add(r, "skip_reason", why[0] ? json_object_new_string(why) : NULL);
		json_object_object_add(r, "run", runs[i] ? json_object_get(runs[i]) : NULL);
		json_object_array_add(jruns, r);
		nr_ok += rc == KSFT_PASS;
		if (rc != KSFT_PASS && rc != KSFT_SKIP)
			code = KSFT_FAIL;
		/* A skipped numa run means the host cannot do it: so is the scenario. */
		if (rc == KSFT_SKIP && !sweep && code == KSFT_PASS && !nr_ok)
			code = KSFT_SKIP;
	}
	result_envelope(out, "ksmexit-scenario", &host, started);
	json_object_object_add(out, "scenario", json_object_new_string(cfg->scenario->name));
	json_object_object_add(out, "runs", jruns);
	if (sweep) {
		int rc = sweep_summary(out, dir, runs, n, cfg->ktap);

		if (cfg->ktap)
			subtest_result(n + 1, "sweep_fit", rc, "");
		if (rc)
			code = KSFT_FAIL;
	}
	json_object_object_add(out, "result", json_object_new_string(code_name(code)));
	if (results_write_json(dir, "result.json", out))
		code = KSFT_FAIL;
	else
		printf("%sresults: %s\n", cfg->ktap ? "# " : "", dir);
	for (int i = 0; i < n; i++)
		json_object_put(runs[i]);
	json_object_put(out);
	return code;
}

int scenario_main(struct run_config *cfg)
{
	if (cfg->scenario->kind == SCENARIO_SINGLE)
		return run_one(cfg);
	return run_multi(cfg);
}

static int scenario_child(void *arg)
{
	return scenario_main(arg);
}

int suite_main(struct run_config *cfg)
{
	char dir[4096], why[512], started[32];
	struct json_object *out = json_object_new_object(), *list = json_object_new_array();
	int counts[5] = { 0 }, code = KSFT_PASS;
	uint64_t start = now_ns();
	struct hostinfo host;

	hostinfo_collect(&host, cfg->sysfs_root, cfg->ksm_root);
	timestamp_utc(started, sizeof(started));
	TEST_ASSERT(!results_make_dir(cfg, host.hostname, dir, sizeof(dir)),
		    "cannot create the suite's results directory");
	printf("TAP version 13\n1..%d\n", nr_scenarios);
	for (int i = 0; i < nr_scenarios; i++) {
		const struct scenario *s = &scenarios[i];
		struct run_config sc = *cfg;
		struct json_object *e = json_object_new_object();
		uint64_t t0 = now_ns();
		int rc;

		sc.suite = false;
		sc.ktap = true;
		sc.results_dir = dir;
		sc.dir_name = s->name;
		scenario_apply(s, &sc);
		printf("# %s: %s\n", s->name, s->what);
		rc = subtest_run(scenario_child, &sc, true, why, sizeof(why));
		subtest_result(i + 1, s->name, rc, why);
		counts[rc == KSFT_PASS ? 0 : rc == KSFT_SKIP ? 2 : 1]++;
		if (rc != KSFT_PASS && rc != KSFT_SKIP)
			code = KSFT_FAIL;
		json_object_object_add(e, "name", json_object_new_string(s->name));
		json_object_object_add(e, "what", json_object_new_string(s->what));
		json_object_object_add(e, "result", json_object_new_string(code_name(rc)));
		json_object_object_add(e, "exit_code", json_object_new_int(rc));
		json_object_object_add(e, "skip_reason", why[0] ? json_object_new_string(why) : NULL);
		json_object_object_add(e, "wall_ms", json_object_new_double(ns_to_ms(now_ns() - t0)));
		json_object_object_add(e, "dir", json_object_new_string(s->name));
		json_object_object_add(e, "outcome", read_result(dir, s->name));
		json_object_array_add(list, e);
	}
	result_envelope(out, "ksmexit-suite", &host, started);
	json_object_object_add(out, "scenarios", list);
	json_object_object_add(out, "passed", json_object_new_int(counts[0]));
	json_object_object_add(out, "failed", json_object_new_int(counts[1]));
	json_object_object_add(out, "skipped", json_object_new_int(counts[2]));
	json_object_object_add(out, "wall_ms", json_object_new_double(ns_to_ms(now_ns() - start)));
	json_object_object_add(out, "result", json_object_new_string(code_name(code)));
	if (results_write_json(dir, "result.json", out))
		code = KSFT_FAIL;
	json_object_put(out);
	printf("# results: %s\n", dir);
	printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:%d error:0\n",
	       counts[0], counts[1], counts[2]);
	return code;
}
