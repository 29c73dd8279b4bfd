/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest memory on chosen NUMA nodes (libnuma), for the numa scenario:
 * with merge_across_nodes=0 KSM merges duplicates only within a node;
 * and moved between them under the stress, so that migration's MMU
 * notifier paths race the guest too.
 */
#ifndef KSMEXIT_NUMA_PLACE_H
#define KSMEXIT_NUMA_PLACE_H

#include <stddef.h>

/*
 * The nodes that have memory, up to max of them, in nodes[]; returns how
 * many (0 when the kernel has no NUMA support).
 */
int numa_memory_nodes(int *nodes, int max);
/* MPOL_BIND of [addr, addr + len) to node, before it is touched: 0 or -errno. */
int numa_bind_range(void *addr, size_t len, int node);
/* The node the page at addr is on, or -errno. */
int numa_node_of(void *addr);
#define NUMA_MOVE_MAX 64
/*
 * Moves each of the n (at most NUMA_MOVE_MAX) pages to its node
 * (move_pages(2) on this process); returns how many now sit on the node
 * asked, or -errno when the call itself failed.
 */
int numa_move(void **pages, const int *nodes, int n);

#endif
