// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: the perf ring walker and the record decoder on arbitrary ring
 * contents, decoding fields with the kvm_exit format recorded on the
 * project's machine (tests/unit/data/kvm_exit.format).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <traceevent/event-parse.h>

#include "formats.h"
#include "trace_record.h"

/* A tracer holding only the kvm_exit format. */
static struct tracer tracer;

static void load_format(void)
{
	char buf[16384];
	size_t n;
	FILE *f = fopen("tests/unit/data/kvm_exit.format", "r");
	struct tep_handle *tep = tep_alloc();

	if (!f)
		abort();	/* run from the repository's top */
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	if (tep_parse_event(tep, buf, n, "kvm"))
		abort();
	tracer.tep_events[EV_KVM_EXIT] = tep_find_event_by_name(tep, "kvm", "kvm_exit");
}

static void decode(void *arg, const void *raw, uint32_t len)
{
	uint64_t v;

	(void)arg;
	formats_field_u64(&tracer, EV_KVM_EXIT, "exit_reason", raw, len, &v);
	formats_field_u64(&tracer, EV_KVM_EXIT, "isa", raw, len, &v);
	formats_field_u64(&tracer, EV_KVM_EXIT, "requests", raw, len, &v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t ring_size = 64;
	char *ring;

	if (!tracer.tep_events[EV_KVM_EXIT])
		load_format();
	while (ring_size < size)
		ring_size *= 2;
	ring = calloc(1, ring_size);
	memcpy(ring, data, size);
	/* tail anywhere, head up to a full ring ahead of it */
	trace_ring_walk(ring, ring_size, size % ring_size, size % ring_size + ring_size,
			decode, NULL);
	free(ring);
	return 0;
}
