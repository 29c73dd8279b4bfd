/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest's data memory: private anonymous pages filled so that a known
 * set of them are duplicates KSM can merge.  What every qword holds is a
 * function of the fill and of whether the guest has written the page, so
 * the host can predict each pass's checksum and check the memory after.
 */
#ifndef KSMEXIT_REGION_H
#define KSMEXIT_REGION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "page.h"

enum region_fill {
	FILL_DUP,		/* every page the same pattern */
	FILL_UNIQUE,		/* every page different */
	FILL_PARTIAL,		/* dup_ratio of the pages the pattern, spread evenly */
	FILL_ZERO,		/* every page zero (merges into the zero page) */
	NR_FILLS
};

extern const char *const region_fill_names[NR_FILLS];

/* What backs the guest's memory (the KVM selftests' names). */
enum region_backing {
	BACKING_ANONYMOUS,		/* private anonymous, no huge pages */
	BACKING_ANONYMOUS_THP,		/* private anonymous, MADV_HUGEPAGE */
	BACKING_ANONYMOUS_HUGETLB,	/* MAP_HUGETLB: KSM never merges it */
	BACKING_SHMEM,			/* a memfd, MAP_SHARED: KSM never merges it */
	NR_BACKINGS
};

/* NULL-terminated, so option parsing can take it as the list of choices. */
extern const char *const region_backing_names[NR_BACKINGS + 1];
/* KSM merges only private anonymous memory without hugetlb. */
bool region_backing_mergeable(enum region_backing b);

struct region {
	void *hva;
	size_t size;
	size_t npages;
	bool mergeable;
	enum region_backing backing;
	int memfd;			/* shmem: the file, else -1 */
	enum region_fill fill;
	double dup_ratio;		/* FILL_PARTIAL only */
	uint64_t written_gpa;		/* 0, or the GPA of page 0 once written */
	void *map;			/* what to munmap: hva less alignment */
	size_t map_size;
};

/*
 * 0 if bytes of guest memory fit in MemAvailable less a margin (256 MiB
 * or 5% of MemTotal, whichever is more); else -1 with both numbers in why.
 */
int region_fits(size_t bytes, char *why, size_t len);
/*
 * Maps the memory, untouched (so a NUMA policy can still be set); asserts
 * on failure.  THP: 2 MiB aligned and MADV_HUGEPAGE; plain anonymous
 * memory MADV_NOHUGEPAGE.  0, or -ENOMEM when hugetlb memory is not
 * reserved (why says how many huge pages were free).
 */
int region_alloc(struct region *r, size_t npages, enum region_fill fill,
		 double dup_ratio, enum region_backing backing, char *why, size_t len);
/*
 * Writes every page, one thread per CPU; unwinds on a signal that came
 * meanwhile.  Returns the nanoseconds it took.
 */
uint64_t region_fill(struct region *r);
/* 2 MiB huge pages backing the region (smaps AnonHugePages), or -1. */
long region_huge_pages(const struct region *r);
void region_mark_mergeable(struct region *r);
/* MADV_UNMERGEABLE (when marked) and munmap. */
void region_free(struct region *r);
/* The qword at byte offset off of every duplicate page. */
uint64_t region_pattern(size_t off);
/* True if page i is filled as a duplicate (of the pattern or of zero). */
bool region_page_is_dup(const struct region *r, size_t i);
/* How many pages KSM can merge: the duplicates, if there are two or more. */
size_t region_mergeable_pages(const struct region *r);
/* The qword at byte offset off of page i as the region should hold it. */
uint64_t region_word(const struct region *r, size_t i, size_t off);
/* What a pass loading every stride bytes of pages [first, first+n) sums to. */
uint64_t region_expected_sum(const struct region *r, size_t first, size_t n,
			     size_t stride);
/* The guest wrote each page's GPA (from gpa) to its first qword. */
void region_mark_written(struct region *r, uint64_t gpa);
/* True if every page holds what region_word says; one thread per CPU. */
bool region_intact(const struct region *r);

#endif
