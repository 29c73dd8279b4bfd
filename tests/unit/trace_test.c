// SPDX-License-Identifier: GPL-2.0
/*
 * The tracing pieces that need no kernel: exit-reason names per vendor,
 * the perf ring walker on a recorded ring and on hand-built wrapped and
 * lost records, field decoding against recorded event formats, the
 * "silent event" rule, and fault attribution.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <linux/perf_event.h>
#include <traceevent/event-parse.h>

#include "attrib.h"
#include "exit_reasons.h"
#include "formats.h"
#include "trace.h"
#include "trace_record.h"

#define DATA "tests/unit/data/"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	*len = ftell(f);
	rewind(f);
	buf = malloc(*len + 1);
	assert_int_equal(fread(buf, 1, *len, f), *len);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static struct tep_event *load_event(struct tep_handle *tep, const char *file,
				    const char *sys, const char *name)
{
	size_t len;
	char *fmt = slurp(file, &len);

	assert_int_equal(tep_parse_event(tep, fmt, len, sys), 0);
	free(fmt);
	return tep_find_event_by_name(tep, sys, name);
}

static void vmx_and_svm_reason_names(void **state)
{
	(void)state;
	assert_string_equal(exit_reason_name(KVM_ISA_VMX, 48), "EPT_VIOLATION");
	assert_string_equal(exit_reason_name(KVM_ISA_VMX, 49), "EPT_MISCONFIG");
	assert_string_equal(exit_reason_name(KVM_ISA_VMX, 30), "IO_INSTRUCTION");
	/* Bit 31 flags a failed VM entry; the basic reason is the low 16 bits. */
	assert_string_equal(exit_reason_name(KVM_ISA_VMX, 0x80000021), "INVALID_STATE");
	assert_string_equal(exit_reason_name(KVM_ISA_SVM, 0x400), "NPF");
	assert_string_equal(exit_reason_name(KVM_ISA_SVM, 0x07b), "io");
	assert_string_equal(exit_reason_name(KVM_ISA_SVM, 0x060), "interrupt");
	assert_null(exit_reason_name(KVM_ISA_VMX, 5000));
	assert_null(exit_reason_name(KVM_ISA_SVM, 0x3ff));
	assert_null(exit_reason_name(0, 48));
	assert_true(exit_reason_is_tdp_fault(KVM_ISA_VMX, 48));
	assert_true(exit_reason_is_tdp_fault(KVM_ISA_SVM, 0x400));
	assert_false(exit_reason_is_tdp_fault(KVM_ISA_SVM, 48));
	assert_false(exit_reason_is_tdp_fault(KVM_ISA_VMX, 0x400));
}

struct gfn_log {
	struct tracer *t;	/* its tep_events[EV_SPTE_REQUESTED] */
	struct attribution *attribution;
	int n;
	uint64_t first;
};

static void log_gfn(void *arg, const void *raw, uint32_t len)
{
	struct gfn_log *log = arg;
	uint64_t gfn;

	assert_int_equal(formats_field_u64(log->t, EV_SPTE_REQUESTED, "gfn", raw, len, &gfn), 0);
	if (log->n++ == 0)
		log->first = gfn;
	attribution_add(log->attribution, gfn);
}

