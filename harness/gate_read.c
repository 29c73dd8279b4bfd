// SPDX-License-Identifier: GPL-2.0
/*
 * The gate's cells from the files ksmexit and its scripts leave: a
 * matrix.tsv (scripts/matrix-summary), an ab-summary.tsv (scripts/ab) or a
 * result.json.  Table columns are found by their header's names, so a
 * column added to a table changes nothing here.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gate.h"
#include "test_util.h"

#define MAX_COLUMNS 64

enum { C_KERNEL, C_RELEASE, C_VIRT, C_MMU, C_SCENARIO, C_RUN, C_MODE, C_PAGES,
       C_FPMP, C_VERDICT, C_CPU, NR_C };

/* Each table's column for each field; NULL where the table has none. */
static const char *const matrix_columns[NR_C] = {
	"kernel", "release", "virt_mode", "mmu", "scenario", "run", "mode", "pages",
	"faults_per_merged_page", "verdict", "cpu",
};
static const char *const ab_columns[NR_C] = {
	"label", "kernel_release", "virt_mode", NULL, NULL, NULL, "mode", "pages",
	"faults_per_merged_page", NULL, NULL,
};

static __printf(1, 2) int bad_input(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "ksmexit gate: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	return EXIT_USAGE;
}

/* Splits line at tabs in place; the number of fields. */
static int split(char *line, char **f)
{
	int n = 0;

	line[strcspn(line, "\n")] = 0;
	while (line && n < MAX_COLUMNS)
		f[n++] = strsep(&line, "\t");
	return n;
}

/* Where each field is in this header (-1: none); -1 if a column is missing. */
static int find_columns(char **head, int n, const char *const *names, int *col,
			const char **missing)
{
	for (int i = 0; i < NR_C; i++) {
		col[i] = -1;
		for (int j = 0; names[i] && j < n; j++)
			if (!strcmp(head[j], names[i]))
				col[i] = j;
		if (names[i] && col[i] < 0 && i != C_CPU) {
			*missing = names[i];
			return -1;
		}
	}
	return 0;
}

static double number(const char *s)
{
	char *end;
	double v = strtod(s, &end);

	return end == s || *end ? NAN : v;
}

/* One row as a cell; fields a table lacks take the A/B's meaning (read, no verdict). */
static void row_cell(char **f, const int *col, struct result_cell *c)
{
#define FIELD(i, dflt) (col[i] >= 0 ? f[col[i]] : (dflt))
	memset(c, 0, sizeof(*c));
	snprintf(c->kernel, sizeof(c->kernel), "%s", FIELD(C_KERNEL, ""));
	snprintf(c->release, sizeof(c->release), "%s", FIELD(C_RELEASE, ""));
	snprintf(c->virt_mode, sizeof(c->virt_mode), "%s", FIELD(C_VIRT, ""));
	/* Intel's cells are told from AMD's by their MMU mode where one could not run. */
	snprintf(c->mmu, sizeof(c->mmu), "%s%s",
		 !strcmp(FIELD(C_CPU, ""), "intel") ? "intel-" : "", FIELD(C_MMU, ""));
	snprintf(c->scenario, sizeof(c->scenario), "%s", FIELD(C_SCENARIO, "read"));
	snprintf(c->run, sizeof(c->run), "%s", FIELD(C_RUN, "read"));
	c->control = !strcmp(FIELD(C_MODE, ""), "control");
	c->pages = strtol(FIELD(C_PAGES, "0"), NULL, 10);
	c->faults_per_merged_page = number(FIELD(C_FPMP, "NA"));
	snprintf(c->verdict, sizeof(c->verdict), "%s", FIELD(C_VERDICT, ""));
#undef FIELD
}

static int add(struct gate_table *t, const struct result_cell *c)
{
	struct result_cell *v = realloc(t->cells, (t->n + 1) * sizeof(*v));

	TEST_ASSERT(v, "out of memory for %d cells", t->n + 1);
	t->cells = v;
	t->cells[t->n++] = *c;
	return 0;
}

static int read_table(const char *path, FILE *f, char *line, struct gate_table *t)
{
	char *head[MAX_COLUMNS], *row[MAX_COLUMNS], *buf = NULL;
	const char *const *names, *missing = NULL;
	int col[NR_C], n = split(line, head), lineno = 1, ret = 0;
	size_t len = 0;
	struct result_cell c;

	names = matrix_columns;
	for (int i = 0; i < n; i++)
		if (!strcmp(head[i], "label"))
			names = ab_columns;
	if (find_columns(head, n, names, col, &missing))
		return bad_input("%s is not a ksmexit table: no column '%s' in its header",
				 path, missing);
	while (!ret && getline(&buf, &len, f) > 0) {
		lineno++;
		if (split(buf, row) != n)
			ret = bad_input("%s:%d: %d columns expected, as in its header", path,
					lineno, n);
		else {
			row_cell(row, col, &c);
			add(t, &c);
		}
	}
	free(buf);
	return ret;
}

/* A file's cells, by what its first line says it is. */
static int read_file(const char *path, struct gate_table *t)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t len = 0;
	struct result_cell c;
	int ret;

	if (!f)
		return bad_input("%s: %s", path, strerror(errno));
	if (getline(&line, &len, f) <= 0)
		ret = bad_input("%s is empty", path);
	else if (line[0] != '{' && strchr(line, '\t'))
		ret = read_table(path, f, line, t);
	else if (line[0] == '{' && results_read_cell(path, &c))
		ret = bad_input("%s is JSON but not a ksmexit result (schema ksmexit-result)",
				path);
	else if (line[0] == '{')
		ret = add(t, &c);
	else
		ret = bad_input("%s is not a ksmexit file (matrix.tsv, ab-summary.tsv or "
				"result.json)", path);
	free(line);
	fclose(f);
	return ret;
}

int gate_read(const char *path, struct gate_table *t)
{
	static const char *const names[] = { "matrix.tsv", "ab-summary.tsv", "result.json" };
	struct stat st;
	char p[4096];

	*t = (struct gate_table){ 0 };
	if (stat(path, &st))
		return bad_input("%s: %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return read_file(path, t);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", path, names[i]);
		if (!access(p, R_OK))
			return read_file(p, t);
	}
	return bad_input("%s holds no matrix.tsv, ab-summary.tsv or result.json", path);
}

void gate_table_free(struct gate_table *t)
{
	free(t->cells);
	*t = (struct gate_table){ 0 };
}
