/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest's data memory: private anonymous pages that all hold the same
 * pattern, so KSM can merge every one of them.
 */
#ifndef KSMEXIT_REGION_H
#define KSMEXIT_REGION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PAGE_SIZE 4096UL

struct region {
	void *hva;
	size_t size;
	size_t npages;
	bool mergeable;
};

/*
 * 0 if bytes of guest memory fit in MemAvailable less a margin (256 MiB
 * or 5% of MemTotal, whichever is more); else -1 with both numbers in why.
 */
int region_fits(size_t bytes, char *why, size_t len);
/* Asserts on failure; checks for a pending signal while filling. */
void region_alloc(struct region *r, size_t npages, bool hugepage);
void region_mark_mergeable(struct region *r);
/* MADV_UNMERGEABLE (when marked) and munmap. */
void region_free(struct region *r);
/* The qword at byte offset off of every page. */
uint64_t region_pattern(size_t off);
/* What a pass that loads every stride bytes of npages pages adds up to. */
uint64_t region_expected_sum(size_t npages, size_t stride);
/* True if every page still holds the pattern. */
bool region_intact(const struct region *r);

#endif
