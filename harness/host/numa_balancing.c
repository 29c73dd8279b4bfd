// SPDX-License-Identifier: GPL-2.0
/* Automatic NUMA balancing off for a run, and back on after it. */
#include <string.h>

#include "cleanup.h"
#include "numa_balancing.h"
#include "sysfs.h"

int numa_balancing_off(struct numa_balancing *nb)
{
	int ret;

	if (sysfs_read_file(NUMA_BALANCING_PATH, nb->was, sizeof(nb->was)))
		nb->was[0] = '\0';	/* no CONFIG_NUMA_BALANCING */
	if (!nb->was[0] || !strcmp(nb->was, "0"))
		return 0;
	if (nb->on_save)
		nb->on_save(nb->on_save_arg, NUMA_BALANCING_PATH, nb->was);
	ret = sysfs_write_file(NUMA_BALANCING_PATH, "0");
	nb->turned_off = !ret;
	return ret;
}

void numa_balancing_restore(struct numa_balancing *nb)
{
	if (nb->turned_off && !sysfs_write_file(NUMA_BALANCING_PATH, nb->was))
		nb->turned_off = false;
}

static void restore_cb(void *arg)
{
	numa_balancing_restore(arg);
}

void numa_balancing_register_cleanup(struct numa_balancing *nb)
{
	cleanup_push(restore_cb, nb, true);
}
