// SPDX-License-Identifier: GPL-2.0
/*
 * Table and KTAP renderings of one run.  Both print the same figures; KTAP
 * carries them as "# key: value" diagnostics and the checks as subtests.
 */
#include <math.h>
#include <string.h>

#include "clock.h"
#include "exit_reasons.h"
#include "merge_cost.h"
#include "page.h"
#include "report.h"
#include "scenario.h"

/* The table's labels, for people: a failure stands out. */
static const char *verdict_label(enum check_result r)
{
	return r == CHECK_PASS ? "ok" : r == CHECK_FAIL ? "FAIL" : "skip";
}

/* Figures that do not exist for a run (nothing merged) print as n/a. */
static const char *fmt_figure(char *buf, size_t len, double v, int decimals)
{
	if (isnan(v))
		snprintf(buf, len, "n/a");
	else
		snprintf(buf, len, "%.*f", decimals, v);
	return buf;
}

static void fmt_census(char *buf, size_t len, long pages)
{
	if (pages < 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%ld", pages);
}

static void print_header(FILE *out, const char *prefix, const struct run_config *cfg,
			 const struct run_result *res)
{
	const struct hostinfo *h = &res->host;
	char caveat_buf[512];
	const char *caveat = hostinfo_caveat(h, caveat_buf, sizeof(caveat_buf));

	fprintf(out, "%skernel: %s\n", prefix, h->kernel_release);
	fprintf(out, "%scpu: %s\n", prefix, h->cpu_model);
	fprintf(out, "%svirt: %s (module %s, tdp_mmu %s, %s.nested=%s, under hypervisor: %s%s%s)\n",
		prefix, h->virt_mode, h->kvm_module,
		h->tdp_mmu < 0 ? "n/a" : h->tdp_mmu ? "on" : "off", h->kvm_module,
		h->nested < 0 ? "n/a" : h->nested ? "Y" : "N",
		h->under_hypervisor ? "yes" : "no",
		h->emulator[0] ? ", emulator: " : "", h->emulator);
	if (caveat)
		fprintf(out, "%snote: %s\n", prefix, caveat);
	fprintf(out, "%sscenario: %s%s%s (%s)\n", prefix, scenario_of(cfg)->name,
		cfg->run_label && strcmp(cfg->run_label, scenario_of(cfg)->name) ? ", " : "",
		cfg->run_label && strcmp(cfg->run_label, scenario_of(cfg)->name) ?
		cfg->run_label : "", scenario_of(cfg)->what);
	fprintf(out, "%smode: %s, %zu pages (%zu MiB) of %s memory, stride %zu bytes, fill %s",
		prefix, cfg->no_ksm ? "control (--no-ksm)" : "ksm", cfg->npages,
		cfg->npages * host_page_size() >> 20, region_backing_names[cfg->backing], cfg->stride,
		region_fill_names[cfg->fill]);
	if (cfg->fill == FILL_PARTIAL)
		fprintf(out, " (dup ratio %.3f)", cfg->dup_ratio);
	fprintf(out, ", %d vCPU%s\n", cfg->nr_vcpus, cfg->nr_vcpus > 1 ? "s" : "");
}

static void print_latency(FILE *out, const char *prefix, const struct run_result *res)
{
	for (int i = 0; i < res->nr_phases; i++) {
		const struct latency_summary *l = res->phases[i].latency;

		if (!l)
			continue;
		fprintf(out, "%slatency %s: p50 %llu p99 %llu p99.9 %llu max %llu cycles "
			"(%.0f / %.0f / %.0f / %.0f ns)\n", prefix, res->phases[i].name,
			(unsigned long long)l->p50, (unsigned long long)l->p99,
			(unsigned long long)l->p999, (unsigned long long)l->max,
			cycles_to_ns(l->p50, res->tsc_khz), cycles_to_ns(l->p99, res->tsc_khz),
			cycles_to_ns(l->p999, res->tsc_khz), cycles_to_ns(l->max, res->tsc_khz));
	}
}

/* The stress's counts per second and each corruption it kept. */
static void print_stress(FILE *out, const char *prefix, const struct run_result *res)
{
	const struct run_stress *st = &res->stress;

	fprintf(out, "%sstress: %d vCPUs for %.1f s: %.0f visits/s, %.0f stamps/s, "
		"%.0f faults/s, %.0f exits/s, %.1f KSM full scans/s", prefix, res->nr_vcpus,
		st->duration_s, st->visits_per_s, st->stamps_per_s, st->faults_per_s,
		st->exits_per_s, st->full_scans_per_s);
	if (st->cow_ksm >= 0)
		fprintf(out, ", %.0f KSM copy-on-writes/s (host-wide)", st->cow_ksm_per_s);
	if (st->turnover_source)
		fprintf(out, "; seen by the timeline (%s): %lld merges, %lld unshares",
			st->turnover_source, (long long)st->merges_seen,
			(long long)st->unshares_seen);
	if (st->migrated >= 0)
		fprintf(out, "; %lld pages moved between NUMA nodes", (long long)st->migrated);
	else
		fprintf(out, "; no page migration: %s", st->migrate_note);
	fprintf(out, "; %llu corrupted words%s\n", (unsigned long long)st->corruptions,
		st->stopped_early ? " (stopped early: the kernel has failed)" : "");
	for (int i = 0; i < st->nr_kept; i++) {
		const struct corruption *c = &st->kept[i];
		char who[16] = "host";

		if (c->vcpu >= 0)
			snprintf(who, sizeof(who), "vCPU %d", c->vcpu);
		fprintf(out, "%scorruption: %s gfn 0x%llx +%u expected 0x%016llx found "
			"0x%016llx at %.2f s, %llu full scans in: %s", prefix, who,
			(unsigned long long)c->gfn, c->offset, (unsigned long long)c->expected,
			(unsigned long long)c->found, c->t_s, (unsigned long long)c->full_scans,
			corruption_kind_names[c->kind]);
		if (c->kind == CORRUPTION_LEAK)
			fprintf(out, ", from gfn 0x%llx", (unsigned long long)c->from_gfn);
		fprintf(out, "\n");
	}
}

/* What only some scenarios have: per-vCPU faults, latency, THP, rescan, stress. */
static void print_scenario_figures(FILE *out, const char *prefix,
				   const struct run_config *cfg,
				   const struct run_result *res)
{
	const struct phase_result *post = &res->phases[PHASE_POST_MERGE];

	for (int c = 0; res->nr_vcpus > 1 && c < res->nr_vcpus; c++) {
		char pf[24] = "n/a (counted together)";

		if (post->vcpus[c].pf_taken != VCPU_FAULTS_UNKNOWN)
			snprintf(pf, sizeof(pf), "%llu", (unsigned long long)post->vcpus[c].pf_taken);
		fprintf(out, "%svcpu %d post-merge: pf_taken %s exits %llu guest %.3f ms\n",
			prefix, c, pf, (unsigned long long)post->vcpus[c].exits,
			cycles_to_ns(post->vcpus[c].guest_tsc, res->tsc_khz) / 1e6);
	}
	print_latency(out, prefix, res);
	if (cfg->again_write && res->merged_pages > 0)
		fprintf(out, "%swrite pass after the read: %llu faults, %.4f per merged page\n",
			prefix, (unsigned long long)res->phases[PHASE_AGAIN].pf_taken,
			res->again_faults_per_merged_page);
	if (cfg->thp)
		fprintf(out, "%shuge pages: %ld before the merge, %ld after, %ld at the end\n",
			prefix, res->thp.before_merge, res->thp.after_merge, res->thp.at_end);
	if (res->rescan.done)
		fprintf(out, "%safter %llu more full scans: pages_shared %llu pages_sharing %llu\n",
			prefix, (unsigned long long)res->rescan.full_scans,
			(unsigned long long)res->rescan.pages_shared,
			(unsigned long long)res->rescan.pages_sharing);
	if (res->numa_nodes[0] >= 0)
		fprintf(out, "%snuma: halves on nodes %d and %d, merge_across_nodes %d\n",
			prefix, res->numa_nodes[0], res->numa_nodes[1], cfg->merge_across_nodes);
	if (cfg->stress_s)
		print_stress(out, prefix, res);
}

void ktap_indent(FILE *out, const char *text)
{
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) + 1 : strlen(text);

		fprintf(out, "    %.*s", (int)n, text);
		text += n;
	}
}

