// SPDX-License-Identifier: GPL-2.0
/* KSMEXIT_TEST_FAULTS: see faults.h. */
#include <stdlib.h>
#include <string.h>

#include "faults.h"

bool fault_injected(const char *name)
{
	const char *list = getenv("KSMEXIT_TEST_FAULTS");
	size_t n = strlen(name);

	for (const char *p = list; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (!strncmp(p, name, n) && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}
