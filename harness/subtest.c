// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanup.h"
#include "report.h"
#include "subtest.h"
#include "test_util.h"

#define SKIP_PLAN "1..0 # SKIP "

/* Copies the child's lines to stdout until it closes the pipe. */
static void relay(FILE *in, bool ktap, char *skip_why, size_t len)
{
	char line[4096];

	while (fgets(line, sizeof(line), in)) {
		if (!strncmp(line, SKIP_PLAN, strlen(SKIP_PLAN))) {
			snprintf(skip_why, len, "%s", line + strlen(SKIP_PLAN));
			skip_why[strcspn(skip_why, "\n")] = '\0';
		}
		if (ktap)
			ktap_indent(stdout, line);
		else
			fputs(line, stdout);
	}
}

int subtest_run(int (*fn)(void *arg), void *arg, bool ktap, char *skip_why,
		size_t len)
{
	int fds[2], status;
	pid_t pid;
	FILE *in;

	skip_why[0] = '\0';
	fflush(stdout);
	TEST_ASSERT(!pipe(fds), "pipe for a subtest's output failed");
	pid = fork();
	TEST_ASSERT(pid >= 0, "fork of a subtest failed");
	if (!pid) {
		close(fds[0]);
		dup2(fds[1], STDOUT_FILENO);
		close(fds[1]);
		exit(fn(arg));
	}
	close(fds[1]);
	in = fdopen(fds[0], "r");
	TEST_ASSERT(in, "reading a subtest's output failed");
	relay(in, ktap, skip_why, len);
	fclose(in);
	/* A signal meant for us reached the child too: it unwinds, we wait. */
	while (waitpid(pid, &status, 0) < 0)
		TEST_ASSERT(errno == EINTR, "waiting for subtest pid %d failed", pid);
	cleanup_poll_signal();
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "ksmexit: subtest pid %d died of signal %d\n", pid,
			WTERMSIG(status));
		return KSFT_FAIL;
	}
	return WEXITSTATUS(status);
}

void subtest_result(int nr, const char *name, int code, const char *skip_why)
{
	if (code == KSFT_SKIP)
		printf("ok %d %s # SKIP %s\n", nr, name, skip_why[0] ? skip_why : "skipped");
	else
		printf("%s %d %s\n", code == KSFT_PASS ? "ok" : "not ok", nr, name);
}
