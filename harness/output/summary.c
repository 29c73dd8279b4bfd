// SPDX-License-Identifier: GPL-2.0
/* A suite's or multi-run scenario's result.json: see summary.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <json-c/json.h>

#include "result.h"
#include "result_files.h"
#include "summary.h"
#include "test_util.h"

const char *summary_code_name(int code)
{
	return verdict_names[code == KSFT_PASS ? CHECK_PASS :
			     code == KSFT_SKIP ? CHECK_SKIP : CHECK_FAIL];
}

static struct json_object *string_or_null(const char *s)
{
	return s && s[0] ? json_object_new_string(s) : NULL;
}

static struct json_object *number_or_null(double v)
{
	return isnan(v) ? NULL : json_object_new_double(v);
}

void summary_json_begin(struct summary_json *s, const char *scenario, const char *started,
			const struct hostinfo *host)
{
	s->o = json_object_new_object();
	s->entries = json_object_new_array();
	results_envelope(s->o, scenario ? "ksmexit-scenario" : "ksmexit-suite", started);
	json_object_object_add(s->o, "hostname", json_object_new_string(host->hostname));
	json_object_object_add(s->o, "kernel_release",
			       json_object_new_string(host->kernel_release));
	if (scenario)
		json_object_object_add(s->o, "scenario", json_object_new_string(scenario));
	json_object_object_add(s->o, scenario ? "runs" : "scenarios", s->entries);
}

void summary_json_add_run(struct summary_json *s, const char *label, int code,
			  const char *skip_reason, struct json_object *run)
{
	struct json_object *r = json_object_new_object();

	json_object_object_add(r, "label", json_object_new_string(label));
	json_object_object_add(r, "result", json_object_new_string(summary_code_name(code)));
	json_object_object_add(r, "skip_reason", string_or_null(skip_reason));
	json_object_object_add(r, "run", run);
	json_object_array_add(s->entries, r);
}

void summary_json_add_scenario(struct summary_json *s, const struct scenario *sc, int code,
			       const char *skip_reason, double wall_ms,
			       struct json_object *outcome)
{
	struct json_object *e = json_object_new_object();

	json_object_object_add(e, "name", json_object_new_string(sc->name));
	json_object_object_add(e, "what", json_object_new_string(sc->what));
	json_object_object_add(e, "result", json_object_new_string(summary_code_name(code)));
	json_object_object_add(e, "exit_code", json_object_new_int(code));
	json_object_object_add(e, "skip_reason", string_or_null(skip_reason));
	json_object_object_add(e, "wall_ms", json_object_new_double(wall_ms));
	json_object_object_add(e, "dir", json_object_new_string(sc->name));
	json_object_object_add(e, "outcome", outcome);
	json_object_array_add(s->entries, e);
}

static struct json_object *fit_json(const struct line_fit *f)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "points", json_object_new_int64(f->n));
	json_object_object_add(o, "slope", number_or_null(f->slope));
	json_object_object_add(o, "intercept", number_or_null(f->intercept));
	json_object_object_add(o, "r2", number_or_null(f->r2));
	return o;
}

void summary_json_add_sweep(struct summary_json *s, const char *dir,
			    const struct sweep_point *pts, size_t n,
			    const struct line_fit *faults, const struct line_fit *merge_ms)
{
	struct json_object *o = json_object_new_object();
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	TEST_ASSERT(f, "out of memory for sweep.tsv");
	sweep_tsv(f, pts, n);
	fclose(f);
	results_write_file(dir, "sweep.tsv", buf, len);
	free(buf);
	json_object_object_add(o, "post_merge_faults_vs_merged_pages", fit_json(faults));
	json_object_object_add(o, "merge_ms_vs_pages", fit_json(merge_ms));
	json_object_object_add(s->o, "sweep", o);
}

void summary_json_add_totals(struct summary_json *s, const int *counts, double wall_ms)
{
	json_object_object_add(s->o, "passed", json_object_new_int(counts[CHECK_PASS]));
	json_object_object_add(s->o, "failed", json_object_new_int(counts[CHECK_FAIL]));
	json_object_object_add(s->o, "skipped", json_object_new_int(counts[CHECK_SKIP]));
	json_object_object_add(s->o, "wall_ms", json_object_new_double(wall_ms));
}

int summary_json_write(struct summary_json *s, const char *dir, int code)
{
	int ret;

	json_object_object_add(s->o, "result", json_object_new_string(summary_code_name(code)));
	ret = results_write_json(dir, "result.json", s->o);
	json_object_put(s->o);
	*s = (struct summary_json){ NULL, NULL };
	return ret;
}
