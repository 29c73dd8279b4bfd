// SPDX-License-Identifier: GPL-2.0
/*
 * The sampler thread.  Every source is opened once and read with pread()
 * on this thread: a sysfs counter costs well under a microsecond here,
 * where handing the same reads to io_uring cost tens of microseconds each
 * (they cannot complete inline, so each went through a worker thread; see
 * docs/results.md, the bench).  sysfs and procfs files are read from offset 0
 * each time, which re-reads them; the vCPU stats fd is read at its data
 * block's offset.  Ticks are paced with clock_nanosleep(TIMER_ABSTIME) so a
 * slow tick does not shift the rest; ticks that came a whole period late
 * are counted.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "sampler.h"

#define BUF_SIZE	4096
#define KSM_FILES	6
/* Every this many ticks the reads are timed, for read_ns_per_tick. */
#define TIMED_TICK_MASK	15

const char *const sampler_col_names[SAMPLER_NR_COLS] = {
	[COL_PAGES_SHARING] = "pages_sharing",
	[COL_PAGES_SHARED] = "pages_shared",
	[COL_PAGES_UNSHARED] = "pages_unshared",
	[COL_PAGES_VOLATILE] = "pages_volatile",
	[COL_FULL_SCANS] = "full_scans",
	[COL_KSM_ZERO_PAGES] = "ksm_zero_pages",
	[COL_SELF_MERGING_PAGES] = "self_ksm_merging_pages",
	[COL_VCPU_EXITS] = "vcpu_exits",
	[COL_VCPU_PF_TAKEN] = "vcpu_pf_taken",
};

/* Sources in submission order: six KSM counters, ksm_stat, each vCPU's stats. */
enum { SRC_KSM_STAT = KSM_FILES, SRC_VCPU, MAX_SOURCES = SRC_VCPU + KVM_MAX_TEST_VCPUS };

struct sampler_priv {
	int nr_sources;
	int fds[MAX_SOURCES];
	char *bufs;			/* nr_sources buffers of buf_size */
	size_t buf_size;
	int nr_vcpus;
	struct sampler_vcpu_stats vcpus[KVM_MAX_TEST_VCPUS];
};

static int64_t parse_counter(const char *buf, int len)
{
	char *end;
	long long v;

	if (len <= 0)
		return -1;
	v = strtoll(buf, &end, 10);
	return end == buf ? -1 : v;
}

static int64_t parse_ksm_stat(const char *buf, int len)
{
	const char *key = "ksm_merging_pages ";
	const char *p = len > 0 ? memmem(buf, len, key, strlen(key)) : NULL;

	return p ? strtoll(p + strlen(key), NULL, 10) : -1;
}

static void record(struct sampler *s, const struct sample *smp)
{
	if (s->nr == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 4096;
		struct sample *n = realloc(s->samples, cap * sizeof(*n));

		if (!n)
			return;	/* keep what we have; the count says how many */
		s->samples = n;
		s->cap = cap;
	}
	s->samples[s->nr++] = *smp;
}

/* Adds each vCPU's exits and pf_taken; -1 if any vCPU's read came short. */
static void sum_vcpus(const struct sampler_priv *p, const int *lens, struct sample *smp)
{
	smp->v[COL_VCPU_EXITS] = smp->v[COL_VCPU_PF_TAKEN] = 0;
	for (int c = 0; c < p->nr_vcpus; c++) {
		const struct sampler_vcpu_stats *vs = &p->vcpus[c];
		const char *d = p->bufs + (SRC_VCPU + c) * p->buf_size;
		uint64_t exits, pf;

		if (lens[SRC_VCPU + c] != (int)vs->data_size) {
			smp->v[COL_VCPU_EXITS] = smp->v[COL_VCPU_PF_TAKEN] = -1;
			return;
		}
		memcpy(&exits, d + vs->exits_offset, 8);
		smp->v[COL_VCPU_EXITS] += exits;
		if (vs->pf_taken_offset == SAMPLER_NO_STAT) {
			smp->v[COL_VCPU_PF_TAKEN] = -1;
			continue;
		}
		memcpy(&pf, d + vs->pf_taken_offset, 8);
		if (smp->v[COL_VCPU_PF_TAKEN] >= 0)
			smp->v[COL_VCPU_PF_TAKEN] += pf;
	}
}

static void read_sources(struct sampler_priv *p, int *lens)
{
	for (int i = 0; i < p->nr_sources; i++) {
		bool vcpu = i >= SRC_VCPU;
		uint64_t off = vcpu ? p->vcpus[i - SRC_VCPU].data_offset : 0;
		size_t len = vcpu ? p->vcpus[i - SRC_VCPU].data_size : p->buf_size - 1;

		lens[i] = p->fds[i] < 0 ? -1 :
			  (int)pread(p->fds[i], p->bufs + i * p->buf_size, len, off);
	}
}