static void walks_recorded_ring(void **state)
{
	struct tep_handle *tep = tep_alloc();
	struct attribution a;
	struct attribution_result r;
	struct gfn_log log = { .t = calloc(1, sizeof(struct tracer)), .attribution = &a };
	size_t len;
	char *ring = slurp(DATA "spte_requested.ring", &len);

	(void)state;
	/* The recorded run's data slot: 16384 pages at GPA 1 GiB. */
	assert_int_equal(attribution_init(&a, (1ULL << 30) / 4096, 16384,
					  calloc(16384, sizeof(bool))), 0);
	log.t->tep_events[EV_SPTE_REQUESTED] = load_event(tep, DATA "kvm_mmu_spte_requested.format",
							  "kvmmmu", "kvm_mmu_spte_requested");
	assert_non_null(log.t->tep_events[EV_SPTE_REQUESTED]);
	/* head as the kernel left it: 341 records of 48 bytes */
	assert_int_equal(trace_ring_walk(ring, len, 0, 16368, log_gfn, &log), 0);
	assert_int_equal(log.n, 341);
	assert_int_equal(log.first, 0x43b80);
	attribution_summarize(&a, &r);
	/* Two faults hit the system slot: the mailbox (0x1f0) and code (0x100). */
	assert_int_equal(r.outside_data, 2);
	assert_int_equal(r.on_unmerged, 339);
	attribution_free(&a);
	free(ring);
	free(log.t);
	tep_free(tep);
}

/* Appends one record at pos of a ring (wrapping) and returns the new pos. */
static uint64_t put_record(char *ring, uint64_t size, uint64_t pos, uint32_t type,
			   const void *body, uint16_t body_len)
{
	struct perf_event_header hdr = { .type = type, .size = sizeof(hdr) + body_len };
	char rec[512];

	memcpy(rec, &hdr, sizeof(hdr));
	memcpy(rec + sizeof(hdr), body, body_len);
	for (uint16_t i = 0; i < hdr.size; i++)
		ring[(pos + i) & (size - 1)] = rec[i];
	return pos + hdr.size;
}

struct exit_log {
	struct tracer *t;	/* its tep_events[EV_KVM_EXIT] */
	int n;
	uint64_t reason[4], isa[4];
};

static void log_exit(void *arg, const void *raw, uint32_t len)
{
	struct exit_log *log = arg;

	assert_int_equal(formats_field_u64(log->t, EV_KVM_EXIT, "exit_reason", raw, len,
					   &log->reason[log->n]), 0);
	assert_int_equal(formats_field_u64(log->t, EV_KVM_EXIT, "isa", raw, len,
					   &log->isa[log->n]), 0);
	log->n++;
}

/* A kvm_exit record per the recorded format: exit_reason @8, isa @24. */
static uint16_t make_exit_sample(char *body, uint32_t reason, uint32_t isa)
{
	uint32_t raw_len = 72;
	char raw[72] = { 0 };

	memcpy(raw + 8, &reason, 4);
	memcpy(raw + 24, &isa, 4);
	memcpy(body, &raw_len, 4);
	memcpy(body + 4, raw, raw_len);
	return 4 + raw_len;
}

static void walks_wrapped_and_lost_records(void **state)
{
	struct tep_handle *tep = tep_alloc();
	struct exit_log log = { .t = calloc(1, sizeof(struct tracer)) };
	char ring[256] = { 0 }, body[128];
	uint64_t lost[2] = { 0, 7 };	/* id, lost */
	uint64_t start = 200, pos = start;
	uint16_t n;

	(void)state;
	log.t->tep_events[EV_KVM_EXIT] = load_event(tep, DATA "kvm_exit.format", "kvm", "kvm_exit");
	assert_non_null(log.t->tep_events[EV_KVM_EXIT]);
	n = make_exit_sample(body, 48, KVM_ISA_VMX);
	pos = put_record(ring, sizeof(ring), pos, PERF_RECORD_SAMPLE, body, n); /* wraps */
	pos = put_record(ring, sizeof(ring), pos, PERF_RECORD_LOST, lost, sizeof(lost));
	n = make_exit_sample(body, 0x400, KVM_ISA_SVM);
	pos = put_record(ring, sizeof(ring), pos, PERF_RECORD_SAMPLE, body, n);
	assert_int_equal(trace_ring_walk(ring, sizeof(ring), start, pos, log_exit, &log), 7);
	assert_int_equal(log.n, 2);
	assert_int_equal(log.reason[0], 48);
	assert_int_equal(log.isa[0], KVM_ISA_VMX);
	assert_int_equal(log.reason[1], 0x400);
	assert_int_equal(log.isa[1], KVM_ISA_SVM);
	free(log.t);
	tep_free(tep);
}

