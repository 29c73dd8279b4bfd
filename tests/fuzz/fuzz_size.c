// SPDX-License-Identifier: GPL-2.0
/* libFuzzer: parse_size and parse_u64 on arbitrary strings. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	uint64_t v;

	memcpy(s, data, size);
	s[size] = '\0';
	if (parse_size(s, &v) == 0 && strlen(s) == 0)
		abort();	/* an empty string is no size */
	if (parse_u64(s, 10, 1000, &v) == 0 && (v < 10 || v > 1000))
		abort();	/* out of the range asked for */
	free(s);
	return 0;
}
