/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where a phase's count of guest page faults comes from.  x86 KVM counts
 * them in the vCPU statistic pf_taken.  arm64 KVM keeps no such statistic:
 * kvm:kvm_guest_fault fires for every guest abort it handles, on memory
 * and MMIO alike, and the vCPU statistics count the MMIO ones
 * (mmio_exit_user, mmio_exit_kernel), so the faults on guest memory are
 * the difference.  RISC-V KVM has neither statistic nor, in 6.1, any
 * tracepoint: a kprobe on kvm_riscv_gstage_map, which maps the page of
 * each fault on memory (never MMIO), counts them exactly.  Book3S HV (6.1
 * radix has no fault statistic or tracepoint either): a kprobe on
 * kvmppc_book3s_radix_page_fault less the MMIO exits (mmio_exits).  The tracer's
 * counter sums every vCPU's thread, so a vCPU's own share is known only
 * when there is one vCPU.
 */
#ifndef KSMEXIT_FAULTS_H
#define KSMEXIT_FAULTS_H

#include "result.h"
#include "stats.h"
#include "trace.h"

/*
 * The vCPU statistics' index of fault_stat (vm_arch_fault_stat()), or -1
 * where there is none and faults come from the trace (then
 * skips, exit 4, unless the tracer counts kvm_guest_fault or has the
 * kvm_riscv_gstage_map kprobe).  Also the index of exits, which must
 * exist.
 */
int faults_source_open(const struct kvm_stats *vcpu0, const struct tracer *t,
		       const char *fault_stat, int *exits_idx);
/*
 * With no pf_taken statistic: the phase's faults from its trace; each
 * vCPU's share VCPU_FAULTS_UNKNOWN when there are several.
 */
void faults_from_trace(struct phase_result *p, const struct trace_phase *tp, int nr_vcpus);

#endif
