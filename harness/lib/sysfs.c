// SPDX-License-Identifier: GPL-2.0
/*
 * Small-file I/O shared by the KSM driver, the crash-recovery code and the
 * host description.  Writing uses only open/write/close so the KSM restore
 * can call it from a signal handler; O_TRUNC means nothing to sysfs but
 * keeps a fake sysfs file (tests) exact.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sysfs.h"

int sysfs_read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	buf[0] = '\0';
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	n = n < 0 ? -errno : n;
	close(fd);
	if (n <= 0)
		return n < 0 ? n : -ENODATA;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	for (n = strlen(buf); n > 0 && buf[n - 1] == ' '; n--)
		buf[n - 1] = '\0';
	return 0;
}

int sysfs_write_file(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, value, strlen(value));
	n = n < 0 ? -errno : 0;
	close(fd);
	return n;
}

long long procfs_field(const char *path, const char *name)
{
	FILE *f = fopen(path, "re");
	size_t n = strlen(name);
	char line[256];
	long long v = -1;

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, name, n) && (line[n] == ':' || isspace((unsigned char)line[n]))) {
			/* "name: v", "name v" or /proc/cpuinfo's "name\t: v" */
			const char *p = line + n + strspn(line + n, " \t");

			if (sscanf(p + (*p == ':'), "%lld", &v) != 1)
				v = -1;
			break;
		}
	if (f)
		fclose(f);
	return v;
}
