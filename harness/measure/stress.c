// SPDX-License-Identifier: GPL-2.0
/* The stress phase: see stress.h. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "clock.h"
#include "numa_place.h"
#include "page.h"
#include "stress.h"
#include "sysfs.h"
#include "test_util.h"
#include "vcpu_pool.h"

const char *const corruption_kind_names[NR_CORRUPTION_KINDS] = {
	[CORRUPTION_LEAK] = "another page's stamp (a write leaked through a shared page)",
	[CORRUPTION_LOST] = "this page's older contents (a write was lost)",
	[CORRUPTION_UNKNOWN] = "neither a stamp nor the page's older contents",
};

struct stress_ctx {
	const struct stress_args *a;
	struct run_stress *out;
	uint64_t start_ns;
	volatile uint64_t end_ns;		/* brought forward after STRESS_STOP_AFTER */
	uint64_t scans_at_start;
	pthread_mutex_t lock;		/* out's corruption list */
	atomic_uint_fast64_t bursts;
	int nodes[2];			/* the migration's two nodes */
	pthread_t migrator;
	volatile bool stop_migrating;	/* an assertion is unwinding the run */
	char migrate_error[128];	/* move_pages' failure, or "" */
};

#define STAMP_GFN_MASK	0x7fffffffULL

enum corruption_kind stress_classify(uint64_t gfn, unsigned int offset, uint64_t expected,
				     uint64_t found, uint64_t *from_gfn)
{
	*from_gfn = 0;
	if (found >> STAMP_BIT) {
		uint64_t g = (found >> STAMP_GFN_SHIFT) & STAMP_GFN_MASK;

		if (g != gfn || offset) {
			*from_gfn = g;
			return CORRUPTION_LEAK;
		}
		return CORRUPTION_LOST;		/* an older stamp of this page */
	}
	/* The common contents where a stamp should be. */
	if (!offset && expected >> STAMP_BIT && found == region_pattern(0))
		return CORRUPTION_LOST;
	return CORRUPTION_UNKNOWN;
}

static void record(struct stress_ctx *s, int vcpu, uint64_t page, unsigned int offset,
		   uint64_t expected, uint64_t found)
{
	struct run_stress *o = s->out;
	struct corruption c = {
		.vcpu = vcpu,
		.gfn = (GUEST_DATA_GPA >> host_page_shift()) + page,
		.offset = offset,
		.expected = expected,
		.found = found,
		.t_s = (now_ns() - s->start_ns) / 1e9,
		.full_scans = ksm_read_u64(s->a->ksm, "full_scans") - s->scans_at_start,
	};

	c.kind = stress_classify(c.gfn, offset, expected, found, &c.from_gfn);
	pthread_mutex_lock(&s->lock);
	if (o->nr_kept < MAX_CORRUPTIONS_KEPT)
		o->kept[o->nr_kept++] = c;
	o->corruptions++;
	if (vcpu < 0)
		o->host_corruptions++;
	if (o->corruptions == STRESS_STOP_AFTER) {
		o->stopped_early = true;
		s->end_ns = 0;
	}
	pthread_mutex_unlock(&s->lock);
}

/* /proc/vmstat's cow_ksm (copy-on-writes of KSM pages, every process's), or -1. */
static int64_t cow_ksm(void)
{
	return procfs_field("/proc/vmstat", "cow_ksm");
}

/* One vCPU's bursts until the time is up; its corruption reports recorded. */
static int stress_vcpu(struct kvm_vcpu *vcpu, bool main_thread, void *arg, char *why,
		       size_t len)
{
	struct stress_ctx *s = arg;
	struct payload_mailbox *mb = guest_mailbox(s->a->guest, vcpu->id);
	size_t first;

	vcpu_slice(s->a->region, vcpu->id, s->a->nr_vcpus, &first);
	while (now_ns() < s->end_ns) {
		mb->ops = STRESS_BURST_VISITS;
		for (;;) {
			if (vcpu_pool_enter(vcpu, main_thread, why, len))
				return -1;
			if (guest_exit_is_pass_done(vcpu->run))
				break;
			if (!guest_exit_is_corrupt(vcpu->run)) {
				vcpu_pool_describe_exit(vcpu, why, len);
				return -1;
			}
			record(s, vcpu->id, first + mb->bad_page, mb->bad_off,
			       mb->bad_expected, mb->bad_found);
		}
		atomic_fetch_add(&s->bursts, 1);
	}
	return 0;
}

/*
 * The host's perturbation: batches of random pages moved to the other
 * node until the time is up (1 ms apart, so ksmd and the vCPUs keep the
 * CPUs).  Pages KSM merged stay where they are (move_pages leaves KSM
 * pages alone on older kernels): only the moves that happened count.
 */
