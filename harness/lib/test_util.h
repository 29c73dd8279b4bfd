/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Assertions and exit codes in the kselftest style.
 *
 * TEST_ASSERT() reports file:line, the failed expression, errno with its
 * text and a message, then exits 1 through exit() so the registered
 * cleanups (KSM knobs, tracefs) still run.  TEST_REQUIRE() is for what the
 * host lacks: it prints the reason and exits 4 (KSFT_SKIP).
 */
#ifndef KSMEXIT_TEST_UTIL_H
#define KSMEXIT_TEST_UTIL_H

#include <stdbool.h>

#define KSFT_PASS 0
#define KSFT_FAIL 1
/* Bad input; not kselftest's (where 2 is KSFT_XFAIL). */
#define EXIT_USAGE 2
#define KSFT_SKIP 4

#define __printf(a, b) __attribute__((format(printf, a, b)))

void test_assert(bool ok, const char *expr, const char *file, int line,
		 const char *fmt, ...) __printf(5, 6);
void __attribute__((noreturn)) ksft_skip_exit(const char *fmt, ...) __printf(1, 2);

#define TEST_ASSERT(cond, fmt, ...) \
	test_assert(!!(cond), #cond, __FILE__, __LINE__, fmt, ##__VA_ARGS__)

#define TEST_FAIL(fmt, ...) \
	test_assert(false, "failure", __FILE__, __LINE__, fmt, ##__VA_ARGS__)

#define TEST_REQUIRE(cond, fmt, ...) \
	do { if (!(cond)) ksft_skip_exit(fmt, ##__VA_ARGS__); } while (0)

/* For ioctl wrappers: names the ioctl, its return value and errno. */
#define TEST_ASSERT_IOCTL(ret, name) \
	TEST_ASSERT((ret) >= 0, "%s failed, rc: %d errno: %d (%s)", \
		    name, (int)(ret), errno, strerror(errno))

/* Set when stdout carries KTAP, so diagnostics are prefixed with "# ". */
extern bool test_output_ktap;

#endif
