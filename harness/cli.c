// SPDX-License-Identifier: GPL-2.0
/*
 * Option parsing.  Every value is range-checked here, before anything on
 * the host is touched, so bad input never leaves a trace.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "gate.h"
#include "kvm.h"
#include "measure.h"
#include "page.h"
#include "result_files.h"
#include "scenario.h"
#include "test_util.h"


int parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *v)
{
	char *end;
	unsigned long long x;

	if (!s || !isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	x = strtoull(s, &end, 10);
	if (errno || *end || x < min || x > max)
		return -1;
	*v = x;
	return 0;
}

int parse_size(const char *s, uint64_t *bytes)
{
	static const char units[] = "KMGT";
	unsigned long long x;
	const char *u;
	char *end;
	int shift = 0;

	if (!s || !isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	x = strtoull(s, &end, 10);
	if (errno)
		return -1;
	if (*end) {
		u = strchr(units, toupper((unsigned char)*end));
		if (!u || !*u)
			return -1;
		shift = 10 * (int)(u - units + 1);
		end++;
		if (*end == 'i' || *end == 'I')
			end++;
		if (*end == 'B' || *end == 'b')
			end++;
		if (*end)
			return -1;
	}
	if (x > (UINT64_MAX >> shift))
		return -1;
	*bytes = (uint64_t)x << shift;
	return 0;
}

void cli_defaults(struct options *o)
{
	struct run_config *cfg = &o->run;

	memset(o, 0, sizeof(*o));
	cfg->npages = DEFAULT_PAGES;
	cfg->stride = host_page_size();
	cfg->control_wait_ms = DEFAULT_CONTROL_WAIT_MS;
	cfg->pages_to_scan = DEFAULT_PAGES_TO_SCAN;
	cfg->sleep_millisecs = DEFAULT_SLEEP_MS;
	cfg->expect = EXPECT_NONE;
	cfg->dup_ratio = -1;
	cfg->merge_across_nodes = -1;
	cfg->trace_mode = TRACE_COUNTS;
	cfg->sample_hz = DEFAULT_SAMPLE_HZ;
	cfg->ksm_root = KSM_SYSFS_ROOT;
	cfg->sysfs_root = "/sys";
	o->results_dir = "results";
	o->tolerance = -1;
}

enum {
	OPT_STRIDE = 256, OPT_NO_KSM, OPT_CONTROL_WAIT, OPT_KSM_DURING,
	OPT_MERGE_TIMEOUT, OPT_PAGES_TO_SCAN, OPT_SLEEP_MS, OPT_EXPECT, OPT_KTAP,
	OPT_RESULTS_DIR, OPT_TRACE, OPT_NO_WAIT, OPT_RECOVER, OPT_SAMPLE_HZ,
	OPT_SCENARIO, OPT_DUP_RATIO, OPT_VCPUS, OPT_MAX_PAGES, OPT_BASELINE, OPT_TOLERANCE,
	OPT_BACKING, OPT_DURATION, OPT_NO_MIGRATE,
};

static const struct option long_options[] = {
	{ "pages", required_argument, NULL, 'p' },
	{ "size", required_argument, NULL, 's' },
	{ "stride", required_argument, NULL, OPT_STRIDE },
	{ "no-ksm", no_argument, NULL, OPT_NO_KSM },
	{ "control-wait", required_argument, NULL, OPT_CONTROL_WAIT },
	{ "ksm-during-passes", no_argument, NULL, OPT_KSM_DURING },
	{ "merge-timeout", required_argument, NULL, OPT_MERGE_TIMEOUT },
	{ "pages-to-scan", required_argument, NULL, OPT_PAGES_TO_SCAN },
	{ "sleep-ms", required_argument, NULL, OPT_SLEEP_MS },
	{ "expect", required_argument, NULL, OPT_EXPECT },
	{ "ktap", no_argument, NULL, OPT_KTAP },
	{ "results-dir", required_argument, NULL, OPT_RESULTS_DIR },
	{ "trace", required_argument, NULL, OPT_TRACE },
	{ "no-wait", no_argument, NULL, OPT_NO_WAIT },
	{ "sample-hz", required_argument, NULL, OPT_SAMPLE_HZ },
	{ "recover", no_argument, NULL, OPT_RECOVER },
	{ "scenario", required_argument, NULL, OPT_SCENARIO },
	{ "dup-ratio", required_argument, NULL, OPT_DUP_RATIO },
	{ "vcpus", required_argument, NULL, OPT_VCPUS },
	{ "max-pages", required_argument, NULL, OPT_MAX_PAGES },
	{ "duration", required_argument, NULL, OPT_DURATION },
	{ "no-migrate", no_argument, NULL, OPT_NO_MIGRATE },
	{ "baseline", required_argument, NULL, OPT_BASELINE },
	{ "tolerance", required_argument, NULL, OPT_TOLERANCE },
	{ "backing", required_argument, NULL, OPT_BACKING },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static __printf(2, 3) int usage_error(const char *prog, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help'.\n", prog);
	return EXIT_USAGE;
}

/* Index of arg in the NULL-terminated names, or -1. */
static int parse_choice(const char *arg, const char *const *names)
{
	for (int i = 0; names[i]; i++)
		if (!strcmp(arg, names[i]))
			return i;
	return -1;
}