/* The merge's cost in one line, then per GiB merged. */
static void print_cost(FILE *out, const char *prefix, const struct run_result *res)
{
	const struct merge_cost *c = &res->cost;
	char line[256], b1[32], b2[32], b3[32];

	if (isnan(c->merged_mib))
		return;
	merge_cost_line(res, line, sizeof(line));
	fprintf(out, "%scost: %s\n", prefix, line);
	fprintf(out, "%scost per GiB merged: guest stall %s ms, ksmd CPU %s ms; "
		"general_profit rise %s MiB\n", prefix,
		fmt_figure(b1, sizeof(b1), c->stall_ms_per_gib, 1),
		fmt_figure(b2, sizeof(b2), c->ksmd_ms_per_gib, 1),
		fmt_figure(b3, sizeof(b3), c->general_profit_mib, 2));
	if (!isnan(c->read_p50_us))
		fprintf(out, "%spost-merge read per page: p50 %.2f us, p99 %.2f us\n", prefix,
			c->read_p50_us, c->read_p99_us);
}

static void print_derived(FILE *out, const char *prefix, const struct run_config *cfg,
			  const struct run_result *res)
{
	const struct phase_result *post = &res->phases[PHASE_POST_MERGE];
	char b[32];

	if (!cfg->no_ksm)
		fprintf(out, "%smerged_pages: %ld (%s, %.1f ms, %llu full scans)\n",
			prefix, res->merged_pages, res->merge.decided_by,
			ns_to_ms(res->merge.elapsed_ns),
			(unsigned long long)res->merge.full_scans);
	fprintf(out, "%spost_merge_faults: %llu\n", prefix,
		(unsigned long long)post->pf_taken);
	fprintf(out, "%spost_merge_exits: %llu\n", prefix,
		(unsigned long long)post->exits);
	fprintf(out, "%sfaults_per_merged_page: %s\n", prefix,
		fmt_figure(b, sizeof(b), res->faults_per_merged_page, 4));
	fprintf(out, "%sexits_per_merged_page: %s\n", prefix,
		fmt_figure(b, sizeof(b), res->exits_per_merged_page, 4));
	fprintf(out, "%sfaults_per_page: %.4f\n", prefix, res->faults_per_page);
	fprintf(out, "%scost_per_fault_us: %s\n", prefix,
		fmt_figure(b, sizeof(b), res->cost_per_fault_us, 3));
	fprintf(out, "%spost_merge_penalty_ms: %.3f\n", prefix, res->penalty_ms);
	print_cost(out, prefix, res);
	print_scenario_figures(out, prefix, cfg, res);
}

