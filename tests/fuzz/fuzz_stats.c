// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: the KVM binary stats parser on arbitrary "stats files"
 * (header, descriptors, data), served from a memfd as the kernel would.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "stats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("stats", 0);
	struct kvm_stats s;

	if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	if (kvm_stats_open(&s, fd) == 0) {
		uint64_t *values = calloc(s.nr_descs, sizeof(*values));

		kvm_stats_read(&s, values);
		kvm_stats_find(&s, "pf_taken");
		free(values);
		kvm_stats_close(&s);
	}
	close(fd);
	return 0;
}
