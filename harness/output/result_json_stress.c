// SPDX-License-Identifier: GPL-2.0
/* result.json's "stress": what the stress did and every corruption kept. */
#include <stdio.h>

#include "result_json.h"

static struct json_object *corruption_json(const struct corruption *c)
{
	struct json_object *o = json_object_new_object();
	char hex[24];

	json_object_object_add(o, "found_by", json_object_new_string(c->vcpu < 0 ? "host" :
								      "guest"));
	json_object_object_add(o, "vcpu", c->vcpu < 0 ? NULL : json_object_new_int(c->vcpu));
	json_object_object_add(o, "gfn", json_object_new_int64(c->gfn));
	json_object_object_add(o, "offset", json_object_new_int(c->offset));
	snprintf(hex, sizeof(hex), "0x%016llx", (unsigned long long)c->expected);
	json_object_object_add(o, "expected", json_object_new_string(hex));
	snprintf(hex, sizeof(hex), "0x%016llx", (unsigned long long)c->found);
	json_object_object_add(o, "found", json_object_new_string(hex));
	json_object_object_add(o, "t_s", json_object_new_double(c->t_s));
	json_object_object_add(o, "full_scans", json_object_new_int64(c->full_scans));
	json_object_object_add(o, "kind", json_object_new_string(
		c->kind == CORRUPTION_LEAK ? "leak" : c->kind == CORRUPTION_LOST ? "lost" :
		"unknown"));
	json_object_object_add(o, "from_gfn", c->kind == CORRUPTION_LEAK ?
			       json_object_new_int64(c->from_gfn) : NULL);
	return o;
}

struct json_object *stress_json(const struct run_result *res)
{
	const struct run_stress *st = &res->stress;
	struct json_object *o = json_object_new_object(), *kept = json_object_new_array();

	json_object_object_add(o, "duration_s", json_object_new_double(st->duration_s));
	json_object_object_add(o, "vcpus", json_object_new_int(res->nr_vcpus));
	json_object_object_add(o, "visits", json_object_new_int64(st->visits));
	json_object_object_add(o, "stamps", json_object_new_int64(st->stamps));
	json_object_object_add(o, "restores", json_object_new_int64(st->restores));
	json_object_object_add(o, "bursts", json_object_new_int64(st->bursts));
	json_object_object_add(o, "full_scans", json_object_new_int64(st->full_scans));
	json_object_object_add(o, "merges_seen", st->merges_seen < 0 ? NULL :
			       json_object_new_int64(st->merges_seen));
	json_object_object_add(o, "unshares_seen", st->unshares_seen < 0 ? NULL :
			       json_object_new_int64(st->unshares_seen));
	json_object_object_add(o, "turnover_source", st->turnover_source ?
			       json_object_new_string(st->turnover_source) : NULL);
	json_object_object_add(o, "cow_ksm_host_wide", st->cow_ksm < 0 ? NULL :
			       json_object_new_int64(st->cow_ksm));
	json_object_object_add(o, "migrated_pages", st->migrated < 0 ? NULL :
			       json_object_new_int64(st->migrated));
	json_object_object_add(o, "migrate_note", st->migrate_note[0] ?
			       json_object_new_string(st->migrate_note) : NULL);
	json_object_object_add(o, "corruptions", json_object_new_int64(st->corruptions));
	json_object_object_add(o, "host_corruptions",
			       json_object_new_int64(st->host_corruptions));
	json_object_object_add(o, "stopped_early", json_object_new_boolean(st->stopped_early));
	for (int i = 0; i < st->nr_kept; i++)
		json_object_array_add(kept, corruption_json(&st->kept[i]));
	json_object_object_add(o, "first_corruptions", kept);
	json_object_object_add(o, "visits_per_s", json_double_or_null(st->visits_per_s));
	json_object_object_add(o, "stamps_per_s", json_double_or_null(st->stamps_per_s));
	json_object_object_add(o, "faults_per_s", json_double_or_null(st->faults_per_s));
	json_object_object_add(o, "exits_per_s", json_double_or_null(st->exits_per_s));
	json_object_object_add(o, "full_scans_per_s", json_double_or_null(st->full_scans_per_s));
	json_object_object_add(o, "cow_ksm_per_s", json_double_or_null(st->cow_ksm_per_s));
	return o;
}
