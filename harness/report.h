/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Output for people (a table) and for kselftest runners (KTAP), and the
 * files a run leaves behind: result.json (versioned schema, see README)
 * and phases.tsv, each written to a temporary file and renamed.
 */
#ifndef KSMEXIT_REPORT_H
#define KSMEXIT_REPORT_H

#include <stdio.h>

#include "run.h"

#define RESULT_SCHEMA_VERSION 1

struct json_object;

/* "EPT_VIOLATION", "NPF", or "isa 2 reason 0x123" when the table has none. */
const char *trace_reason_label(const struct trace_reason *r, char *buf, size_t len);

void report_table(FILE *out, const struct run_config *cfg,
		  const struct run_result *res, const struct check *checks,
		  int nr_checks);
void report_ktap(FILE *out, const struct run_config *cfg,
		 const struct run_result *res, const struct check *checks,
		 int nr_checks);

/* The result as a json-c object (caller puts it). */
struct json_object *result_to_json(const struct run_config *cfg,
				   const struct run_result *res,
				   const struct check *checks, int nr_checks);
/*
 * Creates <results_dir>/<timestamp>-<hostname>/ and writes result.json and
 * phases.tsv there.  Returns 0 and the directory in dir, or -errno with a
 * message on stderr naming the path.
 */
int results_write(const struct run_config *cfg, const struct run_result *res,
		  const struct check *checks, int nr_checks, char *dir, size_t len);
/*
 * The run's directory: <results_dir>/<dir_name>, or a new
 * <results_dir>/<timestamp>-<hostname>[-N] without dir_name.
 */
int results_make_dir(const struct run_config *cfg, const char *hostname,
		     char *dir, size_t len);
/* dir/name, atomically (temporary file, fsync, rename); 0 or -errno. */
int results_write_file(const char *dir, const char *name, const char *text, size_t len);
int results_write_json(const char *dir, const char *name, struct json_object *o);
/* Writes text to out with each line indented by four spaces (nested KTAP). */
void ktap_indent(FILE *out, const char *text);

#endif
