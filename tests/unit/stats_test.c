// SPDX-License-Identifier: GPL-2.0
/*
 * The binary stats parser against hand-built stats files (memfd), laid out
 * as Documentation/virt/kvm/api.rst describes: header, descriptors with
 * name_size-long names, data block.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>
#include <linux/kvm.h>

#include "stats.h"

#define NAME_SIZE 48

struct fake_stat {
	const char *name;
	uint32_t flags;
	uint16_t size;
	const uint64_t *values;
};

/* Writes a stats file with the descriptors in the order given. */
static int make_stats_fd(const struct fake_stat *stats, int n, size_t truncate_to)
{
	size_t desc_len = sizeof(struct kvm_stats_desc) + NAME_SIZE;
	struct kvm_stats_header hdr = {
		.name_size = NAME_SIZE, .num_desc = n, .id_offset = sizeof(hdr),
		.desc_offset = sizeof(hdr) + 64,
	};
	char buf[8192] = { 0 };
	uint32_t data_off = 0;
	int fd = memfd_create("stats", 0);

	hdr.data_offset = hdr.desc_offset + desc_len * n;
	memcpy(buf, &hdr, sizeof(hdr));
	for (int i = 0; i < n; i++) {
		struct kvm_stats_desc *d = (void *)(buf + hdr.desc_offset + i * desc_len);

		d->flags = stats[i].flags;
		d->size = stats[i].size;
		d->offset = data_off;
		strcpy((char *)(d + 1), stats[i].name);
		memcpy(buf + hdr.data_offset + data_off, stats[i].values,
		       stats[i].size * 8);
		data_off += stats[i].size * 8;
	}
	assert_int_equal(write(fd, buf, truncate_to ? truncate_to :
			       hdr.data_offset + data_off),
			 truncate_to ? truncate_to : hdr.data_offset + data_off);
	return fd;
}

static const uint64_t exits_v[] = { 16392 };
static const uint64_t pf_v[] = { 16384 };
static const uint64_t hist_v[] = { 1, 2, 3, 4 };

static const struct fake_stat three[] = {
	{ "exits", KVM_STATS_TYPE_CUMULATIVE, 1, exits_v },
	{ "halt_poll_hist", KVM_STATS_TYPE_LOG_HIST, 4, hist_v },
	{ "pf_taken", KVM_STATS_TYPE_CUMULATIVE, 1, pf_v },
};

static void finds_stats_by_name_not_offset(void **state)
{
	struct kvm_stats s;
	uint64_t values[3];
	int fd = make_stats_fd(three, 3, 0);

	(void)state;
	assert_int_equal(kvm_stats_open(&s, fd), 0);
	assert_int_equal(s.nr_descs, 3);
	assert_int_equal(kvm_stats_find(&s, "pf_taken"), 2);
	assert_int_equal(kvm_stats_find(&s, "exits"), 0);
	assert_int_equal(kvm_stats_find(&s, "no_such_stat"), -1);
	assert_int_equal(kvm_stats_read(&s, values), 0);
	assert_int_equal(values[kvm_stats_find(&s, "pf_taken")], 16384);
	assert_int_equal(values[kvm_stats_find(&s, "exits")], 16392);
	kvm_stats_close(&s);
	close(fd);
}

static void sums_histogram_buckets(void **state)
{
	struct kvm_stats s;
	uint64_t values[3];
	int fd = make_stats_fd(three, 3, 0);

	(void)state;
	assert_int_equal(kvm_stats_open(&s, fd), 0);
	assert_int_equal(s.descs[1].size, 4);
	assert_int_equal(kvm_stats_read(&s, values), 0);
	assert_int_equal(values[1], 1 + 2 + 3 + 4);
	kvm_stats_close(&s);
	close(fd);
}

static void sees_values_change_between_reads(void **state)
{
	struct kvm_stats s;
	uint64_t values[3], newer = 20000;
	int fd = make_stats_fd(three, 3, 0);

	(void)state;
	assert_int_equal(kvm_stats_open(&s, fd), 0);
	assert_int_equal(pwrite(fd, &newer, 8, s.data_offset + s.descs[2].offset), 8);
	assert_int_equal(kvm_stats_read(&s, values), 0);
	assert_int_equal(values[2], 20000);
	kvm_stats_close(&s);
	close(fd);
}

static void rejects_truncated_file(void **state)
{
	struct kvm_stats s;
	int fd = make_stats_fd(three, 3, sizeof(struct kvm_stats_header) + 80);

	(void)state;
	assert_true(kvm_stats_open(&s, fd) < 0);
	close(fd);
}

static void rejects_empty_header(void **state)
{
	struct kvm_stats s;
	int fd = make_stats_fd(three, 0, 0);

	(void)state;
	assert_true(kvm_stats_open(&s, fd) < 0);
	close(fd);
}

/* Inputs the fuzzer found (tests/fuzz/corpus/stats): parsed or refused, never misread. */
static void survives_fuzzer_findings(void **state)
{
	const char *files[] = { "tests/fuzz/corpus/stats/misaligned-descriptors",
				"tests/fuzz/corpus/stats/zero-size-descriptor" };

	(void)state;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char buf[8192];
		FILE *f = fopen(files[i], "rb");
		struct kvm_stats s;
		size_t n;
		int fd = memfd_create("stats", 0);

		assert_non_null(f);
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		assert_int_equal(write(fd, buf, n), n);
		if (kvm_stats_open(&s, fd) == 0) {
			uint64_t values[4096];

			assert_true(s.nr_descs <= 4096);
			assert_int_equal(kvm_stats_read(&s, values), 0);
			kvm_stats_close(&s);
		}
		close(fd);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_stats_by_name_not_offset),
		cmocka_unit_test(sums_histogram_buckets),
		cmocka_unit_test(sees_values_change_between_reads),
		cmocka_unit_test(rejects_truncated_file),
		cmocka_unit_test(rejects_empty_header),
		cmocka_unit_test(survives_fuzzer_findings),
	};

	return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
