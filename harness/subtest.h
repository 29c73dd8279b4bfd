/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A run in a child process, as one subtest of a suite or of a multi-run
 * scenario: a run that fails an assertion midway, or skips, ends only its
 * own process (after its cleanup restored the host), and the next one
 * starts from a host as it was.  The child's stdout comes through the
 * parent, indented four spaces under KTAP (nested subtest).
 */
#ifndef KSMEXIT_SUBTEST_H
#define KSMEXIT_SUBTEST_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Runs fn(arg) in a child and returns its exit code (a child killed by a
 * signal counts as KSFT_FAIL).  A "1..0 # SKIP reason" line it printed is
 * copied to skip_why.
 */
int subtest_run(int (*fn)(void *arg), void *arg, bool ktap, char *skip_why,
		size_t len);
/* "ok N name", "not ok N name" or "ok N name # SKIP why". */
void subtest_result(int nr, const char *name, int code, const char *skip_why);

#endif