int parse_ratio(const char *s, double *v)
{
	char *end;
	double x;

	if (!s || !(isdigit((unsigned char)s[0]) || s[0] == '.'))
		return -1;
	errno = 0;
	x = strtod(s, &end);
	if (errno || *end || !(x >= 0 && x <= 1))
		return -1;
	*v = x;
	return 0;
}

/* An option none of the parse_*_opt below knows. */
#define NOT_MINE	(-100)

/* How much guest memory, how many vCPUs, how it is read. */
static int parse_size_opt(int opt, const char *arg, const char *prog,
			  struct run_config *cfg)
{
	uint64_t max_pages = run_max_pages(), v;
	size_t page = host_page_size();

	switch (opt) {
	case OPT_VCPUS:
		if (parse_u64(arg, 1, KVM_MAX_TEST_VCPUS, &v))
			return usage_error(prog, "--vcpus '%s': expected 1 .. %d", arg,
					   KVM_MAX_TEST_VCPUS);
		cfg->nr_vcpus = v;
		return 0;
	case OPT_MAX_PAGES:
		if (parse_u64(arg, SWEEP_MIN_PAGES, MAX_SWEEP_PAGES < max_pages ?
			      MAX_SWEEP_PAGES : max_pages, &v))
			return usage_error(prog, "--max-pages '%s': expected 1024 .. 4194304", arg);
		cfg->sweep_max_pages = v;
		return 0;
	case OPT_DURATION:
		if (parse_u64(arg, 1, MAX_STRESS_S, &v))
			return usage_error(prog, "--duration '%s': expected 1 .. %d seconds", arg,
					   MAX_STRESS_S);
		cfg->stress_s = v;
		return 0;
	case OPT_NO_MIGRATE:
		cfg->stress_no_migrate = true;
		return 0;
	case 'p':
		if (parse_u64(arg, MIN_PAGES, max_pages, &v))
			return usage_error(prog, "--pages '%s': expected %d .. %llu (%llu GiB)", arg,
					   MIN_PAGES, (unsigned long long)max_pages,
					   (unsigned long long)run_max_gib());
		cfg->npages = v;
		return 0;
	case 's':
		if (parse_size(arg, &v) || v % page || v / page < MIN_PAGES ||
		    v / page > max_pages)
			return usage_error(prog, "--size '%s': expected a multiple of the "
					   "%zuK page from %zuM to %lluG, e.g. 64M or 2G", arg,
					   page >> 10, (MIN_PAGES * page) >> 20,
					   (unsigned long long)run_max_gib());
		cfg->npages = v / page;
		return 0;
	case OPT_STRIDE:
		if (parse_u64(arg, 8, page, &v) || (v & (v - 1)))
			return usage_error(prog, "--stride '%s': expected a power of two "
					   "from 8 to %zu (the page)", arg, page);
		cfg->stride = v;
		return 0;
	}
	return NOT_MINE;
}

/* How KSM is driven, or the control's wait instead. */
static int parse_ksm_opt(int opt, const char *arg, const char *prog,
			 struct run_config *cfg)
{
	uint64_t v;

