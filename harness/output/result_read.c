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

#include "result_files.h"
#include "scenario.h"

struct json_object *results_read(const char *dir, const char *name)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/%s/result.json", dir, name);
	return access(path, R_OK) ? NULL : json_object_from_file(path);
}

/* The value at a dotted path ("derived.merged_pages"), or NULL. */
static struct json_object *json_at(struct json_object *o, const char *path)
{
	char buf[128], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *k = strtok_r(buf, ".", &save); k && o; k = strtok_r(NULL, ".", &save))
		if (!json_object_object_get_ex(o, k, &o))
			o = NULL;
	return o;
}

/* The number at a dotted path, or NAN. */
static double json_num(struct json_object *o, const char *path)
{
	o = json_at(o, path);
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

/* The string at a dotted path into buf, "" when there is none. */
static void copy_str(struct json_object *o, const char *path, char *buf, size_t len)
{
	o = json_at(o, path);
	snprintf(buf, len, "%s", o && json_object_is_type(o, json_type_string) ?
		 json_object_get_string(o) : "");
}

int results_read_cell(const char *path, struct result_cell *c)
{
	struct json_object *o = access(path, R_OK) ? NULL : json_object_from_file(path);
	char schema[32], result[16], label[32];
	double control;

	memset(c, 0, sizeof(*c));
	if (!o)
		return -1;
	copy_str(o, "schema", schema, sizeof(schema));
	copy_str(o, "host.kernel_release", c->release, sizeof(c->release));
	copy_str(o, "host.virt_mode", c->virt_mode, sizeof(c->virt_mode));
	copy_str(o, "config.scenario", c->scenario, sizeof(c->scenario));
	copy_str(o, "config.run_label", label, sizeof(label));
	copy_str(o, "result", result, sizeof(result));
	snprintf(c->run, sizeof(c->run), "%s", label[0] ? label : c->scenario);
	control = json_num(o, "config.no_ksm");
	c->control = control == 1;
	c->pages = json_num(o, "config.pages");
	c->faults_per_merged_page = json_num(o, "derived.faults_per_merged_page");
	snprintf(c->verdict, sizeof(c->verdict), "%s", result);
	json_object_put(o);
	return strcmp(schema, "ksmexit-result") || isnan(control) ? -1 : 0;
}

void results_cell_of(const struct run_config *cfg, const struct run_result *res,
		     bool passed, struct result_cell *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->release, sizeof(c->release), "%s", res->host.kernel_release);
	snprintf(c->virt_mode, sizeof(c->virt_mode), "%s", res->host.virt_mode);
	snprintf(c->scenario, sizeof(c->scenario), "%s", scenario_of(cfg)->name);
	snprintf(c->run, sizeof(c->run), "%s", cfg->run_label ? cfg->run_label : c->scenario);
	c->control = cfg->no_ksm;
	c->pages = cfg->npages;
	c->faults_per_merged_page = res->faults_per_merged_page;
	snprintf(c->verdict, sizeof(c->verdict), "%s",
		 verdict_names[passed ? CHECK_PASS : CHECK_FAIL]);
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
