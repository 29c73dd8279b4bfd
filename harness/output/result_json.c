// SPDX-License-Identifier: GPL-2.0
/*
 * result.json: the result as a json-c object, in the schema docs/output.md
 * documents.  Bump RESULT_SCHEMA_VERSION on any incompatible change.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <json-c/json.h>

#include "clock.h"
#include "exit_reasons.h"
#include "merge_cost.h"
#include "result_json.h"
#include "result_files.h"
#include "scenario.h"

#define TOOL_VERSION "0.1"

static struct json_object *json_census(long pages)
{
	return pages < 0 ? NULL : json_object_new_int64(pages);
}

static struct json_object *deltas_json(const struct stat_delta *d, int n)
{
	struct json_object *o = json_object_new_object();

	for (int i = 0; i < n; i++)
		json_object_object_add(o, d[i].name, json_object_new_int64(d[i].delta));
	return o;
}

static struct json_object *tristate_json(int v)
{
	return v < 0 ? NULL : json_object_new_boolean(v);
}

static struct json_object *host_json(const struct hostinfo *h)
{
	struct json_object *o = json_object_new_object();
	struct json_object *knobs = json_object_new_object();
	char caveat_buf[512];
	const char *caveat = hostinfo_caveat(h, caveat_buf, sizeof(caveat_buf));

	json_object_object_add(o, "hostname", json_object_new_string(h->hostname));
	json_object_object_add(o, "kernel_release", json_object_new_string(h->kernel_release));
	json_object_object_add(o, "kernel_version", json_object_new_string(h->kernel_version));
	json_object_object_add(o, "kernel_cmdline", json_object_new_string(h->cmdline));
	json_object_object_add(o, "cpu_model", json_object_new_string(h->cpu_model));
	json_object_object_add(o, "kvm_module", json_object_new_string(h->kvm_module));
	json_object_object_add(o, "virt_mode", json_object_new_string(h->virt_mode));
	json_object_object_add(o, "tdp", tristate_json(h->tdp));
	json_object_object_add(o, "tdp_mmu", tristate_json(h->tdp_mmu));
	json_object_object_add(o, "nested", tristate_json(h->nested));
	json_object_object_add(o, "under_hypervisor", json_object_new_boolean(h->under_hypervisor));
	json_object_object_add(o, "emulator", h->emulator[0] ?
			       json_object_new_string(h->emulator) : NULL);
	json_object_object_add(o, "caveat", caveat ? json_object_new_string(caveat) : NULL);
	json_object_object_add(o, "thp_enabled", json_object_new_string(h->thp_enabled));
	json_object_object_add(o, "page_size", json_object_new_int64(h->page_size));
	for (int i = 0; i < h->nr_ksm_knobs; i++)
		json_object_object_add(knobs, h->ksm_knob_name[i],
				       json_object_new_string(h->ksm_knob_value[i]));
	json_object_object_add(o, "ksm_at_start", knobs);
	return o;
}

static const char *expect_name(enum expect e)
{
	return e == EXPECT_UNPATCHED ? "unpatched" : e == EXPECT_PATCHED ? "patched" : NULL;
}

static struct json_object *config_json(const struct run_config *cfg,
				       const struct run_result *res)
{
	struct json_object *o = json_object_new_object();
	const char *expect = expect_name(cfg->expect);

	json_object_object_add(o, "pages", json_object_new_int64(cfg->npages));
	json_object_object_add(o, "stride", json_object_new_int64(cfg->stride));
	json_object_object_add(o, "no_ksm", json_object_new_boolean(cfg->no_ksm));
	json_object_object_add(o, "ksm_during_passes",
			       json_object_new_boolean(cfg->ksm_during_passes));
	json_object_object_add(o, "merge_timeout_ms", json_object_new_int64(res->merge_timeout_ms));
	json_object_object_add(o, "control_wait_ms", json_object_new_int64(cfg->control_wait_ms));
	json_object_object_add(o, "pages_to_scan", json_object_new_int64(cfg->pages_to_scan));
	json_object_object_add(o, "sleep_millisecs", json_object_new_int64(cfg->sleep_millisecs));
	json_object_object_add(o, "expect", expect ? json_object_new_string(expect) : NULL);
	json_object_object_add(o, "trace", json_object_new_string(trace_mode_name(cfg->trace_mode)));
	json_object_object_add(o, "scenario", json_object_new_string(scenario_of(cfg)->name));
	json_object_object_add(o, "run_label", cfg->run_label ?
			       json_object_new_string(cfg->run_label) : NULL);
	json_object_object_add(o, "fill", json_object_new_string(region_fill_names[cfg->fill]));
	json_object_object_add(o, "dup_ratio", cfg->fill == FILL_PARTIAL ?
			       json_object_new_double(cfg->dup_ratio) : NULL);
	json_object_object_add(o, "vcpus", json_object_new_int(cfg->nr_vcpus));
	json_object_object_add(o, "post_merge_write",
			       json_object_new_boolean(cfg->post_merge_write));
	json_object_object_add(o, "again_write", json_object_new_boolean(cfg->again_write));
	json_object_object_add(o, "again_passes", json_object_new_int(cfg->again_passes));
	json_object_object_add(o, "use_zero_pages", json_object_new_boolean(cfg->use_zero_pages));
	json_object_object_add(o, "merge_across_nodes", cfg->merge_across_nodes >= 0 ?
			       json_object_new_int(cfg->merge_across_nodes) : NULL);
	json_object_object_add(o, "thp", json_object_new_boolean(cfg->thp));
	json_object_object_add(o, "backing",
			       json_object_new_string(region_backing_names[cfg->backing]));
	json_object_object_add(o, "timed", json_object_new_boolean(cfg->timed));
	return o;
}

static struct json_object *latency_json(const struct run_result *res,
					const struct latency_summary *l)
{
	static const char *const names[] = { "min", "p50", "p99", "p99_9", "max" };
	uint64_t v[] = { l->min, l->p50, l->p99, l->p999, l->max };
	struct json_object *o = json_object_new_object();
	struct json_object *cycles = json_object_new_object();
	struct json_object *ns = json_object_new_object();

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		json_object_object_add(cycles, names[i], json_object_new_int64(v[i]));
		json_object_object_add(ns, names[i],
				       json_double_or_null(cycles_to_ns(v[i], res->tsc_khz)));
	}
	json_object_object_add(o, "pages", json_object_new_int64(l->n));
	json_object_object_add(o, "mean_cycles", json_object_new_double(l->mean));
	json_object_object_add(o, "cycles", cycles);
	json_object_object_add(o, "ns", ns);
	return o;
}

static struct json_object *vcpus_json(const struct run_result *res,
				      const struct phase_result *p)
{
	struct json_object *a = json_object_new_array();

	for (int c = 0; c < res->nr_vcpus && p->vcpus; c++) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "pf_taken", p->vcpus[c].pf_taken == VCPU_FAULTS_UNKNOWN ?
				       NULL : json_object_new_int64(p->vcpus[c].pf_taken));
		json_object_object_add(o, "exits", json_object_new_int64(p->vcpus[c].exits));
		json_object_object_add(o, "guest_tsc_cycles", p->is_pass ?
				       json_object_new_int64(p->vcpus[c].guest_tsc) : NULL);
		json_object_array_add(a, o);
	}
	return a;
}

static struct json_object *phase_json(const struct run_result *res, int idx)
{
	const struct phase_result *p = &res->phases[idx];
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "name", json_object_new_string(p->name));
	json_object_object_add(o, "is_pass", json_object_new_boolean(p->is_pass));
	json_object_object_add(o, "start_ms", json_object_new_double(ns_to_ms(p->start_ns)));
	json_object_object_add(o, "wall_ms", json_object_new_double(ns_to_ms(p->wall_ns)));
	json_object_object_add(o, "guest_tsc_cycles",
			       p->is_pass ? json_object_new_int64(p->guest_tsc) : NULL);
	json_object_object_add(o, "guest_ms", p->is_pass ?
			       json_double_or_null(p->guest_ms) : NULL);
	json_object_object_add(o, "pf_taken", json_object_new_int64(p->pf_taken));
	json_object_object_add(o, "exits", json_object_new_int64(p->exits));
	json_object_object_add(o, "pages_shared", json_object_new_int64(p->pages_shared));
	json_object_object_add(o, "pages_sharing", json_object_new_int64(p->pages_sharing));
	json_object_object_add(o, "region_ksm_pages", json_census(p->region_ksm_pages));
	json_object_object_add(o, "vcpu_stats", deltas_json(p->vcpu_deltas, p->nr_vcpu_deltas));
	json_object_object_add(o, "vm_stats", deltas_json(p->vm_deltas, p->nr_vm_deltas));
	json_object_object_add(o, "trace", phase_trace_json(res, idx));
	json_object_object_add(o, "passes", p->is_pass ? json_object_new_int(p->passes) : NULL);
	json_object_object_add(o, "vcpus", vcpus_json(res, p));
	json_object_object_add(o, "latency", p->latency ? latency_json(res, p->latency) : NULL);
	return o;
}

static struct json_object *derived_json(const struct run_result *res)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "merged_pages", json_census(res->merged_pages));
	json_object_object_add(o, "mergeable_pages", json_object_new_int64(res->mergeable_pages));
	json_object_object_add(o, "faults_per_merged_page",
			       json_double_or_null(res->faults_per_merged_page));
	json_object_object_add(o, "exits_per_merged_page",
			       json_double_or_null(res->exits_per_merged_page));
	json_object_object_add(o, "faults_per_page", json_double_or_null(res->faults_per_page));
	json_object_object_add(o, "cost_per_fault_us",
			       json_double_or_null(res->cost_per_fault_us));
	json_object_object_add(o, "post_merge_penalty_ms", json_double_or_null(res->penalty_ms));
	json_object_object_add(o, "sharing_kept", json_object_new_boolean(res->sharing_kept));
	json_object_object_add(o, "data_intact", json_object_new_boolean(res->data_intact));
	return o;
}

/* The merge's cost (null where it cannot be told) and its line. */
static struct json_object *cost_json(const struct run_result *res)
{
	const struct merge_cost *c = &res->cost;
	struct json_object *o;
	char line[256];

