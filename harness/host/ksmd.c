// SPDX-License-Identifier: GPL-2.0
/* ksmd's CPU time from /proc: see ksmd.h. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ksmd.h"
#include "sysfs.h"

/* ksmd's pid, looked up once: a kernel thread lives as long as the kernel. */
static int ksmd_pid(void)
{
	static int pid;
	struct dirent *de;
	DIR *proc;

	if (pid)
		return pid;
	proc = opendir("/proc");
	if (!proc)
		return -1;
	while ((de = readdir(proc)) && !pid) {
		char path[300], comm[32];

		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", de->d_name);
		if (!sysfs_read_file(path, comm, sizeof(comm)) && !strcmp(comm, "ksmd"))
			sscanf(de->d_name, "%d", &pid);
	}
	closedir(proc);
	return pid ? pid : -1;
}

/* utime and stime, fields 14 and 15, after the ")" that ends the name. */
static int stat_ticks_ns(int pid, uint64_t *ns)
{
	char path[64], buf[1024], *p;
	unsigned long long utime, stime;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (sysfs_read_file(path, buf, sizeof(buf)) || !(p = strrchr(buf, ')')))
		return -ENOENT;
	if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
		   &utime, &stime) != 2)
		return -ENOENT;
	*ns = (utime + stime) * (1000000000ULL / (unsigned long long)sysconf(_SC_CLK_TCK));
	return 0;
}

int ksmd_cpu_ns(uint64_t *ns, const char **source)
{
	char path[64], buf[128];
	unsigned long long on_cpu;
	int pid = ksmd_pid();

	if (pid < 0)
		return -ENOENT;
	snprintf(path, sizeof(path), "/proc/%d/schedstat", pid);
	if (!sysfs_read_file(path, buf, sizeof(buf)) && sscanf(buf, "%llu", &on_cpu) == 1) {
		*ns = on_cpu;
		*source = "schedstat";
		return 0;
	}
	*source = "stat utime+stime";
	return stat_ticks_ns(pid, ns);
}
