/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The measurement's entry points: claim the host, run the phases, check
 * what came out.  Options in (config.h), a result out (result.h).
 */
#ifndef KSMEXIT_MEASURE_H
#define KSMEXIT_MEASURE_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "result.h"

/*
 * Takes the run lock (waiting unless no_wait) and restores what a run
 * that died left behind.  Exits 4 without root, 1 when the lock is busy
 * and no_wait.  Idempotent.
 */
void run_claim_host(bool no_wait, const char *ksm_root);
/* Told the result once the phases are done and before the teardown. */
typedef void (*run_measured_fn)(const struct run_config *cfg,
				const struct run_result *res, void *arg);
/*
 * Runs the phases; skips (exit 4) where the host lacks something.  measured
 * (may be NULL) sees the result before the teardown (unmerge, KSM settle,
 * closing the trace events: most of a run's tail), so the answer need not
 * wait for it; teardown_ns, leaked_fds and total_wall_ns come after.
 */
void run_measurement(const struct run_config *cfg, struct run_result *res,
		     run_measured_fn measured, void *arg);
/* What the run asserts; fills checks[] and returns how many. */
int run_checks(const struct run_config *cfg, const struct run_result *res,
	       struct check *checks);

#endif
