/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Output for people (a table) and for kselftest runners (KTAP).  Formats
 * a result; computes nothing.
 */
#ifndef KSMEXIT_REPORT_H
#define KSMEXIT_REPORT_H

#include <stdio.h>

#include "config.h"
#include "result.h"


void report_table(FILE *out, const struct run_config *cfg,
		  const struct run_result *res, const struct check *checks,
		  int nr_checks);
void report_ktap(FILE *out, const struct run_config *cfg,
		 const struct run_result *res, const struct check *checks,
		 int nr_checks);
/* Writes text to out with each line indented by four spaces (nested KTAP). */
void ktap_indent(FILE *out, const char *text);
/* One line: faults per merged page, what they say of this kernel, and where. */
void report_verdict(FILE *out, const struct run_config *cfg, const struct run_result *res);

#endif
