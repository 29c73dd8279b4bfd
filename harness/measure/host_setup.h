/* SPDX-License-Identifier: GPL-2.0 */
/* The host as a run needs it: lock, scenario knobs, memory placement. */
#ifndef KSMEXIT_HOST_SETUP_H
#define KSMEXIT_HOST_SETUP_H

#include "config.h"
#include "hoststate.h"
#include "ksm.h"
#include "measure.h"
#include "region.h"

/*
 * Knobs a scenario needs, set before the merge.  merge_across_nodes can
 * only change while KSM holds no merged page on the whole host, so where
 * another process has some, the scenario skips.
 */
void set_scenario_knobs(struct ksm *ksm, const struct run_config *cfg);
/* First half of the guest memory on one node, second half on another. */
void place_on_two_nodes(struct region *r, int *nodes);

#endif
