/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One pass of every vCPU over its slice of the guest data, in parallel
 * (the way the selftests' memstress owns its vCPU threads): each vCPU's
 * mailbox is programmed, vCPU 0 runs on the calling thread, the others on
 * threads of their own, and each reported sum is checked against what
 * the host predicts.
 */
#ifndef KSMEXIT_VCPU_POOL_H
#define KSMEXIT_VCPU_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guest.h"
#include "region.h"

struct vcpu_pass {
	uint64_t cmd;			/* PAYLOAD_CMD_* */
	size_t stride;			/* bytes between loads in a page */
	int nr_vcpus;
};

/* A vCPU whose pass summed to something else than what the memory should hold. */
struct sum_mismatch {
	int vcpu;			/* -1: none */
	uint64_t expected, found;
};

/*
 * Runs the pass; adds each vCPU's guest TSC delta to guest_tsc[c].
 * Asserts when a vCPU exits for anything but the end of its pass.  A
 * vCPU that read what nobody wrote is the kernel's doing, not ours: the
 * first such vCPU is returned in *bad (vcpu -1 when every sum held).
 */
void vcpu_pool_pass(struct guest *guest, const struct region *r,
		    const struct vcpu_pass *pass, uint64_t *guest_tsc,
		    struct sum_mismatch *bad);

/* vCPU c's slice of the region: pages [*first, *first + return). */
size_t vcpu_slice(const struct region *r, int c, int nr_vcpus, size_t *first);

/*
 * Runs vCPU until it exits to user space for something other than a
 * signal (a signal is polled for on the main thread): 0, or -1 with why.
 */
int vcpu_pool_enter(struct kvm_vcpu *vcpu, bool main_thread, char *why, size_t len);
/* Says in why which unexpected exit vcpu took. */
void vcpu_pool_describe_exit(struct kvm_vcpu *vcpu, char *why, size_t len);

/* What one vCPU does, on its own thread (vCPU 0: the main one); 0 or -1 with why. */
typedef int (*vcpu_pool_fn)(struct kvm_vcpu *vcpu, bool main_thread, void *arg,
			    char *why, size_t len);
/* fn on every vCPU in parallel; every thread joined, then asserts none failed. */
void vcpu_pool_run(struct kvm_vm *vm, int nr_vcpus, vcpu_pool_fn fn, void *arg);

#endif
