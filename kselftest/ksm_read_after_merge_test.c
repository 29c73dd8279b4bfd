// SPDX-License-Identifier: GPL-2.0-only
/*
 * ksm_read_after_merge_test
 *
 * After KSM merges a guest's duplicate pages, how many stage-2 faults
 * (EPT violations, NPT faults, shadow page faults, arm64 stage-2 aborts)
 * does the guest take when it only reads them, and does its memory still
 * hold what it wrote?  Since every KSM PTE change is wrapped in
 * invalidate_range_start/end, KVM zaps its mapping of each merged page
 * and the guest's first read of it faults: about one fault per merged
 * page.  A kernel that updates the mapping in place instead (change_pte)
 * takes about none, and must still write-protect it: a guest write that
 * reaches the shared KSM page shows up in every page that shares it.
 *
 * The data slot holds pages of one pattern, made MADV_MERGEABLE only when
 * the merge begins (a KSM already running would otherwise merge it during
 * the first passes).  The guest reads one word per page per pass and
 * reports the sum.  Passes: warm, steady, then KSM merges the slot, then
 * post-merge and again.  Then a write pass stamps one page at a time,
 * checking each page whole before and after: a page not yet stamped must
 * hold the pattern, a stamped one exactly its own stamp; the host checks
 * every page at the end too.
 *
 * KSM: the knobs this test changes are saved and restored on every exit
 * path (exit and the usual signals); waits are bounded by full scans and a
 * timeout; a page counts as merged when its PFN in /proc/self/pagemap is
 * shared with another page of the slot (KPF_KSM is not set for KSM pages
 * on some kernels, 6.10 to 6.12 among them).
 *
 * Faults: x86 counts them in the vCPU statistic pf_taken.  arm64 keeps no
 * fault statistic; there, faults are the exits of a pass that are not
 * MMIO, hypercall, WFx or signal exits.  That count includes the exits
 * the host's interrupts cause (a few per pass), so it reads slightly high.
 *
 * Needs root (KSM knobs, page frame numbers).  On kvm_pvm (a software
 * KVM that emulates ring-0 guest code and so takes no faults at all) it
 * skips.  By default it reports the figures; -e unpatched|patched also
 * checks them.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
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

#define DATA_SLOT		10
#define DATA_GPA		BIT_ULL(30)
#define GUEST_PAGE		4096ULL
#define WORDS			(GUEST_PAGE / 8)
#define PATTERN			0x6b736d6578697400ULL
#define NR_READ_PASSES		4
#define KSM_DIR			"/sys/kernel/mm/ksm"

enum { SYNC_READ, SYNC_BAD, SYNC_WRITTEN };
enum expectation { EXPECT_NONE, EXPECT_UNPATCHED, EXPECT_PATCHED };

/* The word at w of page i: the pattern, or page i's stamp once written. */
static u64 pattern(u64 w)
{
	return PATTERN ^ w;
}

static u64 stamp(u64 i, u64 w)
{
	return pattern(w) ^ ((i + 1) << 32);
}

/* Reports page i's first word that is not what it should be, if any. */
static void guest_check_page(u64 gva, u64 i, bool stamped)
{
	u64 *page = (u64 *)(gva + i * GUEST_PAGE);

	for (u64 w = 0; w < WORDS; w++) {
		u64 want = stamped ? stamp(i, w) : pattern(w);

		if (READ_ONCE(page[w]) != want) {
			GUEST_SYNC_ARGS(SYNC_BAD, i, w, READ_ONCE(page[w]), want);
			return;
		}
	}
}

static void guest_code(u64 gva, u64 npages)
{
	for (int pass = 0; pass < NR_READ_PASSES; pass++) {
		u64 sum = 0;

		for (u64 i = 0; i < npages; i++)
			sum += READ_ONCE(*(u64 *)(gva + i * GUEST_PAGE));
		GUEST_SYNC_ARGS(SYNC_READ, sum, 0, 0, 0);
	}
	for (u64 i = 0; i < npages; i++) {
		u64 *page = (u64 *)(gva + i * GUEST_PAGE);

		guest_check_page(gva, i, false);
		for (u64 w = 0; w < WORDS; w++)
			WRITE_ONCE(page[w], stamp(i, w));
		guest_check_page(gva, i, true);
	}
	for (u64 i = 0; i < npages; i++)
		guest_check_page(gva, i, true);
	GUEST_SYNC_ARGS(SYNC_WRITTEN, 0, 0, 0, 0);
}

/* KSM's knobs: the ones changed, as found, put back on every way out. */
static const char *const ksm_knobs[] = {
	"run", "pages_to_scan", "sleep_millisecs", "smart_scan", "advisor_mode",
};

