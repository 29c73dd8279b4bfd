// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only fault injection from outside ksmexit: preloaded
 * (LD_PRELOAD=tests/helpers/inject.so) with KSMEXIT_TEST_FAULTS=name[,...],
 * it stands between ksmexit and what it calls (open/stat/access, ioctl,
 * madvise, libtracefs), so that a host that has everything looks
 * like one that lacks something, or a measurement gets perturbed.  No line
 * of ksmexit itself knows about it.  Each injection says so on stderr once
 * ("simulated"), so a message it caused can be told from a real one.
 *
 *   no-kvm          open("/dev/kvm") fails with ENOENT
 *   no-stats-fd     KVM_CHECK_EXTENSION(KVM_CAP_BINARY_STATS_FD) answers 0
 *   no-ksm          /sys/kernel/mm/ksm does not exist
 *   ksm-readonly    /sys/kernel/mm/ksm cannot be written (EROFS)
 *   no-kpageflags   open("/proc/kpageflags") fails with EACCES
 *   no-tracefs      libtracefs finds no tracefs and cannot mount one
 *   early-mergeable guest memory is MADV_MERGEABLE from its allocation,
 *                   as a KSM already running would merge it
 *   steady-invalidate  before the second pass (the steady one) vCPU 0
 *                   starts, half the guest memory is write-protected and
 *                   restored, so the host unmaps it from the guest
 *   again-leak      before vCPU 0's fourth pass (the again pass), the first
 *                   word of the last guest page changes, as a write that
 *                   leaked through a shared page would change it
 *   stress-leak     once the stress has stamped a page, before vCPU 0 runs
 *                   again: that stamp is copied into the first word of the
 *                   last page that holds the common contents (another
 *                   vCPU's, with two or more), as a write that leaked
 *                   through a shared page would put it there
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/kvm.h>

#include "payload.h"

#define KSM_DIR "/sys/kernel/mm/ksm"
#define MAX_VCPU_FDS 64

static bool active(const char *name)
{
	const char *list = getenv("KSMEXIT_TEST_FAULTS");
	size_t n = strlen(name);

	for (const char *p = list; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (!strncmp(p, name, n) && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

/* True (and says so once) when the fault is on. */
static bool inject(const char *name)
{
	static char said[512];

	if (!active(name))
		return false;
	if (!strstr(said, name)) {
		fprintf(stderr, "ksmexit-faults: %s simulated (KSMEXIT_TEST_FAULTS)\n", name);
		strncat(said, name, sizeof(said) - strlen(said) - 2);
		strcat(said, ",");
	}
	return true;
}

static void *real(const char *sym)
{
	return dlsym(RTLD_NEXT, sym);
}

static bool in_ksm(const char *path)
{
	return !strncmp(path, KSM_DIR, strlen(KSM_DIR));
}

/* The errno an open/stat/access of path should fail with, or 0. */
static int path_fault(const char *path, bool write)
{
	if (!strcmp(path, "/dev/kvm") && inject("no-kvm"))
		return ENOENT;
	if (!strcmp(path, "/proc/kpageflags") && inject("no-kpageflags"))
		return EACCES;
	if (in_ksm(path) && inject("no-ksm"))
		return ENOENT;
	if (in_ksm(path) && write && inject("ksm-readonly"))
		return EROFS;
	return 0;
}

static int open_common(const char *sym, const char *path, int flags, mode_t mode)
{
	int (*fn)(const char *, int, ...) = real(sym);
	int err = path_fault(path, (flags & O_ACCMODE) != O_RDONLY);

	if (err) {
		errno = err;
		return -1;
	}
	return fn(path, flags, mode);
}

/* open and open64: the mode is there only with O_CREAT or O_TMPFILE. */
#define OPEN_WRAPPER(name) \
int name(const char *path, int flags, ...) \
{ \
	mode_t mode = 0; \
	va_list ap; \
 \
	va_start(ap, flags); \
	if (flags & (O_CREAT | __O_TMPFILE)) \
		mode = va_arg(ap, mode_t); \
	va_end(ap); \
	return open_common(#name, path, flags, mode); \
}
OPEN_WRAPPER(open)
OPEN_WRAPPER(open64)

int stat(const char *path, struct stat *st)
{
	int (*fn)(const char *, struct stat *) = real("stat");
	int err = path_fault(path, false);

	if (err) {
		errno = err;
		return -1;
	}
	return fn(path, st);
}

int access(const char *path, int mode)
{
	int (*fn)(const char *, int) = real("access");
	int err = path_fault(path, mode & W_OK);

	if (err) {
		errno = err;
		return -1;
	}
	return fn(path, mode);
}

int tracefs_tracing_dir_is_mounted(bool mount, const char **path)
{
	int (*fn)(bool, const char **) = real("tracefs_tracing_dir_is_mounted");

	if (inject("no-tracefs"))
		return -1;
	return fn(mount, path);
}

/* The guest memory: the range region_alloc gives its huge page advice. */
static void *guest_mem;
static size_t guest_len;

int madvise(void *addr, size_t len, int advice)
{
	int (*fn)(void *, size_t, int) = real("madvise");

	if (advice == MADV_NOHUGEPAGE || advice == MADV_HUGEPAGE) {
		guest_mem = addr;
		guest_len = len;
		if (inject("early-mergeable"))
			fn(addr, len, MADV_MERGEABLE);
	}
	return fn(addr, len, advice);
}

/* vCPU fds and their kvm_run, to see where a pass ends. */
static int vcpu_fds[MAX_VCPU_FDS], nr_vcpu_fds;
static struct kvm_run *vcpu0_run;
static int passes_done;

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *(*fn)(void *, size_t, int, int, int, off_t) = real("mmap");
	void *p = fn(addr, len, prot, flags, fd, off);

	if (p != MAP_FAILED && nr_vcpu_fds && fd == vcpu_fds[0] && !vcpu0_run)
		vcpu0_run = p;
	return p;
}

/* Before vCPU 0 starts its second pass: write-protect half and restore it. */
static void before_run(int fd)
{
	static bool done;
	size_t half = (guest_len / 2) & ~4095UL;

	if (done || !nr_vcpu_fds || fd != vcpu_fds[0] || passes_done != 1 || !half ||
	    !inject("steady-invalidate"))
		return;
	mprotect(guest_mem, half, PROT_READ);
	mprotect(guest_mem, half, PROT_READ | PROT_WRITE);
	done = true;
}

/* The again-leak: the last page's first word changes before the again pass. */
static void leak_before_again(int fd)
{
	static bool done;
	size_t words = sysconf(_SC_PAGESIZE) / 8, n = guest_len / (words * 8);

	if (done || !nr_vcpu_fds || fd != vcpu_fds[0] || passes_done != 3 || !n ||
	    !inject("again-leak"))
		return;
	((uint64_t *)guest_mem)[(n - 1) * words] ^= 1ULL << STAMP_BIT;
	done = true;
}

/* The stress-leak: a stamp (bit STAMP_BIT of a first word) copied into a common page. */
static void leak_a_stamp(int fd)
{
	static bool done;
	size_t words = sysconf(_SC_PAGESIZE) / 8, n = guest_len / (words * 8), from = n, to = n;

	if (done || !nr_vcpu_fds || fd != vcpu_fds[0] || !n || !active("stress-leak"))
		return;
	for (size_t i = 0; i < n && from == n; i++)
		if (((uint64_t *)guest_mem)[i * words] >> STAMP_BIT)
			from = i;
	for (size_t i = n; i-- > 0 && to == n;)
		if (((uint64_t *)guest_mem)[i * words] == PAYLOAD_PATTERN_SEED)
			to = i;
	if (from == n || to == n)
		return;
	inject("stress-leak");
	((uint64_t *)guest_mem)[to * words] = ((uint64_t *)guest_mem)[from * words];
	done = true;
}

int ioctl(int fd, unsigned long request, ...)
{
	int (*fn)(int, unsigned long, ...) = real("ioctl");
	va_list ap;
	void *arg;
	int ret;

	va_start(ap, request);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (request == KVM_CHECK_EXTENSION && (long)arg == KVM_CAP_BINARY_STATS_FD &&
	    inject("no-stats-fd"))
		return 0;
	if (request == KVM_RUN) {
		before_run(fd);
		leak_before_again(fd);
		leak_a_stamp(fd);
	}
	ret = fn(fd, request, arg);
	if (request == KVM_CREATE_VCPU && ret >= 0 && nr_vcpu_fds < MAX_VCPU_FDS)
		vcpu_fds[nr_vcpu_fds++] = ret;
	if (request == KVM_RUN && !ret && fd == vcpu_fds[0] && vcpu0_run &&
	    vcpu0_run->exit_reason == KVM_EXIT_IO &&
	    vcpu0_run->io.port == PAYLOAD_PORT_PASS_DONE)
		passes_done++;
	return ret;
}
