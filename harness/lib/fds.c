// SPDX-License-Identifier: GPL-2.0
/* Open file descriptors of this process, for the leak count of a run. */
#include <dirent.h>

#include "fds.h"

int fds_open_count(void)
{
	struct dirent *de;
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	while (d && (de = readdir(d)))
		n += de->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}