	if (isnan(c->merged_mib))
		return NULL;
	o = json_object_new_object();
	merge_cost_line(res, line, sizeof(line));
	json_object_object_add(o, "merged_mib", json_double_or_null(c->merged_mib));
	json_object_object_add(o, "saved_mib", json_double_or_null(c->saved_mib));
	json_object_object_add(o, "general_profit_mib", json_double_or_null(c->general_profit_mib));
	json_object_object_add(o, "ksmd_cpu_ms", json_double_or_null(c->ksmd_cpu_ms));
	json_object_object_add(o, "ksmd_cpu_source", res->merge.ksmd_cpu_source ?
			       json_object_new_string(res->merge.ksmd_cpu_source) : NULL);
	json_object_object_add(o, "stall_ms", json_double_or_null(res->penalty_ms));
	json_object_object_add(o, "stall_ms_per_gib", json_double_or_null(c->stall_ms_per_gib));
	json_object_object_add(o, "ksmd_ms_per_gib", json_double_or_null(c->ksmd_ms_per_gib));
	json_object_object_add(o, "read_p50_us", json_double_or_null(c->read_p50_us));
	json_object_object_add(o, "read_p99_us", json_double_or_null(c->read_p99_us));
	json_object_object_add(o, "line", json_object_new_string(line));
	return o;
}

