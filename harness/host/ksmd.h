/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksmd's CPU time, to put a merge's cost in the units operators use: the
 * kernel thread named "ksmd", its time on CPU from /proc (schedstat in ns
 * where the kernel keeps it, else utime+stime in clock ticks).
 */
#ifndef KSMEXIT_KSMD_H
#define KSMEXIT_KSMD_H

#include <stdint.h>

/* 0 with the thread's CPU time so far and where it came from, or -ENOENT. */
int ksmd_cpu_ns(uint64_t *ns, const char **source);

#endif
