// SPDX-License-Identifier: GPL-2.0
/*
 * ksmexit: after KSM merges a guest's duplicate pages, how many vmexits
 * does the guest take when it only reads them?  See README.md.
 *
 * Exit codes follow kselftest: 0 pass, 1 fail, 4 skip; 2 is a usage error.
 */
#include <stdio.h>

#include "cleanup.h"
#include "cli.h"
#include "scenario.h"
#include "suite.h"
#include "test_util.h"

int main(int argc, char **argv)
{
	struct run_config cfg;
	int ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	cli_defaults(&cfg);
	ret = cli_parse(argc, argv, &cfg);
	if (ret)
		return ret < 0 ? KSFT_PASS : ret;
	test_output_ktap = cfg.ktap || cfg.suite;
	cleanup_init();
	run_claim_host(&cfg);
	if (cfg.recover_only)
		return KSFT_PASS;
	if (cfg.suite)
		return suite_main(&cfg);
	return scenario_main(&cfg);
}
