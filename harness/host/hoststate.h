/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host state that must survive a crash of the harness: a lock that allows
 * one run at a time, and a state file under /run listing what a run
 * changed (KSM knobs and their old values, a tracefs it mounted), written
 * before the change.  A run killed with SIGKILL leaves the file behind;
 * the next run (or `ksmexit --recover`) puts the host back from it.
 */
#ifndef KSMEXIT_HOSTSTATE_H
#define KSMEXIT_HOSTSTATE_H

#include <stdbool.h>

/*
 * Where the lock and state file may go, best first: /run (created if
 * missing, as in a minimal initramfs), else RAM-backed or temporary
 * directories for a read-only or absent /run.  Every run tries them in
 * this order, so concurrent runs meet at the same lock.
 */
#define HOSTSTATE_DIRS { "/run/ksmexit", "/dev/shm/ksmexit", "/tmp/ksmexit", NULL }

#define HOSTSTATE_MAX 16

struct hoststate_entry {
	char path[1100];
	char value[64];
	bool unmount;		/* a tracefs we mounted, not a knob */
};

struct hoststate {
	char dir[256];		/* "" when no directory could hold them */
	char note[512];		/* why not the first choice, or "" */
	char lock_path[300];
	char state_path[300];
	char tmp_path[300];
	int lock_fd;
	int nr;
	struct hoststate_entry entries[HOSTSTATE_MAX];
};

/* This process's: the signal path and a suite's later runs need the same one. */
struct hoststate *hoststate_self(void);
/*
 * Picks the first of dirs (NULL-terminated) that is, or can be made, a
 * directory of ours, and takes the run lock there.  With wait, blocks
 * (saying so) until the run that holds it ends; without, returns -1 with
 * errno EWOULDBLOCK.  When no directory will do, runs without a lock or
 * state file and says so in note (returns 0): a minimal system still
 * measures.
 */
int hoststate_lock(struct hoststate *hs, const char *const *dirs, bool wait);
/*
 * If a state file is left from a run that did not finish, restores what
 * it lists (only files under ksm_root and the NUMA balancing knob, and
 * unmounts a tracefs it mounted), says so on stderr, and removes it.  Returns how many entries
 * were restored, 0 when there was nothing to do, -1 on error.
 */
int hoststate_recover(struct hoststate *hs, const char *ksm_root);
/*
 * Records "restore path to value" (or "unmount path" when value is NULL)
 * in the state file, atomically.  Called before the change is made.
 */
void hoststate_record(struct hoststate *hs, const char *path, const char *value);
/* Removes the state file.  Async-signal-safe. */
void hoststate_clear(struct hoststate *hs);

#endif