#define NR_KNOBS ARRAY_SIZE(ksm_knobs)
static char ksm_saved[NR_KNOBS][64];
static bool ksm_changed[NR_KNOBS];

static int ksm_read(const char *knob, char *buf, size_t len)
{
	char path[128];
	int fd, n;

	snprintf(path, sizeof(path), KSM_DIR "/%s", knob);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

static u64 ksm_read_u64(const char *knob)
{
	char buf[64];

	TEST_ASSERT(!ksm_read(knob, buf, sizeof(buf)), "reading " KSM_DIR "/%s", knob);
	return strtoull(buf, NULL, 10);
}

static int ksm_write(const char *knob, const char *value)
{
	char path[128];
	int fd, ret = 0;

	snprintf(path, sizeof(path), KSM_DIR "/%s", knob);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	if (write(fd, value, strlen(value)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

/* advisor_mode reads "[none] scan-time": the bracketed one is in effect. */
static void ksm_value_in_effect(char *buf)
{
	char *from = strchr(buf, '['), *to = from ? strchr(from, ']') : NULL;

	if (from && to) {
		memmove(buf, from + 1, to - from - 1);
		buf[to - from - 1] = 0;
	}
}

static void ksm_restore(void)
{
	/* run last: ksmd must not run with this test's settings. */
	for (int i = NR_KNOBS - 1; i >= 0; i--)
		if (ksm_changed[i] && !ksm_write(ksm_knobs[i], ksm_saved[i]))
			ksm_changed[i] = false;
}

static void ksm_restore_on_signal(int sig)
{
	ksm_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Sets a knob this kernel has, saving its old value once; a missing one is left. */
static void ksm_set(const char *knob, const char *value)
{
	for (size_t i = 0; i < NR_KNOBS; i++) {
		if (strcmp(ksm_knobs[i], knob))
			continue;
		if (!ksm_changed[i]) {
			if (ksm_read(knob, ksm_saved[i], sizeof(ksm_saved[i])))
				return;
			ksm_value_in_effect(ksm_saved[i]);
			if (!strcmp(ksm_saved[i], value))
				return;
			ksm_changed[i] = true;
		}
		TEST_ASSERT(!ksm_write(knob, value), "writing %s to " KSM_DIR "/%s", value, knob);
		return;
	}
	TEST_FAIL("%s is not a knob this test saves", knob);
}

static void ksm_setup_restore(void)
{
	struct sigaction sa = { .sa_handler = ksm_restore_on_signal };

	atexit(ksm_restore);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* Pages of [hva, +npages) whose frame another of them shares: merged ones. */
static u64 merged_pages(void *hva, u64 npages)
{
	size_t len = npages * sizeof(u64);
	u64 *pfn = malloc(len), merged = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	TEST_ASSERT(pfn && fd >= 0, "opening /proc/self/pagemap");
	TEST_ASSERT(pread(fd, pfn, len, (uintptr_t)hva / GUEST_PAGE * sizeof(u64)) ==
		    (ssize_t)len, "reading /proc/self/pagemap");
	close(fd);
	for (u64 i = 0; i < npages; i++)	/* bit 63 present, bits 0-54 the frame */
		pfn[i] = pfn[i] >> 63 ? pfn[i] & ((1ULL << 55) - 1) : 0;
	qsort(pfn, npages, sizeof(*pfn), cmp_u64);
	for (u64 i = 0; i < npages; i++)
		merged += pfn[i] && ((i && pfn[i - 1] == pfn[i]) ||
				     (i + 1 < npages && pfn[i + 1] == pfn[i]));
	free(pfn);
	return merged;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/*
 * Lets ksmd merge the slot: until every page is merged, or the count held
 * over two full scans, or the timeout.  Returns the pages merged.
 */
static u64 ksm_merge(void *hva, u64 npages, u64 timeout_s)
{
	u64 scans = ksm_read_u64("full_scans"), seen = scans, merged = 0, last = -1ULL;
	double end = now_ms() + timeout_s * 1e3;
	int held = 0;

	ksm_set("smart_scan", "0");		/* every scan visits every page */
	ksm_set("advisor_mode", "none");	/* nor may it retune pages_to_scan */
	ksm_set("pages_to_scan", "16384");
	ksm_set("sleep_millisecs", "1");
	TEST_ASSERT(!madvise(hva, npages * GUEST_PAGE, MADV_MERGEABLE),
		    "madvise(MADV_MERGEABLE) failed: CONFIG_KSM?");
	ksm_set("run", "1");
	while (now_ms() < end) {
		u64 s = ksm_read_u64("full_scans");

		merged = merged_pages(hva, npages);
		if (merged == npages)
			break;
		if (s != seen && s > scans + 1) {
			held = merged == last ? held + 1 : 0;
			if (held >= 2)
				break;
			last = merged;
			seen = s;
		}
		usleep(1000);
	}
	ksm_set("run", "0");			/* nothing may change during the passes */
	return merged;
}

struct pass {
	u64 faults;
	u64 exits;
	double ms;
};

/* One vCPU statistic by name; 0 for one this kernel does not have. */
static u64 vcpu_stat(struct kvm_vcpu *vcpu, const char *name)
{
	struct kvm_stats_header header;
	struct kvm_stats_desc *descs;
	u64 value = 0;
	int fd = vcpu_get_stats_fd(vcpu);

	read_stats_header(fd, &header);
	descs = read_stats_descriptors(fd, &header);
	for (u32 i = 0; i < header.num_desc; i++) {
		struct kvm_stats_desc *d = get_stats_descriptor(descs, i, &header);

		if (!strcmp(d->name, name)) {
			read_stat_data(fd, &header, d, &value, 1);
			break;
		}
	}
	free(descs);
	close(fd);
	return value;
}

/* The vCPU's faults so far: pf_taken, or on arm64 its exits less the known others. */
static u64 vcpu_faults(struct kvm_vcpu *vcpu)
{
#ifdef __x86_64__
	return vcpu_stat(vcpu, "pf_taken");
#else
	static const char *const not_faults[] = {
		"mmio_exit_user", "mmio_exit_kernel", "hvc_exit_stat", "wfe_exit_stat",
		"wfi_exit_stat", "signal_exits",
	};
	u64 n = vcpu_stat(vcpu, "exits");

	for (size_t i = 0; i < ARRAY_SIZE(not_faults); i++)
		n -= vcpu_stat(vcpu, not_faults[i]);
	return n;
#endif
}

struct test_result {
	struct pass warm, steady, post, again;
	u64 merged, after_again, bad_words;
	u64 bad[4];			/* the first: page, word, found, expected */
	bool host_intact;
};

/* Runs the vCPU to its next report; records what the write pass found wrong. */
static u64 run_to_sync(struct kvm_vcpu *vcpu, struct test_result *r, struct pass *p)
{
	u64 faults = vcpu_faults(vcpu), exits = vcpu_stat(vcpu, "exits");
	double start = now_ms();
	struct ucall uc;

	for (;;) {
		vcpu_run(vcpu);
		switch (get_ucall(vcpu, &uc)) {
		case UCALL_SYNC:
			break;
		case UCALL_ABORT:
			REPORT_GUEST_ASSERT(uc);
			break;
		default:
			TEST_FAIL("unexpected exit %u from the guest", vcpu->run->exit_reason);
		}
		if (uc.args[1] != SYNC_BAD)
			break;
		if (!r->bad_words++)
			memcpy(r->bad, &uc.args[2], sizeof(r->bad));
	}
	if (p) {
		p->ms = now_ms() - start;
		p->faults = vcpu_faults(vcpu) - faults;
		p->exits = vcpu_stat(vcpu, "exits") - exits;
	}
	return uc.args[2];
}

/* A read pass; a sum that is not the memory's is data gone wrong, not the test's error. */
static void read_pass(struct kvm_vcpu *vcpu, struct test_result *r, struct pass *p,
		      u64 expected_sum)
{
	u64 sum = run_to_sync(vcpu, r, p);

	if (sum != expected_sum && !r->bad_words++) {
		r->bad[0] = -1ULL;		/* no page known: a sum */
		r->bad[2] = sum;
		r->bad[3] = expected_sum;
	}
}

/* A VM whose data slot holds npages copies of one page; returns their first words' sum. */
static struct kvm_vm *create_vm(u64 npages, struct kvm_vcpu **vcpu, void **hva,
				u64 *sum)
{
	struct kvm_vm *vm;

	/* Extra pages in slot 0 for the guest page tables that map the data. */
	vm = __vm_create_with_one_vcpu(vcpu, npages / 512 + 64, guest_code);
#ifndef GUEST_PRINTF
	/* A library older than guest printf (6.1) leaves ucall to the test. */
	ucall_init(vm, NULL);
#endif
	vm_userspace_mem_region_add(vm, VM_MEM_SRC_ANONYMOUS, DATA_GPA, DATA_SLOT, npages, 0);
	virt_map(vm, DATA_GPA, DATA_GPA, npages);
	vcpu_args_set(*vcpu, 2, DATA_GPA, npages);
	*hva = addr_gpa2hva(vm, DATA_GPA);
	TEST_ASSERT(!madvise(*hva, npages * GUEST_PAGE, MADV_NOHUGEPAGE),
		    "madvise(MADV_NOHUGEPAGE) failed");
	*sum = 0;
	for (u64 i = 0; i < npages; i++) {
		u64 *page = (u64 *)((char *)*hva + i * GUEST_PAGE);

		for (u64 w = 0; w < WORDS; w++)
			page[w] = pattern(w);
		*sum += pattern(0);
	}
	return vm;
}

static bool host_sees_stamps(void *hva, u64 npages)
{
	for (u64 i = 0; i < npages; i++)
		for (u64 w = 0; w < WORDS; w++)
			if (((u64 *)((char *)hva + i * GUEST_PAGE))[w] != stamp(i, w))
				return false;
	return true;
}

struct test_params {
	u64 npages;
	enum expectation expect;
	u64 merge_timeout_s;
};

static void run_test(const struct test_params *p, struct test_result *r)
{
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	u64 sum;
	void *hva;

	vm = create_vm(p->npages, &vcpu, &hva, &sum);
	read_pass(vcpu, r, &r->warm, sum);
	read_pass(vcpu, r, &r->steady, sum);
	r->merged = ksm_merge(hva, p->npages, p->merge_timeout_s);
	read_pass(vcpu, r, &r->post, sum);
	read_pass(vcpu, r, &r->again, sum);
	r->after_again = merged_pages(hva, p->npages);
	run_to_sync(vcpu, r, NULL);		/* the write pass */
	r->host_intact = host_sees_stamps(hva, p->npages);
	/* Drop the pages before unmerging so nothing is copied back. */
	madvise(hva, p->npages * GUEST_PAGE, MADV_DONTNEED);
	madvise(hva, p->npages * GUEST_PAGE, MADV_UNMERGEABLE);
	kvm_vm_free(vm);
}

static void print_pass(const char *name, const struct pass *p)
{
	ksft_print_msg("phase %s: faults %lu exits %lu wall_ms %.3f\n", name, p->faults,
		       p->exits, p->ms);
}

static void report(const struct test_params *p, const struct test_result *r)
{
	double per_page = r->merged ? (double)r->post.faults / r->merged : 0;

	print_pass("warm", &r->warm);
	print_pass("steady", &r->steady);
	ksft_print_msg("pages: %lu\n", p->npages);
	ksft_print_msg("merged_pages: %lu\n", r->merged);
	print_pass("post-merge", &r->post);
	print_pass("again", &r->again);
	ksft_print_msg("post_merge_faults: %lu\n", r->post.faults);
	ksft_print_msg("post_merge_exits: %lu\n", r->post.exits);
	ksft_print_msg("post_merge_faults_per_merged_page: %.4f\n", per_page);
	if (r->bad_words)
		ksft_print_msg("first bad word: page %ld word %lu found 0x%lx expected 0x%lx\n",
			       (long)r->bad[0], r->bad[1], r->bad[2], r->bad[3]);

	ksft_test_result(r->steady.faults <= 2 + p->npages / 1024,
			 "steady_unperturbed (%lu faults before the merge)\n", r->steady.faults);
	ksft_test_result(r->merged > 0, "merge (%lu pages)\n", r->merged);
	ksft_test_result(r->after_again == r->merged, "reads_keep_sharing (%lu -> %lu)\n",
			 r->merged, r->after_again);
	ksft_test_result(!r->bad_words && r->host_intact,
			 "data_intact (%lu words wrong in the guest, host view %s)\n",
			 r->bad_words, r->host_intact ? "intact" : "wrong");
	if (p->expect == EXPECT_UNPATCHED)
		ksft_test_result(per_page >= 0.9, "expect_unpatched (%.4f >= 0.9)\n", per_page);
	else if (p->expect == EXPECT_PATCHED)
		ksft_test_result(per_page <= 0.05, "expect_patched (%.4f <= 0.05)\n", per_page);
	else
		ksft_test_result_skip("expectation: none given (-e unpatched|patched)\n");
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

int main(int argc, char *argv[])
{
	struct test_params p = { .npages = 16384, .merge_timeout_s = 600 };
	struct test_result r = { 0 };
	char buf[64];

	parse_args(argc, argv, &p);
	ksft_print_header();
	/* kvm_pvm emulates ring-0 guest code: it would show no faults at all. */
	__TEST_REQUIRE(access("/sys/module/kvm_pvm", F_OK),
		       "/dev/kvm is kvm_pvm, a software KVM: no stage-2 faults to count");
	__TEST_REQUIRE(!geteuid(), "needs root: KSM's knobs and page frame numbers");
	__TEST_REQUIRE(!ksm_read("run", buf, sizeof(buf)), KSM_DIR " missing: CONFIG_KSM=n");
	ksm_setup_restore();
	ksft_set_plan(5);
	run_test(&p, &r);
	report(&p, &r);
	ksft_finished();
}
