// SPDX-License-Identifier: GPL-2.0
/*
 * Data memory.  MADV_NOHUGEPAGE unless asked: KSM merges base pages and
 * would first have to split a huge page, which is its own scenario (thp).
 * The pattern varies within a page (so a wrong stride or offset shows in
 * the guest's checksum) but not across duplicate pages; a unique page
 * differs in its first qword, which every pass loads whatever the stride.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cleanup.h"
#include "clock.h"
#include "payload.h"
#include "region.h"
#include "sysfs.h"
#include "test_util.h"

#define SZ_2M (2UL << 20)

const char *const region_fill_names[NR_FILLS] = {
	[FILL_DUP] = "dup", [FILL_UNIQUE] = "unique", [FILL_PARTIAL] = "partial",
	[FILL_ZERO] = "zero",
};

uint64_t region_pattern(size_t off)
{
	return PAYLOAD_PATTERN_SEED ^ (off / 8);
}

/* Evenly spread: page i is a duplicate when floor(i * R) steps up at i + 1. */
bool region_page_is_dup(const struct region *r, size_t i)
{
	switch (r->fill) {
	case FILL_DUP:
	case FILL_ZERO:
		return true;
	case FILL_PARTIAL:
		return (uint64_t)((i + 1) * r->dup_ratio) > (uint64_t)(i * r->dup_ratio);
	default:
		return false;
	}
}

size_t region_mergeable_pages(const struct region *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->npages; i++)
		n += region_page_is_dup(r, i);
	return n >= 2 ? n : 0;
}

uint64_t region_word(const struct region *r, size_t i, size_t off)
{
	if (off == 0 && r->written_gpa)
		return r->written_gpa + i * host_page_size();
	if (r->fill == FILL_ZERO)
		return 0;
	/* A unique page differs from the pattern, and from the others, at 0. */
	if (off == 0 && !region_page_is_dup(r, i))
		return region_pattern(0) ^ (i + 1);
	return region_pattern(off);
}

void region_mark_written(struct region *r, uint64_t gpa)
{
	r->written_gpa = gpa;
}

static void fill_page(const struct region *r, size_t i, uint64_t *page)
{
	size_t page_bytes = host_page_size();

	for (size_t off = 0; off < page_bytes; off += 8)
		page[off / 8] = region_word(r, i, off);
}

uint64_t region_expected_sum(const struct region *r, size_t first, size_t n,
			     size_t stride)
{
	uint64_t rest = 0, sum = 0;	/* rest: a pattern page beyond qword 0 */
	size_t page_bytes = host_page_size();

	for (size_t off = stride; off < page_bytes; off += stride)
		rest += region_pattern(off);
	for (size_t i = first; i < first + n; i++)
		sum += region_word(r, i, 0) + (r->fill == FILL_ZERO ? 0 : rest);
	return sum;
}

