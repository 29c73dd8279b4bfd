/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CI gate, the only one: "did this kernel build change what the last
 * good one did?"  `ksmexit gate BASELINE CURRENT` compares two matrix
 * tables, A/B tables or result.json files cell by cell; `--baseline`
 * compares one run with a stored result.json.  Both judge a cell by
 * gate_cell_change(): faults per merged page moved by more than the
 * tolerance, or the verdict changed.
 */
#ifndef KSMEXIT_GATE_H
#define KSMEXIT_GATE_H

#include <stdbool.h>
#include <stdio.h>

#include "result_files.h"

#define GATE_DEFAULT_TOLERANCE	0.05

struct gate_table {
	struct result_cell *cells;
	int n;
};

/*
 * The cells of a matrix.tsv, an ab-summary.tsv or a result.json (columns
 * and keys by name), or of the first of those a directory holds.  0, or
 * EXIT_USAGE with the reason on stderr.
 */
int gate_read(const char *path, struct gate_table *t);
void gate_table_free(struct gate_table *t);

/*
 * Every baseline cell against its current partner, as KTAP on out (one
 * subtest per matched cell, "# unmatched:" for cells without a partner,
 * then "gate:" lines).  A current cell that could not run (scenario "-")
 * stands for every baseline cell of its kernel and MMU mode and skips
 * them.  Returns KSFT_FAIL when a cell changed, KSFT_SKIP when nothing
 * matched or a cell could not run, else KSFT_PASS.
 */
int gate_tables(const struct gate_table *base, const struct gate_table *cur,
		double tolerance, FILE *out);

/*
 * One run's cell against a baseline's: one "gate:" line on out (after
 * "# " under KTAP).  KSFT_PASS unchanged, KSFT_FAIL changed, KSFT_SKIP
 * when the baseline is another cell, naming what differs.
 */
int gate_compare(const struct result_cell *base, const struct result_cell *cur,
		 double tolerance, bool ktap, FILE *out);

/* `ksmexit gate [--tolerance T] BASELINE CURRENT`: argv[0] is "gate". */
int gate_main(int argc, char **argv, const char *prog);

#endif
