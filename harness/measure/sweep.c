// SPDX-License-Identifier: GPL-2.0
/* Least-squares lines through a sweep's points, and sweep.tsv. */
#include <math.h>
#include <stdlib.h>

#include "sweep.h"
#include "test_util.h"

void line_fit(const double *x, const double *y, size_t n, struct line_fit *fit)
{
	double mx = 0, my = 0, sxx = 0, sxy = 0, syy = 0;

	fit->n = n;
	fit->slope = fit->intercept = fit->r2 = NAN;
	for (size_t i = 0; i < n; i++) {
		mx += x[i] / n;
		my += y[i] / n;
	}
	for (size_t i = 0; i < n; i++) {
		sxx += (x[i] - mx) * (x[i] - mx);
		sxy += (x[i] - mx) * (y[i] - my);
		syy += (y[i] - my) * (y[i] - my);
	}
	if (n < 2 || sxx == 0)
		return;
	fit->slope = sxy / sxx;
	fit->intercept = my - fit->slope * mx;
	/* A flat line that every point lies on explains all there is. */
	fit->r2 = syy == 0 ? 1.0 : sxy * sxy / (sxx * syy);
}

void sweep_fits(const struct sweep_point *pts, size_t n, struct line_fit *faults,
		struct line_fit *merge_ms)
{
	double *buf = calloc(4 * (n ? n : 1), sizeof(*buf));
	double *merged = buf, *pf = buf + n, *pages = buf + 2 * n, *ms = buf + 3 * n;

	TEST_ASSERT(buf, "out of memory for the sweep fit");
	for (size_t i = 0; i < n; i++) {
		merged[i] = pts[i].merged_pages;
		pf[i] = pts[i].post_merge_faults;
		pages[i] = pts[i].pages;
		ms[i] = pts[i].merge_ms;
	}
	line_fit(merged, pf, n, faults);
	line_fit(pages, ms, n, merge_ms);
	free(buf);
}

void sweep_tsv(FILE *f, const struct sweep_point *pts, size_t n)
{
	fprintf(f, "pages\tmerged_pages\tpost_merge_faults\tfaults_per_merged_page\t"
		"merge_ms\tsteady_ms\tpost_merge_ms\n");
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%zu\t%ld\t%llu\t%.6f\t%.3f\t%.3f\t%.3f\n", pts[i].pages,
			pts[i].merged_pages, (unsigned long long)pts[i].post_merge_faults,
			pts[i].merged_pages > 0 ?
			(double)pts[i].post_merge_faults / pts[i].merged_pages : 0.0,
			pts[i].merge_ms, pts[i].steady_ms, pts[i].post_merge_ms);
}
