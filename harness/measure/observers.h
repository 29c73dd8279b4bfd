/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The observers a run hooks to its guest: kernel tracepoints (and, for the
 * post-merge pass, per-page attribution of faults) and the timeline
 * sampler.  Each is registered on the cleanup stack when it starts, and
 * hands what it saw to the result when it ends.
 */
#ifndef KSMEXIT_OBSERVERS_H
#define KSMEXIT_OBSERVERS_H

#include "attrib.h"
#include "config.h"
#include "pagemap.h"
#include "region.h"
#include "result.h"
#include "sampler.h"
#include "trace.h"
#include "vm_stats.h"

/* Opens the tracer (mounting tracefs if needed, recorded for recovery). */
void observers_start_tracing(struct tracer *t, const struct run_config *cfg,
			     size_t npages, struct run_trace *out);
/* Starts the sampler on every vCPU's stats fd, unless cfg turns it off. */
void observers_start_sampler(struct sampler *s, const struct run_config *cfg,
			     const struct vm_stats *stats, int pf_idx, int exits_idx,
			     struct run_timeline *out);
/* Stops the sampler; sample times count from the run's start. */
void observers_finish_sampler(struct sampler *s, uint64_t run_start_ns,
			      struct run_timeline *out);
/*
 * Ground truth just before the post-merge pass, so each fault can be
 * classified; NULL (with a note in tr) where attribution is not possible.
 */
struct attribution *observers_attribution_start(struct run_trace *tr,
						struct pagemap *pm,
						const struct region *r,
						struct attribution *a);

#endif