/* Where the run lock and crash-recovery state went; NUMA balancing found. */
static struct json_object *host_state_json(const struct run_result *res)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "dir", res->lock_dir[0] ?
			       json_object_new_string(res->lock_dir) : NULL);
	json_object_object_add(o, "note", res->lock_note[0] ?
			       json_object_new_string(res->lock_note) : NULL);
	json_object_object_add(o, "numa_balancing_was", res->numa_balancing_was[0] ?
			       json_object_new_string(res->numa_balancing_was) : NULL);
	return o;
}

/* The KSM knobs in effect while the region merged; null where absent. */
static struct json_object *merge_knobs_json(const struct ksm_merge_knobs *k)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "ksm_was_running", json_object_new_boolean(k->was_running));
	json_object_object_add(o, "pages_to_scan", json_object_new_int64(k->pages_to_scan));
	json_object_object_add(o, "sleep_millisecs", json_object_new_int64(k->sleep_millisecs));
	json_object_object_add(o, "smart_scan", k->smart_scan >= 0 ?
			       json_object_new_int(k->smart_scan) : NULL);
	json_object_object_add(o, "advisor_mode", k->advisor_mode[0] ?
			       json_object_new_string(k->advisor_mode) : NULL);
	return o;
}

static struct json_object *merge_json(const struct run_result *res)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "merged_pages", json_census(res->merge.merged_pages));
	json_object_object_add(o, "elapsed_ms",
			       json_object_new_double(ns_to_ms(res->merge.elapsed_ns)));
	json_object_object_add(o, "detect_latency_ms",
			       json_object_new_double(ns_to_ms(res->merge.detect_ns)));
	json_object_object_add(o, "full_scans", json_object_new_int64(res->merge.full_scans));
	json_object_object_add(o, "decided_by", res->merge.decided_by ?
			       json_object_new_string(res->merge.decided_by) : NULL);
	json_object_object_add(o, "ground_truth", json_object_new_string(
		res->ground_truth_note[0] ? res->ground_truth_note : "pagemap+kpageflags"));
	json_object_object_add(o, "knobs", merge_knobs_json(&res->merge.knobs));
	json_object_object_add(o, "process_merge_any_cleared",
			       json_object_new_boolean(res->merge_any_cleared));
	return o;
}