	switch (opt) {
	case OPT_NO_KSM:
		cfg->no_ksm = true;
		return 0;
	case OPT_CONTROL_WAIT:
		if (parse_u64(arg, 0, 3600 * 1000, &v))
			return usage_error(prog, "--control-wait '%s': expected 0 .. 3600000 ms", arg);
		cfg->control_wait_ms = v;
		return 0;
	case OPT_KSM_DURING:
		cfg->ksm_during_passes = true;
		return 0;
	case OPT_MERGE_TIMEOUT:
		if (parse_u64(arg, 1, MAX_TIMEOUT_S, &v))
			return usage_error(prog, "--merge-timeout '%s': expected 1 .. 86400 s", arg);
		cfg->merge_timeout_ms = 1000 * v;
		return 0;
	case OPT_PAGES_TO_SCAN:
		if (parse_u64(arg, 1, 1U << 24, &v))
			return usage_error(prog, "--pages-to-scan '%s': expected 1 .. 16777216", arg);
		cfg->pages_to_scan = v;
		return 0;
	case OPT_SLEEP_MS:
		if (parse_u64(arg, 0, 60000, &v))
			return usage_error(prog, "--sleep-ms '%s': expected 0 .. 60000", arg);
		cfg->sleep_millisecs = v;
		return 0;
	}
	return NOT_MINE;
}

/* Which scenario, what to expect, what to observe. */
static int parse_run_opt(int opt, const char *arg, const char *prog,
			 struct run_config *cfg)
{
	uint64_t v;
	int n;

	switch (opt) {
	case OPT_SCENARIO:
		cfg->scenario = scenario_find(arg);
		if (!cfg->scenario)
			return usage_error(prog, "--scenario '%s': not a scenario; "
					   "'--help' lists them", arg);
		return 0;
	case OPT_BACKING:
		n = parse_choice(arg, region_backing_names);
		if (n < 0)
			return usage_error(prog, "--backing '%s': expected anonymous, anonymous_thp, "
					   "anonymous_hugetlb or shmem", arg);
		cfg->backing = n;
		return 0;
	case OPT_DUP_RATIO:
		if (parse_ratio(arg, &cfg->dup_ratio))
			return usage_error(prog, "--dup-ratio '%s': expected 0 .. 1, e.g. 0.5", arg);
		return 0;
	case OPT_EXPECT:
		/* Indexed by enum expect; "none" is only the default. */
		n = parse_choice(arg, (const char *[]){ "", "unpatched", "patched", NULL });
		if (n <= 0)
			return usage_error(prog, "--expect '%s': expected unpatched or patched", arg);
		cfg->expect = n;
		return 0;
	case OPT_TRACE:
		/* Indexed by enum trace_mode. */
		n = parse_choice(arg, (const char *[]){ "off", "counts", "pages", NULL });
		if (n < 0)
			return usage_error(prog, "--trace '%s': expected off, counts or pages", arg);
		cfg->trace_mode = n;
		return 0;
	case OPT_SAMPLE_HZ:
		if (parse_u64(arg, 0, MAX_SAMPLE_HZ, &v))
			return usage_error(prog, "--sample-hz '%s': expected 0 (off) .. 10000", arg);
		cfg->sample_hz = v;
		return 0;
	}
	return NOT_MINE;
}

/* How the process runs and where its results go. */
static int parse_program_opt(int opt, const char *arg, const char *prog,
			     struct options *o)
{
	struct result_cell cell;

	switch (opt) {
	case OPT_NO_WAIT:
		o->no_wait = true;
		return 0;
	case OPT_RECOVER:
		o->recover_only = true;
		return 0;
	case OPT_KTAP:
		o->ktap = true;
		return 0;
	case OPT_RESULTS_DIR:
		if (!arg[0])
			return usage_error(prog, "--results-dir '%s': expected a directory", arg);
		o->results_dir = arg;
		return 0;
	case OPT_BASELINE:
		if (results_read_cell(arg, &cell))
			return usage_error(prog, "--baseline '%s': not a ksmexit result.json "
					   "(schema ksmexit-result); ksmexit gate takes matrix "
					   "and A/B tables", arg);
		o->baseline = arg;
		return 0;
	case OPT_TOLERANCE:
		if (parse_ratio(arg, &o->tolerance))
			return usage_error(prog, "--tolerance '%s': expected 0 .. 1, e.g. 0.05", arg);
		return 0;
	}
	return NOT_MINE;
}

