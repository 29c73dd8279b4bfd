// SPDX-License-Identifier: GPL-2.0
/* The option and size parsers: good input lands in options, bad input is exit 2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include "cli.h"
#include "scenario.h"
#include "quiet.h"
#include "test_util.h"

#define ARGV(...) ((char *[]){ "ksmexit", __VA_ARGS__, NULL })
#define ARGC(...) ((int)(sizeof((char *[]){ "ksmexit", __VA_ARGS__ }) / sizeof(char *)))
#define PARSE(cfg, ...) cli_parse(ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), cfg)

static void sizes_in_binary_units(void **state)
{
	uint64_t b;

	(void)state;
	assert_int_equal(parse_size("4096", &b), 0);
	assert_int_equal(b, 4096);
	assert_int_equal(parse_size("64M", &b), 0);
	assert_int_equal(b, 64ULL << 20);
	assert_int_equal(parse_size("2G", &b), 0);
	assert_int_equal(b, 2ULL << 30);
	assert_int_equal(parse_size("16GiB", &b), 0);
	assert_int_equal(b, 16ULL << 30);
	assert_int_equal(parse_size("1k", &b), 0);
	assert_int_equal(b, 1024);
}

static void sizes_rejected(void **state)
{
	const char *bad[] = { "", "M", "-1", "64X", "64MM", "1.5G", " 64M",
			      "99999999999999999999", "17179869184T", "64M ", "0x10" };
	uint64_t b;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(parse_size(bad[i], &b), -1);
}

static void defaults(void **state)
{
	struct options o;
	struct run_config *cfg = &o.run;

	(void)state;
	cli_defaults(&o);
	assert_int_equal(cli_parse(1, ARGV(NULL), &o), 0);
	assert_int_equal(cfg->npages, 16384);
	assert_int_equal(cfg->stride, host_page_size());
	assert_false(cfg->no_ksm);
	assert_int_equal(cfg->expect, EXPECT_NONE);
	assert_int_equal(cfg->merge_timeout_ms, 0);	/* scaled to the size when run */
	assert_int_equal(run_merge_timeout_ms(cfg), 31000);
	assert_int_equal(cfg->trace_mode, TRACE_COUNTS);
	assert_false(o.recover_only);
}

static void good_options(void **state)
{
	struct options o;
	struct run_config *cfg = &o.run;

	(void)state;
	cli_defaults(&o);
	assert_int_equal(PARSE(&o, "--size", "1G", "--stride", "512", "--expect",
			       "patched", "--ktap", "--merge-timeout", "5",
			       "--ksm-during-passes", "--results-dir", "/tmp/x", "--trace",
			       "pages", "--no-wait"), 0);
	assert_int_equal(cfg->npages, 262144);
	assert_int_equal(cfg->stride, 512);
	assert_int_equal(cfg->expect, EXPECT_PATCHED);
	assert_true(o.ktap);
	assert_true(cfg->ksm_during_passes);
	assert_int_equal(cfg->merge_timeout_ms, 5000);
	assert_string_equal(o.results_dir, "/tmp/x");
	assert_int_equal(cfg->trace_mode, TRACE_PAGES);
	assert_true(o.no_wait);

	cli_defaults(&o);
	assert_int_equal(PARSE(&o, "-p", "256", "--no-ksm", "--control-wait", "0"), 0);
	assert_int_equal(cfg->npages, 256);
	assert_true(cfg->no_ksm);
	assert_int_equal(cfg->control_wait_ms, 0);
}