static void print_event_rows(FILE *out, const char *prefix, const struct run_result *res)
{
	fprintf(out, "%s%-34s", prefix, "event");
	for (int i = 0; i < res->nr_phases; i++)
		fprintf(out, " %10s", res->phases[i].name);
	fprintf(out, "\n");
	for (int ev = 0; ev < TRACE_NR_EVENTS; ev++) {
		char name[64];

		fprintf(out, "%s%-34s", prefix, trace_event_label(ev, name, sizeof(name)));
		for (int i = 0; i < res->nr_phases; i++) {
			int64_t n = res->trace.count[i][ev];

			if (n >= 0)
				fprintf(out, " %10lld", (long long)n);
			else
				fprintf(out, " %10s", res->trace.phases[i].opened[ev] ||
					!res->trace.available[ev] ? "n/a" : "-");
		}
		fprintf(out, "\n");
	}
	for (int ev = 0; ev < TRACE_NR_EVENTS; ev++)
		if (res->trace.na[ev])
			fprintf(out, "%sn/a: %s\n", prefix, res->trace.na_reason[ev]);
}

/* How often a phase saw this exit reason (0: never). */
static uint64_t reason_count(const struct trace_phase *p, const struct trace_reason *r)
{
	for (int k = 0; k < p->nr_reasons; k++)
		if (p->reasons[k].isa == r->isa && p->reasons[k].reason == r->reason)
			return p->reasons[k].count;
	return 0;
}

