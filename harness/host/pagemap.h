/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ground truth for which of our own pages are KSM pages:
 * /proc/self/pagemap gives each page's PFN, /proc/kpageflags its KPF_KSM bit.
 * Both need root (without CAP_SYS_ADMIN pagemap reports PFN 0).
 */
#ifndef KSMEXIT_PAGEMAP_H
#define KSMEXIT_PAGEMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pagemap {
	int pagemap_fd;
	int kpageflags_fd;
	char why_unavailable[160];	/* empty when usable */
};

/* Never fails: an unusable pagemap records why and counts return -1. */
void pagemap_open(struct pagemap *pm);
void pagemap_close(struct pagemap *pm);
bool pagemap_usable(const struct pagemap *pm);
/*
 * How many of the npages pages at addr KSM merged (a KSM page, or the
 * zero page under use_zero_pages=1), or -1 (errno set)
 * when that cannot be known.  With is_ksm, also marks each page.
 */
long pagemap_count_ksm(struct pagemap *pm, const void *addr, size_t npages,
		       bool *is_ksm);

#endif
