// SPDX-License-Identifier: GPL-2.0
/*
 * The renderers on hand-made results: the table shows every phase, the
 * verdict of each check and the n/a reasons decided when the run ended;
 * exit reasons show as counts where kvm_exit fired and as n/a where it
 * stayed silent; KTAP has its plan, one line per check and the totals.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cli.h"
#include "derive.h"
#include "fake_result.h"
#include "report.h"

static struct options o;
static struct check checks[] = {
	{ "merge", CHECK_PASS, "16384 of 16384 pages merged" },
	{ "expectation", CHECK_FAIL, "patched: 1.000 post-merge faults per merged page" },
};

/* What fn printed for a run whose kvm_exit fired or not; caller frees. */
static char *render(void (*fn)(FILE *, const struct run_config *,
			       const struct run_result *, const struct check *, int),
		    bool kvm_exit_fires)
{
	struct run_result res;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cli_defaults(&o);
	fake_result(&res);
	fake_svm_trace(&res, kvm_exit_fires);
	derive_trace_verdicts(&res);
	fn(f, &o.run, &res, checks, 2);
	fclose(f);
	return buf;
}

static void table_shows_phases_checks_and_na(void **state)
{
	char *out = render(report_table, false);

	(void)state;
	assert_non_null(strstr(out, "post-merge"));
	assert_non_null(strstr(out, "16384"));
	assert_non_null(strstr(out, "check merge"));
	assert_non_null(strstr(out, "FAIL patched: 1.000"));
	assert_non_null(strstr(out, "n/a: kvm:kvm_exit never fired while the vCPU "
				    "statistics counted 16390 exits"));
	assert_non_null(strstr(out, "exit reasons: n/a (kvm:kvm_exit never fired"));
	free(out);
}

static void table_shows_exit_reasons_when_traced(void **state)
{
	char *out = render(report_table, true), *row;

	(void)state;
	assert_null(strstr(out, "exit reasons: n/a"));
	row = strstr(out, "\nNPF ");
	assert_non_null(row);
	assert_non_null(strstr(row, "16384"));
	free(out);
}

static void ktap_has_plan_lines_and_totals(void **state)
{
	char *out = render(report_ktap, true);

	(void)state;
	assert_memory_equal(out, "TAP version 13\n1..2\n", strlen("TAP version 13\n1..2\n"));
	assert_non_null(strstr(out, "\nok 1 merge\n"));
	assert_non_null(strstr(out, "\nnot ok 2 expectation\n"));
	assert_non_null(strstr(out, "# Totals: pass:1 fail:1 xfail:0 xpass:0 skip:0 error:0\n"));
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_shows_phases_checks_and_na),
		cmocka_unit_test(table_shows_exit_reasons_when_traced),
		cmocka_unit_test(ktap_has_plan_lines_and_totals),
	};

	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
