/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a run's raw figures mean, computed once when it ends: faults per
 * merged page and the other derived figures, and which tracepoint counts
 * are real and which are n/a (with the reason).  Output only reads them.
 */
#ifndef KSMEXIT_DERIVE_H
#define KSMEXIT_DERIVE_H

#include "config.h"
#include "result.h"

void derive_figures(const struct run_config *cfg, struct run_result *res);
/*
 * Fills res->trace.count, na and na_reason: an event is n/a in a phase
 * when it is not in this kernel, was not traced then, or stayed silent
 * all run while the vCPU statistic it must move with did move.
 */
void derive_trace_verdicts(struct run_result *res);

#endif