static void take_sample(struct sampler *s, bool timed)
{
	struct sampler_priv *p = s->priv;
	struct sample smp;
	int lens[MAX_SOURCES];
	uint64_t cpu = timed ? thread_cpu_ns() : 0;

	smp.t_ns = now_ns() - s->start_ns;
	smp.phase = s->phase;
	read_sources(p, lens);
	if (timed) {
		s->read_ns += thread_cpu_ns() - cpu;
		s->timed_ticks++;
	}
	for (int i = 0; i < KSM_FILES; i++) {
		char *b = p->bufs + i * p->buf_size;

		if (lens[i] >= 0)
			b[lens[i]] = '\0';
		smp.v[i] = parse_counter(b, lens[i]);
	}
	smp.v[COL_SELF_MERGING_PAGES] = parse_ksm_stat(p->bufs + SRC_KSM_STAT * p->buf_size,
						       lens[SRC_KSM_STAT]);
	sum_vcpus(p, lens, &smp);
	record(s, &smp);
}

static void *sampler_main(void *arg)
{
	struct sampler *s = arg;
	uint64_t period = 1000000000ULL / s->hz, next = now_ns(), tick = 0;
	struct timespec ts;

	while (!s->stop) {
		take_sample(s, !(tick++ & TIMED_TICK_MASK));
		next += period;
		if (now_ns() > next + period) {	/* fell behind: skip, count */
			s->missed_ticks += (now_ns() - next) / period;
			next = now_ns();
		}
		ts.tv_sec = next / 1000000000ULL;
		ts.tv_nsec = next % 1000000000ULL;
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
			;
	}
	take_sample(s, false);	/* the state after the last phase */
	s->cpu_ns = thread_cpu_ns();
	return NULL;
}

static int open_sources(struct sampler_priv *p, const char *ksm_root)
{
	static const char *const ksm_files[KSM_FILES] = {
		"pages_sharing", "pages_shared", "pages_unshared", "pages_volatile",
		"full_scans", "ksm_zero_pages",
	};
	char path[1100];

	for (int i = 0; i < KSM_FILES; i++) {
		snprintf(path, sizeof(path), "%s/%s", ksm_root, ksm_files[i]);
		p->fds[i] = open(path, O_RDONLY | O_CLOEXEC);	/* -1: column is -1 */
	}
	p->fds[SRC_KSM_STAT] = open("/proc/self/ksm_stat", O_RDONLY | O_CLOEXEC);
	for (int c = 0; c < p->nr_vcpus; c++) {
		p->fds[SRC_VCPU + c] = dup(p->vcpus[c].fd);
		if (p->fds[SRC_VCPU + c] < 0)
			return -errno;
	}
	return 0;
}

static void priv_free(struct sampler *s)
{
	struct sampler_priv *p = s->priv;

	for (int i = 0; i < p->nr_sources; i++)
		if (p->fds[i] >= 0)
			close(p->fds[i]);
	free(p->bufs);
	free(p);
	s->priv = NULL;
}

int sampler_start(struct sampler *s, unsigned int hz, const char *ksm_root,
		  const struct sampler_vcpu_stats *vcpus, int nr_vcpus)
{
	struct sampler_priv *p = calloc(1, sizeof(*p));
	size_t stats_size = 0;
	int ret;

	memset(s, 0, sizeof(*s));
	s->hz = hz;
	s->phase = -1;
	if (!p) {
		snprintf(s->why, sizeof(s->why), "out of memory");
		return -1;
	}
	s->priv = p;
	p->nr_vcpus = nr_vcpus < KVM_MAX_TEST_VCPUS ? nr_vcpus : KVM_MAX_TEST_VCPUS;
	p->nr_sources = SRC_VCPU + p->nr_vcpus;
	for (int c = 0; c < p->nr_vcpus; c++) {
		p->vcpus[c] = vcpus[c];
		if (vcpus[c].data_size > stats_size)
			stats_size = vcpus[c].data_size;
	}
	for (int i = 0; i < p->nr_sources; i++)
		p->fds[i] = -1;
	p->buf_size = stats_size + 1 > BUF_SIZE ? stats_size + 1 : BUF_SIZE;
	p->bufs = malloc(p->nr_sources * p->buf_size);
	ret = p->bufs ? open_sources(p, ksm_root) : -ENOMEM;
	if (!ret && nr_vcpus > KVM_MAX_TEST_VCPUS)
		ret = -E2BIG;
	s->start_ns = now_ns();
	if (!ret)
		ret = -pthread_create(&s->thread, NULL, sampler_main, s);
	if (ret) {
		snprintf(s->why, sizeof(s->why), "sampler setup failed: %s", strerror(-ret));
		priv_free(s);
		return -1;
	}
	s->running = true;
	return 0;
}

void sampler_set_phase(struct sampler *s, int phase)
{
	s->phase = phase;
}

void sampler_stop(struct sampler *s)
{
	if (!s->running)
		return;
	s->stop = true;
	pthread_join(s->thread, NULL);
	s->running = false;
	priv_free(s);
}
