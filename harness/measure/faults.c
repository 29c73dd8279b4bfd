// SPDX-License-Identifier: GPL-2.0
/* A phase's guest page faults: pf_taken, arm64's trace or riscv64's kprobe (faults.h). */
#include "faults.h"
#include "kvm.h"
#include "test_util.h"

int faults_source_open(const struct kvm_stats *vcpu0, const struct tracer *t,
		       const char *fault_stat, int *exits_idx)
{
	int pf_idx;

	*exits_idx = kvm_stats_find(vcpu0, kvm_arch_exits_stat);
	TEST_REQUIRE(*exits_idx >= 0, "vCPU statistics lack %s (KVM older than 5.14?)",
		     kvm_arch_exits_stat);
	if (fault_stat) {
		pf_idx = kvm_stats_find(vcpu0, fault_stat);
		TEST_REQUIRE(pf_idx >= 0, "vCPU statistics lack %s: no way to count "
			     "guest faults", fault_stat);
		return pf_idx;
	}
	if (t->mode != TRACE_OFF && t->available[EV_GSTAGE_MAP])
		return -1;
	if (t->mode != TRACE_OFF && t->available[EV_RADIX_FAULT]) {
		TEST_REQUIRE(kvm_stats_find(vcpu0, "mmio_exits") >= 0, "vCPU statistics lack "
			     "mmio_exits: no way to tell guest faults from MMIO");
		return -1;
	}
	TEST_REQUIRE(kvm_stats_find(vcpu0, "mmio_exit_user") >= 0 &&
		     kvm_stats_find(vcpu0, "mmio_exit_kernel") >= 0,
		     "vCPU statistics lack mmio_exit_user and mmio_exit_kernel: no way to "
		     "tell guest faults from MMIO");
	TEST_REQUIRE(t->mode != TRACE_OFF && t->available[EV_GUEST_FAULT],
		     "KVM keeps no fault statistic here (arm64, riscv64): faults are counted "
		     "with kvm:kvm_guest_fault or a kprobe on kvm_riscv_gstage_map, which "
		     "need tracing (%s)",
		     t->mode == TRACE_OFF ? (t->why[0] ? t->why : "--trace off") :
		     "neither is in this kernel");
	return -1;
}

void faults_from_trace(struct phase_result *p, const struct trace_phase *tp, int nr_vcpus)
{
	uint64_t aborts = tp->opened[EV_RADIX_FAULT] ? tp->count[EV_RADIX_FAULT] :
			  tp->count[EV_GUEST_FAULT];
	/* Whichever the architecture has: arm64's two, Book3S's one. */
	uint64_t mmio = phase_stat(p, "mmio_exit_user") + phase_stat(p, "mmio_exit_kernel") +
			phase_stat(p, "mmio_exits");

	if (tp->opened[EV_GSTAGE_MAP])
		p->pf_taken = tp->count[EV_GSTAGE_MAP];
	else
		p->pf_taken = aborts > mmio ? aborts - mmio : 0;
	/* The counter sums every vCPU's thread: a share is known only for one. */
	for (int c = 0; c < nr_vcpus; c++)
		p->vcpus[c].pf_taken = nr_vcpus == 1 ? p->pf_taken : VCPU_FAULTS_UNKNOWN;
}
