/* SPDX-License-Identifier: GPL-2.0 */
/* Pieces of result.json, each in its own file, put together in result_json.c. */
#ifndef KSMEXIT_RESULT_JSON_H
#define KSMEXIT_RESULT_JSON_H

#include <math.h>
#include <json-c/json.h>

#include "result.h"

/* A number, or null for NAN (inline: both files use it, neither owns it). */
static inline struct json_object *json_double_or_null(double v)
{
	return isnan(v) || isinf(v) ? NULL : json_object_new_double(v);
}
/* The events and exit reasons phase traced, null where untraced. */
struct json_object *phase_trace_json(const struct run_result *res, int phase);
/* How the run traced: the mode, each event's availability, attribution. */
struct json_object *trace_json(const struct run_result *res);
/* The stress's counts, rates and the corruptions it kept. */
struct json_object *stress_json(const struct run_result *res);
/* The timeline sampler's rate, samples and CPU time. */
struct json_object *sampler_json(const struct run_result *res);

#endif