static int parse_one(int opt, const char *arg, const char *prog, struct options *o)
{
	int ret = parse_size_opt(opt, arg, prog, &o->run);

	if (ret == NOT_MINE)
		ret = parse_ksm_opt(opt, arg, prog, &o->run);
	if (ret == NOT_MINE)
		ret = parse_run_opt(opt, arg, prog, &o->run);
	if (ret == NOT_MINE)
		ret = parse_program_opt(opt, arg, prog, o);
	return ret == NOT_MINE ? usage_error(prog, "%s", "unknown option") : ret;
}

/* Options that make no sense together are refused before anything runs. */
static int check_combinations(const char *prog, const struct options *o)
{
	const struct run_config *cfg = &o->run;
	const struct scenario *s = cfg->scenario;

	if (o->suite && (s || cfg->no_ksm || cfg->expect != EXPECT_NONE))
		return usage_error(prog, "%s", "suite runs every scenario with KSM: drop "
				   "--scenario, --no-ksm and --expect");
	if (cfg->no_ksm && cfg->expect != EXPECT_NONE)
		return usage_error(prog, "%s", "--expect needs a merge; drop --no-ksm");
	if (cfg->dup_ratio >= 0 && !o->suite && (!s || s->fill != FILL_PARTIAL))
		return usage_error(prog, "%s", "--dup-ratio goes with --scenario partial");
	if (cfg->sweep_max_pages && !o->suite && (!s || s->kind != SCENARIO_SWEEP))
		return usage_error(prog, "%s", "--max-pages goes with --scenario sweep");
	if ((cfg->stress_s || cfg->stress_no_migrate) && !o->suite && (!s || !s->stress))
		return usage_error(prog, "%s", "--duration and --no-migrate go with --scenario stress");
	if (s && s->kind != SCENARIO_SINGLE && cfg->no_ksm)
		return usage_error(prog, "--scenario %s has no control; drop --no-ksm",
				   s->name);
	if (o->baseline && (o->suite || (s && s->kind != SCENARIO_SINGLE)))
		return usage_error(prog, "%s", "--baseline gates one run; for a suite or a "
				   "multi-run scenario use ksmexit gate on its results");
	if (s && s->thp && cfg->backing != BACKING_ANONYMOUS && cfg->backing != BACKING_ANONYMOUS_THP)
		return usage_error(prog, "--scenario thp is anonymous_thp memory; drop --backing %s",
				   region_backing_names[cfg->backing]);
	if (o->tolerance >= 0 && !o->baseline)
		return usage_error(prog, "%s", "--tolerance goes with --baseline");
	if (!kvm_arch_counts_faults && cfg->trace_mode == TRACE_OFF)
		return usage_error(prog, "%s", "--trace off: arm64 KVM keeps no fault statistic, "
				   "faults are counted with kvm:kvm_guest_fault (--trace counts)");
	return 0;
}

int cli_parse(int argc, char **argv, struct options *o)
{
	const char *prog = argc > 0 ? argv[0] : "ksmexit";
	int opt, ret;

	optind = 0;	/* 0, not 1: glibc then resets all of getopt's state */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "p:s:h", long_options, NULL)) != -1) {
		if (opt == 'h')
			return CLI_HELP;
		if (opt == '?' || opt == ':')
			return usage_error(prog, "bad or incomplete option '%s'",
					   argv[optind - 1]);
		ret = parse_one(opt, optarg, prog, o);
		if (ret)
			return ret;
	}
	if (optind < argc && !strcmp(argv[optind], "suite")) {
		o->suite = true;
		optind++;
	}
	if (optind < argc)
		return usage_error(prog, "unexpected argument '%s'", argv[optind]);
	ret = check_combinations(prog, o);
	if (ret)
		return ret;
	if (!o->suite)
		scenario_apply(o->run.scenario ? o->run.scenario : scenario_find("read"),
			       &o->run);
	return 0;
}