static void print_exit_reasons(FILE *out, const char *prefix, const struct run_result *res)
{
	const struct run_trace *tr = &res->trace;
	char label[64];

	if (tr->count[PHASE_POST_MERGE][EV_KVM_EXIT] < 0) {
		fprintf(out, "%sexit reasons: n/a (%s)\n", prefix, tr->na_reason[EV_KVM_EXIT]);
		return;
	}
	fprintf(out, "%s%-34s", prefix, "exit reason");
	for (int i = 0; i < res->nr_phases; i++)
		fprintf(out, " %10s", res->phases[i].name);
	fprintf(out, "\n");
	/* One row per reason seen in any phase, in order of first sight. */
	for (int p = 0; p < res->nr_phases; p++) {
		for (int r = 0; r < tr->phases[p].nr_reasons; r++) {
			const struct trace_reason *reason = &tr->phases[p].reasons[r];
			bool seen_before = false;

			for (int q = 0; q < p; q++)
				seen_before |= reason_count(&tr->phases[q], reason) > 0;
			if (seen_before)
				continue;
			fprintf(out, "%s%-34s", prefix, exit_reason_label(reason->isa, reason->reason, label, sizeof(label)));
			for (int i = 0; i < res->nr_phases; i++)
				fprintf(out, " %10llu",
					(unsigned long long)reason_count(&tr->phases[i], reason));
			fprintf(out, "\n");
		}
	}
}

static double percent(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * part / whole : NAN;
}

static void print_attribution(FILE *out, const char *prefix, const struct run_result *res)
{
	const struct run_trace *tr = &res->trace;
	const struct attribution_result *a = &tr->attribution;

	if (tr->mode != TRACE_PAGES)
		return;
	if (!tr->have_attribution) {
		fprintf(out, "%sattribution: unavailable: %s\n", prefix, tr->attribution_note);
		return;
	}
	fprintf(out, "%sattribution (post-merge pass, frames from %s:%s):\n", prefix,
		trace_events[tr->attribution_event].system,
		trace_events[tr->attribution_event].name);
	fprintf(out, "%s  faults %llu: on merged pages %llu (%.2f%%), on unmerged pages %llu, "
		"outside the data slot %llu\n", prefix, (unsigned long long)a->faults,
		(unsigned long long)a->on_merged, percent(a->on_merged, a->faults),
		(unsigned long long)a->on_unmerged, (unsigned long long)a->outside_data);
	fprintf(out, "%s  merged pages %llu: exactly one fault %llu (%.2f%%), no fault %llu; "
		"pages with more than one fault %llu\n", prefix,
		(unsigned long long)a->merged_pages, (unsigned long long)a->merged_faulted_once,
		percent(a->merged_faulted_once, a->merged_pages),
		(unsigned long long)a->merged_without_fault,
		(unsigned long long)a->faulted_more_than_once);
	if (tr->phases[PHASE_POST_MERGE].lost)
		fprintf(out, "%s  incomplete: the kernel dropped %llu sample records\n", prefix,
			(unsigned long long)tr->phases[PHASE_POST_MERGE].lost);
}

