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
#include "report.h"
#include "run.h"
#include "test_util.h"

int main(int argc, char **argv)
{
	struct check checks[MAX_CHECKS];
	struct run_config cfg;
	struct run_result res;
	char dir[4096];
	int nr_checks, ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	cli_defaults(&cfg);
	ret = cli_parse(argc, argv, &cfg);
	if (ret)
		return ret < 0 ? KSFT_PASS : ret;
	test_output_ktap = cfg.ktap;
	cleanup_init();
	run_claim_host(&cfg);
	if (cfg.recover_only)
		return KSFT_PASS;

	run_measurement(&cfg, &res);
	nr_checks = run_checks(&cfg, &res, checks);
	if (cfg.ktap)
		report_ktap(stdout, &cfg, &res, checks, nr_checks);
	else
		report_table(stdout, &cfg, &res, checks, nr_checks);
	ret = results_write(&cfg, &res, checks, nr_checks, dir, sizeof(dir));
	if (!ret)
		printf("%sresults: %s\n", cfg.ktap ? "# " : "", dir);
	run_result_free(&res);
	if (ret)
		return KSFT_FAIL;
	for (int i = 0; i < nr_checks; i++)
		if (checks[i].result == CHECK_FAIL)
			return KSFT_FAIL;
	return KSFT_PASS;
}
