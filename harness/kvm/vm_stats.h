/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A VM's statistics as one set: every vCPU's stats fd and the VM's,
 * snapshots before and after a span of time, and the deltas of what
 * changed, summed over the vCPUs and per vCPU.
 */
#ifndef KSMEXIT_VM_STATS_H
#define KSMEXIT_VM_STATS_H

#include <stdint.h>

#include "kvm.h"
#include "stats.h"

/* A statistic that changed over a span, by name. */
struct stat_delta {
	char name[STATS_NAME_MAX];
	int64_t delta;
};

enum { VM_STATS_BEFORE, VM_STATS_AFTER };

struct vm_stats {
	int nr_vcpus;
	struct kvm_stats *vcpu;		/* one per vCPU, same descriptors */
	struct kvm_stats vm;
	uint64_t *raw[2];		/* nr_vcpus blocks of vCPU values */
	uint64_t *vcpu_sum[2];		/* summed over the vCPUs */
	uint64_t *vm_values[2];
};

/* Opens every stats fd of vm's first nr_vcpus vCPUs and the VM's. */
void vm_stats_open(struct vm_stats *s, struct kvm_vm *vm, int nr_vcpus);
/* Reads every fd into snapshot `when` (VM_STATS_BEFORE or _AFTER). */
void vm_stats_snapshot(struct vm_stats *s, int when);
/* What changed between the snapshots; *out is allocated, returns how many. */
int vm_stats_vcpu_deltas(const struct vm_stats *s, struct stat_delta **out);
int vm_stats_vm_deltas(const struct vm_stats *s, struct stat_delta **out);
/* vCPU c's change in statistic idx (a vCPU descriptor index). */
uint64_t vm_stats_vcpu_delta(const struct vm_stats *s, int c, int idx);
/* Closes the fds and frees the snapshots.  Safe on a zeroed set. */
void vm_stats_close(struct vm_stats *s);

#endif
