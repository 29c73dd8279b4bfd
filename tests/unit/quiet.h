/* SPDX-License-Identifier: GPL-2.0 */
/* Silences one stream around code whose messages are expected, then restores it. */
#ifndef KSMEXIT_TEST_QUIET_H
#define KSMEXIT_TEST_QUIET_H

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static inline int quiet_begin(int fd)
{
	int saved = dup(fd), null = open("/dev/null", O_WRONLY);

	fflush(NULL);
	dup2(null, fd);
	close(null);
	return saved;
}

static inline void quiet_end(int fd, int saved)
{
	fflush(NULL);
	dup2(saved, fd);
	close(saved);
}

#endif
