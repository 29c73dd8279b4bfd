/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A timeline of the run: a thread that, at each tick, reads the KSM
 * counters, /proc/self/ksm_stat and every vCPU's stats (files opened once,
 * read at fixed offsets) and stamps the sample with CLOCK_MONOTONIC and
 * the phase the run is in.
 */
#ifndef KSMEXIT_SAMPLER_H
#define KSMEXIT_SAMPLER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kvm.h"

enum sampler_col {
	COL_PAGES_SHARING, COL_PAGES_SHARED, COL_PAGES_UNSHARED, COL_PAGES_VOLATILE,
	COL_FULL_SCANS, COL_KSM_ZERO_PAGES, COL_SELF_MERGING_PAGES,
	COL_VCPU_EXITS, COL_VCPU_PF_TAKEN,
	SAMPLER_NR_COLS
};

extern const char *const sampler_col_names[SAMPLER_NR_COLS];


struct sample {
	uint64_t t_ns;			/* since the sampler started */
	int phase;			/* -1 between phases */
	int64_t v[SAMPLER_NR_COLS];	/* -1 where a source is missing */
};

#define SAMPLER_NO_STAT UINT32_MAX

/* Where the vCPU statistics are in the stats fd's data block. */
struct sampler_vcpu_stats {
	int fd;
	uint64_t data_offset;
	uint64_t data_size;
	uint32_t exits_offset;		/* within the data block, bytes */
	uint32_t pf_taken_offset;	/* SAMPLER_NO_STAT: none (arm64) */
};

struct sampler {
	unsigned int hz;
	pthread_t thread;
	bool running;
	volatile int phase;		/* set by the run, read by the thread */
	volatile bool stop;
	uint64_t start_ns;
	struct sample *samples;
	size_t nr, cap;
	uint64_t missed_ticks;		/* ticks that came late by a whole period */
	uint64_t cpu_ns;		/* CPU time of the thread */
	uint64_t read_ns;		/* CPU time of the reads of the timed ticks */
	uint64_t timed_ticks;		/* every 16th tick: timing each would cost more */
	char why[160];			/* why it could not start, or "" */
	void *priv;			/* files and buffers, in sampler.c */
};

/*
 * Starts sampling at hz; on failure (no thread, say) records why and
 * returns -1, and the run goes on without a timeline.
 */
int sampler_start(struct sampler *s, unsigned int hz, const char *ksm_root,
		  const struct sampler_vcpu_stats *vcpus, int nr_vcpus);
void sampler_set_phase(struct sampler *s, int phase);
/* Takes a last sample, stops the thread; the samples stay for the caller. */
void sampler_stop(struct sampler *s);

#endif
