// SPDX-License-Identifier: GPL-2.0
/*
 * The sweep's least-squares line: a known line comes back, and too few
 * points give no line.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "sweep.h"

static void line_fit_recovers_a_line(void **state)
{
	double x[] = { 1024, 2048, 4096, 8192 }, y[4], flat[] = { 0, 0, 0, 0 };
	struct line_fit f;

	(void)state;
	for (int i = 0; i < 4; i++)
		y[i] = 0.5 * x[i] + 3;
	line_fit(x, y, 4, &f);
	assert_true(fabs(f.slope - 0.5) < 1e-9 && fabs(f.intercept - 3) < 1e-6);
	assert_true(fabs(f.r2 - 1) < 1e-12);
	line_fit(x, flat, 4, &f);	/* a kernel with no faults: slope 0 */
	assert_true(f.slope == 0 && f.intercept == 0 && f.r2 == 1);
	line_fit(x, y, 1, &f);
	assert_true(isnan(f.slope));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(line_fit_recovers_a_line),
	};

	return cmocka_run_group_tests_name("sweep", tests, NULL, NULL);
}
