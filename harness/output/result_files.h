/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The files a run leaves behind, and the one reader of them: result.json
 * (versioned schema, see docs/output.md), phases.tsv, timeline.tsv and
 * latency.tsv, each written to a temporary file and renamed; suites and
 * multi-run scenarios wrap their runs' results in the same envelope.
 */
#ifndef KSMEXIT_RESULT_FILES_H
#define KSMEXIT_RESULT_FILES_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "result.h"
#include "sweep.h"

#define RESULT_SCHEMA_VERSION 1

struct json_object;

/* Where a run's directory goes: <results_dir>/<dir_name>, or a timestamp. */
struct run_output {
	const char *results_dir;
	const char *dir_name;		/* NULL: <timestamp>-<hostname>[-N] */
	bool ktap;			/* stdout carries KTAP */
	const char *baseline;		/* --baseline result.json, or NULL */
	double tolerance;		/* on faults per merged page */
};

/* The result as a json-c object (caller puts it). */
struct json_object *result_to_json(const struct run_config *cfg,
				   const struct run_result *res,
				   const struct check *checks, int nr_checks);
/* schema, schema_version and started_at: the head every ksmexit JSON file shares. */
void results_envelope(struct json_object *o, const char *schema, const char *started);
/*
 * Creates the run's directory and writes result.json, phases.tsv and the
 * rest there.  Returns 0 and the directory in dir, or -errno with a
 * message on stderr naming the path.
 */
int results_write(const struct run_output *out, const struct run_config *cfg,
		  const struct run_result *res, const struct check *checks,
		  int nr_checks, char *dir, size_t len);
int results_make_dir(const struct run_output *out, const char *hostname,
		     char *dir, size_t len);
/* dir/name, atomically (temporary file, fsync, rename); 0 or -errno. */
int results_write_file(const char *dir, const char *name, const char *text, size_t len);
int results_write_json(const char *dir, const char *name, struct json_object *o);

/*
 * A cell as the CI gate sees it: what identifies it (kernel, release,
 * virtualization mode, MMU mode, scenario run, mode, pages) and what is
 * compared (faults per merged page, NAN when nothing merged, and the
 * verdict).  A run knows no kernel spec or MMU mode name: those are "" in
 * a run's cell and in a result.json's.
 */
struct result_cell {
	char kernel[64];		/* the matrix's kernel spec, the A/B's label */
	char release[128];
	char virt_mode[48];
	char mmu[32];			/* the matrix's, "intel-" before Intel's */
	char scenario[32];		/* "-": the cell could not run */
	char run[32];
	bool control;
	long pages;
	double faults_per_merged_page;
	char verdict[256];		/* pass, fail, "" (none kept) or why it could not run */
};

/* A result.json's cell: 0, or -1 when path is not a ksmexit result. */
int results_read_cell(const char *path, struct result_cell *c);
/* The same, of a run in this process. */
void results_cell_of(const struct run_config *cfg, const struct run_result *res,
		     bool passed, struct result_cell *c);

/* dir/name/result.json, or NULL (a run that died before writing it). */
struct json_object *results_read(const char *dir, const char *name);
/* A sweep's point from one run's result.json, by the keys result_to_json writes. */
void results_sweep_point(struct json_object *run, struct sweep_point *p);

#endif
