// SPDX-License-Identifier: GPL-2.0
/*
 * ksmexit: after KSM merges a guest's duplicate pages, how many vmexits
 * does the guest take when it only reads them?  See README.md.
 *
 * Parse, claim the host, run (one scenario or the suite), exit with the
 * kselftest code: 0 pass, 1 fail, 4 skip; 2 is a usage error.  `ksmexit
 * gate` compares stored results instead and touches nothing.
 */
#include <stdio.h>
#include <string.h>

#include "cleanup.h"
#include "cli.h"
#include "gate.h"
#include "measure.h"
#include "suite.h"
#include "test_util.h"

int main(int argc, char **argv)
{
	struct options o;
	struct run_output out;
	int ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	/* The gate reads files only: it neither claims nor touches the host. */
	if (argc > 1 && !strcmp(argv[1], "gate"))
		return gate_main(argc - 1, argv + 1, argv[0]);
	cli_defaults(&o);
	ret = cli_parse(argc, argv, &o);
	if (ret == CLI_HELP) {
		cli_usage(stdout, argc > 0 ? argv[0] : "ksmexit");
		return KSFT_PASS;
	}
	if (ret)
		return ret;
	test_output_ktap = o.ktap || o.suite;
	cleanup_init();
	run_claim_host(o.no_wait, o.run.ksm_root);
	if (o.recover_only)
		return KSFT_PASS;
	out = (struct run_output){
		.results_dir = o.results_dir, .ktap = o.ktap || o.suite,
		.baseline = o.baseline,
		.tolerance = o.tolerance >= 0 ? o.tolerance : GATE_DEFAULT_TOLERANCE,
	};
	if (o.suite)
		return suite_main(&o.run, &out);
	return suite_scenario(&o.run, &out);
}