static void stops_at_partial_record(void **state)
{
	struct exit_log log = { 0 };
	char ring[256] = { 0 }, body[128];
	uint64_t pos;

	(void)state;
	pos = put_record(ring, sizeof(ring), 0, PERF_RECORD_SAMPLE, body,
			 make_exit_sample(body, 48, KVM_ISA_VMX));
	/* head in the middle of the record: nothing must be read */
	assert_int_equal(trace_ring_walk(ring, sizeof(ring), 0, pos - 1, log_exit, &log), 0);
	assert_int_equal(log.n, 0);
}

static void short_record_has_no_field(void **state)
{
	struct tep_handle *tep = tep_alloc();
	struct tracer *t = calloc(1, sizeof(*t));
	char raw[16] = { 0 };
	uint64_t v;

	(void)state;
	t->tep_events[EV_KVM_EXIT] = load_event(tep, DATA "kvm_exit.format", "kvm", "kvm_exit");
	assert_int_equal(formats_field_u64(t, EV_KVM_EXIT, "exit_reason", raw, sizeof(raw), &v), 0);
	assert_int_equal(formats_field_u64(t, EV_KVM_EXIT, "isa", raw, sizeof(raw), &v), -1);
	assert_int_equal(formats_field_u64(t, EV_KVM_EXIT, "no_such_field", raw, sizeof(raw), &v),
			 -1);
	free(t);
	tep_free(tep);
}

static void silent_only_with_a_moving_witness(void **state)
{
	(void)state;
	assert_true(trace_event_silent(EV_KVM_EXIT, 0, 16393));
	assert_false(trace_event_silent(EV_KVM_EXIT, 16393, 16393));
	assert_false(trace_event_silent(EV_KVM_EXIT, 0, 0));	/* nothing happened */
	assert_false(trace_event_silent(EV_FAST_PAGE_FAULT, 0, 16384));	/* no witness */
	assert_true(trace_event_silent(EV_SPTE_REQUESTED, 0, 5));
}

static void attributes_faults_to_pages(void **state)
{
	struct attribution a;
	struct attribution_result r;
	bool *is_ksm = calloc(8, sizeof(bool));
	uint64_t base = 0x40000;

	(void)state;
	for (int i = 0; i < 6; i++)
		is_ksm[i] = true;			/* pages 0-5 merged, 6-7 not */
	assert_int_equal(attribution_init(&a, base, 8, is_ksm), 0);
	for (int i = 0; i < 5; i++)
		attribution_add(&a, base + i);		/* 0-4 once; 5 never */
	attribution_add(&a, base + 4);			/* 4 twice */
	attribution_add(&a, base + 7);			/* unmerged */
	attribution_add(&a, 0x100);			/* system slot */
	attribution_add(&a, base + 8);			/* just past the slot */
	attribution_summarize(&a, &r);
	assert_int_equal(r.faults, 9);
	assert_int_equal(r.on_merged, 6);
	assert_int_equal(r.on_unmerged, 1);
	assert_int_equal(r.outside_data, 2);
	assert_int_equal(r.merged_pages, 6);
	assert_int_equal(r.merged_faulted_once, 4);
	assert_int_equal(r.merged_without_fault, 1);
	assert_int_equal(r.faulted_more_than_once, 1);
	attribution_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vmx_and_svm_reason_names),
		cmocka_unit_test(walks_recorded_ring),
		cmocka_unit_test(walks_wrapped_and_lost_records),
		cmocka_unit_test(stops_at_partial_record),
		cmocka_unit_test(short_record_has_no_field),
		cmocka_unit_test(silent_only_with_a_moving_witness),
		cmocka_unit_test(attributes_faults_to_pages),
	};

	return cmocka_run_group_tests_name("trace", tests, NULL, NULL);
}
