// SPDX-License-Identifier: GPL-2.0
/* libFuzzer: the command line.  The input is split at NUL bytes into argv. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "measure.h"

#define MAX_ARGS 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *argv[MAX_ARGS + 2] = { "ksmexit" };
	struct options o;
	const struct run_config *cfg = &o.run;
	int argc = 1;

	memcpy(buf, data, size);
	buf[size] = '\0';
	for (char *p = buf; p < buf + size && argc <= MAX_ARGS; p += strlen(p) + 1)
		argv[argc++] = p;
	argv[argc] = NULL;
	cli_defaults(&o);
	if (cli_parse(argc, argv, &o) == 0 &&
	    (cfg->npages < 256 || cfg->stride < 8 || cfg->stride > 4096 ||
	     (cfg->stride & (cfg->stride - 1)) || cfg->npages > run_max_pages()))
		abort();	/* accepted something out of range */
	free(buf);
	return 0;
}
