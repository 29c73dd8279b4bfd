/* SPDX-License-Identifier: GPL-2.0 */
/* The host as a run needs it: lock, KSM, ground truth, guest memory. */
#ifndef KSMEXIT_HOST_SETUP_H
#define KSMEXIT_HOST_SETUP_H

#include "config.h"
#include "hoststate.h"
#include "ksm.h"
#include "measure.h"
#include "numa_balancing.h"
#include "pagemap.h"
#include "region.h"
#include "result.h"

/* What host_setup prepares, for the run to measure with. */
struct run_host {
	struct ksm ksm;
	struct numa_balancing numa_balancing;
	struct pagemap pm;
	struct region region;
};

/*
 * Takes the run lock, opens KSM (the control may do without), turns NUMA
 * balancing off, opens the ground truth, allocates, fills and places the
 * guest memory and sets the scenario's knobs; each with its undo on the
 * cleanup stack.  Skips (TEST_REQUIRE) where the host cannot.
 */
void host_setup(struct run_host *h, const struct run_config *cfg, struct run_result *res);


#endif
