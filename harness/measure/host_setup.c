// SPDX-License-Identifier: GPL-2.0
/*
 * What a run asks of the host before its guest starts: the run lock (with
 * recovery of what a killed run left), KSM and NUMA balancing with every
 * knob recorded for recovery and restored by the cleanup stack, the
 * ground truth (pagemap), the guest memory filled and placed, and the KSM
 * knobs a scenario needs.
 */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "cleanup.h"
#include "host_setup.h"
#include "hostinfo.h"
#include "numa_place.h"
#include "page.h"
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

/*
 * Knobs a scenario needs, set before the merge.  merge_across_nodes can
 * only change while KSM holds no merged page on the whole host, so where
 * another process has some, the scenario skips.
 */
static void set_scenario_knobs(struct ksm *ksm, const struct run_config *cfg)
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

/* First half of the guest memory on one node, second half on another. */
static void place_on_two_nodes(struct region *r, int *nodes)
{
	size_t half = (r->npages / 2) * host_page_size();
	int n = numa_memory_nodes(nodes, 2), ret;

	TEST_REQUIRE(n >= 2, "needs two NUMA nodes with memory, this host has %d", n);
	ret = numa_bind_range(r->hva, half, nodes[0]);
	if (!ret)
		ret = numa_bind_range((char *)r->hva + half, r->size - half, nodes[1]);
	errno = -ret;
	TEST_ASSERT(!ret, "binding guest memory to nodes %d and %d failed",
		    nodes[0], nodes[1]);
}

static void region_free_cb(void *arg)
{
	region_free(arg);
}

static void pagemap_close_cb(void *arg)
{
	pagemap_close(arg);
}

static void hoststate_clear_cb(void *arg)
{
	hoststate_clear(arg);
}

static void record_knob(void *arg, const char *path, const char *old_value)
{
	hoststate_record(arg, path, old_value);
}

void host_setup(struct run_host *h, const struct run_config *cfg, struct run_result *res)
{
	struct hoststate *hs = hoststate_self();
	char why[512];

	run_claim_host(false, cfg->ksm_root);
	snprintf(res->lock_dir, sizeof(res->lock_dir), "%s", hs->dir);
	snprintf(res->lock_note, sizeof(res->lock_note), "%s", hs->note);
	/* Pushed first, so it runs last: after everything it lists is undone. */
	cleanup_push(hoststate_clear_cb, hs, true);
	/* The control reads no KSM counters it cannot have. */
	if (ksm_open(&h->ksm, cfg->ksm_root, why, sizeof(why)))
		TEST_REQUIRE(cfg->no_ksm, "%s", why);
	h->ksm.on_save = record_knob;
	h->ksm.on_save_arg = hs;
	if (!cfg->no_ksm)
		ksm_register_cleanup(&h->ksm);
	/* The control too: both runs see the same host. */
	h->numa_balancing.on_save = record_knob;
	h->numa_balancing.on_save_arg = hs;
	numa_balancing_register_cleanup(&h->numa_balancing);
	errno = -numa_balancing_off(&h->numa_balancing);
	TEST_REQUIRE(!errno, "automatic NUMA balancing is on (%s=%s) and cannot be turned off: "
		     "it would unmap guest pages during the measurement",
		     NUMA_BALANCING_PATH, h->numa_balancing.was);
	snprintf(res->numa_balancing_was, sizeof(res->numa_balancing_was), "%s",
		 h->numa_balancing.was);
	hostinfo_collect(&res->host, cfg->sysfs_root, cfg->ksm_root);

	pagemap_open(&h->pm);
	cleanup_push(pagemap_close_cb, &h->pm, false);
	snprintf(res->ground_truth_note, sizeof(res->ground_truth_note),
		 "%s", h->pm.why_unavailable);

	TEST_REQUIRE(!region_fits(cfg->npages * host_page_size(), why, sizeof(why)), "%s", why);
	TEST_REQUIRE(!region_alloc(&h->region, cfg->npages, cfg->fill, cfg->dup_ratio,
				   cfg->backing, why, sizeof(why)), "%s", why);
	cleanup_push(region_free_cb, &h->region, false);
	if (cfg->numa_split)
		place_on_two_nodes(&h->region, res->numa_nodes);
	res->fill_ns = region_fill(&h->region);
	res->mergeable_pages = region_mergeable_pages(&h->region);
	if (!cfg->no_ksm) {
		set_scenario_knobs(&h->ksm, cfg);
		res->merge_any_cleared = ksm_process_merge_any_off();
	}
}