/* A /proc/meminfo figure in KiB, 0 when missing. */
static uint64_t meminfo_kib(const char *key)
{
	long long kib = procfs_field("/proc/meminfo", key);

	return kib > 0 ? kib : 0;
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

const char *const region_backing_names[NR_BACKINGS + 1] = {
	[BACKING_ANONYMOUS] = "anonymous",
	[BACKING_ANONYMOUS_THP] = "anonymous_thp",
	[BACKING_ANONYMOUS_HUGETLB] = "anonymous_hugetlb",
	[BACKING_SHMEM] = "shmem",
};

bool region_backing_mergeable(enum region_backing b)
{
	return b == BACKING_ANONYMOUS || b == BACKING_ANONYMOUS_THP;
}

/* Huge pages free in the default pool, from /proc/meminfo; -1 unknown. */
static long hugepages_free(void)
{
	return procfs_field("/proc/meminfo", "HugePages_Free");
}

/* The mapping of each backing; MAP_FAILED with errno on failure. */
static void *map_backing(struct region *r)
{
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;

	switch (r->backing) {
	case BACKING_ANONYMOUS_HUGETLB:
		/* Reserved at mmap time: fails at once if the pool is short. */
		return mmap(NULL, r->map_size, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	case BACKING_SHMEM:
		r->memfd = memfd_create("ksmexit-guest", MFD_CLOEXEC);
		if (r->memfd < 0 || ftruncate(r->memfd, (off_t)r->map_size))
			return MAP_FAILED;
		return mmap(NULL, r->map_size, PROT_READ | PROT_WRITE, MAP_SHARED, r->memfd, 0);
	default:
		return mmap(NULL, r->map_size, PROT_READ | PROT_WRITE, flags, -1, 0);
	}
}

int region_alloc(struct region *r, size_t npages, enum region_fill fill,
		 double dup_ratio, enum region_backing backing, char *why, size_t len)
{
	bool thp = backing == BACKING_ANONYMOUS_THP;
	uintptr_t aligned;
	int ret;

	memset(r, 0, sizeof(*r));
	r->memfd = -1;
	r->npages = npages;
	r->size = npages * host_page_size();
	r->fill = fill;
	r->dup_ratio = dup_ratio;
	r->backing = backing;
	/* THP needs the 2 MiB alignment that plain mmap does not promise. */
	r->map_size = r->size + (thp ? SZ_2M : 0);
	if (backing == BACKING_ANONYMOUS_HUGETLB)
		r->map_size = (r->size + SZ_2M - 1) & ~(SZ_2M - 1);
	r->map = map_backing(r);
	if (r->map == MAP_FAILED && backing == BACKING_ANONYMOUS_HUGETLB && errno == ENOMEM) {
		snprintf(why, len, "anonymous_hugetlb needs %zu free 2 MiB huge pages, "
			 "%ld are free: reserve them first (/proc/sys/vm/nr_hugepages)",
			 r->map_size / SZ_2M, hugepages_free());
		r->map = NULL;
		return -ENOMEM;
	}
	TEST_ASSERT(r->map != MAP_FAILED, "mmap of %zu bytes of %s guest memory failed",
		    r->map_size, region_backing_names[backing]);
	aligned = thp ? ((uintptr_t)r->map + SZ_2M - 1) & ~(SZ_2M - 1) : (uintptr_t)r->map;
	r->hva = (void *)aligned;
	if (backing == BACKING_ANONYMOUS || thp) {
		ret = madvise(r->hva, r->size, thp ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
		TEST_ASSERT(!ret, "madvise(%s) on guest memory failed",
			    thp ? "MADV_HUGEPAGE" : "MADV_NOHUGEPAGE");
	}
	return 0;
}

/* Page i as it should be; unwritten duplicates are all alike: built once. */
struct page_builder {
	uint64_t *dup, *page;		/* a page each */
	bool have_dup;
};

static const uint64_t *page_contents(const struct region *r, size_t i,
				     struct page_builder *b)
{
	if (r->written_gpa || !region_page_is_dup(r, i)) {
		fill_page(r, i, b->page);
		return b->page;
	}
	if (!b->have_dup)
		fill_page(r, i, b->dup);
	b->have_dup = true;
	return b->dup;
}

/* Pages a worker takes at a time: also how often it looks for a signal. */
#define PIECE_PAGES 65536UL
#define MAX_WORKERS 16

/* Does pages [first, first + n); false stops every worker. */
typedef bool (*piece_fn)(const struct region *r, size_t first, size_t n,
			 struct page_builder *b);

struct piece_work {
	const struct region *r;
	piece_fn fn;
	size_t next_piece;		/* taken with __atomic_fetch_add */
	bool stopped;
};

static void *piece_worker(void *arg)
{
	struct piece_work *w = arg;
	struct page_builder b = { .dup = malloc(2 * host_page_size()) };
	size_t piece, first;

	TEST_ASSERT(b.dup, "out of memory for two %zu-byte pages", host_page_size());
	b.page = b.dup + host_page_size() / 8;

	while (!__atomic_load_n(&w->stopped, __ATOMIC_RELAXED) && !cleanup_signal_pending() &&
	       (piece = __atomic_fetch_add(&w->next_piece, 1, __ATOMIC_RELAXED)) *
	       PIECE_PAGES < w->r->npages) {
		first = piece * PIECE_PAGES;
		if (!w->fn(w->r, first, w->r->npages - first < PIECE_PAGES ?
			   w->r->npages - first : PIECE_PAGES, &b))
			__atomic_store_n(&w->stopped, true, __ATOMIC_RELAXED);
	}
	free(b.dup);
	return NULL;
}

/*
 * fn over the region's pieces, one worker per online CPU: the fill is
 * mostly allocating and zeroing pages, the check reading them, and both
 * scale with CPUs.  Unwinds on a signal that came meanwhile.  False if a
 * piece said stop.
 */
static bool for_each_piece(const struct region *r, piece_fn fn)
{
	struct piece_work w = { .r = r, .fn = fn };
	size_t pieces = (r->npages + PIECE_PAGES - 1) / PIECE_PAGES;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	pthread_t workers[MAX_WORKERS];
	int nr = 0;

	while (nr + 1 < cpus && nr + 1 < MAX_WORKERS && (size_t)nr + 1 < pieces &&
	       !pthread_create(&workers[nr], NULL, piece_worker, &w))
		nr++;
	piece_worker(&w);
	while (nr)
		pthread_join(workers[--nr], NULL);
	cleanup_poll_signal();
	return !w.stopped;
}

/*
 * MADV_POPULATE_WRITE (5.14) allocates a piece's pages in one call instead
 * of one fault each; where it is missing the copy faults them in.
 */
static bool fill_piece(const struct region *r, size_t first, size_t n, struct page_builder *b)
{
	char *hva = (char *)r->hva + first * host_page_size();

	madvise(hva, n * host_page_size(), MADV_POPULATE_WRITE);
	for (size_t i = first; i < first + n; i++)
		memcpy(hva + (i - first) * host_page_size(), page_contents(r, i, b), host_page_size());
	return true;
}

uint64_t region_fill(struct region *r)
{
	uint64_t start = now_ns();

	for_each_piece(r, fill_piece);
	return now_ns() - start;
}

static bool piece_intact(const struct region *r, size_t first, size_t n, struct page_builder *b)
{
	for (size_t i = first; i < first + n; i++)
		if (memcmp((char *)r->hva + i * host_page_size(), page_contents(r, i, b), host_page_size()))
			return false;
	return true;
}

bool region_intact(const struct region *r)
{
	return for_each_piece(r, piece_intact);
}

long region_huge_pages(const struct region *r)
{
	uintptr_t lo = (uintptr_t)r->hva, hi = lo + r->size, start, end;
	char line[256];
	bool inside = false;
	long kib, total = 0;
	FILE *f;

	/* MADV_NOHUGEPAGE, hugetlb and shmem never count as AnonHugePages. */
	if (r->backing != BACKING_ANONYMOUS_THP)
		return 0;
	f = fopen("/proc/self/smaps", "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &start, &end) == 2)
			inside = start >= lo && end <= hi;
		else if (inside && sscanf(line, "AnonHugePages: %ld kB", &kib) == 1)
			total += kib;
	}
	fclose(f);
	return total / (SZ_2M >> 10);
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
	munmap(r->map, r->map_size);
	if (r->memfd >= 0)
		close(r->memfd);
	r->memfd = -1;
	r->hva = NULL;
}

