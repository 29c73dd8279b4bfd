// SPDX-License-Identifier: GPL-2.0
/* Tracer, attribution and sampler, hooked to a run: see observers.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "guest.h"
#include "hoststate.h"
#include "observers.h"
#include "page.h"
#include "test_util.h"

static void tracer_close_cb(void *arg)
{
	tracer_close(arg);
}

static void tracer_unmount_cb(void *arg)
{
	tracer_unmount(arg);
}

static void record_mount(void *arg, const char *path)
{
	hoststate_record(arg, path, NULL);
}

void observers_start_tracing(struct tracer *t, const struct run_config *cfg,
			     size_t npages, struct run_trace *out)
{
	tracer_open(t, cfg->trace_mode, npages, record_mount, hoststate_self());
	cleanup_push(tracer_unmount_cb, t, true);
	cleanup_push(tracer_close_cb, t, false);
	out->mode = t->mode;
	out->mounted_tracefs = t->mounted_here;
	out->attribution_event = trace_attribution_event(t);
	snprintf(out->why, sizeof(out->why), "%s", t->why);
	snprintf(out->dir, sizeof(out->dir), "%s", t->dir);
	memcpy(out->available, t->available, sizeof(out->available));
}

static void sampler_stop_cb(void *arg)
{
	sampler_stop(arg);
}

void observers_start_sampler(struct sampler *s, const struct run_config *cfg,
			     const struct vm_stats *stats, int pf_idx, int exits_idx,
			     struct run_timeline *out)
{
	struct sampler_vcpu_stats vcpus[KVM_MAX_TEST_VCPUS];

	if (!cfg->sample_hz)
		return;
	for (int c = 0; c < cfg->nr_vcpus; c++) {
		const struct kvm_stats *st = &stats->vcpu[c];

		vcpus[c] = (struct sampler_vcpu_stats){
			.fd = st->fd, .data_offset = st->data_offset,
			.data_size = st->data_size,
			.exits_offset = st->descs[exits_idx].offset,
			.pf_taken_offset = pf_idx < 0 ? SAMPLER_NO_STAT : st->descs[pf_idx].offset,
		};
	}
	if (sampler_start(s, cfg->sample_hz, cfg->ksm_root, vcpus, cfg->nr_vcpus)) {
		snprintf(out->why_off, sizeof(out->why_off), "%s", s->why);
		return;
	}
	out->hz = cfg->sample_hz;
	cleanup_push(sampler_stop_cb, s, false);
}

void observers_finish_sampler(struct sampler *s, uint64_t run_start_ns,
			      struct run_timeline *out)
{
	uint64_t offset = s->start_ns - run_start_ns;

	if (!out->hz)
		return;
	cleanup_pop(sampler_stop_cb, s);
	for (size_t i = 0; i < s->nr; i++)
		s->samples[i].t_ns += offset;
	out->samples = s->samples;
	out->nr = s->nr;
	out->missed_ticks = s->missed_ticks;
	out->cpu_ns = s->cpu_ns;
	out->read_ns_per_tick = s->timed_ticks ? (double)s->read_ns / s->timed_ticks : NAN;
	s->samples = NULL;
}

struct attribution *observers_attribution_start(struct run_trace *tr,
						struct pagemap *pm,
						const struct region *r,
						struct attribution *a)
{
	bool *is_ksm;

	if (tr->mode != TRACE_PAGES)
		return NULL;
	if (tr->attribution_event < 0) {
		snprintf(tr->attribution_note, sizeof(tr->attribution_note),
			 "no event carries the faulting frame (kvm_mmu_spte_requested "
			 "and kvm_page_fault both missing)");
		return NULL;
	}
	if (!pagemap_usable(pm)) {
		snprintf(tr->attribution_note, sizeof(tr->attribution_note),
			 "no ground truth: %s", pm->why_unavailable);
		return NULL;
	}
	is_ksm = calloc(r->npages, sizeof(*is_ksm));
	TEST_ASSERT(is_ksm && attribution_init(a, GUEST_DATA_GPA / host_page_size(),
					       r->npages, is_ksm) == 0,
		    "out of memory for attribution of %zu pages", r->npages);
	TEST_ASSERT(pagemap_count_ksm(pm, r->hva, r->npages, is_ksm) >= 0,
		    "reading pagemap for attribution failed");
	return a;
}
