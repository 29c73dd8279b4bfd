/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KSM control through /sys/kernel/mm/ksm.  KSM is global: every knob is
 * saved before its first change and restored on every exit path (the
 * restore is async-signal-safe).  Never writes run=2, which would unmerge
 * every process on the host; our own region is unmerged with madvise.
 */
#ifndef KSMEXIT_KSM_H
#define KSMEXIT_KSM_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pagemap.h"

#define KSM_SYSFS_ROOT "/sys/kernel/mm/ksm"
#define KSM_MAX_KNOBS 16

struct ksm_saved_knob {
	char path[PATH_MAX];
	char value[64];
};

struct ksm {
	char root[1024];
	struct ksm_saved_knob saved[KSM_MAX_KNOBS];
	int nr_saved;			/* in the order first changed */
	uint64_t baseline_shared;	/* counters when we started */
	uint64_t baseline_sharing;
	bool turned_on;			/* we set run=1 at some point */
	/* Told each knob's old value before its first change (crash recovery). */
	void (*on_save)(void *arg, const char *path, const char *old_value);
	void *on_save_arg;
};

/* 0, or -1 with a reason in why (missing, not writable). */
int ksm_open(struct ksm *ksm, const char *root, char *why, size_t why_len);
int ksm_read_str(const struct ksm *ksm, const char *name, char *buf, size_t len);
/* A knob's value as it can be written back ("none" for "[none] scan-time"). */
int ksm_knob_get(const struct ksm *ksm, const char *name, char *buf, size_t len);
/* UINT64_MAX when the file is missing or unreadable. */
uint64_t ksm_read_u64(const struct ksm *ksm, const char *name);
/*
 * Saves the old value on first change; asserts on failure.  A knob that
 * already holds value is not written (nor saved).
 */
void ksm_knob_set(struct ksm *ksm, const char *name, const char *value);
void ksm_knob_set_u64(struct ksm *ksm, const char *name, uint64_t value);
/* The same, returning -errno (EBUSY, say) instead of asserting. */
int ksm_knob_try_set(struct ksm *ksm, const char *name, const char *value);
int ksm_knob_try_set_u64(struct ksm *ksm, const char *name, uint64_t value);
/* Runs KSM until it has done scans more full scans: 0 or -ETIMEDOUT. */
int ksm_wait_full_scans(struct ksm *ksm, uint64_t scans, uint64_t timeout_ms,
			uint64_t *done);
/* Writes every saved value back, newest change first.  Signal-safe. */
void ksm_restore(struct ksm *ksm);
/*
 * ksmd frees its bookkeeping for freed or unmerged pages lazily, so the
 * counters keep our pages until it scans again.  If we ran KSM, let it
 * scan until the counters fall back to the baseline (bounded wait).
 */
void ksm_settle(struct ksm *ksm);

/*
 * A parent's prctl(PR_SET_MEMORY_MERGE) makes all of a process's memory
 * mergeable from the start; turns it off for this process.  True if it
 * was on.
 */
bool ksm_process_merge_any_off(void);

/* Registers ksm_settle and ksm_restore with the cleanup stack. */
void ksm_register_cleanup(struct ksm *ksm);

struct ksm_merge_opts {
	uint64_t pages_to_scan;
	uint64_t sleep_millisecs;
	uint64_t timeout_ms;
	bool progress;			/* a progress line on stderr */
};

/* KSM's state during the merge phase; "" / -1 where the kernel lacks a knob. */
struct ksm_merge_knobs {
	bool was_running;		/* run was 1 when the merge phase began */
	uint64_t pages_to_scan;
	uint64_t sleep_millisecs;
	int smart_scan;
	char advisor_mode[32];
};

struct ksm_merge_result {
	struct ksm_merge_knobs knobs;
	long merged_pages;		/* ground truth, -1 if unknown */
	uint64_t elapsed_ns;
	/* Upper bound on merge-done-to-decision: since the last poll that saw less. */
	uint64_t detect_ns;
	uint64_t full_scans;
	const char *decided_by;		/* "all pages merged" or "stable" */
	uint64_t ksmd_cpu_ns;		/* ksmd's CPU time during the merge */
	const char *ksmd_cpu_source;	/* NULL when ksmd could not be read */
	long long general_profit;	/* its change, bytes; valid if have_profit */
	bool have_profit;		/* the kernel has general_profit (6.7+) */
};

/*
 * Runs ksmd until the npages at addr hold expected KSM pages, or until the
 * count and pages_sharing stop changing over two full scans.  KSM is left
 * running; the caller decides whether to stop it for the passes.  Returns
 * 0, or -ETIMEDOUT with the partial result filled in.
 */
int ksm_merge(struct ksm *ksm, struct pagemap *pm, const void *addr,
	      size_t npages, size_t expected, const struct ksm_merge_opts *opts,
	      struct ksm_merge_result *res);

#endif
