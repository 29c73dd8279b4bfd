/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Clocks in one place: CLOCK_MONOTONIC in nanoseconds for phase times,
 * waits and timelines; a thread's CPU time; milliseconds for reports; UTC
 * stamps for results.
 */
#ifndef KSMEXIT_CLOCK_H
#define KSMEXIT_CLOCK_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

static inline uint64_t clock_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static inline uint64_t now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

/* CPU time of the calling thread. */
static inline uint64_t thread_cpu_ns(void)
{
	return clock_ns(CLOCK_THREAD_CPUTIME_ID);
}

/* Returns early on a signal; callers that wait poll for signals anyway. */
static inline void sleep_ns(uint64_t ns)
{
	struct timespec ts = { ns / 1000000000ULL, ns % 1000000000ULL };

	nanosleep(&ts, NULL);
}

/* Guest TSC cycles at tsc_khz in ns; NAN when the rate is unknown. */
static inline double cycles_to_ns(uint64_t cycles, uint64_t tsc_khz)
{
	return tsc_khz ? cycles * 1e6 / tsc_khz : NAN;
}

static inline double ns_to_ms(uint64_t ns)
{
	return ns / 1e6;
}

/* Now, UTC, ISO 8601 ("2026-11-22T05:40:21Z"). */
static inline void timestamp_utc(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

#endif
