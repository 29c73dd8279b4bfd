/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Command line: options into what to measure (struct run_config) and how
 * the program runs (struct options), and usage errors (exit 2).
 */
#ifndef KSMEXIT_CLI_H
#define KSMEXIT_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>

#include "config.h"

#define DEFAULT_PAGES		16384
#define MIN_PAGES		256		/* 1 MiB of 4 KiB pages */
#define DEFAULT_CONTROL_WAIT_MS	200
#define DEFAULT_PAGES_TO_SCAN	16384
#define DEFAULT_SLEEP_MS	1
#define MAX_TIMEOUT_S		86400
#define DEFAULT_SAMPLE_HZ	1000
#define MAX_SAMPLE_HZ		10000
#define MAX_SWEEP_PAGES		(1ULL << 22)
#define MAX_STRESS_S		3600

struct options {
	struct run_config run;
	bool suite;			/* `ksmexit suite`: every scenario */
	bool recover_only;		/* --recover: restore and exit */
	bool ktap;
	bool no_wait;			/* fail instead of waiting for another run */
	const char *results_dir;
	const char *baseline;		/* --baseline: a result.json to gate against */
	double tolerance;		/* --tolerance, -1 when not given */
};

/* Bytes from "4096", "64K", "64M", "2G", "1T" (binary units); -1 on error. */
int parse_size(const char *s, uint64_t *bytes);
/* A plain decimal in [min, max]; -1 on error. */
int parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *v);

/* A fraction in [0, 1]; -1 on error. */
int parse_ratio(const char *s, double *v);

void cli_defaults(struct options *o);
/* The --help text, the scenarios and backing sources listed. */
void cli_usage(FILE *out, const char *prog);
/* cli_parse's answer to --help: the caller prints cli_usage. */
#define CLI_HELP (-1)
/*
 * 0 on success; EXIT_USAGE with the reason on stderr for bad input;
 * CLI_HELP for --help.  Touches nothing outside o, prints only errors.
 */
int cli_parse(int argc, char **argv, struct options *o);

#endif
