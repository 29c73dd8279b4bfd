// SPDX-License-Identifier: GPL-2.0
/*
 * What a run asserts, on hand-made results: a clean run passes; a steady
 * pass that faulted beyond the noise allowance, or KSM pages before the
 * merge, fail steady_unperturbed with a message naming what was seen; a
 * short merge fails; --expect decides on faults per merged page; the
 * control skips the merge check; a THP run passes huge_pages only when
 * the merge split huge pages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "cli.h"
#include "fake_result.h"
#include "measure.h"

struct fixture {
	struct options o;
	struct run_result res;
	struct check checks[MAX_CHECKS];
};

static struct fixture f;

/* A clean default run: cfg as the command line leaves it, census taken. */
static void clean_run(void)
{
	char *argv[] = { "ksmexit", NULL };

	cli_defaults(&f.o);
	assert_int_equal(cli_parse(1, argv, &f.o), 0);
	fake_result(&f.res);
	f.res.mergeable_pages = 16384;
	f.res.phases[PHASE_STEADY].region_ksm_pages = 0;
}

static const struct check *find(int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(f.checks[i].name, name))
			return &f.checks[i];
	fail_msg("no check named %s", name);
	return NULL;
}

static const struct check *run(const char *name)
{
	return find(run_checks(&f.o.run, &f.res, f.checks), name);
}

static void clean_run_passes(void **state)
{
	int n;

	(void)state;
	clean_run();
	n = run_checks(&f.o.run, &f.res, f.checks);
	assert_false(checks_failed(f.checks, n));
	assert_int_equal(find(n, "steady_unperturbed")->result, CHECK_PASS);
	assert_int_equal(find(n, "merge")->result, CHECK_PASS);
	assert_int_equal(find(n, "expectation")->result, CHECK_SKIP);
}

static void steady_faults_fail_beyond_noise(void **state)
{
	const struct check *c;

	(void)state;
	clean_run();
	f.res.phases[PHASE_STEADY].pf_taken = STEADY_FAULTS_ALLOWED(16384);
	assert_int_equal(run("steady_unperturbed")->result, CHECK_PASS);
	f.res.phases[PHASE_STEADY].pf_taken = 2058;
	c = run("steady_unperturbed");
	assert_int_equal(c->result, CHECK_FAIL);
	assert_non_null(strstr(c->detail, "measurement perturbed"));
	assert_non_null(strstr(c->detail, "took 2058 faults"));
	assert_non_null(strstr(c->detail, "KSM merging it early"));
}

static void ksm_pages_before_merge_fail(void **state)
{
	const struct check *c;

	(void)state;
	clean_run();
	f.res.phases[PHASE_STEADY].region_ksm_pages = 16384;
	c = run("steady_unperturbed");
	assert_int_equal(c->result, CHECK_FAIL);
	assert_non_null(strstr(c->detail, "16384 region pages were already KSM pages"));
}

static void short_merge_fails(void **state)
{
	(void)state;
	clean_run();
	f.res.merged_pages = 100;
	assert_int_equal(run("merge")->result, CHECK_FAIL);
}

static void expectation_decides_on_faults_per_page(void **state)
{
	(void)state;
	clean_run();
	f.o.run.expect = EXPECT_UNPATCHED;
	assert_int_equal(run("expectation")->result, CHECK_PASS);
	f.o.run.expect = EXPECT_PATCHED;
	assert_int_equal(run("expectation")->result, CHECK_FAIL);
	f.res.faults_per_merged_page = 0.05;
	assert_int_equal(run("expectation")->result, CHECK_PASS);
}

static void control_skips_merge(void **state)
{
	(void)state;
	clean_run();
	f.o.run.no_ksm = true;
	assert_int_equal(run("merge")->result, CHECK_SKIP);
}

static void thp_merge_must_split(void **state)
{
	(void)state;
	clean_run();
	f.o.run.thp = true;
	f.res.thp.before_merge = 0;
	assert_int_equal(run("huge_pages")->result, CHECK_SKIP);
	f.res.thp.before_merge = 32;
	f.res.thp.after_merge = 32;
	assert_int_equal(run("huge_pages")->result, CHECK_FAIL);
	f.res.thp.after_merge = 0;
	assert_int_equal(run("huge_pages")->result, CHECK_PASS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clean_run_passes),
		cmocka_unit_test(steady_faults_fail_beyond_noise),
		cmocka_unit_test(ksm_pages_before_merge_fail),
		cmocka_unit_test(short_merge_fails),
		cmocka_unit_test(expectation_decides_on_faults_per_page),
		cmocka_unit_test(control_skips_merge),
		cmocka_unit_test(thp_merge_must_split),
	};

	return cmocka_run_group_tests_name("checks", tests, NULL, NULL);
}
