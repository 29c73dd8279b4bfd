// SPDX-License-Identifier: GPL-2.0
/*
 * Guest data fills: every fill holds what it promises, duplicates are
 * counted and spread as the partial fill says, written pages hold their
 * address, and the host predicts each pass's checksum.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "region.h"

static void fill_and_sum(enum region_fill fill, double ratio, size_t npages,
			 struct region *r)
{
	assert_int_equal(region_alloc(r, npages, fill, ratio, BACKING_ANONYMOUS, NULL, 0), 0);
	region_fill(r);
}

/* Shared memory holds the fill as anonymous memory does; KSM would not merge it. */
static void shmem_backing_holds_the_fill(void **state)
{
	struct region r;

	(void)state;
	assert_int_equal(region_alloc(&r, 64, FILL_DUP, -1, BACKING_SHMEM, NULL, 0), 0);
	assert_true(r.memfd >= 0);
	region_fill(&r);
	assert_true(region_intact(&r));
	assert_false(region_backing_mergeable(BACKING_SHMEM));
	assert_true(region_backing_mergeable(BACKING_ANONYMOUS_THP));
	region_free(&r);
	assert_int_equal(r.memfd, -1);
}

/* With no huge pages free, hugetlb memory is refused with the reason. */
static void hugetlb_without_reserve_says_so(void **state)
{
	struct region r;
	char why[256] = "";
	FILE *f = fopen("/proc/sys/vm/nr_hugepages", "re");
	long reserved = -1;

	(void)state;
	if (f) {
		if (fscanf(f, "%ld", &reserved) != 1)
			reserved = -1;
		fclose(f);
	}
	if (reserved != 0)
		skip();		/* only provable where none are reserved */
	assert_int_equal(region_alloc(&r, 512, FILL_DUP, -1, BACKING_ANONYMOUS_HUGETLB,
				      why, sizeof(why)), -ENOMEM);
	assert_non_null(strstr(why, "anonymous_hugetlb needs 1 free 2 MiB huge pages, 0 are free"));
}

/* The host's prediction must equal a plain sum over the memory itself. */
static uint64_t memory_sum(const struct region *r, size_t first, size_t n, size_t stride)
{
	uint64_t sum = 0;

	for (size_t i = first; i < first + n; i++)
		for (size_t off = 0; off < host_page_size(); off += stride)
			sum += *(uint64_t *)((char *)r->hva + i * host_page_size() + off);
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

/*
 * Fill and check take 65536-page pieces in parallel: three pieces and a
 * short fourth, partial so that unique and duplicate pages alternate
 * across the pieces' edges, must hold the same as a one-page-at-a-time
 * fill would, and a change in any piece must show.
 */
static void parallel_fill_covers_every_piece(void **state)
{
	const size_t npages = 3 * 65536 + 7;
	struct region r;

	(void)state;
	fill_and_sum(FILL_PARTIAL, 0.5, npages, &r);
	assert_true(region_intact(&r));
	assert_int_equal(region_expected_sum(&r, 65530, 12, 8), memory_sum(&r, 65530, 12, 8));
	assert_int_equal(region_expected_sum(&r, npages - 9, 9, 8),
			 memory_sum(&r, npages - 9, 9, 8));
	/* The check covers every piece too: one changed byte in the third. */
	((char *)r.hva)[(2 * 65536 + 100) * host_page_size() + 17] ^= 1;
	assert_false(region_intact(&r));
	region_free(&r);
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
		assert_int_not_equal(*(uint64_t *)((char *)r.hva + i * host_page_size()),
				     *(uint64_t *)((char *)r.hva + (i - 1) * host_page_size()));
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
		*(uint64_t *)((char *)r.hva + i * host_page_size()) = (1ULL << 30) + i * host_page_size();
	assert_false(region_intact(&r));
	region_mark_written(&r, 1ULL << 30);
	assert_true(region_intact(&r));
	assert_int_equal(region_expected_sum(&r, 0, 16, 64), memory_sum(&r, 0, 16, 64));
	region_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fills_hold_what_they_promise),
		cmocka_unit_test(parallel_fill_covers_every_piece),
		cmocka_unit_test(duplicates_are_counted_and_spread),
		cmocka_unit_test(written_pages_hold_their_address),
		cmocka_unit_test(shmem_backing_holds_the_fill),
		cmocka_unit_test(hugetlb_without_reserve_says_so),
	};

	return cmocka_run_group_tests_name("region", tests, NULL, NULL);
}
