/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running scenarios: one run in this process, a multi-run scenario (sweep,
 * numa) as one child per run, and `ksmexit suite` as one child per
 * scenario, each a KTAP subtest, with one result.json for all of them.
 */
#ifndef KSMEXIT_SUITE_H
#define KSMEXIT_SUITE_H

#include "config.h"
#include "result_files.h"

/* Runs cfg->scenario; returns the kselftest exit code. */
int suite_scenario(const struct run_config *cfg, const struct run_output *out);
/* Runs every scenario under cfg's options. */
int suite_main(const struct run_config *cfg, const struct run_output *out);

#endif
