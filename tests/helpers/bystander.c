// SPDX-License-Identifier: GPL-2.0
/*
 * A bystander for tests/integration/bystander.sh: another process with its
 * own mergeable duplicate memory (a pattern unlike ksmexit's).  It prints
 * "ready", then answers each "count" line on stdin with "<KSM pages of its
 * region> <1 if its data is unchanged, else 0>", until "quit".
 * Usage: bystander PAGES
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "page.h"
#include "pagemap.h"

#define SEED 0x62797374616e6400ULL	/* "bystand\0" */

/* Word i of every page holds SEED ^ i: the pages are duplicates. */
static uint64_t word(size_t i)
{
	return SEED ^ (i % (host_page_size() / 8));
}

static int intact(const uint64_t *mem, size_t npages)
{
	for (size_t i = 0; i < npages * host_page_size() / 8; i++)
		if (mem[i] != word(i))
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	size_t npages = argc > 1 ? strtoul(argv[1], NULL, 10) : 0;
	struct pagemap pm;
	char line[64];
	uint64_t *mem;

	if (!npages) {
		fprintf(stderr, "usage: bystander PAGES\n");
		return 2;
	}
	mem = mmap(NULL, npages * host_page_size(), PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED || madvise(mem, npages * host_page_size(), MADV_NOHUGEPAGE)) {
		perror("bystander: mmap/madvise");
		return 1;
	}
	for (size_t i = 0; i < npages * host_page_size() / 8; i++)
		mem[i] = word(i);
	if (madvise(mem, npages * host_page_size(), MADV_MERGEABLE)) {
		perror("bystander: MADV_MERGEABLE");
		return 1;
	}
	pagemap_open(&pm);
	if (!pagemap_usable(&pm)) {
		fprintf(stderr, "bystander: %s\n", pm.why_unavailable);
		return 4;
	}
	printf("ready\n");
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin) && strncmp(line, "quit", 4)) {
		printf("%ld %d\n", pagemap_count_ksm(&pm, mem, npages, NULL), intact(mem, npages));
		fflush(stdout);
	}
	return 0;
}
