// SPDX-License-Identifier: GPL-2.0
/*
 * Per-page read latency.  Percentiles come from a sorted copy, not from
 * the histogram, so p99.9 of a pass is one of its measured pages.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "latency.h"
#include "test_util.h"

int latency_bucket(uint64_t cycles)
{
	int octave;

	if (cycles < LAT_SUB_BUCKETS)
		return (int)cycles;
	octave = 63 - __builtin_clzll(cycles);
	return octave * LAT_SUB_BUCKETS + (int)((cycles >> (octave - 2)) & 3);
}

uint64_t latency_bucket_low(int b)
{
	int octave = b / LAT_SUB_BUCKETS, sub = b % LAT_SUB_BUCKETS;

	if (octave < 2)
		return octave ? UINT64_MAX : (uint64_t)b;	/* 4..7 unused */
	return (uint64_t)(LAT_SUB_BUCKETS + sub) << (octave - 2);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* Nearest rank: the smallest value with at least q of the samples at or below. */
static uint64_t rank(const uint64_t *sorted, size_t n, double q)
{
	size_t r = (size_t)ceil(q * n);

	return sorted[r ? r - 1 : 0];
}

void latency_summarize(const uint64_t *cycles, size_t n, struct latency_summary *s)
{
	uint64_t *sorted;
	double total = 0;

	memset(s, 0, sizeof(*s));
	s->n = n;
	if (!n)
		return;
	sorted = malloc(n * sizeof(*sorted));
	TEST_ASSERT(sorted, "out of memory sorting %zu latencies", n);
	memcpy(sorted, cycles, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_u64);
	for (size_t i = 0; i < n; i++) {
		s->hist[latency_bucket(cycles[i])]++;
		total += cycles[i];
	}
	s->min = sorted[0];
	s->p50 = rank(sorted, n, 0.50);
	s->p99 = rank(sorted, n, 0.99);
	s->p999 = rank(sorted, n, 0.999);
	s->max = sorted[n - 1];
	s->mean = total / n;
	free(sorted);
}

