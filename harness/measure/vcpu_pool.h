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

#include <stddef.h>
#include <stdint.h>

#include "guest.h"
#include "region.h"

struct vcpu_pass {
	uint64_t cmd;			/* PAYLOAD_CMD_* */
	size_t stride;			/* bytes between loads in a page */
	int nr_vcpus;
};

/*
 * Runs the pass; adds each vCPU's guest TSC delta to guest_tsc[c].
 * Asserts when a vCPU exits for anything but the end of its pass or
 * reads what the host did not write.
 */
void vcpu_pool_pass(struct guest *guest, const struct region *r,
		    const struct vcpu_pass *pass, uint64_t *guest_tsc);

#endif