static struct json_object *thp_json(const struct run_thp *t)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "huge_pages_before_merge", json_census(t->before_merge));
	json_object_object_add(o, "huge_pages_after_merge", json_census(t->after_merge));
	json_object_object_add(o, "huge_pages_at_end", json_census(t->at_end));
	json_object_object_add(o, "split_by_merge", t->before_merge >= 0 && t->after_merge >= 0 ?
			       json_object_new_int64(t->split_by_merge) : NULL);
	return o;
}

static struct json_object *rescan_json(const struct run_rescan *r)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "full_scans", json_object_new_int64(r->full_scans));
	json_object_object_add(o, "pages_shared", json_object_new_int64(r->pages_shared));
	json_object_object_add(o, "pages_sharing", json_object_new_int64(r->pages_sharing));
	return o;
}

static struct json_object *numa_json(const int *nodes)
{
	struct json_object *a = json_object_new_array();

	json_object_array_add(a, json_object_new_int(nodes[0]));
	json_object_array_add(a, json_object_new_int(nodes[1]));
	return a;
}

void results_envelope(struct json_object *o, const char *schema, const char *started)
{
	json_object_object_add(o, "schema", json_object_new_string(schema));
	json_object_object_add(o, "schema_version", json_object_new_int(RESULT_SCHEMA_VERSION));
	json_object_object_add(o, "started_at", json_object_new_string(started));
}

struct json_object *result_to_json(const struct run_config *cfg,
				   const struct run_result *res,
				   const struct check *checks, int nr_checks)
{
	struct json_object *o = json_object_new_object();
	struct json_object *phases = json_object_new_array();
	struct json_object *jchecks = json_object_new_array();

	results_envelope(o, "ksmexit-result", res->started_at);
	json_object_object_add(o, "tool_version", json_object_new_string(TOOL_VERSION));
	json_object_object_add(o, "host", host_json(&res->host));
	json_object_object_add(o, "config", config_json(cfg, res));
	json_object_object_add(o, "tsc_khz", json_object_new_int64(res->tsc_khz));
	for (int i = 0; i < res->nr_phases; i++)
		json_object_array_add(phases, phase_json(res, i));
	json_object_object_add(o, "phases", phases);
	json_object_object_add(o, "merge", cfg->no_ksm ? NULL : merge_json(res));
	json_object_object_add(o, "derived", derived_json(res));
	json_object_object_add(o, "cost", cost_json(res));
	json_object_object_add(o, "trace", trace_json(res));
	json_object_object_add(o, "sampler", sampler_json(res));
	json_object_object_add(o, "thp", cfg->thp ? thp_json(&res->thp) : NULL);
	json_object_object_add(o, "rescan", res->rescan.done ? rescan_json(&res->rescan) : NULL);
	if (cfg->stress_s)
		json_object_object_add(o, "stress", stress_json(res));
	json_object_object_add(o, "host_state", host_state_json(res));
	json_object_object_add(o, "numa_nodes", res->numa_nodes[0] >= 0 ?
			       numa_json(res->numa_nodes) : NULL);
	for (int i = 0; i < nr_checks; i++) {
		struct json_object *c = json_object_new_object();
		json_object_object_add(c, "name", json_object_new_string(checks[i].name));
		json_object_object_add(c, "result", json_object_new_string(verdict_names[checks[i].result]));
		json_object_object_add(c, "detail", json_object_new_string(checks[i].detail));
		json_object_array_add(jchecks, c);
	}
	json_object_object_add(o, "checks", jchecks);
	json_object_object_add(o, "result", json_object_new_string(
		verdict_names[checks_failed(checks, nr_checks) ? CHECK_FAIL : CHECK_PASS]));
	json_object_object_add(o, "leaked_fds", json_object_new_int(res->leaked_fds));
	json_object_object_add(o, "setup_ms", json_object_new_double(ns_to_ms(res->setup_ns)));
	json_object_object_add(o, "fill_ms", json_object_new_double(ns_to_ms(res->fill_ns)));
	json_object_object_add(o, "teardown_ms",
			       json_object_new_double(ns_to_ms(res->teardown_ns)));
	json_object_object_add(o, "total_wall_ms",
			       json_object_new_double(ns_to_ms(res->total_wall_ns)));
	return o;
}

