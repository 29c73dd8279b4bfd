// SPDX-License-Identifier: GPL-2.0
/*
 * The reader beside the writer: a suite or multi-run scenario runs each
 * run in a child process, which writes result.json; the parent reads it
 * back here, by the keys result_json.c writes.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <json-c/json.h>

#include "results.h"

struct json_object *results_read(const char *dir, const char *name)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/%s/result.json", dir, name);
	return access(path, R_OK) ? NULL : json_object_from_file(path);
}

/* The number at a dotted path ("derived.merged_pages"), or NAN. */
static double json_num(struct json_object *o, const char *path)
{
	char buf[128], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *k = strtok_r(buf, ".", &save); k && o; k = strtok_r(NULL, ".", &save))
		if (!json_object_object_get_ex(o, k, &o))
			o = NULL;
	return o ? json_object_get_double(o) : NAN;
}

static struct json_object *phase_of(struct json_object *run, const char *name)
{
	struct json_object *phases;

	if (!json_object_object_get_ex(run, "phases", &phases))
		return NULL;
	for (size_t i = 0; i < json_object_array_length(phases); i++) {
		struct json_object *p = json_object_array_get_idx(phases, i), *n;

		if (json_object_object_get_ex(p, "name", &n) &&
		    !strcmp(json_object_get_string(n), name))
			return p;
	}
	return NULL;
}

void results_sweep_point(struct json_object *run, struct sweep_point *p)
{
	*p = (struct sweep_point){
		.pages = json_num(run, "config.pages"),
		.merged_pages = json_num(run, "derived.merged_pages"),
		.post_merge_faults = json_num(phase_of(run, "post-merge"), "pf_taken"),
		.merge_ms = json_num(phase_of(run, "merge"), "wall_ms"),
		.steady_ms = json_num(phase_of(run, "steady"), "wall_ms"),
		.post_merge_ms = json_num(phase_of(run, "post-merge"), "wall_ms"),
	};
}
