// SPDX-License-Identifier: GPL-2.0
/* The result's small helpers, and the one spelling of each verdict. */
#include <stdlib.h>
#include <string.h>

#include "result.h"

const char *const verdict_names[3] = {
	[CHECK_PASS] = "pass", [CHECK_FAIL] = "fail", [CHECK_SKIP] = "skip",
};

uint64_t phase_stat(const struct phase_result *p, const char *name)
{
	for (int i = 0; i < p->nr_vcpu_deltas; i++)
		if (!strcmp(p->vcpu_deltas[i].name, name))
			return p->vcpu_deltas[i].delta;
	return 0;
}

bool checks_failed(const struct check *checks, int n)
{
	for (int i = 0; i < n; i++)
		if (checks[i].result == CHECK_FAIL)
			return true;
	return false;
}

void run_result_free(struct run_result *res)
{
	free(res->timeline.samples);
	for (int i = 0; i < NR_PHASES; i++) {
		free(res->phases[i].vcpus);
		free(res->phases[i].latency);
		free(res->phases[i].vcpu_deltas);
		free(res->phases[i].vm_deltas);
	}
}
