/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Teardown registered in order and unwound in reverse, on every exit path.
 *
 * Signals (INT, TERM, HUP, QUIT, PIPE) only record themselves; the run
 * polls cleanup_poll_signal() at its waits and unwinds in order from there.
 * A second signal, or one that arrives while unwinding, runs only the steps
 * marked async-signal-safe (restoring KSM knobs) and dies of the signal.
 */
#ifndef KSMEXIT_CLEANUP_H
#define KSMEXIT_CLEANUP_H

#include <stdbool.h>

typedef void (*cleanup_fn)(void *arg);

void cleanup_init(void);
void cleanup_push(cleanup_fn fn, void *arg, bool signal_safe);
/* Runs and forgets the most recent entry with this fn and arg. */
void cleanup_pop(cleanup_fn fn, void *arg);
void cleanup_run_all(void);

/* True once a signal is recorded; for threads that must stop, not unwind. */
bool cleanup_signal_pending(void);
/* Unwinds and dies of the pending signal, if there is one. */
void cleanup_poll_signal(void);

#endif
