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

#define HOSTSTATE_DIR "/run/ksmexit"

#define HOSTSTATE_MAX 16

struct hoststate_entry {
	char path[1100];
	char value[64];
	bool unmount;		/* a tracefs we mounted, not a knob */
};

/* Paths; tests point them elsewhere. */
struct hoststate {
	char dir[256];
	char lock_path[300];
	char state_path[300];
	char tmp_path[300];
	int lock_fd;
	int nr;
	struct hoststate_entry entries[HOSTSTATE_MAX];
};

void hoststate_init(struct hoststate *hs, const char *dir);
/*
 * Takes the run lock.  With wait, blocks (saying so) until the run that
 * holds it ends; without, returns -1 with errno EWOULDBLOCK.
 */
int hoststate_lock(struct hoststate *hs, bool wait);
/*
 * If a state file is left from a run that did not finish, restores what
 * it lists (only files under ksm_root, and unmounts a tracefs it
 * mounted), says so on stderr, and removes it.  Returns how many entries
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
