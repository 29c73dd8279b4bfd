// SPDX-License-Identifier: GPL-2.0
/* The gate's rules and its report: see gate.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gate.h"
#include "test_util.h"

/* The fields that identify a cell, in the order a label shows them. */
static const char *key_field(const struct result_cell *c, int i)
{
	const char *const f[] = { c->kernel, c->release, c->virt_mode, c->mmu,
				  c->scenario, c->run };

	return f[i];
}

static const char *const key_names[] = {
	"kernel", "kernel release", "virtualization mode", "MMU mode", "scenario",
	"scenario run", "mode (ksm or control)", "page count",
};
#define NR_KEYS 8

/* How many identifying fields differ; the first one's name in *first. */
static int key_diff(const struct result_cell *a, const struct result_cell *b,
		    const char **first)
{
	bool differs[NR_KEYS];
	int n = 0;

	for (int i = 0; i < 6; i++)
		differs[i] = strcmp(key_field(a, i), key_field(b, i));
	differs[6] = a->control != b->control;
	differs[7] = a->pages != b->pages;
	*first = "";
	for (int i = NR_KEYS - 1; i >= 0; i--)
		if (differs[i]) {
			*first = key_names[i];
			n++;
		}
	return n;
}

/* "debian-6.1 6.1.192 SVM/NPT tdp read/read ksm 4096 pages"; empty fields left out. */
static const char *label(const struct result_cell *c, char *buf, size_t len)
{
	size_t at = 0;

	buf[0] = 0;
	for (int i = 0; i < 4; i++)
		if (key_field(c, i)[0] && at < len)
			at += snprintf(buf + at, len - at, "%s ", key_field(c, i));
	if (at < len)
		snprintf(buf + at, len - at, "%s/%s %s %ld pages", c->scenario, c->run,
			 c->control ? "control" : "ksm", c->pages);
	return buf;
}

static const char *figure(double v, char *buf, size_t len)
{
	snprintf(buf, len, isnan(v) ? "NA" : "%.3f", v);
	return buf;
}

/*
 * Why cur is not what base was, or false: faults per merged page moved
 * by more than tolerance (or one merged and the other did not), or the
 * verdict changed where both kept one.
 */
static bool gate_cell_change(const struct result_cell *base, const struct result_cell *cur,
			     double tolerance, char *why, size_t len)
{
	double b = base->faults_per_merged_page, c = cur->faults_per_merged_page;
	char fb[16], fc[16];
	size_t at = 0;

	why[0] = 0;
	if (!isnan(b) && !isnan(c) && fabs(c - b) > tolerance)
		at = snprintf(why, len, "faults per merged page %.3f -> %.3f (moved %.3f > %g)",
			      b, c, fabs(c - b), tolerance);
	else if (isnan(b) != isnan(c))
		at = snprintf(why, len, "faults per merged page %s -> %s",
			      figure(b, fb, sizeof(fb)), figure(c, fc, sizeof(fc)));
	if (base->verdict[0] && cur->verdict[0] && strcmp(base->verdict, cur->verdict) &&
	    at < len)
		snprintf(why + at, len - at, "%sverdict %s -> %s", at ? "; " : "",
			 base->verdict, cur->verdict);
	return why[0];
}

static bool could_not_run(const struct result_cell *c)
{
	return !strcmp(c->scenario, "-");
}

static const struct result_cell *find(const struct gate_table *t, const struct result_cell *c)
{
	const char *first;

	for (int i = 0; i < t->n; i++)
		if (!could_not_run(&t->cells[i]) && !key_diff(&t->cells[i], c, &first))
			return &t->cells[i];
	return NULL;
}

/* The current cell that could not run and stands for base's kernel and MMU mode. */
static const struct result_cell *not_run_for(const struct gate_table *cur,
					     const struct result_cell *base)
{
	for (int i = 0; i < cur->n; i++) {
		const struct result_cell *c = &cur->cells[i];

		if (could_not_run(c) && !strcmp(c->kernel, base->kernel) &&
		    !strcmp(c->mmu, base->mmu))
			return c;
	}
	return NULL;
}

