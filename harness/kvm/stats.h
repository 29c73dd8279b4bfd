/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KVM binary statistics (KVM_GET_STATS_FD): descriptors found by name,
 * never by offset, so the same code reads any kernel's set of counters.
 */
#ifndef KSMEXIT_STATS_H
#define KSMEXIT_STATS_H

#include <stdint.h>

#define STATS_NAME_MAX 64

struct stats_desc {
	char name[STATS_NAME_MAX];
	uint32_t flags;		/* KVM_STATS_TYPE_*, _UNIT_*, _BASE_* */
	uint16_t size;		/* elements; histograms have more than one */
	uint32_t offset;	/* into the data block, in bytes */
};

struct kvm_stats {
	int fd;
	int nr_descs;
	struct stats_desc *descs;
	uint64_t data_offset;
	uint64_t data_size;
	uint64_t *buf;		/* scratch for one read of the data block */
};

/* Parses the header and descriptors; the fd stays owned by the caller. */
int kvm_stats_open(struct kvm_stats *stats, int fd);
void kvm_stats_close(struct kvm_stats *stats);
/* One value per descriptor (histogram buckets summed) into values[]. */
int kvm_stats_read(struct kvm_stats *stats, uint64_t *values);
/* Index of the descriptor called name, or -1. */
int kvm_stats_find(const struct kvm_stats *stats, const char *name);

#endif
