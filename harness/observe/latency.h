/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the guest felt: the cycles each page's loads took in a timed pass,
 * summarized as exact percentiles and a log-scale histogram (four buckets
 * per power of two, so a 2x jump in cost is four buckets wide).
 */
#ifndef KSMEXIT_LATENCY_H
#define KSMEXIT_LATENCY_H

#include <stddef.h>
#include <stdint.h>

#define LAT_SUB_BUCKETS	4
#define LAT_NR_BUCKETS	(64 * LAT_SUB_BUCKETS)

struct latency_summary {
	uint64_t n;
	uint64_t min, p50, p99, p999, max;	/* TSC cycles */
	double mean;
	uint64_t hist[LAT_NR_BUCKETS];
};

int latency_bucket(uint64_t cycles);
/* The smallest cycle count that falls in bucket b. */
uint64_t latency_bucket_low(int b);
/* Percentiles by rank (nearest rank on a sorted copy); n may be 0. */
void latency_summarize(const uint64_t *cycles, size_t n, struct latency_summary *s);

#endif
