// SPDX-License-Identifier: GPL-2.0
/*
 * Reader for the binary stats format of Documentation/virt/kvm/api.rst
 * (4.133 KVM_GET_STATS_FD): a header, name_size-long descriptors, then a
 * data block of u64 values.  The layout is read once; each sample is one
 * pread of the data block.  A histogram is reduced to the sum of its
 * buckets so every statistic is one number whose delta means "how many".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/kvm.h>

#include "stats.h"

/* Far above any kernel's (a vCPU's is a few KiB): a bound, not a guess. */
#define STATS_FILE_MAX	(1 << 20)

static int pread_full(int fd, void *buf, size_t len, off_t off)
{
	ssize_t n = pread(fd, buf, len, off);

	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

int kvm_stats_open(struct kvm_stats *stats, int fd)
{
	struct kvm_stats_header hdr;
	size_t desc_len;
	char *raw;
	int ret;

	memset(stats, 0, sizeof(*stats));
	stats->fd = fd;
	ret = pread_full(fd, &hdr, sizeof(hdr), 0);
	if (ret)
		return ret;
	if (hdr.num_desc == 0 || hdr.num_desc > 4096 || hdr.name_size == 0 ||
	    hdr.name_size > 4096 ||
	    (uint64_t)hdr.num_desc * (sizeof(struct kvm_stats_desc) + hdr.name_size) > STATS_FILE_MAX)
		return -EINVAL;

	desc_len = sizeof(struct kvm_stats_desc) + hdr.name_size;
	raw = malloc(desc_len * hdr.num_desc);
	stats->descs = calloc(hdr.num_desc, sizeof(*stats->descs));
	if (!raw || !stats->descs) {
		free(raw);
		free(stats->descs);
		return -ENOMEM;
	}
	ret = pread_full(fd, raw, desc_len * hdr.num_desc, hdr.desc_offset);
	for (uint32_t i = 0; !ret && i < hdr.num_desc; i++) {
		const char *at = raw + i * desc_len;
		struct stats_desc *out = &stats->descs[i];
		struct kvm_stats_desc d;
		uint64_t end;

		/* A name_size that is not a multiple of 4 misaligns descriptors. */
		memcpy(&d, at, sizeof(d));
		out->flags = d.flags;
		out->size = d.size ? d.size : 1;	/* read as one value */
		out->offset = d.offset;
		end = (uint64_t)out->offset + (uint64_t)out->size * 8;
		snprintf(out->name, sizeof(out->name), "%.*s", (int)hdr.name_size,
			 at + sizeof(d));
		if (end > stats->data_size)
			stats->data_size = end;
		if (d.offset % 8 || stats->data_size > STATS_FILE_MAX)
			ret = -EINVAL;	/* values are u64s in a small block */
	}
	free(raw);
	stats->nr_descs = hdr.num_desc;
	stats->data_offset = hdr.data_offset;
	stats->buf = ret ? NULL : malloc(stats->data_size ? stats->data_size : 8);
	if (!ret && !stats->buf)
		ret = -ENOMEM;
	if (ret)
		kvm_stats_close(stats);
	return ret;
}

void kvm_stats_close(struct kvm_stats *stats)
{
	free(stats->descs);
	free(stats->buf);
	stats->descs = NULL;
	stats->buf = NULL;
	stats->nr_descs = 0;
}

int kvm_stats_read(struct kvm_stats *stats, uint64_t *values)
{
	int ret = pread_full(stats->fd, stats->buf, stats->data_size,
			     stats->data_offset);

	if (ret)
		return ret;
	for (int i = 0; i < stats->nr_descs; i++) {
		const struct stats_desc *d = &stats->descs[i];
		const uint64_t *v = stats->buf + d->offset / 8;

		values[i] = 0;
		for (int j = 0; j < d->size; j++)
			values[i] += v[j];
	}
	return 0;
}

int kvm_stats_find(const struct kvm_stats *stats, const char *name)
{
	for (int i = 0; i < stats->nr_descs; i++)
		if (!strcmp(stats->descs[i].name, name))
			return i;
	return -1;
}
