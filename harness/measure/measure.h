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
/* Runs the phases; skips (exit 4) where the host lacks something. */
void run_measurement(const struct run_config *cfg, struct run_result *res);
/* What the run asserts; fills checks[] and returns how many. */
int run_checks(const struct run_config *cfg, const struct run_result *res,
	       struct check *checks);
/* The largest guest the page tables of the system slot can map. */
uint64_t run_max_pages(void);

#endif
