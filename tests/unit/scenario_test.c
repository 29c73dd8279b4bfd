// SPDX-License-Identifier: GPL-2.0
/*
 * The pieces scenarios are made of that need no KVM: region fills and
 * their checksums, latency percentiles and buckets, the sweep's line fit,
 * the run lists of multi-run scenarios, and NUMA binding (node 0 exists
 * on every host, so the binding is tested even where the numa scenario
 * skips).
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

#include "cli.h"
#include "latency.h"
#include "numa_place.h"
#include "region.h"
#include "scenario.h"
#include "sweep.h"

static void fill_and_sum(enum region_fill fill, double ratio, size_t npages,
			 struct region *r)
{
	region_alloc(r, npages, fill, ratio, false);
	region_fill(r);
}

/* The host's prediction must equal a plain sum over the memory itself. */
static uint64_t memory_sum(const struct region *r, size_t first, size_t n, size_t stride)
{
	uint64_t sum = 0;

	for (size_t i = first; i < first + n; i++)
		for (size_t off = 0; off < PAGE_SIZE; off += stride)
			sum += *(uint64_t *)((char *)r->hva + i * PAGE_SIZE + off);
	return sum;
}

static void fills_hold_what_they_promise(void **state)
{
	const enum region_fill fills[] = { FILL_DUP, FILL_UNIQUE, FILL_PARTIAL, FILL_ZERO };
	struct region r;

	(void)state;
	for (size_t f = 0; f < 4; f++) {
		fill_and_sum(fills[f], 0.5, 64, &r);
		assert_true(region_intact(&r));
		assert_int_equal(region_expected_sum(&r, 0, 64, 8), memory_sum(&r, 0, 64, 8));
		assert_int_equal(region_expected_sum(&r, 5, 20, 4096),
				 memory_sum(&r, 5, 20, 4096));
		region_free(&r);
	}
}

static void duplicates_are_counted_and_spread(void **state)
{
	struct region r;

	(void)state;
	fill_and_sum(FILL_DUP, 0, 100, &r);
	assert_int_equal(region_mergeable_pages(&r), 100);
	region_free(&r);
	fill_and_sum(FILL_UNIQUE, 0, 100, &r);
	assert_int_equal(region_mergeable_pages(&r), 0);
	/* Unique pages really differ: no two first qwords alike. */
	for (size_t i = 1; i < 100; i++)
		assert_int_not_equal(*(uint64_t *)((char *)r.hva + i * PAGE_SIZE),
				     *(uint64_t *)((char *)r.hva + (i - 1) * PAGE_SIZE));
	region_free(&r);
	fill_and_sum(FILL_PARTIAL, 0.25, 100, &r);
	assert_int_equal(region_mergeable_pages(&r), 25);
	/* Evenly: every window of 8 pages holds 2 duplicates. */
	for (size_t w = 0; w + 8 <= 96; w += 8) {
		int n = 0;

		for (size_t i = w; i < w + 8; i++)
			n += region_page_is_dup(&r, i);
		assert_int_equal(n, 2);
	}
	region_free(&r);
	fill_and_sum(FILL_PARTIAL, 0.01, 100, &r);	/* one duplicate merges with nothing */
	assert_int_equal(region_mergeable_pages(&r), 0);
	region_free(&r);
}

static void written_pages_hold_their_address(void **state)
{
	struct region r;

	(void)state;
	fill_and_sum(FILL_DUP, 0, 16, &r);
	for (size_t i = 0; i < 16; i++)	/* what the guest's write pass does */
		*(uint64_t *)((char *)r.hva + i * PAGE_SIZE) = (1ULL << 30) + i * PAGE_SIZE;
	assert_false(region_intact(&r));
	region_mark_written(&r, 1ULL << 30);
	assert_true(region_intact(&r));
	assert_int_equal(region_expected_sum(&r, 0, 16, 64), memory_sum(&r, 0, 16, 64));
	region_free(&r);
}

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

static void line_fit_recovers_a_line(void **state)
{
	double x[] = { 1024, 2048, 4096, 8192 }, y[4], flat[] = { 0, 0, 0, 0 };
	struct line_fit f;

	(void)state;
	for (int i = 0; i < 4; i++)
		y[i] = 0.5 * x[i] + 3;
	line_fit(x, y, 4, &f);
	assert_true(fabs(f.slope - 0.5) < 1e-9 && fabs(f.intercept - 3) < 1e-6);
	assert_true(fabs(f.r2 - 1) < 1e-12);
	line_fit(x, flat, 4, &f);	/* a kernel with no faults: slope 0 */
	assert_true(f.slope == 0 && f.intercept == 0 && f.r2 == 1);
	line_fit(x, y, 1, &f);
	assert_true(isnan(f.slope));
}

static void multi_run_scenarios_expand(void **state)
{
	struct options o;
	struct run_config base, cfgs[16];
	char labels[16][32];
	int n;

	(void)state;
	cli_defaults(&o);
	base = o.run;
	scenario_apply(scenario_find("sweep"), &base);
	base.sweep_max_pages = 1 << 14;
	n = scenario_runs(&base, cfgs, labels, 16);
	assert_int_equal(n, 5);			/* 2^10 .. 2^14 */
	assert_int_equal(cfgs[0].npages, 1024);
	assert_int_equal(cfgs[4].npages, 16384);
	assert_string_equal(cfgs[4].run_label, "pages-16384");
	cli_defaults(&o);
	base = o.run;
	scenario_apply(scenario_find("numa"), &base);
	n = scenario_runs(&base, cfgs, labels, 16);
	assert_int_equal(n, 2);
	assert_int_equal(cfgs[0].merge_across_nodes, 0);
	assert_int_equal(cfgs[1].merge_across_nodes, 1);
	assert_true(cfgs[1].numa_split);
}

static void numa_binding_places_pages(void **state)
{
	int nodes[8], n = numa_memory_nodes(nodes, 8);
	size_t len = 16 * PAGE_SIZE;
	char *p;

	(void)state;
	if (n == 0)
		skip();		/* a kernel without NUMA: nothing to bind */
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	assert_int_equal(numa_bind_range(p, len, nodes[n - 1]), 0);
	memset(p, 1, len);
	for (size_t off = 0; off < len; off += PAGE_SIZE)
		assert_int_equal(numa_node_of(p + off), nodes[n - 1]);
	assert_int_equal(numa_bind_range(p, len, 1 << 20), -EINVAL);
	munmap(p, len);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fills_hold_what_they_promise),
		cmocka_unit_test(duplicates_are_counted_and_spread),
		cmocka_unit_test(written_pages_hold_their_address),
		cmocka_unit_test(latency_percentiles_by_rank),
		cmocka_unit_test(latency_buckets_cover_each_value_once),
		cmocka_unit_test(line_fit_recovers_a_line),
		cmocka_unit_test(multi_run_scenarios_expand),
		cmocka_unit_test(numa_binding_places_pages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