static void *migrate_main(void *arg)
{
	struct stress_ctx *s = arg;
	const struct region *r = s->a->region;
	uint64_t rng = 0x2545f4914f6cdd1dULL;
	void *pages[NUMA_MOVE_MAX];
	int to[NUMA_MOVE_MAX];

	while (now_ns() < s->end_ns && !s->stop_migrating) {
		int moved;

		for (int i = 0; i < NUMA_MOVE_MAX; i++) {
			rng ^= rng << 13;
			rng ^= rng >> 7;
			rng ^= rng << 17;
			pages[i] = (char *)r->hva + (rng % r->npages) * host_page_size();
			to[i] = s->nodes[(rng >> 32) & 1];
		}
		moved = numa_move(pages, to, NUMA_MOVE_MAX);
		if (moved < 0) {
			snprintf(s->migrate_error, sizeof(s->migrate_error),
				 "move_pages failed: %s", strerror(-moved));
			break;
		}
		s->out->migrated += moved;
		sleep_ns(1000000);
	}
	return NULL;
}

/* Joined on every path: a failed assertion must not unmap pages it moves. */
static void migrate_stop_cb(void *arg)
{
	struct stress_ctx *s = arg;

	s->stop_migrating = true;
	pthread_join(s->migrator, NULL);
}

/* Starts the migration thread where the host can: true if it runs. */
static bool migrate_start(struct stress_ctx *s)
{
	struct run_stress *o = s->out;

	o->migrated = -1;
	if (!s->a->migrate) {
		snprintf(o->migrate_note, sizeof(o->migrate_note), "off (--no-migrate)");
		return false;
	}
	if (numa_memory_nodes(s->nodes, 2) < 2) {
		snprintf(o->migrate_note, sizeof(o->migrate_note),
			 "one NUMA node with memory: nothing to move pages to");
		return false;
	}
	o->migrated = 0;
	errno = pthread_create(&s->migrator, NULL, migrate_main, s);
	TEST_ASSERT(!errno, "starting the page migration thread failed");
	cleanup_push(migrate_stop_cb, s, false);
	return true;
}

/* The host's own look at the end: every word of every page against the records. */
static void host_compare(struct stress_ctx *s)
{
	const struct region *r = s->a->region;
	size_t words = host_page_size() / 8;

	for (size_t i = 0; i < r->npages; i++) {
		const uint64_t *page = (const uint64_t *)r->hva + i * words;

		for (size_t w = 0; w < words; w++) {
			uint64_t want = !w && s->a->records[i] ? s->a->records[i] :
					region_pattern(w * 8);

			if (page[w] != want)
				record(s, -1, i, w * 8, want, page[w]);
		}
	}
}

void stress_run(const struct stress_args *a, struct run_stress *out)
{
	struct stress_ctx s = { .a = a, .out = out };
	uint64_t stamps = 0, restores = 0;
	int64_t cow_end;
	bool migrating;

	TEST_ASSERT(a->region->fill == FILL_DUP && !a->region->written_gpa,
		    "the stress starts from duplicate pages that no pass wrote");
	pthread_mutex_init(&s.lock, NULL);
	for (int c = 0; c < a->nr_vcpus; c++) {
		struct payload_mailbox *mb = guest_mailbox(a->guest, c);
		size_t first, n = vcpu_slice(a->region, c, a->nr_vcpus, &first);

		*mb = (struct payload_mailbox){
			.cmd = PAYLOAD_CMD_STRESS,
			.base = GUEST_DATA_GPA + first * host_page_size(),
			.npages = n,
			.latency = GUEST_LATENCY_GPA + first * sizeof(uint64_t),
			/* xorshift64 must not start at 0; each vCPU its own sequence. */
			.seed = 0x9e3779b97f4a7c15ULL * (c + 1),
			.passes = mb->passes,
			.page_shift = mb->page_shift,
		};
	}
	s.scans_at_start = ksm_read_u64(a->ksm, "full_scans");
	out->cow_ksm = cow_ksm();
	s.start_ns = now_ns();
	s.end_ns = s.start_ns + (uint64_t)(a->duration_s * 1e9);
	migrating = migrate_start(&s);
	vcpu_pool_run(a->guest->vm, a->nr_vcpus, stress_vcpu, &s);
	if (migrating)
		cleanup_pop(migrate_stop_cb, &s);	/* stops and joins it */
	if (s.migrate_error[0])
		snprintf(out->migrate_note, sizeof(out->migrate_note), "%s", s.migrate_error);
	out->duration_s = (now_ns() - s.start_ns) / 1e9;
	out->full_scans = ksm_read_u64(a->ksm, "full_scans") - s.scans_at_start;
	cow_end = cow_ksm();
	out->cow_ksm = out->cow_ksm >= 0 && cow_end >= out->cow_ksm ? cow_end - out->cow_ksm : -1;
	for (int c = 0; c < a->nr_vcpus; c++) {
		struct payload_mailbox *mb = guest_mailbox(a->guest, c);

		stamps += mb->stamps;
		restores += mb->restores;
	}
	out->stamps = stamps;
	out->restores = restores;
	out->bursts = atomic_load(&s.bursts);
	out->visits = out->bursts * STRESS_BURST_VISITS;
	host_compare(&s);
	pthread_mutex_destroy(&s.lock);
}
