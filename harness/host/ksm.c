// SPDX-License-Identifier: GPL-2.0
/*
 * KSM knobs, counters and the merge wait.
 *
 * A merge is judged done from the region's own pages (pagemap and
 * kpageflags), never after a fixed sleep.  ksmd merges a page only when
 * its checksum held still for one full scan, so at least two full scans
 * pass before anything merges; the "stable" rule therefore waits for two
 * full scans without change after the first merge (or after three full
 * scans, for memory that never merges).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "clock.h"
#include "ksm.h"
#include "sysfs.h"
#include "test_util.h"

#ifndef PR_SET_MEMORY_MERGE		/* Linux 6.4 */
#define PR_SET_MEMORY_MERGE	67
#define PR_GET_MEMORY_MERGE	68
#endif

#define MERGE_POLL_NS		(2 * 1000 * 1000)
#define SETTLE_TIMEOUT_NS	(3ULL * 1000 * 1000 * 1000)

static void knob_path(const struct ksm *ksm, const char *name, char *path)
{
	snprintf(path, PATH_MAX, "%s/%s", ksm->root, name);
}

int ksm_read_str(const struct ksm *ksm, const char *name, char *buf, size_t len)
{
	char path[PATH_MAX];

	knob_path(ksm, name, path);
	return sysfs_read_file(path, buf, len);
}

uint64_t ksm_read_u64(const struct ksm *ksm, const char *name)
{
	char buf[64], *end;
	uint64_t v;

	if (ksm_read_str(ksm, name, buf, sizeof(buf)))
		return UINT64_MAX;
	v = strtoull(buf, &end, 10);
	return end == buf ? UINT64_MAX : v;
}

int ksm_open(struct ksm *ksm, const char *root, char *why, size_t why_len)
{
	char path[PATH_MAX];
	struct stat st;

	memset(ksm, 0, sizeof(*ksm));
	if (strlen(root) >= sizeof(ksm->root)) {
		snprintf(why, why_len, "KSM sysfs path too long: %.64s...", root);
		return -1;
	}
	snprintf(ksm->root, sizeof(ksm->root), "%s", root);
	knob_path(ksm, "run", path);
	if (stat(ksm->root, &st) || stat(path, &st)) {
		snprintf(why, why_len, "KSM not available: %s missing (CONFIG_KSM=n)", path);
		return -1;
	}
	if (access(path, W_OK)) {
		snprintf(why, why_len, "KSM not controllable: %s not writable (%s); "
			 "run as root on a read-write sysfs", path, strerror(errno));
		return -1;
	}
	ksm->baseline_shared = ksm_read_u64(ksm, "pages_shared");
	ksm->baseline_sharing = ksm_read_u64(ksm, "pages_sharing");
	return 0;
}

static struct ksm_saved_knob *find_saved(struct ksm *ksm, const char *path)
{
	for (int i = 0; i < ksm->nr_saved; i++)
		if (!strcmp(ksm->saved[i].path, path))
			return &ksm->saved[i];
	return NULL;
}

/*
 * A choice knob reads "[none] scan-time" and takes "none": keep only the
 * bracketed word, so the saved value can be written back.
 */
static void selected_value(char *value)
{
	char *open = strchr(value, '['), *close = open ? strchr(open, ']') : NULL;

	if (close) {
		*close = '\0';
		memmove(value, open + 1, strlen(open + 1) + 1);
	}
}

int ksm_knob_get(const struct ksm *ksm, const char *name, char *buf, size_t len)
{
	int ret = ksm_read_str(ksm, name, buf, len);

	selected_value(buf);
	return ret;
}

int ksm_knob_try_set(struct ksm *ksm, const char *name, const char *value)
{
	char path[PATH_MAX], now[64];
	int ret;

	TEST_ASSERT(strcmp(name, "run") || strcmp(value, "2"),
		    "refusing run=2: it would unmerge every process on the host");
	knob_path(ksm, name, path);
	if (!strcmp(name, "run") && !strcmp(value, "1"))
		ksm->turned_on = true;
	ret = ksm_knob_get(ksm, name, now, sizeof(now));
	errno = -ret;
	TEST_ASSERT(!ret, "cannot read %s before changing it", path);
	/*
	 * A knob already at the value is left unwritten: some writes have side
	 * effects (a new advisor_mode resets pages_to_scan).
	 */
	if (!strcmp(now, value))
		return 0;
	if (!find_saved(ksm, path)) {
		struct ksm_saved_knob *s;

		TEST_ASSERT(ksm->nr_saved < KSM_MAX_KNOBS, "too many KSM knobs changed");
		s = &ksm->saved[ksm->nr_saved];
		snprintf(s->value, sizeof(s->value), "%s", now);
		snprintf(s->path, sizeof(s->path), "%s", path);
		if (ksm->on_save)
			ksm->on_save(ksm->on_save_arg, s->path, s->value);
		ksm->nr_saved++;
	}
	return sysfs_write_file(path, value);
}

