// SPDX-License-Identifier: GPL-2.0
/*
 * Snapshots of a VM's statistics.  All vCPUs share one descriptor layout,
 * so the per-vCPU blocks sit side by side and sum element by element.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"
#include "vm_stats.h"

static uint64_t *values(size_t n)
{
	uint64_t *buf = calloc(n, sizeof(*buf));

	TEST_ASSERT(buf, "out of memory for statistics");
	return buf;
}

static void open_one(struct kvm_stats *st, int fd, const char *what, int c)
{
	int ret = kvm_stats_open(st, fd);

	errno = -ret;
	TEST_ASSERT(!ret, "parsing the binary stats header of %s %d failed", what, c);
}

void vm_stats_open(struct vm_stats *s, struct kvm_vm *vm, int nr_vcpus)
{
	int n;

	memset(s, 0, sizeof(*s));
	s->vcpu = calloc(nr_vcpus, sizeof(*s->vcpu));
	TEST_ASSERT(s->vcpu, "out of memory for statistics");
	s->nr_vcpus = nr_vcpus;
	for (int c = 0; c < nr_vcpus; c++)
		open_one(&s->vcpu[c], vcpu_get_stats_fd(vm->vcpus[c]), "vCPU", c);
	open_one(&s->vm, vm_get_stats_fd(vm), "VM", 0);
	n = s->vcpu[0].nr_descs;
	for (int c = 1; c < nr_vcpus; c++)
		TEST_ASSERT(s->vcpu[c].nr_descs == n, "vCPU %d has %d statistics, "
			    "vCPU 0 has %d", c, s->vcpu[c].nr_descs, n);
	for (int w = 0; w < 2; w++) {
		s->raw[w] = values((size_t)n * nr_vcpus);
		s->vcpu_sum[w] = values(n);
		s->vm_values[w] = values(s->vm.nr_descs);
	}
}

void vm_stats_snapshot(struct vm_stats *s, int when)
{
	int n = s->vcpu[0].nr_descs, ret;
	uint64_t *sum = s->vcpu_sum[when];

	memset(sum, 0, n * sizeof(*sum));
	for (int c = 0; c < s->nr_vcpus; c++) {
		uint64_t *block = s->raw[when] + (size_t)c * n;

		ret = kvm_stats_read(&s->vcpu[c], block);
		errno = -ret;
		TEST_ASSERT(!ret, "reading the stats fd of vCPU %d failed", c);
		for (int i = 0; i < n; i++)
			sum[i] += block[i];
	}
	ret = kvm_stats_read(&s->vm, s->vm_values[when]);
	errno = -ret;
	TEST_ASSERT(!ret, "reading the VM stats fd failed");
}

static int deltas(const struct kvm_stats *stats, uint64_t *const v[2],
		  struct stat_delta **out)
{
	int n = 0;

	*out = calloc(stats->nr_descs, sizeof(**out));
	TEST_ASSERT(*out, "out of memory for statistics");
	for (int i = 0; i < stats->nr_descs; i++) {
		if (v[VM_STATS_AFTER][i] == v[VM_STATS_BEFORE][i])
			continue;
		snprintf((*out)[n].name, sizeof((*out)[n].name), "%s", stats->descs[i].name);
		(*out)[n++].delta = (int64_t)(v[VM_STATS_AFTER][i] - v[VM_STATS_BEFORE][i]);
	}
	return n;
}

int vm_stats_vcpu_deltas(const struct vm_stats *s, struct stat_delta **out)
{
	return deltas(&s->vcpu[0], s->vcpu_sum, out);
}

int vm_stats_vm_deltas(const struct vm_stats *s, struct stat_delta **out)
{
	return deltas(&s->vm, s->vm_values, out);
}

uint64_t vm_stats_vcpu_delta(const struct vm_stats *s, int c, int idx)
{
	size_t at = (size_t)c * s->vcpu[0].nr_descs + idx;

	return s->raw[VM_STATS_AFTER][at] - s->raw[VM_STATS_BEFORE][at];
}

static void close_one(struct kvm_stats *st)
{
	if (st->descs)
		close(st->fd);
	kvm_stats_close(st);
}

void vm_stats_close(struct vm_stats *s)
{
	for (int c = 0; s->vcpu && c < s->nr_vcpus; c++)
		close_one(&s->vcpu[c]);
	close_one(&s->vm);
	free(s->vcpu);
	for (int w = 0; w < 2; w++) {
		free(s->raw[w]);
		free(s->vcpu_sum[w]);
		free(s->vm_values[w]);
	}
	memset(s, 0, sizeof(*s));
}