static void print_trace(FILE *out, const char *prefix, const struct run_result *res)
{
	const struct run_trace *tr = &res->trace;

	if (tr->mode == TRACE_OFF) {
		fprintf(out, "%strace: off%s%s\n", prefix, tr->why[0] ? ": " : "", tr->why);
		return;
	}
	if (tr->dir[0])
		fprintf(out, "%strace: %s via perf_event_open (tracefs %s%s)\n", prefix,
			trace_mode_name(tr->mode), tr->dir,
			tr->mounted_tracefs ? ", mounted for the run" : "");
	else	/* kprobes only: why says what the tracepoints lack */
		fprintf(out, "%strace: %s via perf_event_open (%s)\n", prefix,
			trace_mode_name(tr->mode), tr->why);
	print_event_rows(out, prefix, res);
	print_exit_reasons(out, prefix, res);
	print_attribution(out, prefix, res);
}

void report_table(FILE *out, const struct run_config *cfg,
		  const struct run_result *res, const struct check *checks,
		  int nr_checks)
{
	print_header(out, "", cfg, res);
	fprintf(out, "\n%-11s %10s %10s %9s %9s %12s %13s %12s\n", "phase", "wall_ms",
		"guest_ms", "pf_taken", "exits", "pages_shared", "pages_sharing",
		"region_ksm");
	for (int i = 0; i < res->nr_phases; i++) {
		const struct phase_result *p = &res->phases[i];
		char guest[32], census[32];

		fmt_figure(guest, sizeof(guest), p->guest_ms, 3);
		fmt_census(census, sizeof(census), p->region_ksm_pages);
		fprintf(out, "%-11s %10.3f %10s %9llu %9llu %12llu %13llu %12s\n", p->name,
			ns_to_ms(p->wall_ns), guest, (unsigned long long)p->pf_taken,
			(unsigned long long)p->exits, (unsigned long long)p->pages_shared,
			(unsigned long long)p->pages_sharing, census);
	}
	fprintf(out, "\n");
	print_derived(out, "", cfg, res);
	fprintf(out, "\n");
	print_trace(out, "", res);
	fprintf(out, "\n");
	for (int i = 0; i < nr_checks; i++)
		fprintf(out, "check %-20s %-4s %s\n", checks[i].name,
			verdict_label(checks[i].result), checks[i].detail);
}

void report_ktap(FILE *out, const struct run_config *cfg,
		 const struct run_result *res, const struct check *checks,
		 int nr_checks)
{
	int pass = 0, fail = 0, skip = 0;

	fprintf(out, "TAP version 13\n1..%d\n", nr_checks);
	print_header(out, "# ", cfg, res);
	for (int i = 0; i < res->nr_phases; i++) {
		const struct phase_result *p = &res->phases[i];

		fprintf(out, "# phase %s: wall_ms %.3f pf_taken %llu exits %llu "
			"pages_sharing %llu region_ksm_pages %ld\n", p->name,
			ns_to_ms(p->wall_ns), (unsigned long long)p->pf_taken,
			(unsigned long long)p->exits, (unsigned long long)p->pages_sharing,
			p->region_ksm_pages);
	}
	print_derived(out, "# ", cfg, res);
	print_trace(out, "# ", res);
	for (int i = 0; i < nr_checks; i++) {
		const struct check *c = &checks[i];

		if (c->result == CHECK_SKIP) {
			fprintf(out, "ok %d %s # SKIP %s\n", i + 1, c->name, c->detail);
			skip++;
			continue;
		}
		fprintf(out, "# %s\n%s %d %s\n", c->detail,
			c->result == CHECK_PASS ? "ok" : "not ok", i + 1, c->name);
		c->result == CHECK_PASS ? pass++ : fail++;
	}
	fprintf(out, "# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:%d error:0\n",
		pass, fail, skip);
}