static void bad_options_are_usage_errors(void **state)
{
	struct options o;

	(void)state;
	int saved, ret;

#define BAD(...) do { cli_defaults(&o); saved = quiet_begin(STDERR_FILENO); \
	ret = PARSE(&o, __VA_ARGS__); quiet_end(STDERR_FILENO, saved); \
	assert_int_equal(ret, EXIT_USAGE); } while (0)
	BAD("--pages", "255");
	BAD("--pages", "abc");
	BAD("--pages", "-5");
	BAD("--pages");
	BAD("--size", "1000");		/* not a multiple of 4K */
	BAD("--size", "512K");		/* below 1M */
	BAD("--size", "300G");		/* beyond what the page tables map */
	BAD("--stride", "12");
	BAD("--stride", "8192");
	BAD("--stride", "0");
	BAD("--expect", "maybe");
	BAD("--expect", "");
	BAD("--trace", "all");
	BAD("--trace", "");
	BAD("--merge-timeout", "0");
	BAD("--no-ksm", "--expect", "unpatched");
	BAD("--results-dir", "");
	BAD("--frobnicate");
	BAD("stray");
	BAD("--scenario", "nosuch");
	BAD("--dup-ratio", "0.5");			/* not partial */
	BAD("--scenario", "partial", "--dup-ratio", "1.5");
	BAD("--scenario", "partial", "--dup-ratio", "-0.1");
	BAD("--scenario", "partial", "--dup-ratio", "half");
	BAD("--vcpus", "0");
	BAD("--vcpus", "65");
	BAD("--max-pages", "4096");			/* not sweep */
	BAD("--scenario", "sweep", "--max-pages", "512");
	BAD("--scenario", "sweep", "--max-pages", "8388608");
	BAD("--scenario", "sweep", "--no-ksm");
	BAD("suite", "--scenario", "read");
	BAD("suite", "--no-ksm");
	BAD("suite", "--expect", "patched");
	BAD("suite", "extra");
	BAD("--baseline", "/nonexistent/result.json");
	BAD("--baseline", "README.md");			/* not a result.json */
	BAD("--tolerance", "0.1");			/* no --baseline */
	BAD("--tolerance", "2");
	BAD("--backing", "file");
	BAD("--scenario", "thp", "--backing", "shmem");	/* thp is anonymous_thp */
#undef BAD
}

static void scenarios_set_their_preset(void **state)
{
	struct options o;
	struct run_config *cfg = &o.run;

	(void)state;
	cli_defaults(&o);
	assert_int_equal(PARSE(&o, "--pages", "1024"), 0);
	assert_string_equal(cfg->scenario->name, "read");
	assert_int_equal(cfg->fill, FILL_DUP);
	assert_int_equal(cfg->nr_vcpus, 1);

	assert_int_equal(cfg->backing, BACKING_ANONYMOUS);
	cli_defaults(&o);
	assert_int_equal(PARSE(&o, "--backing", "shmem"), 0);
	assert_int_equal(cfg->backing, BACKING_SHMEM);
	cli_defaults(&o);
	assert_int_equal(PARSE(&o, "--scenario", "thp"), 0);
	assert_int_equal(cfg->backing, BACKING_ANONYMOUS_THP);

	cli_defaults(&o);
	assert_int_equal(PARSE(&o, "--scenario", "partial"), 0);
	assert_int_equal(cfg->fill, FILL_PARTIAL);
	assert_true(cfg->dup_ratio == 0.5);
	cli_defaults(&o);
	assert_int_equal(PARSE(&o, "--scenario", "partial", "--dup-ratio", ".25"), 0);
	assert_true(cfg->dup_ratio == 0.25);

	cli_defaults(&o);
	assert_int_equal(PARSE(&o, "--scenario", "vcpus"), 0);
	assert_true(cfg->nr_vcpus >= 2);
	cli_defaults(&o);
	assert_int_equal(PARSE(&o, "--scenario", "vcpus", "--vcpus", "3"), 0);
	assert_int_equal(cfg->nr_vcpus, 3);

	cli_defaults(&o);
	assert_int_equal(PARSE(&o, "--scenario", "zero"), 0);
	assert_true(cfg->use_zero_pages);
	assert_int_equal(cfg->fill, FILL_ZERO);
	cli_defaults(&o);
	assert_int_equal(PARSE(&o, "--scenario", "write"), 0);
	assert_true(cfg->post_merge_write);
	cli_defaults(&o);
	assert_int_equal(PARSE(&o, "--scenario", "read-keeps-sharing"), 0);
	assert_true(cfg->again_passes > 1);
	cli_defaults(&o);
	assert_int_equal(PARSE(&o, "--scenario", "sweep"), 0);
	assert_int_equal(cfg->sweep_max_pages, 1 << 20);
	cli_defaults(&o);
	assert_int_equal(PARSE(&o, "--scenario", "sweep", "--max-pages", "4194304"), 0);
	assert_int_equal(cfg->sweep_max_pages, 1 << 22);

	cli_defaults(&o);
	assert_int_equal(PARSE(&o, "suite", "--ktap", "--max-pages", "65536"), 0);
	assert_true(o.suite);
	assert_null(cfg->scenario);
}

static void help_is_not_an_error(void **state)
{
	struct options o;

	(void)state;
	cli_defaults(&o);
	assert_int_equal(PARSE(&o, "--help"), CLI_HELP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sizes_in_binary_units),
		cmocka_unit_test(sizes_rejected),
		cmocka_unit_test(defaults),
		cmocka_unit_test(good_options),
		cmocka_unit_test(bad_options_are_usage_errors),
		cmocka_unit_test(scenarios_set_their_preset),
		cmocka_unit_test(help_is_not_an_error),
	};

	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
