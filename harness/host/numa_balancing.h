/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Automatic NUMA balancing (on by default where a machine has more than
 * one node) unmaps a task's pages now and then to sample where they are
 * used.  Under a measurement that makes the guest fault on pages KSM never
 * touched, and makes KSM pass over pages while they are unmapped, so a
 * merge stalls part way.  A run turns it off and puts it back on every
 * exit path, as it does KSM's knobs.
 */
#ifndef KSMEXIT_NUMA_BALANCING_H
#define KSMEXIT_NUMA_BALANCING_H

#include <stdbool.h>

#define NUMA_BALANCING_PATH "/proc/sys/kernel/numa_balancing"

struct numa_balancing {
	char was[16];		/* the value found; "" when the kernel has none */
	bool turned_off;	/* we wrote 0, and restore puts was back */
	void (*on_save)(void *arg, const char *path, const char *old_value);
	void *on_save_arg;
};

/* 0 (off now, or no such knob), or -errno when it is on and stays on. */
int numa_balancing_off(struct numa_balancing *nb);
/* Puts the old value back if we changed it.  Async-signal-safe. */
void numa_balancing_restore(struct numa_balancing *nb);
/* Registers numa_balancing_restore with the cleanup stack. */
void numa_balancing_register_cleanup(struct numa_balancing *nb);

#endif
