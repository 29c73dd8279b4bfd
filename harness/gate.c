// SPDX-License-Identifier: GPL-2.0
/* --baseline: see gate.h. */
#include <math.h>
#include <string.h>

#include "gate.h"
#include "test_util.h"

/* What differs between the cells' identities, or "" when they match. */
static const char *mismatch(const struct result_cell *b, const struct result_cell *c)
{
	if (strcmp(b->release, c->release))
		return "kernel release";
	if (strcmp(b->virt_mode, c->virt_mode))
		return "virtualization mode";
	if (strcmp(b->scenario, c->scenario) || strcmp(b->run, c->run))
		return "scenario run";
	if (b->control != c->control)
		return "mode (ksm or control)";
	return b->pages != c->pages ? "page count" : "";
}

int gate_compare(const struct result_cell *base, const struct result_cell *cur,
		 double tolerance, bool ktap, FILE *out)
{
	const char *p = ktap ? "# " : "", *differs = mismatch(base, cur);
	double b = base->faults_per_merged_page, c = cur->faults_per_merged_page;
	bool moved = isnan(b) != isnan(c) || (!isnan(b) && fabs(c - b) > tolerance);

	if (*differs) {
		fprintf(out, "%sgate: UNMATCHED the baseline is another cell (%s): baseline "
			"%s %s %s/%s %s %ld pages, this run %s %s %s/%s %s %ld pages\n", p,
			differs, base->release, base->virt_mode, base->scenario, base->run,
			base->control ? "control" : "ksm", base->pages, cur->release,
			cur->virt_mode, cur->scenario, cur->run, cur->control ? "control" : "ksm",
			cur->pages);
		return KSFT_SKIP;
	}
	if (!moved && base->passed == cur->passed) {
		fprintf(out, "%sgate: unchanged: faults per merged page %.3f, baseline %.3f "
			"(tolerance %.3f)\n", p, c, b, tolerance);
		return KSFT_PASS;
	}
	fprintf(out, "%sgate: CHANGED %s %s %s/%s %s %ld pages:", p, cur->release,
		cur->virt_mode, cur->scenario, cur->run, cur->control ? "control" : "ksm",
		cur->pages);
	if (moved)
		fprintf(out, " faults per merged page %.3f -> %.3f (tolerance %.3f)", b, c,
			tolerance);
	if (base->passed != cur->passed)
		fprintf(out, "%s verdict %s -> %s", moved ? ";" : "",
			base->passed ? "pass" : "fail", cur->passed ? "pass" : "fail");
	fprintf(out, "\n");
	return KSFT_FAIL;
}
