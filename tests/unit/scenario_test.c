// SPDX-License-Identifier: GPL-2.0
/*
 * Scenario presets: a multi-run scenario expands into its runs (sweep
 * into powers of two, numa into both merge_across_nodes values).
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

#include "cli.h"
#include "scenario.h"

static void multi_run_scenarios_expand(void **state)
{
	struct options o;
	struct run_config base, cfgs[16];
	char labels[16][32];
	int n;

	(void)state;
	cli_defaults(&o);
	base = o.run;
	scenario_apply(scenario_find("sweep"), &base);
	base.sweep_max_pages = 1 << 14;
	n = scenario_runs(&base, cfgs, labels, 16);
	assert_int_equal(n, 5);			/* 2^10 .. 2^14 */
	assert_int_equal(cfgs[0].npages, 1024);
	assert_int_equal(cfgs[4].npages, 16384);
	assert_string_equal(cfgs[4].run_label, "pages-16384");
	cli_defaults(&o);
	base = o.run;
	scenario_apply(scenario_find("numa"), &base);
	n = scenario_runs(&base, cfgs, labels, 16);
	assert_int_equal(n, 2);
	assert_int_equal(cfgs[0].merge_across_nodes, 0);
	assert_int_equal(cfgs[1].merge_across_nodes, 1);
	assert_true(cfgs[1].numa_split);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(multi_run_scenarios_expand),
	};

	return cmocka_run_group_tests_name("scenario", tests, NULL, NULL);
}
