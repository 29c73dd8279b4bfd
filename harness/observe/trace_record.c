// SPDX-License-Identifier: GPL-2.0
/*
 * The perf ring buffer layout is in include/uapi/linux/perf_event.h: a
 * stream of records, each a perf_event_header; a PERF_RECORD_SAMPLE with
 * only PERF_SAMPLE_RAW carries a u32 size and the tracepoint's raw bytes,
 * a PERF_RECORD_LOST the number of records dropped.  Records may wrap at
 * the end of the ring, so each is copied out before it is read.
 */
#include <string.h>
#include <linux/perf_event.h>

#include "trace_record.h"

#define RECORD_MAX 65536	/* perf_event_header.size is a u16 */

static void ring_copy(const char *ring, uint64_t size, uint64_t pos, void *dst,
		      size_t len)
{
	uint64_t off = pos & (size - 1);
	size_t first = len < size - off ? len : size - off;

	memcpy(dst, ring + off, first);
	memcpy((char *)dst + first, ring, len - first);
}

uint64_t trace_ring_walk(const char *ring, uint64_t size, uint64_t tail,
			 uint64_t head, raw_sample_fn fn, void *arg)
{
	static char rec[RECORD_MAX];
	uint64_t lost = 0;

	while (tail + sizeof(struct perf_event_header) <= head) {
		struct perf_event_header hdr;

		ring_copy(ring, size, tail, &hdr, sizeof(hdr));
		if (hdr.size < sizeof(hdr) || tail + hdr.size > head)
			break;	/* corrupt or partial: stop rather than misread */
		ring_copy(ring, size, tail, rec, hdr.size);
		if (hdr.type == PERF_RECORD_SAMPLE && hdr.size >= sizeof(hdr) + 4) {
			uint32_t raw_len;

			memcpy(&raw_len, rec + sizeof(hdr), 4);
			if (sizeof(hdr) + 4 + raw_len <= hdr.size)
				fn(arg, rec + sizeof(hdr) + 4, raw_len);
		} else if (hdr.type == PERF_RECORD_LOST && hdr.size >= sizeof(hdr) + 16) {
			uint64_t n;

			memcpy(&n, rec + sizeof(hdr) + 8, 8);
			lost += n;
		}
		tail += hdr.size;
	}
	return lost;
}
