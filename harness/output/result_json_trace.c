// SPDX-License-Identifier: GPL-2.0
/* result.json's tracing parts: per-phase events and exit reasons, the
 * per-page attribution, the trace setup, and the timeline sampler. */
#include <json-c/json.h>

#include "clock.h"
#include "exit_reasons.h"
#include "result_json.h"

struct json_object *phase_trace_json(const struct run_result *res, int phase)
{
	const struct trace_phase *tp = &res->trace.phases[phase];
	struct json_object *o, *events, *reasons = NULL;
	char label[64];

	if (!tp->traced)
		return NULL;
	o = json_object_new_object();
	events = json_object_new_object();
	for (int ev = 0; ev < TRACE_NR_EVENTS; ev++) {
		int64_t n = res->trace.count[phase][ev];
		char name[64];

		if (!tp->opened[ev] && res->trace.available[ev])
			continue;	/* not this phase's scope */
		json_object_object_add(events, trace_event_label(ev, name, sizeof(name)),
				       n >= 0 ? json_object_new_int64(n) : NULL);
	}
	if (tp->opened[EV_KVM_EXIT] && res->trace.count[phase][EV_KVM_EXIT] >= 0) {
		reasons = json_object_new_object();
		for (int i = 0; i < tp->nr_reasons; i++) {
			const struct trace_reason *r = &tp->reasons[i];

			json_object_object_add(reasons, exit_reason_label(r->isa, r->reason, label,
									  sizeof(label)),
					       json_object_new_int64(r->count));
		}
	}
	json_object_object_add(o, "events", events);
	json_object_object_add(o, "exit_reasons", reasons);
	json_object_object_add(o, "tdp_fault_exits", reasons ?
			       json_object_new_int64(trace_phase_tdp_exits(tp)) : NULL);
	json_object_object_add(o, "lost_records", json_object_new_int64(tp->lost));
	json_object_object_add(o, "overhead_ms", json_object_new_double(ns_to_ms(tp->ns)));
	return o;
}

static struct json_object *attribution_json(const struct run_trace *tr)
{
	const struct attribution_result *a = &tr->attribution;
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "source", json_object_new_string(
		trace_events[tr->attribution_event].name));
	json_object_object_add(o, "faults", json_object_new_int64(a->faults));
	json_object_object_add(o, "on_merged", json_object_new_int64(a->on_merged));
	json_object_object_add(o, "on_unmerged", json_object_new_int64(a->on_unmerged));
	json_object_object_add(o, "outside_data", json_object_new_int64(a->outside_data));
	json_object_object_add(o, "merged_pages", json_object_new_int64(a->merged_pages));
	json_object_object_add(o, "merged_without_fault",
			       json_object_new_int64(a->merged_without_fault));
	json_object_object_add(o, "merged_faulted_once",
			       json_object_new_int64(a->merged_faulted_once));
	json_object_object_add(o, "faulted_more_than_once",
			       json_object_new_int64(a->faulted_more_than_once));
	return o;
}

struct json_object *trace_json(const struct run_result *res)
{
	const struct run_trace *tr = &res->trace;
	struct json_object *o = json_object_new_object();
	struct json_object *events = json_object_new_object();

	json_object_object_add(o, "mode", json_object_new_string(trace_mode_name(tr->mode)));
	json_object_object_add(o, "why_off", tr->why[0] ? json_object_new_string(tr->why) : NULL);
	json_object_object_add(o, "tracefs", tr->dir[0] ? json_object_new_string(tr->dir) : NULL);
	json_object_object_add(o, "mounted_for_run", json_object_new_boolean(tr->mounted_tracefs));
	for (int ev = 0; tr->mode != TRACE_OFF && ev < TRACE_NR_EVENTS; ev++) {
		struct json_object *e = json_object_new_object();
		char name[64];

		json_object_object_add(e, "available", json_object_new_boolean(tr->available[ev]));
		json_object_object_add(e, "scope", json_object_new_string(
			trace_events[ev].scope == TRACE_SCOPE_VCPU ? "vcpu" : "system"));
		json_object_object_add(e, "na_reason", tr->na[ev] ?
			json_object_new_string(tr->na_reason[ev]) : NULL);
		json_object_object_add(events, trace_event_label(ev, name, sizeof(name)), e);
	}
	json_object_object_add(o, "events", events);
	json_object_object_add(o, "attribution", tr->have_attribution ?
			       attribution_json(tr) : NULL);
	json_object_object_add(o, "attribution_note", tr->attribution_note[0] ?
			       json_object_new_string(tr->attribution_note) : NULL);
	return o;
}

struct json_object *sampler_json(const struct run_result *res)
{
	const struct run_timeline *tl = &res->timeline;
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "hz", json_object_new_int(tl->hz));
	json_object_object_add(o, "why_off", tl->why_off[0] ?
			       json_object_new_string(tl->why_off) : NULL);
	json_object_object_add(o, "samples", json_object_new_int64(tl->nr));
	json_object_object_add(o, "missed_ticks", json_object_new_int64(tl->missed_ticks));
	json_object_object_add(o, "cpu_ms", json_object_new_double(ns_to_ms(tl->cpu_ns)));
	json_object_object_add(o, "cpu_percent_of_run", tl->hz && res->total_wall_ns ?
			       json_object_new_double(100.0 * tl->cpu_ns / res->total_wall_ns) : NULL);
	json_object_object_add(o, "read_us_per_tick", tl->hz ?
			       json_double_or_null(tl->read_ns_per_tick / 1e3) : NULL);
	return o;
}
