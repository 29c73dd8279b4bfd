// SPDX-License-Identifier: GPL-2.0
/*
 * KSM page census of a region, for deciding when a merge is done and for
 * checking that reads leave pages shared.  See
 * Documentation/admin-guide/mm/pagemap.rst: pagemap bits 0-54 hold the PFN,
 * bit 63 "present"; kpageflags bit 21 is KPF_KSM, bit 24 KPF_ZERO_PAGE (what
 * KSM maps a zero-filled page to under use_zero_pages=1; our regions are
 * always written, so no page of theirs is the zero page otherwise).  PFNs of one region come
 * in runs for unmerged memory and repeat for merged memory (KSM packs up
 * to max_page_sharing mappings on one page), so kpageflags is read a
 * window at a time into a direct-mapped cache instead of once a page.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "page.h"
#include "pagemap.h"

#define PM_PFN_MASK	((1ULL << 55) - 1)
#define PM_PRESENT	(1ULL << 63)
#define KPF_KSM		21
#define KPF_ZERO_PAGE	24
#define BATCH		4096
#define FLAGS_WINDOW	64
#define CACHE_SLOTS	8192		/* a power of two */

/*
 * KPF_KSM must be clear on a page that cannot be a KSM page: a private
 * page of ours, written with content no other page has and never
 * madvised mergeable.  Linux 6.12's stable_page_flags() tests
 * "mapping & PAGE_MAPPING_KSM", true for every anonymous page, so there
 * the bit says nothing and the census would count every page as merged.
 */
static void check_ksm_bit(struct pagemap *pm)
{
	uint64_t *page = mmap(NULL, host_page_size(), PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (page == MAP_FAILED)
		return;
	page[0] = (uintptr_t)page ^ 0x6b736d6578697421ULL;
	if (pagemap_count_ksm(pm, page, 1, NULL) == 1)
		snprintf(pm->why_unavailable, sizeof(pm->why_unavailable),
			 "/proc/kpageflags sets KPF_KSM on a private page KSM never saw "
			 "(a kernel bug: Linux 6.12 marks every anonymous page KSM)");
	munmap(page, host_page_size());
}

void pagemap_open(struct pagemap *pm)
{
	uint64_t entry = 0;
	int probe = 0;

	memset(pm, 0, sizeof(*pm));
	pm->pagemap_fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	pm->kpageflags_fd = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);
	if (pm->pagemap_fd < 0 || pm->kpageflags_fd < 0) {
		snprintf(pm->why_unavailable, sizeof(pm->why_unavailable),
			 "%s unreadable: %s", pm->pagemap_fd < 0 ?
			 "/proc/self/pagemap" : "/proc/kpageflags", strerror(errno));
		return;
	}
	/* A present page of ours must show a PFN, else we lack CAP_SYS_ADMIN. */
	if (pread(pm->pagemap_fd, &entry, 8, ((uintptr_t)&probe / host_page_size()) * 8) == 8 &&
	    (entry & PM_PRESENT) && !(entry & PM_PFN_MASK))
		snprintf(pm->why_unavailable, sizeof(pm->why_unavailable),
			 "/proc/self/pagemap hides PFNs (needs CAP_SYS_ADMIN)");
	else
		check_ksm_bit(pm);
}

void pagemap_close(struct pagemap *pm)
{
	if (pm->pagemap_fd >= 0)
		close(pm->pagemap_fd);
	if (pm->kpageflags_fd >= 0)
		close(pm->kpageflags_fd);
	pm->pagemap_fd = pm->kpageflags_fd = -1;
}

bool pagemap_usable(const struct pagemap *pm)
{
	return pm->why_unavailable[0] == '\0';
}

struct flags_cache {
	uint64_t pfn[CACHE_SLOTS];	/* pfn + 1, so that 0 means empty */
	uint64_t flags[CACHE_SLOTS];
};

static int kpageflags_get(struct pagemap *pm, struct flags_cache *c,
			  uint64_t pfn, uint64_t *flags)
{
	uint64_t window[FLAGS_WINDOW];
	size_t slot = pfn & (CACHE_SLOTS - 1);
	ssize_t n;

	/*
	 * The aligned window around pfn: a region's frames come in ascending
	 * and descending runs, and a window starting at pfn served only the
	 * ascending ones (one read a page for the rest: 197 ms at 1 GiB).
	 */
	if (c->pfn[slot] != pfn + 1) {
		uint64_t base = pfn & ~(uint64_t)(FLAGS_WINDOW - 1);

		n = pread(pm->kpageflags_fd, window, sizeof(window), base * 8);
		if (n < 0)
			return -errno;
		if ((uint64_t)n / 8 <= pfn - base)
			return -EIO;
		for (ssize_t i = 0; i < n / 8; i++) {
			size_t s = (base + i) & (CACHE_SLOTS - 1);

			c->pfn[s] = base + i + 1;
			c->flags[s] = window[i];
		}
	}
	*flags = c->flags[slot];
	return 0;
}

long pagemap_count_ksm(struct pagemap *pm, const void *addr, size_t npages,
		       bool *is_ksm)
{
	struct flags_cache *cache;
	uint64_t entries[BATCH];
	uint64_t first = (uintptr_t)addr / host_page_size();
	long count = 0;

	if (!pagemap_usable(pm)) {
		errno = ENOTSUP;
		return -1;
	}
	cache = calloc(1, sizeof(*cache));
	if (!cache)
		return -1;
	for (size_t done = 0; done < npages; ) {
		size_t n = npages - done < BATCH ? npages - done : BATCH;
		ssize_t got = pread(pm->pagemap_fd, entries, n * 8, (first + done) * 8);

		if (got != (ssize_t)(n * 8)) {
			count = -1;
			break;
		}
		for (size_t i = 0; i < n; i++) {
			uint64_t flags = 0;
			bool ksm = false;

			if ((entries[i] & PM_PRESENT) && (entries[i] & PM_PFN_MASK)) {
				int ret = kpageflags_get(pm, cache,
							 entries[i] & PM_PFN_MASK, &flags);
				if (ret) {
					free(cache);
					errno = -ret;
					return -1;
				}
				ksm = flags & (1ULL << KPF_KSM | 1ULL << KPF_ZERO_PAGE);
			}
			count += ksm;
			if (is_ksm)
				is_ksm[done + i] = ksm;
		}
		done += n;
	}
	free(cache);
	return count;
}
