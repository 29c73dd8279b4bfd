/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The result.json of a suite (schema ksmexit-suite) or of a multi-run
 * scenario (ksmexit-scenario): the envelope every ksmexit JSON file has,
 * one entry per scenario or run with that run's own result.json inside,
 * and for a sweep its fits and sweep.tsv.  suite.c decides; this writes.
 */
#ifndef KSMEXIT_SUMMARY_H
#define KSMEXIT_SUMMARY_H

#include <stddef.h>

#include "hostinfo.h"
#include "scenario.h"
#include "sweep.h"

struct json_object;

struct summary_json {
	struct json_object *o;
	struct json_object *entries;	/* "runs" or "scenarios" */
};

/* A child's exit code as a verdict name (pass, fail, skip). */
const char *summary_code_name(int code);

/* A scenario's (its name given: ksmexit-scenario) or the suite's (NULL). */
void summary_json_begin(struct summary_json *s, const char *scenario, const char *started,
			const struct hostinfo *host);
/* A multi-run scenario's run; its result.json (or NULL: it wrote none), kept. */
void summary_json_add_run(struct summary_json *s, const char *label, int code,
			  const char *skip_reason, struct json_object *run);
/* A suite's scenario; outcome is its result.json (or NULL), kept. */
void summary_json_add_scenario(struct summary_json *s, const struct scenario *sc, int code,
			       const char *skip_reason, double wall_ms,
			       struct json_object *outcome);
/* A sweep's fits, and its points as dir/sweep.tsv. */
void summary_json_add_sweep(struct summary_json *s, const char *dir,
			    const struct sweep_point *pts, size_t n,
			    const struct line_fit *faults, const struct line_fit *merge_ms);
/* The suite's counts of pass, fail and skip and its wall time. */
void summary_json_add_totals(struct summary_json *s, const int *counts, double wall_ms);
/* Writes dir/result.json with its verdict and frees s; 0 or -errno. */
int summary_json_write(struct summary_json *s, const char *dir, int code);

#endif
