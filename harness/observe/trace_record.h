/* SPDX-License-Identifier: GPL-2.0 */
/* Records out of a perf ring buffer (their fields: formats.h). */
#ifndef KSMEXIT_TRACE_RECORD_H
#define KSMEXIT_TRACE_RECORD_H

#include <stddef.h>
#include <stdint.h>

typedef void (*raw_sample_fn)(void *arg, const void *raw, uint32_t len);

/*
 * Walks the records between tail and head of a ring of size bytes (a
 * power of two), calling fn for each PERF_SAMPLE_RAW payload.  Returns the
 * number of records the kernel reported lost.
 */
uint64_t trace_ring_walk(const char *ring, uint64_t size, uint64_t tail,
			 uint64_t head, raw_sample_fn fn, void *arg);

#endif
