/* SPDX-License-Identifier: GPL-2.0 */
/* Command line: options into a struct run_config, and usage errors (exit 2). */
#ifndef KSMEXIT_CLI_H
#define KSMEXIT_CLI_H

#include <stdint.h>

#include "run.h"

/* Bytes from "4096", "64K", "64M", "2G", "1T" (binary units); -1 on error. */
int parse_size(const char *s, uint64_t *bytes);
/* A plain decimal in [min, max]; -1 on error. */
int parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *v);

/* A fraction in [0, 1]; -1 on error. */
int parse_ratio(const char *s, double *v);

void cli_defaults(struct run_config *cfg);
/*
 * 0 on success; KSFT_USAGE with the reason on stderr for bad input; -1
 * when --help was printed.  Touches nothing outside cfg.
 */
int cli_parse(int argc, char **argv, struct run_config *cfg);

#endif