void ksm_knob_set(struct ksm *ksm, const char *name, const char *value)
{
	int ret = ksm_knob_try_set(ksm, name, value);

	errno = -ret;
	TEST_ASSERT(!ret, "writing '%s' to %s/%s failed", value, ksm->root, name);
}

int ksm_knob_try_set_u64(struct ksm *ksm, const char *name, uint64_t value)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRIu64, value);
	return ksm_knob_try_set(ksm, name, buf);
}

void ksm_knob_set_u64(struct ksm *ksm, const char *name, uint64_t value)
{
	int ret = ksm_knob_try_set_u64(ksm, name, value);

	errno = -ret;
	TEST_ASSERT(!ret, "writing %" PRIu64 " to %s/%s failed", value, ksm->root, name);
}

int ksm_wait_full_scans(struct ksm *ksm, uint64_t scans, uint64_t timeout_ms,
			uint64_t *done)
{
	uint64_t start = now_ns(), first = ksm_read_u64(ksm, "full_scans");

	ksm_knob_set(ksm, "run", "1");
	*done = 0;
	while (now_ns() - start < timeout_ms * 1000000ULL) {
		cleanup_poll_signal();
		*done = ksm_read_u64(ksm, "full_scans") - first;
		if (*done >= scans)
			return 0;
		sleep_ns(MERGE_POLL_NS);
	}
	return -ETIMEDOUT;
}

void ksm_restore(struct ksm *ksm)
{
	/* Newest change first; "run" was usually changed last of all. */
	for (int i = ksm->nr_saved - 1; i >= 0; i--)
		sysfs_write_file(ksm->saved[i].path, ksm->saved[i].value);
	ksm->nr_saved = 0;
}

static bool counters_at_baseline(const struct ksm *ksm)
{
	return ksm_read_u64(ksm, "pages_shared") <= ksm->baseline_shared &&
	       ksm_read_u64(ksm, "pages_sharing") <= ksm->baseline_sharing;
}

void ksm_settle(struct ksm *ksm)
{
	uint64_t deadline = now_ns() + SETTLE_TIMEOUT_NS;

	if (!ksm->turned_on || counters_at_baseline(ksm))
		return;
	ksm_knob_set(ksm, "sleep_millisecs", "1");
	ksm_knob_set(ksm, "run", "1");
	while (!counters_at_baseline(ksm) && now_ns() < deadline)
		sleep_ns(MERGE_POLL_NS);
	if (!counters_at_baseline(ksm))
		fprintf(stderr, "ksmexit: note: KSM counters still above their values "
			"at start (pages_shared %" PRIu64 " > %" PRIu64 " or pages_sharing "
			"%" PRIu64 " > %" PRIu64 "): other processes may be merging\n",
			ksm_read_u64(ksm, "pages_shared"), ksm->baseline_shared,
			ksm_read_u64(ksm, "pages_sharing"), ksm->baseline_sharing);
}

bool ksm_process_merge_any_off(void)
{
	if (prctl(PR_GET_MEMORY_MERGE, 0, 0, 0, 0) != 1)
		return false;
	TEST_ASSERT(!prctl(PR_SET_MEMORY_MERGE, 0, 0, 0, 0),
		    "prctl(PR_SET_MEMORY_MERGE, 0) failed: this process inherited "
		    "KSM's merge-any mode and cannot leave it");
	fprintf(stderr, "ksmexit: note: this process inherited prctl(PR_SET_MEMORY_MERGE) "
		"from its parent; turned it off so KSM sees guest memory only from the "
		"merge phase\n");
	return true;
}

static void ksm_restore_cb(void *arg)
{
	ksm_restore(arg);
}

static void ksm_settle_cb(void *arg)
{
	ksm_settle(arg);
}

void ksm_register_cleanup(struct ksm *ksm)
{
	cleanup_push(ksm_restore_cb, ksm, true);
	cleanup_push(ksm_settle_cb, ksm, false);
}

/*
 * Our own merged pages per /proc/self/ksm_stat: KSM pages plus pages
 * merged into the zero page (use_zero_pages=1), or -1 if not reported.
 */
static long ksm_self_merging_pages(void)
{
	char line[128];
	long v = -1, zero = 0, n;
	FILE *f = fopen("/proc/self/ksm_stat", "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "ksm_merging_pages %ld", &n) == 1)
			v = n;
		else if (sscanf(line, "ksm_zero_pages %ld", &n) == 1)
			zero = n;
	}
	fclose(f);
	return v < 0 ? -1 : v + zero;
}

/* Cheap first: ksm_stat costs one read, the page census one per 4096 pages. */
static long count_merged(struct pagemap *pm, const void *addr, size_t npages,
			 size_t expected)
{
	long self = ksm_self_merging_pages();

	if (!pagemap_usable(pm))
		return self;
	if (self >= 0 && (size_t)self < expected)
		return self;
	return pagemap_count_ksm(pm, addr, npages, NULL);
}

