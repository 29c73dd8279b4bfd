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

#include "pagemap.h"

#define PAGE 4096UL
#define SEED 0x62797374616e6400ULL	/* "bystand\0" */

static int intact(const uint64_t *mem, size_t npages)
{
	for (size_t i = 0; i < npages * PAGE / 8; i++)
		if (mem[i] != (SEED ^ (i % (PAGE / 8))))
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
	mem = mmap(NULL, npages * PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED || madvise(mem, npages * PAGE, MADV_NOHUGEPAGE)) {
		perror("bystander: mmap/madvise");
		return 1;
	}
	for (size_t i = 0; i < npages * PAGE / 8; i++)
		mem[i] = SEED ^ (i % (PAGE / 8));
	if (madvise(mem, npages * PAGE, MADV_MERGEABLE)) {
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
