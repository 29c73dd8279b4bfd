// SPDX-License-Identifier: GPL-2.0
/*
 * NUMA placement through libnuma: a range bound to a node has its pages
 * there once touched.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "numa_place.h"
#include "region.h"

static void numa_binding_places_pages(void **state)
{
	int nodes[8], n = numa_memory_nodes(nodes, 8);
	size_t len = 16 * host_page_size();
	char *p;

	(void)state;
	if (n == 0)
		skip();		/* a kernel without NUMA: nothing to bind */
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	assert_int_equal(numa_bind_range(p, len, nodes[n - 1]), 0);
	memset(p, 1, len);
	for (size_t off = 0; off < len; off += host_page_size())
		assert_int_equal(numa_node_of(p + off), nodes[n - 1]);
	assert_int_equal(numa_bind_range(p, len, 1 << 20), -EINVAL);
	munmap(p, len);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numa_binding_places_pages),
	};

	return cmocka_run_group_tests_name("numa", tests, NULL, NULL);
}
