// SPDX-License-Identifier: GPL-2.0
/* The --help text: every option with its range and default, then the lists. */
#include <stdio.h>

#include "cli.h"
#include "gate.h"
#include "measure.h"
#include "page.h"
#include "region.h"
#include "scenario.h"

void cli_usage(FILE *out, const char *prog)
{
	size_t page = host_page_size();

	fprintf(out,
"Usage: %s [options]          one scenario (default: read)\n"
"       %s suite [options]    every scenario, one KTAP subtest each\n"
"       %s gate BASELINE CURRENT  the CI gate on stored results (docs/ci.md)\n"
"Measures the vmexits a guest takes when it only reads memory that KSM merged.\n"
"Phases: warm pass, steady pass, merge, post-merge pass, again pass.\n\n"
"      --scenario NAME      one of the scenarios below (default read)\n"
"      --dup-ratio R        partial: share of duplicate pages, 0..1 (default %.1f)\n"
"      --backing KIND       guest memory: anonymous (default), anonymous_thp,\n"
"                           anonymous_hugetlb (needs reserved huge pages) or\n"
"                           shmem; KSM merges neither of the last two, so\n"
"                           their runs are negative controls (0 merged)\n"
"      --vcpus N            vCPUs, each reading its own slice: 1..%d\n"
"                           (default 1; vcpus scenario: online CPUs, min 2)\n"
"      --max-pages N        sweep: largest size, %llu..%llu pages (default %llu)\n"
"      --duration S         stress: seconds of the stress phase, 1..%d (default %d)\n"
"      --no-migrate         stress: no page moves between NUMA nodes meanwhile\n"
"                           (on by default where the host has two nodes)\n"
"  -p, --pages N            guest data pages, %zu KiB here (default %d, min %d)\n"
"  -s, --size SIZE          guest data size instead: %zuM .. %lluG, e.g. 64M, 16G\n"
"      --stride BYTES       bytes between loads in a page: 8..%zu, power of two\n"
"                           (default %zu: one load per page)\n"
"      --no-ksm             the control: no merge, KSM untouched, a wait instead\n"
"      --control-wait MS    length of the control's wait (default %d)\n"
"      --ksm-during-passes  keep KSM scanning during the read passes\n"
"      --merge-timeout S    give up on the merge after S seconds\n"
"                           (default 30 + 1 per 16384 pages)\n"
"      --pages-to-scan N    KSM pages_to_scan during the merge (default %d)\n"
"      --sleep-ms N         KSM sleep_millisecs during the merge (default %d)\n"
"      --expect KIND        unpatched: >= %.2f post-merge faults per merged page,\n"
"                           patched: <= %.2f; decides the exit code\n"
"      --trace MODE         kernel tracepoints: off, counts (per-phase event\n"
"                           counts and exit reasons; the default where tracefs\n"
"                           has the kvm events) or pages (also ties each\n"
"                           post-merge fault to the guest page it hit)\n"
"      --sample-hz N        timeline sampler rate (timeline.tsv); 0 turns it\n"
"                           off (default %d)\n"
"      --ktap               KTAP (kselftest) output instead of the table\n"
"      --no-wait            if another run holds the lock, fail at once\n"
"                           instead of waiting for it\n"
"      --recover            only restore what a killed run left changed\n"
"                           (KSM knobs, a tracefs it mounted), then exit\n"
"      --results-dir DIR    where run directories go (default results)\n"
"      --baseline FILE      compare with a stored result.json (the CI gate): exit 1\n"
"                           when faults per merged page moved by more than the\n"
"                           tolerance or the verdict changed, 4 when FILE is\n"
"                           another cell (release, virtualization, scenario, pages)\n"
"      --tolerance T        the gate's tolerance, 0..1 (default %.2f)\n"
"  -h, --help               this text\n\n"
"Exit codes: 0 pass, 1 fail, 2 usage error, 4 skip (missing root, /dev/kvm, KSM).\n\n"
"Scenarios:\n",
		prog, prog, prog, DEFAULT_DUP_RATIO, KVM_MAX_TEST_VCPUS, SWEEP_MIN_PAGES,
		MAX_SWEEP_PAGES, SWEEP_DEFAULT_MAX, MAX_STRESS_S, DEFAULT_STRESS_S, page >> 10, DEFAULT_PAGES,
		MIN_PAGES, (MIN_PAGES * page) >> 20, (unsigned long long)run_max_gib(), page, page,
		DEFAULT_CONTROL_WAIT_MS,
		DEFAULT_PAGES_TO_SCAN, DEFAULT_SLEEP_MS, EXPECT_UNPATCHED_MIN,
		EXPECT_PATCHED_MAX, DEFAULT_SAMPLE_HZ, GATE_DEFAULT_TOLERANCE);
	for (int i = 0; i < nr_scenarios; i++)
		fprintf(out, "  %-20s %s\n", scenarios[i].name, scenarios[i].what);
}
