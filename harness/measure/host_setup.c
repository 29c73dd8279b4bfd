// SPDX-License-Identifier: GPL-2.0
/*
 * What a run asks of the host before its guest starts: the run lock (with
 * recovery of what a killed run left), the KSM knobs a scenario needs,
 * and the NUMA placement of guest memory.
 */
#include <errno.h>
#include <unistd.h>

#include "host_setup.h"
#include "numa_place.h"
#include "test_util.h"

void run_claim_host(bool no_wait, const char *ksm_root)
{
	static const char *const dirs[] = HOSTSTATE_DIRS;
	struct hoststate *hs = hoststate_self();

	if (hs->lock_fd >= 0 || hs->dir[0] || hs->note[0])
		return;
	TEST_REQUIRE(geteuid() == 0, "needs root: /dev/kvm, KSM knobs and "
		     "/proc/kpageflags are root-only");
	if (hoststate_lock(hs, dirs, !no_wait)) {
		TEST_ASSERT(errno != EWOULDBLOCK, "another ksmexit run holds %s "
			    "(--no-wait given): try again when it has finished",
			    hs->lock_path);
		TEST_FAIL("cannot take the run lock %s", hs->lock_path);
	}
	TEST_ASSERT(hoststate_recover(hs, ksm_root) >= 0, "cannot read %s", hs->state_path);
}

void set_scenario_knobs(struct ksm *ksm, const struct run_config *cfg)
{
	if (cfg->use_zero_pages) {
		TEST_REQUIRE(ksm_read_u64(ksm, "use_zero_pages") != UINT64_MAX,
			     "KSM has no use_zero_pages knob (kernel older than 4.11)");
		ksm_knob_set(ksm, "use_zero_pages", "1");
	}
	if (cfg->merge_across_nodes >= 0) {
		int ret = ksm_knob_try_set_u64(ksm, "merge_across_nodes",
					       cfg->merge_across_nodes);

		TEST_REQUIRE(ret != -EBUSY, "merge_across_nodes can only change while no "
			     "page on the host is merged, and pages_shared is %llu: "
			     "run when other KSM users have unmerged",
			     (unsigned long long)ksm_read_u64(ksm, "pages_shared"));
		errno = -ret;
		TEST_REQUIRE(!ret, "cannot set merge_across_nodes (CONFIG_NUMA=n?)");
	}
}

void place_on_two_nodes(struct region *r, int *nodes)
{
	size_t half = (r->npages / 2) * PAGE_SIZE;
	int n = numa_memory_nodes(nodes, 2), ret;

	TEST_REQUIRE(n >= 2, "needs two NUMA nodes with memory, this host has %d", n);
	ret = numa_bind_range(r->hva, half, nodes[0]);
	if (!ret)
		ret = numa_bind_range((char *)r->hva + half, r->size - half, nodes[1]);
	errno = -ret;
	TEST_ASSERT(!ret, "binding guest memory to nodes %d and %d failed",
		    nodes[0], nodes[1]);
}