/* "# unmatched:" lines: cells on one side only, and a near partner if one differs in one field. */
static void list_unmatched(const struct gate_table *base, const struct gate_table *cur,
			   const bool *covered, FILE *out)
{
	char l[512];
	const char *first;

	for (int i = 0; i < base->n; i++)
		if (!could_not_run(&base->cells[i]) && !find(cur, &base->cells[i]) &&
		    !not_run_for(cur, &base->cells[i]))
			fprintf(out, "# unmatched: baseline cell not in the current run: %s\n",
				label(&base->cells[i], l, sizeof(l)));
	for (int i = 0; i < cur->n; i++) {
		const struct result_cell *c = &cur->cells[i];

		if (could_not_run(c)) {
			if (!covered[i])
				fprintf(out, "# unmatched: current cell that could not run, not in "
					"the baseline: %s %s\n", c->kernel, c->mmu);
			continue;
		}
		if (find(base, c))
			continue;
		fprintf(out, "# unmatched: current cell not in the baseline: %s",
			label(c, l, sizeof(l)));
		for (int j = 0; j < base->n; j++)
			if (key_diff(&base->cells[j], c, &first) == 1) {
				fprintf(out, " (the baseline has it with another %s)", first);
				break;
			}
		fprintf(out, "\n");
	}
}

int gate_tables(const struct gate_table *base, const struct gate_table *cur,
		double tolerance, FILE *out)
{
	bool *covered = calloc(cur->n + 1, sizeof(*covered));
	char l[512], why[1024], *changed = NULL;
	size_t changed_len = 0;
	FILE *changes = open_memstream(&changed, &changed_len);
	int planned = 0, test = 0, nr_changed = 0, nr_not_run = 0;

	TEST_ASSERT(covered && changes, "out of memory for %d cells", cur->n);
	for (int i = 0; i < base->n; i++)
		planned += !could_not_run(&base->cells[i]) &&
			   (find(cur, &base->cells[i]) || not_run_for(cur, &base->cells[i]));
	fprintf(out, "TAP version 13\n1..%d\n", planned);
	for (int i = 0; i < base->n; i++) {
		const struct result_cell *b = &base->cells[i], *c = find(cur, b), *nr;

		if (could_not_run(b))
			continue;
		label(b, l, sizeof(l));
		if (c && gate_cell_change(b, c, tolerance, why, sizeof(why))) {
			fprintf(out, "# %s\nnot ok %d %s\n", why, ++test, l);
			fprintf(changes, "gate: CHANGED %s: %s\n", l, why);
			nr_changed++;
		} else if (c) {
			fprintf(out, "ok %d %s\n", ++test, l);
		} else if ((nr = not_run_for(cur, b))) {
			fprintf(out, "ok %d %s # SKIP could not run: %s\n", ++test, l, nr->verdict);
			covered[nr - cur->cells] = true;
			nr_not_run++;
		}
	}
	list_unmatched(base, cur, covered, out);
	fclose(changes);
	fprintf(out, "# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:%d error:0\n%s",
		planned - nr_changed - nr_not_run, nr_changed, nr_not_run, changed);
	free(changed);
	free(covered);
	if (nr_changed) {
		fprintf(out, "gate: %d of %d matched cells changed (tolerance %g)\n",
			nr_changed, planned, tolerance);
		return KSFT_FAIL;
	}
	if (!planned) {
		fprintf(out, "gate: no cell of the current run matches the baseline\n");
		return KSFT_SKIP;
	}
	if (nr_not_run) {
		fprintf(out, "gate: %d cells could not run; the others are unchanged\n",
			nr_not_run);
		return KSFT_SKIP;
	}
	fprintf(out, "gate: %d matched cells unchanged (tolerance %g)\n", planned, tolerance);
	return KSFT_PASS;
}

int gate_compare(const struct result_cell *base, const struct result_cell *cur,
		 double tolerance, bool ktap, FILE *out)
{
	const char *p = ktap ? "# " : "", *differs;
	char lb[512], lc[512], why[1024], fb[16], fc[16];

	label(cur, lc, sizeof(lc));
	if (key_diff(base, cur, &differs)) {
		fprintf(out, "%sgate: UNMATCHED the baseline is another cell (%s): baseline "
			"%s, this run %s\n", p, differs, label(base, lb, sizeof(lb)), lc);
		return KSFT_SKIP;
	}
	if (gate_cell_change(base, cur, tolerance, why, sizeof(why))) {
		fprintf(out, "%sgate: CHANGED %s: %s\n", p, lc, why);
		return KSFT_FAIL;
	}
	fprintf(out, "%sgate: unchanged %s: faults per merged page %s, baseline %s "
		"(tolerance %g)\n", p, lc,
		figure(cur->faults_per_merged_page, fc, sizeof(fc)),
		figure(base->faults_per_merged_page, fb, sizeof(fb)), tolerance);
	return KSFT_PASS;
}
