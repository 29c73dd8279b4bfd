// SPDX-License-Identifier: GPL-2.0
/*
 * The build without libtracefs and libtraceevent (formats.h): no
 * tracepoint is available, and the tracer says why.
 */
#include <stdio.h>

#include "formats.h"

int formats_open(struct tracer *t, void (*before_mount)(void *arg, const char *path),
		 void *arg)
{
	(void)before_mount;
	(void)arg;
	snprintf(t->why, sizeof(t->why), "this ksmexit was built without libtracefs and "
		 "libtraceevent (TRACEFS=no): no tracepoints, kprobes only");
	return -1;
}

bool formats_find(struct tracer *t, int ev, const char *system, const char *name)
{
	(void)t, (void)ev, (void)system, (void)name;
	return false;
}

int formats_event_id(const struct tracer *t, int ev)
{
	(void)t;
	(void)ev;
	return -1;
}

int formats_field_u64(const struct tracer *t, int ev, const char *field, const void *raw,
		      uint32_t len, uint64_t *val)
{
	(void)t, (void)ev, (void)field, (void)raw, (void)len, (void)val;
	return -1;
}

void formats_close(struct tracer *t)
{
	(void)t;
}
