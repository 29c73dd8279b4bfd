// SPDX-License-Identifier: GPL-2.0
/*
 * --baseline's comparison: the same cell unchanged passes, faults per
 * merged page moved beyond the tolerance or a changed verdict fails with
 * a CHANGED line, and a baseline of another cell (release, virtualization
 * mode, scenario run, mode, pages) is UNMATCHED (skip), naming what
 * differs.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "gate.h"
#include "test_util.h"

static struct result_cell cell(double fpmp, bool passed)
{
	struct result_cell c = { .control = false, .pages = 4096,
				 .faults_per_merged_page = fpmp };

	strcpy(c.verdict, passed ? "pass" : "fail");
	strcpy(c.release, "6.1.192");
	strcpy(c.virt_mode, "SVM/NPT");
	strcpy(c.scenario, "read");
	strcpy(c.run, "read");
	return c;
}

/* gate_compare's code, and what it printed in out (caller frees). */
static int compare(struct result_cell b, struct result_cell c, char **out)
{
	size_t len = 0;
	FILE *f = open_memstream(out, &len);
	int code = gate_compare(&b, &c, GATE_DEFAULT_TOLERANCE, false, f);

	fclose(f);
	return code;
}

static void unchanged_passes(void **state)
{
	char *out;

	(void)state;
	assert_int_equal(compare(cell(1.0, true), cell(1.04, true), &out), KSFT_PASS);
	assert_non_null(strstr(out, "gate: unchanged"));
	free(out);
	assert_int_equal(compare(cell(NAN, true), cell(NAN, true), &out), KSFT_PASS);
	free(out);
}

static void moved_or_verdict_fails(void **state)
{
	char *out;

	(void)state;
	assert_int_equal(compare(cell(0.0, true), cell(1.0, true), &out), KSFT_FAIL);
	assert_non_null(strstr(out, "gate: CHANGED 6.1.192 SVM/NPT read/read ksm 4096 pages: "
				    "faults per merged page 0.000 -> 1.000 (moved 1.000 > 0.05)"));
	free(out);
	assert_int_equal(compare(cell(1.0, true), cell(1.0, false), &out), KSFT_FAIL);
	assert_non_null(strstr(out, "verdict pass -> fail"));
	free(out);
	assert_int_equal(compare(cell(1.0, true), cell(NAN, true), &out), KSFT_FAIL);
	free(out);
}

static void another_cell_is_unmatched(void **state)
{
	struct result_cell c = cell(1.0, true);
	char *out;

	(void)state;
	c.pages = 16384;
	assert_int_equal(compare(cell(1.0, true), c, &out), KSFT_SKIP);
	assert_non_null(strstr(out, "UNMATCHED the baseline is another cell (page count)"));
	free(out);
	c = cell(1.0, true);
	strcpy(c.release, "6.12.117");
	assert_int_equal(compare(cell(1.0, true), c, &out), KSFT_SKIP);
	assert_non_null(strstr(out, "(kernel release)"));
	free(out);
	c = cell(1.0, true);
	c.control = true;
	assert_int_equal(compare(cell(1.0, true), c, &out), KSFT_SKIP);
	assert_non_null(strstr(out, "(mode (ksm or control))"));
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unchanged_passes),
		cmocka_unit_test(moved_or_verdict_fails),
		cmocka_unit_test(another_cell_is_unmatched),
	};

	return cmocka_run_group_tests_name("gate", tests, NULL, NULL);
}
