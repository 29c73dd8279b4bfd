// SPDX-License-Identifier: GPL-2.0
/*
 * ksm_read_after_merge_test
 *
 * How many stage-2 page faults (EPT violations on VMX, NPT faults on SVM,
 * shadow page faults with ept=0/npt=0) does a guest take when it only
 * reads memory that KSM has just merged?  Since every KSM PTE change is
 * wrapped in invalidate_range_start/end, KVM zaps its mapping of each
 * merged page, and the guest's first read of it faults: about one fault
 * per merged page.  With the KSM change_pte patch (MMU_NOTIFY_CHANGE_PTE)
 * KVM updates the mapping in place instead: about none.
 *
 * How: a data memslot of private anonymous pages that all hold the same
 * pattern, made MADV_MERGEABLE only when the merge begins (a KSM already
 * running on the host would otherwise merge it during the first passes).  The guest reads one qword per page per pass
 * and reports each pass with GUEST_SYNC (the sum it read, which the host
 * checks).  Passes: warm, steady, then KSM merges the slot, then
 * post-merge and again.  KSM is driven by ksmexit's own driver (knobs
 * saved and restored on every exit path, the merge judged done from
 * pagemap + kpageflags, bounded waits).  pf_taken and exits come from the
 * vCPU's binary stats fd around each pass.
 *
 * Caveats: the guest runs at CPL0, as in every KVM selftest.  kvm_pvm (a
 * software KVM) emulates CPL0 guest code and would show no faults at all,
 * a false "patched": the test skips there.  Needs root (KSM knobs,
 * /proc/kpageflags).  By default it reports and passes when the
 * measurement succeeded; -e unpatched|patched turns it into a check.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "kvm_util.h"
#include "processor.h"
#include "test_util.h"
#include "ucall_common.h"

#include "cleanup.h"	/* from ksmexit's harness/ */
#include "ksm.h"

#define DATA_SLOT	10
#define DATA_GPA	(1ULL << 30)
#define GUEST_PAGE	4096ULL

enum expectation { EXPECT_NONE, EXPECT_UNPATCHED, EXPECT_PATCHED };

struct pass {
	uint64_t pf_taken;
	uint64_t exits;
	double ms;
};

static void guest_code(uint64_t gva, uint64_t npages)
{
	for (;;) {
		uint64_t sum = 0;

		for (uint64_t i = 0; i < npages; i++)
			sum += READ_ONCE(*(uint64_t *)(gva + i * GUEST_PAGE));
		GUEST_SYNC(sum);
	}
}

