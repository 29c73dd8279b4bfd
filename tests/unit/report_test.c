// SPDX-License-Identifier: GPL-2.0
/*
 * The renderers on hand-made results: the table shows every phase, the
 * verdict of each check and the n/a reasons decided when the run ended;
 * exit reasons show as counts where kvm_exit fired and as n/a where it
 * stayed silent; KTAP has its plan, one line per check and the totals;
 * the verdict line says what the figure means and where it was measured.
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

/* Default options, a fake result, and a stream to render it into. */
static FILE *fresh(struct run_result *res, char **buf, size_t *len)
{
	*buf = NULL;
	*len = 0;
	cli_defaults(&o);
	fake_result(res);
	return open_memstream(buf, len);
}

/* What fn printed for a run whose kvm_exit fired or not; caller frees. */
static char *render(void (*fn)(FILE *, const struct run_config *,
			       const struct run_result *, const struct check *, int),
		    bool kvm_exit_fires)
{
	struct run_result res;
	char *buf;
	size_t len;
	FILE *f = fresh(&res, &buf, &len);

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

/* The verdict of a run with faults per merged page fpmp (NAN: none merged). */
static char *verdict(double fpmp, bool control, bool write)
{
	struct run_result res;
	char *buf;
	size_t len;
	FILE *f = fresh(&res, &buf, &len);

	o.run.no_ksm = control;
	o.run.post_merge_write = write;
	res.faults_per_merged_page = fpmp;
	res.merged_pages = fpmp != fpmp ? 0 : 16384;
	res.faults_per_page = 0;
	strcpy(res.host.kernel_release, "6.1.192");
	res.host.under_hypervisor = true;
	report_verdict(f, &o.run, &res);
	fclose(f);
	return buf;
}

static void verdict_says_what_the_figure_means(void **state)
{
	char *zapped = verdict(1.0, false, false), *in_place = verdict(0.0, false, false);
	char *some = verdict(0.5, false, false), *none = verdict(0.0 / 0.0, false, false);
	char *control = verdict(0.0 / 0.0, true, false), *write = verdict(3.0, false, true);

	(void)state;
	assert_non_null(strstr(zapped, "1.00 faults per merged page (16384 pages merged): "
				       "KVM's mapping is zapped on merge"));
	assert_non_null(strstr(in_place, "0.00 faults per merged page (16384 pages merged): "
					 "KVM's mappings are updated in place"));
	assert_non_null(strstr(some, "some merged pages fault"));
	assert_non_null(strstr(none, "KSM merged nothing"));
	assert_non_null(strstr(control, "control, no KSM: 0.00 faults per page"));
	assert_non_null(strstr(write, "copy-on-write included"));
	assert_null(strstr(write, "zapped"));
	/* Where: not on bare metal here. */
	assert_non_null(strstr(zapped, "verdict (6.1.192, SVM/NPT, under a hypervisor): "));
	assert_int_equal(strchr(zapped, '\n') - zapped + 1, strlen(zapped));	/* one line */
	free(zapped); free(in_place); free(some); free(none); free(control); free(write);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_shows_phases_checks_and_na),
		cmocka_unit_test(table_shows_exit_reasons_when_traced),
		cmocka_unit_test(ktap_has_plan_lines_and_totals),
		cmocka_unit_test(verdict_says_what_the_figure_means),
	};

	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
