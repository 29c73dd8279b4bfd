// SPDX-License-Identifier: GPL-2.0
/*
 * Data memory.  MADV_NOHUGEPAGE by default: KSM merges 4 KiB pages and
 * would first have to split a huge page, which is a different experiment.
 * The pattern varies within a page (so a wrong stride or offset shows in
 * the guest's checksum) but not across pages (so every page is a duplicate).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "cleanup.h"
#include "region.h"
#include "test_util.h"

#define PATTERN_SEED 0x6b736d6578697400ULL	/* "ksmexit\0" */

uint64_t region_pattern(size_t off)
{
	return PATTERN_SEED ^ (off / 8);
}

static void pattern_page(uint64_t *page)
{
	for (size_t off = 0; off < PAGE_SIZE; off += 8)
		page[off / 8] = region_pattern(off);
}

uint64_t region_expected_sum(size_t npages, size_t stride)
{
	uint64_t page_sum = 0;

	for (size_t off = 0; off < PAGE_SIZE; off += stride)
		page_sum += region_pattern(off);
	return page_sum * npages;
}

static uint64_t meminfo_kib(const char *key)
{
	char line[128];
	unsigned long long kib = 0;
	size_t n = strlen(key);
	FILE *f = fopen("/proc/meminfo", "re");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && line[n] == ':' &&
		    sscanf(line + n + 1, "%llu", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib;
}

int region_fits(size_t bytes, char *why, size_t len)
{
	uint64_t avail = meminfo_kib("MemAvailable") << 10;
	uint64_t margin = meminfo_kib("MemTotal") << 10;

	margin = margin / 20 > (256ULL << 20) ? margin / 20 : 256ULL << 20;
	if (!avail || bytes + margin <= avail)
		return 0;
	snprintf(why, len, "guest memory of %zu MiB does not fit: MemAvailable is %llu MiB "
		 "and ksmexit keeps %llu MiB free; use a smaller --pages/--size",
		 bytes >> 20, (unsigned long long)(avail >> 20),
		 (unsigned long long)(margin >> 20));
	return -1;
}

void region_alloc(struct region *r, size_t npages, bool hugepage)
{
	uint64_t page[PAGE_SIZE / 8];
	int ret;

	memset(r, 0, sizeof(*r));
	r->npages = npages;
	r->size = npages * PAGE_SIZE;
	r->hva = mmap(NULL, r->size, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	TEST_ASSERT(r->hva != MAP_FAILED, "mmap of %zu bytes of guest memory failed",
		    r->size);
	ret = madvise(r->hva, r->size, hugepage ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
	TEST_ASSERT(!ret, "madvise(%s) on guest memory failed",
		    hugepage ? "MADV_HUGEPAGE" : "MADV_NOHUGEPAGE");

	pattern_page(page);
	for (size_t i = 0; i < npages; i++) {
		if (!(i & 0xffff))
			cleanup_poll_signal();
		memcpy((char *)r->hva + i * PAGE_SIZE, page, PAGE_SIZE);
	}
}

void region_mark_mergeable(struct region *r)
{
	int ret = madvise(r->hva, r->size, MADV_MERGEABLE);

	TEST_ASSERT(!ret, "madvise(MADV_MERGEABLE) failed: is CONFIG_KSM set?");
	r->mergeable = true;
}

void region_free(struct region *r)
{
	if (!r->hva)
		return;
	/*
	 * Unmerging merged pages would copy each one back; dropping them
	 * first leaves MADV_UNMERGEABLE nothing to copy.
	 */
	if (r->mergeable) {
		madvise(r->hva, r->size, MADV_DONTNEED);
		madvise(r->hva, r->size, MADV_UNMERGEABLE);
	}
	munmap(r->hva, r->size);
	r->hva = NULL;
}

bool region_intact(const struct region *r)
{
	uint64_t page[PAGE_SIZE / 8];

	pattern_page(page);
	for (size_t i = 0; i < r->npages; i++)
		if (memcmp((char *)r->hva + i * PAGE_SIZE, page, PAGE_SIZE))
			return false;
	return true;
}
