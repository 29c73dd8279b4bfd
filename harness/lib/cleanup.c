// SPDX-License-Identifier: GPL-2.0
/*
 * The cleanup stack.  KSM knobs are global host state, so every path out of
 * the process must restore them: normal return, TEST_ASSERT's exit(), and
 * the catchable signals.  SIGKILL cannot be caught; ksm.c's state file
 * covers that case on the next run.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "test_util.h"

#define CLEANUP_MAX 32

struct cleanup_entry {
	cleanup_fn fn;
	void *arg;
	bool signal_safe;
};

static struct cleanup_entry entries[CLEANUP_MAX];
static volatile sig_atomic_t nr_entries;
static volatile sig_atomic_t pending_signal;
static volatile sig_atomic_t unwinding;

static const int caught_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE };

static void __attribute__((noreturn)) die_of(int sig)
{
	signal(sig, SIG_DFL);
	raise(sig);
	_exit(128 + sig);
}

static void on_signal(int sig)
{
	if (!pending_signal && !unwinding) {
		pending_signal = sig;
		return;
	}
	/* Second signal or signal during unwinding: only what is safe here. */
	for (int i = nr_entries - 1; i >= 0; i--)
		if (entries[i].signal_safe)
			entries[i].fn(entries[i].arg);
	die_of(sig);
}

void cleanup_run_all(void)
{
	unwinding = 1;
	while (nr_entries > 0) {
		struct cleanup_entry e = entries[nr_entries - 1];

		e.fn(e.arg);
		nr_entries = nr_entries - 1;
	}
	unwinding = 0;
}

void cleanup_init(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: KVM_RUN and sleeps return EINTR so the run notices. */
	for (size_t i = 0; i < sizeof(caught_signals) / sizeof(caught_signals[0]); i++)
		sigaction(caught_signals[i], &sa, NULL);
	atexit(cleanup_run_all);
}

void cleanup_push(cleanup_fn fn, void *arg, bool signal_safe)
{
	TEST_ASSERT(nr_entries < CLEANUP_MAX, "cleanup stack full (%d entries)",
		    CLEANUP_MAX);
	entries[nr_entries] = (struct cleanup_entry){ fn, arg, signal_safe };
	nr_entries = nr_entries + 1;
}

void cleanup_pop(cleanup_fn fn, void *arg)
{
	for (int i = nr_entries - 1; i >= 0; i--) {
		if (entries[i].fn != fn || entries[i].arg != arg)
			continue;
		fn(arg);
		memmove(&entries[i], &entries[i + 1],
			(nr_entries - i - 1) * sizeof(entries[0]));
		nr_entries = nr_entries - 1;
		return;
	}
}

bool cleanup_signal_pending(void)
{
	return pending_signal;
}

void cleanup_poll_signal(void)
{
	int sig = pending_signal;

	if (!sig)
		return;
	fprintf(stderr, "ksmexit: got %s, restoring host state before exiting\n",
		strsignal(sig));
	cleanup_run_all();
	die_of(sig);
}
