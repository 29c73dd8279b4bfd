/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's tracepoint formats, from tracefs: which events exist, their
 * ids for perf_event_open, and fields read out of their raw records.
 * formats.c reads them with libtracefs and libtraceevent; a build without
 * those libraries (TRACEFS=no: riscv64, for which Debian 12 has neither)
 * links formats_none.c, where no tracepoint exists and the tracer counts
 * only kprobes.
 */
#ifndef KSMEXIT_FORMATS_H
#define KSMEXIT_FORMATS_H

#include <stdbool.h>
#include <stdint.h>

#include "trace.h"

#define TRACEFS_DEFAULT_PATH	"/sys/kernel/tracing"	/* where libtracefs mounts it */

/*
 * Mounts tracefs if it is not (calling before_mount first, so a crash can
 * undo it; t->mounted_here says so) and loads the formats of the kvm,
 * kvmmmu and ksm systems.  0, or -1 with t->why said.
 */
int formats_open(struct tracer *t, void (*before_mount)(void *arg, const char *path),
		 void *arg);
/* Whether the kernel has tracepoint system:name, kept as event ev. */
bool formats_find(struct tracer *t, int ev, const char *system, const char *name);
/* The tracepoint's id for PERF_TYPE_TRACEPOINT (formats_find found it). */
int formats_event_id(const struct tracer *t, int ev);
/* 0 and the value of the named numeric field of an ev record, or -1. */
int formats_field_u64(const struct tracer *t, int ev, const char *field, const void *raw,
		      uint32_t len, uint64_t *val);
/* Frees the formats (the mount is the tracer's to undo). */
void formats_close(struct tracer *t);

#endif
