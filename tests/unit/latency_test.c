// SPDX-License-Identifier: GPL-2.0
/*
 * Per-page read latency: percentiles by nearest rank, and histogram
 * buckets that hold each value exactly once.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "latency.h"

static void latency_percentiles_by_rank(void **state)
{
	struct latency_summary s;
	uint64_t *c = malloc(1000 * sizeof(*c));

	(void)state;
	for (int i = 0; i < 1000; i++)
		c[i] = 1000 - i;		/* 1..1000, unsorted */
	latency_summarize(c, 1000, &s);
	assert_int_equal(s.n, 1000);
	assert_int_equal(s.min, 1);
	assert_int_equal(s.p50, 500);
	assert_int_equal(s.p99, 990);
	assert_int_equal(s.p999, 999);
	assert_int_equal(s.max, 1000);
	assert_true(fabs(s.mean - 500.5) < 1e-9);
	uint64_t total = 0;
	for (int b = 0; b < LAT_NR_BUCKETS; b++)
		total += s.hist[b];
	assert_int_equal(total, 1000);
	latency_summarize(c, 0, &s);
	assert_int_equal(s.n, 0);
	free(c);
}

static void latency_buckets_cover_each_value_once(void **state)
{
	(void)state;
	for (uint64_t v = 0; v < 100000; v += 7) {
		int b = latency_bucket(v);

		assert_true(latency_bucket_low(b) <= v);
		assert_true(b + 1 >= LAT_NR_BUCKETS || v < latency_bucket_low(b + 1) ||
			    latency_bucket_low(b + 1) == UINT64_MAX);
	}
	assert_int_equal(latency_bucket(UINT64_MAX), LAT_NR_BUCKETS - 1);
	assert_int_equal(latency_bucket_low(latency_bucket(1024)), 1024);
	assert_int_equal(latency_bucket_low(latency_bucket(1279)), 1024);
	assert_int_equal(latency_bucket_low(latency_bucket(1280)), 1280);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(latency_percentiles_by_rank),
		cmocka_unit_test(latency_buckets_cover_each_value_once),
	};

	return cmocka_run_group_tests_name("latency", tests, NULL, NULL);
}
