/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --baseline: one run against a stored result.json, as a CI job on kernel
 * builds asks it ("did this build change what the last good one did?").
 * The same rules as scripts/gate, which also takes matrix and A/B tables.
 */
#ifndef KSMEXIT_GATE_H
#define KSMEXIT_GATE_H

#include <stdbool.h>
#include <stdio.h>

#include "result_files.h"

#define GATE_DEFAULT_TOLERANCE	0.05

/*
 * Compares the run's cell with the baseline's and says so on out, one
 * "gate:" line (prefixed "# " under KTAP).  Returns KSFT_PASS when they
 * match and agree, KSFT_FAIL when faults per merged page moved by more
 * than tolerance or the verdict changed, KSFT_SKIP when the baseline
 * describes another cell (release, virtualization mode, scenario run,
 * mode or pages), naming what differs.
 */
int gate_compare(const struct result_cell *base, const struct result_cell *cur,
		 double tolerance, bool ktap, FILE *out);

#endif