/* One vCPU statistic by name, with the library's binary stats helpers. */
static uint64_t vcpu_stat(struct kvm_vcpu *vcpu, const char *name)
{
	struct kvm_stats_header header;
	struct kvm_stats_desc *descs;
	uint64_t value = 0;
	bool found = false;
	int fd = vcpu_get_stats_fd(vcpu);

	read_stats_header(fd, &header);
	descs = read_stats_descriptors(fd, &header);
	for (uint32_t i = 0; i < header.num_desc && !found; i++) {
		struct kvm_stats_desc *d = get_stats_descriptor(descs, i, &header);

		if (!strcmp(d->name, name)) {
			read_stat_data(fd, &header, d, &value, 1);
			found = true;
		}
	}
	free(descs);
	close(fd);
	TEST_ASSERT(found, "vCPU statistic %s missing", name);
	return value;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static struct pass run_pass(struct kvm_vcpu *vcpu, uint64_t expected_sum)
{
	uint64_t pf = vcpu_stat(vcpu, "pf_taken"), exits = vcpu_stat(vcpu, "exits");
	double start = now_ms();
	struct pass p;
	struct ucall uc;

	vcpu_run(vcpu);
	p.ms = now_ms() - start;
	p.pf_taken = vcpu_stat(vcpu, "pf_taken") - pf;
	p.exits = vcpu_stat(vcpu, "exits") - exits;
	switch (get_ucall(vcpu, &uc)) {
	case UCALL_SYNC:
		TEST_ASSERT(uc.args[1] == expected_sum, "guest read sum 0x%lx, expected 0x%lx",
			    uc.args[1], expected_sum);
		break;
	case UCALL_ABORT:
		REPORT_GUEST_ASSERT(uc);
		break;
	default:
		TEST_FAIL("unexpected exit %u from the guest",
			  vcpu->run->exit_reason);
	}
	return p;
}

static void print_pass(const char *name, const struct pass *p)
{
	ksft_print_msg("phase %s: pf_taken %lu exits %lu wall_ms %.3f\n", name,
		       p->pf_taken, p->exits, p->ms);
}

static void help(const char *name)
{
	printf("usage: %s [-p pages] [-e unpatched|patched] [-t merge_timeout_s]\n"
	       " -p: guest data pages (default 16384)\n"
	       " -e: expect >= 0.9 (unpatched) or <= 0.05 (patched) post-merge\n"
	       "     faults per merged page; default: report only\n"
	       " -t: give up on the KSM merge after this many seconds (default 600)\n",
	       name);
}

static bool host_is_kvm_pvm(void)
{
	return access("/sys/module/kvm_pvm", F_OK) == 0;
}

struct test_params {
	uint64_t npages;
	enum expectation expect;
	uint64_t merge_timeout_s;
};

/* What run_test measured, for report(). */
struct test_result {
	struct pass warm, steady, post, again;
	struct ksm_merge_result merge;
	long after_again;		/* region KSM pages after the again pass */
};

static void parse_args(int argc, char *argv[], struct test_params *p)
{
	int opt;

	while ((opt = getopt(argc, argv, "p:e:t:h")) != -1) {
		switch (opt) {
		case 'p':
			p->npages = atoll(optarg);
			TEST_ASSERT(p->npages >= 256 && p->npages <= (1ULL << 22),
				    "-p %s: expected 256 .. 4194304 pages", optarg);
			break;
		case 'e':
			if (!strcmp(optarg, "unpatched"))
				p->expect = EXPECT_UNPATCHED;
			else if (!strcmp(optarg, "patched"))
				p->expect = EXPECT_PATCHED;
			else
				TEST_FAIL("-e %s: expected unpatched or patched", optarg);
			break;
		case 't':
			p->merge_timeout_s = atoll(optarg);
			break;
		default:
			help(argv[0]);
			exit(opt == 'h' ? KSFT_PASS : KSFT_FAIL);
		}
	}
}

/* Skips (exit 4) where the host cannot give a true answer. */
static void require_host(struct ksm *ksm, struct pagemap *pm)
{
	char why[256];

	if (host_is_kvm_pvm())
		ksft_exit_skip("/dev/kvm is kvm_pvm: it emulates CPL0 guest code, which "
			       "would show no faults at all (a false 'patched'); "
			       "use ksmexit, whose guest runs at CPL3\n");
	if (geteuid())
		ksft_exit_skip("needs root: KSM knobs and /proc/kpageflags\n");
	if (ksm_open(ksm, KSM_SYSFS_ROOT, why, sizeof(why)))
		ksft_exit_skip("%s\n", why);
	pagemap_open(pm);
	if (!pagemap_usable(pm))
		ksft_exit_skip("no KSM ground truth: %s\n", pm->why_unavailable);
}

/* A VM whose data slot holds npages copies of one pattern; returns their sum. */
static struct kvm_vm *create_vm(uint64_t npages, struct kvm_vcpu **vcpu, void **hva,
				uint64_t *sum)
{
	const uint64_t pattern = 0x6b736d6578697400ULL;
	struct kvm_vm *vm;

	/* Extra pages in slot 0 for the guest page tables that map the data. */
	vm = __vm_create_with_one_vcpu(vcpu, npages / 512 + 64, guest_code);
	vm_userspace_mem_region_add(vm, VM_MEM_SRC_ANONYMOUS, DATA_GPA, DATA_SLOT,
				    npages, 0);
	virt_map(vm, DATA_GPA, DATA_GPA, npages);
	vcpu_args_set(*vcpu, 2, DATA_GPA, npages);
	*hva = addr_gpa2hva(vm, DATA_GPA);
	TEST_ASSERT(!madvise(*hva, npages * GUEST_PAGE, MADV_NOHUGEPAGE),
		    "madvise(MADV_NOHUGEPAGE) failed");
	*sum = 0;
	for (uint64_t i = 0; i < npages; i++) {
		uint64_t *page = (uint64_t *)((char *)*hva + i * GUEST_PAGE);

		for (uint64_t q = 0; q < GUEST_PAGE / 8; q++)
			page[q] = pattern ^ q;
		*sum += pattern;
	}
	return vm;
}

/* The phases: warm, steady, merge, post-merge, again. */
static void run_test(const struct test_params *p, struct ksm *ksm, struct pagemap *pm,
		     struct test_result *r)
{
	struct ksm_merge_opts merge_opts = {
		.pages_to_scan = 16384, .sleep_millisecs = 1,
		.timeout_ms = p->merge_timeout_s * 1000,
	};
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	uint64_t sum;
	void *hva;

	vm = create_vm(p->npages, &vcpu, &hva, &sum);
	r->warm = run_pass(vcpu, sum);
	r->steady = run_pass(vcpu, sum);
	/* Only now: a KSM already running on the host must not merge it earlier. */
	TEST_ASSERT(!madvise(hva, p->npages * GUEST_PAGE, MADV_MERGEABLE),
		    "madvise(MADV_MERGEABLE) failed: CONFIG_KSM?");
	TEST_ASSERT(!ksm_merge(ksm, pm, hva, p->npages, p->npages, &merge_opts, &r->merge),
		    "KSM merge timed out: %ld of %lu pages merged", r->merge.merged_pages,
		    p->npages);
	ksm_knob_set(ksm, "run", "0");		/* nothing may change during the passes */
	r->post = run_pass(vcpu, sum);
	r->again = run_pass(vcpu, sum);
	r->after_again = pagemap_count_ksm(pm, hva, p->npages, NULL);
	/* Drop the pages before unmerging so nothing is copied back. */
	madvise(hva, p->npages * GUEST_PAGE, MADV_DONTNEED);
	madvise(hva, p->npages * GUEST_PAGE, MADV_UNMERGEABLE);
	kvm_vm_free(vm);
}

static void report(const struct test_params *p, const struct test_result *r)
{
	long merged = r->merge.merged_pages;
	double per_page = merged > 0 ? (double)r->post.pf_taken / merged : 0;

	print_pass("warm", &r->warm);
	print_pass("steady", &r->steady);
	ksft_print_msg("merge: %ld of %lu pages merged in %.1f ms (%s)\n", merged,
		       p->npages, r->merge.elapsed_ns / 1e6, r->merge.decided_by);
	print_pass("post-merge", &r->post);
	print_pass("again", &r->again);
	ksft_print_msg("merged_pages: %ld\n", merged);
	ksft_print_msg("post_merge_faults: %lu\n", r->post.pf_taken);
	ksft_print_msg("post_merge_exits: %lu\n", r->post.exits);
	ksft_print_msg("post_merge_faults_per_merged_page: %.4f\n", per_page);

	ksft_test_result(r->steady.pf_taken <= 2 + p->npages / 1024,
			 "steady_unperturbed (%lu faults before the merge)\n", r->steady.pf_taken);
	ksft_test_result(merged > 0, "merge\n");
	ksft_test_result(r->after_again == merged, "reads_keep_sharing (%ld -> %ld KSM pages)\n",
			 merged, r->after_again);
	if (p->expect == EXPECT_UNPATCHED)
		ksft_test_result(per_page >= 0.9, "expect_unpatched (%.4f >= 0.9)\n", per_page);
	else if (p->expect == EXPECT_PATCHED)
		ksft_test_result(per_page <= 0.05, "expect_patched (%.4f <= 0.05)\n", per_page);
	else
		ksft_test_result_skip("expectation: none given (-e unpatched|patched)\n");
}

int main(int argc, char *argv[])
{
	struct test_params p = { .npages = 16384, .expect = EXPECT_NONE,
				 .merge_timeout_s = 600 };
	struct test_result r;
	struct pagemap pm;
	struct ksm ksm;

	parse_args(argc, argv, &p);
	ksft_print_header();
	require_host(&ksm, &pm);
	cleanup_init();
	ksm_register_cleanup(&ksm);
	ksft_set_plan(4);
	run_test(&p, &ksm, &pm, &r);
	report(&p, &r);
	pagemap_close(&pm);
	cleanup_run_all();
	ksft_finished();
}
