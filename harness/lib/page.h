/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host's base page: what KSM merges, what KVM maps for the guest and
 * numbers as a gfn, and the unit of the guest's data.  4 KiB on x86_64
 * and riscv64; arm64 and ppc64le kernels have 4, 16 or 64 KiB (Debian's
 * ppc64el kernel 64 KiB).
 */
#ifndef KSMEXIT_PAGE_H
#define KSMEXIT_PAGE_H

#include <stddef.h>
#include <unistd.h>

/* Asked once: the region's and the stress's per-word loops use it. */
static inline size_t host_page_size(void)
{
	static size_t size;

	if (!size)
		size = (size_t)sysconf(_SC_PAGESIZE);
	return size;
}

static inline unsigned int host_page_shift(void)
{
	return (unsigned int)__builtin_ctzl(host_page_size());
}

#endif