static void show_progress(long merged, size_t expected, uint64_t elapsed_ns,
			  bool done)
{
	fprintf(stderr, "\rksmexit: merging: %ld of %zu pages merged, %.1f s%s",
		merged < 0 ? 0 : merged, expected, elapsed_ns / 1e9, done ? "\n" : "");
}

/*
 * The knobs of the merge phase.  The scan-time advisor (6.7+) owns
 * pages_to_scan (writing it fails with EINVAL while the advisor is on), so
 * the advisor is switched off first; switching it back on at the restore
 * gives the advisor its own start values again.  smart_scan (6.7+) off
 * makes every full scan visit every page, as on kernels without it.  KSM
 * may already be running for other processes: then run stays 1.
 */
static void set_merge_knobs(struct ksm *ksm, const struct ksm_merge_opts *opts,
			    struct ksm_merge_knobs *k)
{
	char advisor[32];

	k->was_running = ksm_read_u64(ksm, "run") == 1;
	if (!ksm_knob_get(ksm, "advisor_mode", advisor, sizeof(advisor)))
		ksm_knob_set(ksm, "advisor_mode", "none");
	ksm_knob_set_u64(ksm, "pages_to_scan", opts->pages_to_scan);
	k->smart_scan = -1;
	if (ksm_read_u64(ksm, "smart_scan") != UINT64_MAX) {
		ksm_knob_set(ksm, "smart_scan", "0");
		k->smart_scan = 0;
	}
	ksm_knob_set_u64(ksm, "sleep_millisecs", opts->sleep_millisecs);
	ksm_knob_set(ksm, "run", "1");
	ksm_knob_get(ksm, "advisor_mode", k->advisor_mode, sizeof(k->advisor_mode));
	k->pages_to_scan = ksm_read_u64(ksm, "pages_to_scan");
	k->sleep_millisecs = ksm_read_u64(ksm, "sleep_millisecs");
}

/* The stability rule's state across polls. */
struct merge_wait {
	uint64_t scans0, last_scan, stable_scans, last_sharing;
	long last_merged;
};

/*
 * Called on each poll: true once a full scan ended with the region's count
 * and pages_sharing as the one before, twice in a row.
 */
static bool merge_stable(struct ksm *ksm, struct merge_wait *w, long merged)
{
	uint64_t scans = ksm_read_u64(ksm, "full_scans"), sharing;

	if (scans == w->last_scan)
		return false;
	w->last_scan = scans;
	sharing = ksm_read_u64(ksm, "pages_sharing");
	/* Nothing merges before the second full scan. */
	if ((merged > 0 || scans - w->scans0 >= 3) && merged == w->last_merged &&
	    sharing == w->last_sharing)
		w->stable_scans++;
	else
		w->stable_scans = 0;
	w->last_merged = merged;
	w->last_sharing = sharing;
	return w->stable_scans >= 2;
}

int ksm_merge(struct ksm *ksm, struct pagemap *pm, const void *addr,
	      size_t npages, size_t expected, const struct ksm_merge_opts *opts,
	      struct ksm_merge_result *res)
{
	uint64_t start = now_ns(), scans0 = ksm_read_u64(ksm, "full_scans");
	struct merge_wait w = { .scans0 = scans0, .last_scan = scans0,
				.last_sharing = UINT64_MAX, .last_merged = -1 };
	uint64_t last_short_poll = start;	/* last poll that saw fewer pages */
	uint64_t last_change = start;		/* last poll whose count moved */
	long merged = -1, polled = -1;
	int ret = -ETIMEDOUT;

	set_merge_knobs(ksm, opts, &res->knobs);
	res->decided_by = "timeout";
	while (now_ns() - start < opts->timeout_ms * 1000000ULL) {
		uint64_t poll_start;

		cleanup_poll_signal();
		sleep_ns(MERGE_POLL_NS);
		poll_start = now_ns();
		merged = count_merged(pm, addr, npages, expected);
		if (merged != polled)
			last_change = poll_start;
		polled = merged;
		if (opts->progress)
			show_progress(merged, expected, now_ns() - start, false);
		/* With nothing to merge, only the stability rule can end the wait. */
		if (expected && merged >= 0 && (size_t)merged >= expected) {
			res->decided_by = "all pages merged";
			res->detect_ns = now_ns() - last_short_poll;
			ret = 0;
			break;
		}
		last_short_poll = poll_start;
		if (merge_stable(ksm, &w, merged)) {
			res->decided_by = "stable";
			res->detect_ns = now_ns() - last_change;
			ret = 0;
			break;
		}
	}
	res->elapsed_ns = now_ns() - start;
	if (opts->progress)
		show_progress(merged, expected, res->elapsed_ns, true);
	if (pagemap_usable(pm))
		merged = pagemap_count_ksm(pm, addr, npages, NULL);
	res->merged_pages = merged;
	res->full_scans = ksm_read_u64(ksm, "full_scans") - scans0;
	return ret;
}
