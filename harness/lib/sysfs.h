/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One-line values in sysfs and procfs files: read, and write back; and
 * one field of a procfs table such as /proc/meminfo or /proc/vmstat.
 */
#ifndef KSMEXIT_SYSFS_H
#define KSMEXIT_SYSFS_H

#include <stddef.h>

/*
 * The file's first line, trailing blanks removed, into buf.  0, or -errno
 * (-ENODATA for an empty file); buf is "" on failure.
 */
int sysfs_read_file(const char *path, char *buf, size_t len);
/* Writes value over the file's content.  0 or -errno; async-signal-safe. */
int sysfs_write_file(const char *path, const char *value);
/* The number after "name" (and blanks and a ':' if there are) in path, or -1. */
long long procfs_field(const char *path, const char *name);

#endif
