// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <numa.h>
#include <numaif.h>

#include "numa_place.h"

int numa_memory_nodes(int *nodes, int max)
{
	int n = 0;

	if (numa_available() < 0)
		return 0;
	for (int node = 0; node <= numa_max_node() && n < max; node++)
		if (numa_bitmask_isbitset(numa_all_nodes_ptr, node) &&
		    numa_node_size64(node, NULL) > 0)
			nodes[n++] = node;
	return n;
}

int numa_bind_range(void *addr, size_t len, int node)
{
	struct bitmask *mask;
	int ret = 0;

	if (numa_available() < 0)
		return -ENOSYS;
	if (node < 0 || node > numa_max_possible_node())
		return -EINVAL;
	mask = numa_allocate_nodemask();
	if (!mask)
		return -ENOMEM;
	numa_bitmask_setbit(mask, node);
	if (mbind(addr, len, MPOL_BIND, mask->maskp, mask->size + 1, MPOL_MF_STRICT))
		ret = -errno;
	numa_bitmask_free(mask);
	return ret;
}

int numa_node_of(void *addr)
{
	int node = -1;

	if (get_mempolicy(&node, NULL, 0, addr, MPOL_F_NODE | MPOL_F_ADDR))
		return -errno;
	return node;
}

int numa_move(void **pages, const int *nodes, int n)
{
	int status[NUMA_MOVE_MAX], moved = 0;

	if (n > NUMA_MOVE_MAX)
		return -EINVAL;
	if (numa_move_pages(0, n, pages, nodes, status, MPOL_MF_MOVE))
		return -errno;
	for (int i = 0; i < n; i++)
		moved += status[i] == nodes[i];
	return moved;
}
