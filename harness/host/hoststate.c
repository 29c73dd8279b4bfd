// SPDX-License-Identifier: GPL-2.0
/*
 * Run lock and crash-recovery state file.  The state file is a list of
 * lines "knob<TAB>path<TAB>old value" and "unmount<TAB>path", rewritten
 * through a temporary file and rename() before each change, so it is
 * always whole.  The lock is flock() on a file beside it: the kernel drops
 * it when the process dies, however it dies.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "hoststate.h"
#include "numa_balancing.h"
#include "sysfs.h"
#include "test_util.h"

struct hoststate *hoststate_self(void)
{
	static struct hoststate self = { .lock_fd = -1 };

	return &self;
}

/* mkdir -p, each level 0700 if it is new. */
static int make_dirs(const char *dir)
{
	char path[256];

	snprintf(path, sizeof(path), "%s", dir);
	for (char *p = strchr(path + 1, '/'); ; p = strchr(p + 1, '/')) {
		if (p)
			*p = '\0';
		if (mkdir(path, 0700) && errno != EEXIST)
			return -errno;
		if (!p)
			return 0;
		*p = '/';
	}
}

/* 0 if dir is, or now is, a real directory owned by us (not a planted link). */
static int own_dir(const char *dir)
{
	struct stat st;
	int ret = make_dirs(dir);

	if (ret)
		return ret;
	if (lstat(dir, &st))
		return -errno;
	return S_ISDIR(st.st_mode) && st.st_uid == geteuid() ? 0 : -EPERM;
}

static void use_dir(struct hoststate *hs, const char *dir)
{
	snprintf(hs->dir, sizeof(hs->dir), "%s", dir);
	snprintf(hs->lock_path, sizeof(hs->lock_path), "%s/lock", dir);
	snprintf(hs->state_path, sizeof(hs->state_path), "%s/state", dir);
	snprintf(hs->tmp_path, sizeof(hs->tmp_path), "%s/.state.tmp", dir);
}

/*
 * The first usable directory, its lock file open; -1 when none is.  What
 * failed on the way goes into tried.
 */
