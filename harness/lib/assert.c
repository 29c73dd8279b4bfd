// SPDX-License-Identifier: GPL-2.0
/*
 * Failure and skip reporting shared by the harness and its tests.
 *
 * Messages go to stderr; under KTAP they are also echoed as "# " lines on
 * stdout so a kselftest runner that keeps only stdout still sees why.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

bool test_output_ktap;

static void vreport(const char *prefix, const char *fmt, va_list ap)
{
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	fprintf(stderr, "%s%s\n", prefix, msg);
	if (test_output_ktap)
		printf("# %s%s\n", prefix, msg);
}

void test_assert(bool ok, const char *expr, const char *file, int line,
		 const char *fmt, ...)
{
	int saved_errno = errno;
	va_list ap;

	if (ok)
		return;
	fprintf(stderr, "==== Test Assertion Failure ====\n"
		"  %s:%d: %s\n  errno: %d (%s)\n", file, line, expr,
		saved_errno, strerror(saved_errno));
	va_start(ap, fmt);
	vreport("  ", fmt, ap);
	va_end(ap);
	fflush(stdout);
	exit(KSFT_FAIL);
}

void ksft_skip_exit(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (test_output_ktap) {
		char msg[1024];

		vsnprintf(msg, sizeof(msg), fmt, ap);
		printf("1..0 # SKIP %s\n", msg);
		fprintf(stderr, "skip: %s\n", msg);
	} else {
		vreport("skip: ", fmt, ap);
	}
	va_end(ap);
	fflush(stdout);
	exit(KSFT_SKIP);
}
