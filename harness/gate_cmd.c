// SPDX-License-Identifier: GPL-2.0
/* `ksmexit gate`: its command line; the rules are in gate.c. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "gate.h"
#include "test_util.h"

static void gate_usage(FILE *out, const char *prog)
{
	fprintf(out,
"Usage: %s gate [--tolerance T] BASELINE CURRENT\n"
"Compares a run's cells with a stored baseline's, as a CI job on kernel builds\n"
"asks it.  BASELINE and CURRENT: a matrix.tsv, an ab-summary.tsv or a\n"
"result.json, or a directory holding one.  Cells are matched on kernel,\n"
"release, virtualization mode, MMU mode, scenario run, mode and pages.\n\n"
"      --tolerance T   how far faults per merged page may move, 0..1 (default %.2f)\n\n"
"Output: KTAP, one subtest per matched cell, then a \"gate: CHANGED\" line per\n"
"changed cell.  Exit: 0 unchanged, 1 a cell changed (faults per merged page\n"
"moved by more than T, or its verdict changed), 4 a current cell could not run\n"
"or no cell matched, 2 bad input.\n", prog, GATE_DEFAULT_TOLERANCE);
}

static int gate_usage_error(const char *prog, const char *what)
{
	fprintf(stderr, "%s gate: %s\nTry '%s gate --help'.\n", prog, what, prog);
	return EXIT_USAGE;
}

int gate_main(int argc, char **argv, const char *prog)
{
	static const struct option opts[] = {
		{ "tolerance", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct gate_table base, cur;
	double tolerance = GATE_DEFAULT_TOLERANCE;
	int opt, ret;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (opt == 'h') {
			gate_usage(stdout, prog);
			return KSFT_PASS;
		}
		if (opt != 't')
			return gate_usage_error(prog, "bad or incomplete option");
		if (parse_ratio(optarg, &tolerance))
			return gate_usage_error(prog, "--tolerance: expected 0 .. 1, e.g. 0.05");
	}
	if (argc - optind != 2)
		return gate_usage_error(prog, "expected BASELINE and CURRENT");
	ret = gate_read(argv[optind], &base);
	if (ret)
		return ret;
	ret = gate_read(argv[optind + 1], &cur);
	if (!ret)
		ret = gate_tables(&base, &cur, tolerance, stdout);
	gate_table_free(&base);
	gate_table_free(&cur);
	return ret;
}
