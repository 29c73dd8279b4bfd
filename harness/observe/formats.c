// SPDX-License-Identifier: GPL-2.0
/* Tracepoint formats through libtracefs and libtraceevent (formats.h). */
#include <stdio.h>
#include <tracefs/tracefs.h>
#include <traceevent/event-parse.h>

#include "formats.h"

int formats_open(struct tracer *t, void (*before_mount)(void *arg, const char *path),
		 void *arg)
{
	const char *systems[] = { "kvm", "kvmmmu", "ksm", NULL };
	const char *path = NULL;
	int mounted;

	if (tracefs_tracing_dir_is_mounted(false, &path) == 0 && before_mount)
		before_mount(arg, TRACEFS_DEFAULT_PATH);
	mounted = tracefs_tracing_dir_is_mounted(true, &path);
	if (mounted < 0 || !path) {
		snprintf(t->why, sizeof(t->why), "tracefs not available and could not "
			 "be mounted (CONFIG_TRACING=n?)");
		return -1;
	}
	t->mounted_here = mounted == 0;
	snprintf(t->dir, sizeof(t->dir), "%s", path);
	t->tep = tracefs_local_events_system(t->dir, systems);
	if (!t->tep) {
		snprintf(t->why, sizeof(t->why), "cannot read the event formats under "
			 "%.160s/events", t->dir);
		return -1;
	}
	return 0;
}

bool formats_find(struct tracer *t, int ev, const char *system, const char *name)
{
	t->tep_events[ev] = tep_find_event_by_name(t->tep, system, name);
	return t->tep_events[ev] != NULL;
}

int formats_event_id(const struct tracer *t, int ev)
{
	return t->tep_events[ev]->id;
}

int formats_field_u64(const struct tracer *t, int ev, const char *field, const void *raw,
		      uint32_t len, uint64_t *val)
{
	struct tep_format_field *f = tep_find_field(t->tep_events[ev], field);
	unsigned long long v;

	if (!f || (uint64_t)f->offset + f->size > len)
		return -1;
	if (tep_read_number_field(f, raw, &v))
		return -1;
	*val = v;
	return 0;
}

void formats_close(struct tracer *t)
{
	if (t->tep)
		tep_free(t->tep);
	t->tep = NULL;
	for (int i = 0; i < TRACE_NR_EVENTS; i++)
		t->tep_events[i] = NULL;
}
