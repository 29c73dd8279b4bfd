/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sweep scenario's figures: one point per guest size, least-squares
 * lines through post-merge faults against merged pages and merge time
 * against pages, and sweep.tsv.
 */
#ifndef KSMEXIT_SWEEP_H
#define KSMEXIT_SWEEP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct sweep_point {
	size_t pages;
	long merged_pages;
	uint64_t post_merge_faults;
	double merge_ms;
	double steady_ms;
	double post_merge_ms;
};

struct line_fit {
	size_t n;
	double slope, intercept, r2;	/* NAN where fewer than 2 distinct x */
};

void line_fit(const double *x, const double *y, size_t n, struct line_fit *fit);
void sweep_fits(const struct sweep_point *pts, size_t n, struct line_fit *faults,
		struct line_fit *merge_ms);
void sweep_tsv(FILE *f, const struct sweep_point *pts, size_t n);

#endif