static int open_lock(struct hoststate *hs, const char *const *dirs, char *tried,
		     size_t len)
{
	size_t off = 0;

	tried[0] = '\0';
	for (int i = 0; dirs[i]; i++) {
		int ret = own_dir(dirs[i]);

		if (!ret) {
			use_dir(hs, dirs[i]);
			hs->lock_fd = open(hs->lock_path,
					   O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
			if (hs->lock_fd >= 0)
				return 0;
			ret = -errno;
		}
		if (off < len)
			off += snprintf(tried + off, len - off, "%s%s: %s", i ? "; " : "",
					dirs[i], strerror(-ret));
	}
	hs->dir[0] = '\0';
	return -1;
}

int hoststate_lock(struct hoststate *hs, const char *const *dirs, bool wait)
{
	char tried[300];

	memset(hs, 0, sizeof(*hs));
	hs->lock_fd = -1;
	if (open_lock(hs, dirs, tried, sizeof(tried))) {
		snprintf(hs->note, sizeof(hs->note), "no directory for the run lock and "
			 "crash state (%s): runs are not serialized, and a killed run's "
			 "KSM knobs are not restored by the next one", tried);
		fprintf(stderr, "ksmexit: note: %s\n", hs->note);
		return 0;
	}
	if (tried[0]) {
		snprintf(hs->note, sizeof(hs->note), "run lock and crash state in %s (%s)",
			 hs->dir, tried);
		fprintf(stderr, "ksmexit: note: %s\n", hs->note);
	}
	if (!flock(hs->lock_fd, LOCK_EX | LOCK_NB))
		return 0;
	if (errno == ENOSYS || errno == EOPNOTSUPP) {
		fprintf(stderr, "ksmexit: note: this kernel has no file locking "
			"(CONFIG_FILE_LOCKING=n); runs are not serialized\n");
		return 0;
	}
	if (errno != EWOULDBLOCK || !wait)
		return -1;
	fprintf(stderr, "ksmexit: another run holds %s; waiting for it to finish\n",
		hs->lock_path);
	while (flock(hs->lock_fd, LOCK_EX)) {
		if (errno != EINTR)
			return -1;
		cleanup_poll_signal();
	}
	return 0;
}

static bool under(const char *path, const char *root)
{
	size_t n = strlen(root);

	return !strncmp(path, root, n) && path[n] == '/' && !strstr(path, "/..");
}

int hoststate_recover(struct hoststate *hs, const char *ksm_root)
{
	struct hoststate_entry *left = calloc(HOSTSTATE_MAX, sizeof(*left));
	char line[1300];
	int n = 0, restored = 0;
	FILE *f = hs->dir[0] ? fopen(hs->state_path, "re") : NULL;

	if (!hs->dir[0]) {
		free(left);
		return 0;
	}
	if (!f || !left) {
		free(left);
		if (f)
			fclose(f);
		return !f && errno == ENOENT ? 0 : -1;
	}
	while (n < HOSTSTATE_MAX && fgets(line, sizeof(line), f)) {
		char *kind = strtok(line, "\t\n"), *path = strtok(NULL, "\t\n");
		char *value = strtok(NULL, "\n");

		if (!kind || !path || (strcmp(kind, "unmount") && !value))
			continue;
		snprintf(left[n].path, sizeof(left[n].path), "%s", path);
		snprintf(left[n].value, sizeof(left[n].value), "%s", value ? value : "");
		left[n++].unmount = !strcmp(kind, "unmount");
	}
	fclose(f);
	fprintf(stderr, "ksmexit: found %s from a run that did not finish; restoring:\n",
		hs->state_path);
	/* Newest change first, as a normal end would have undone them. */
	for (int i = n - 1; i >= 0; i--) {
		if (left[i].unmount) {
			if (!umount(left[i].path)) {
				fprintf(stderr, "ksmexit:   unmounted %s\n", left[i].path);
				restored++;
			}
		} else if (under(left[i].path, ksm_root) ||
			   !strcmp(left[i].path, NUMA_BALANCING_PATH)) {
			int ret = sysfs_write_file(left[i].path, left[i].value);

			if (ret)
				fprintf(stderr, "ksmexit: restoring %s failed: %s\n",
					left[i].path, strerror(-ret));
			fprintf(stderr, "ksmexit:   %s = %s\n", left[i].path, left[i].value);
			restored++;
		}
	}
	free(left);
	unlink(hs->state_path);
	return restored;
}

static void rewrite(struct hoststate *hs)
{
	FILE *f;
	int ok;

	if (!hs->dir[0])
		return;
	f = fopen(hs->tmp_path, "we");
	TEST_ASSERT(f, "cannot write %s: the state that makes a crash recoverable",
		    hs->tmp_path);
	for (int i = 0; i < hs->nr; i++) {
		const struct hoststate_entry *e = &hs->entries[i];

		if (e->unmount)
			fprintf(f, "unmount\t%s\n", e->path);
		else
			fprintf(f, "knob\t%s\t%s\n", e->path, e->value);
	}
	ok = !fflush(f) && !fsync(fileno(f));
	ok = !fclose(f) && ok;
	TEST_ASSERT(ok && !rename(hs->tmp_path, hs->state_path),
		    "cannot write %s (disk full?)", hs->state_path);
}

void hoststate_record(struct hoststate *hs, const char *path, const char *value)
{
	struct hoststate_entry *e;

	TEST_ASSERT(hs->nr < HOSTSTATE_MAX, "too many host changes to record");
	e = &hs->entries[hs->nr++];
	snprintf(e->path, sizeof(e->path), "%s", path);
	snprintf(e->value, sizeof(e->value), "%s", value ? value : "");
	e->unmount = !value;
	rewrite(hs);
}

void hoststate_clear(struct hoststate *hs)
{
	if (hs->dir[0])
		unlink(hs->state_path);
	hs->nr = 0;
}
