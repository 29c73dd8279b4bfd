// SPDX-License-Identifier: GPL-2.0
/*
 * vCPU threads for a pass.  Signals go to the main thread only (it runs
 * vCPU 0 and polls for them), and every thread is joined on every path,
 * a failed assertion mid-pass included, so no vCPU thread outlives the VM.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cleanup.h"
#include "config.h"
#include "page.h"
#include "test_util.h"
#include "vcpu_pool.h"

struct vcpu_worker {
	struct kvm_vcpu *vcpu;
	vcpu_pool_fn fn;
	void *arg;
	pthread_t thread;
	bool started;
	int ret;
	char why[320];
};

struct pass_workers {
	int nr;
	struct vcpu_worker w[KVM_MAX_TEST_VCPUS];
};

void vcpu_pool_describe_exit(struct kvm_vcpu *vcpu, char *why, size_t len)
{
	struct kvm_run *run = vcpu->run;

	snprintf(why, len, "vCPU %d: unexpected exit %s (%u), port 0x%x, MMIO 0x%llx, "
		 "pc 0x%llx, internal suberror %u: the payload did not end its pass",
		 vcpu->id, exit_reason_str(run->exit_reason), run->exit_reason,
		 run->exit_reason == KVM_EXIT_IO ? run->io.port : 0,
		 run->exit_reason == KVM_EXIT_MMIO ? (unsigned long long)run->mmio.phys_addr : 0ULL,
		 (unsigned long long)vcpu_get_pc(vcpu),
		 run->exit_reason == KVM_EXIT_INTERNAL_ERROR ? run->internal.suberror : 0);
}

int vcpu_pool_enter(struct kvm_vcpu *vcpu, bool main_thread, char *why, size_t len)
{
	for (;;) {
		int ret = __vcpu_run(vcpu);

		if (ret == -EINTR || (!ret && vcpu->run->exit_reason == KVM_EXIT_INTR)) {
			if (main_thread)
				cleanup_poll_signal();
			continue;
		}
		if (!ret)
			return 0;
		snprintf(why, len, "KVM_RUN of vCPU %d failed, rc: %d errno: %d (%s)",
			 vcpu->id, ret, -ret, strerror(-ret));
		return -1;
	}
}

/* One vCPU's pass to its end: 0, or -1 with why. */
static int vcpu_pass(struct kvm_vcpu *vcpu, bool main_thread, void *arg, char *why,
		     size_t len)
{
	(void)arg;
	if (vcpu_pool_enter(vcpu, main_thread, why, len))
		return -1;
	if (guest_exit_is_pass_done(vcpu->run))
		return 0;
	vcpu_pool_describe_exit(vcpu, why, len);
	return -1;
}

static void *vcpu_worker_main(void *arg)
{
	struct vcpu_worker *w = arg;
	sigset_t all;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	w->ret = w->fn(w->vcpu, false, w->arg, w->why, sizeof(w->why));
	return NULL;
}

static void workers_join_cb(void *arg)
{
	struct pass_workers *pw = arg;

	for (int i = 0; i < pw->nr; i++)
		if (pw->w[i].started)
			pthread_join(pw->w[i].thread, NULL);
	pw->nr = 0;
}

void vcpu_pool_run(struct kvm_vm *vm, int nr_vcpus, vcpu_pool_fn fn, void *arg)
{
	static struct pass_workers workers;
	struct pass_workers *pw = &workers;
	char why[320];

	pw->nr = nr_vcpus - 1;
	cleanup_push(workers_join_cb, pw, false);
	for (int i = 0; i < pw->nr; i++) {
		struct vcpu_worker *w = &pw->w[i];
		int ret;

		*w = (struct vcpu_worker){ .vcpu = vm->vcpus[i + 1], .fn = fn, .arg = arg };
		ret = pthread_create(&w->thread, NULL, vcpu_worker_main, w);
		errno = ret;
		TEST_ASSERT(!ret, "starting the thread of vCPU %d failed", i + 1);
		w->started = true;
	}
	if (fn(vm->vcpus[0], true, arg, why, sizeof(why)))
		TEST_FAIL("%s", why);
	cleanup_pop(workers_join_cb, pw);
	for (int i = 0; i < nr_vcpus - 1; i++)
		TEST_ASSERT(!pw->w[i].ret, "%s", pw->w[i].why);
}

size_t vcpu_slice(const struct region *r, int c, int nr_vcpus, size_t *first)
{
	*first = r->npages * c / nr_vcpus;
	return r->npages * (c + 1) / nr_vcpus - *first;
}

void vcpu_pool_pass(struct guest *guest, const struct region *r,
		    const struct vcpu_pass *pass, uint64_t *guest_tsc,
		    struct sum_mismatch *bad)
{
	uint64_t passes[KVM_MAX_TEST_VCPUS], expected[KVM_MAX_TEST_VCPUS];

	for (int c = 0; c < pass->nr_vcpus; c++) {
		struct payload_mailbox *mb = guest_mailbox(guest, c);
		size_t first, n = vcpu_slice(r, c, pass->nr_vcpus, &first);

		passes[c] = mb->passes;
		expected[c] = region_expected_sum(r, first, n, pass->stride);
		mb->cmd = pass->cmd;
		mb->base = GUEST_DATA_GPA + first * host_page_size();
		mb->npages = n;
		mb->stride = pass->stride;
		mb->latency = GUEST_LATENCY_GPA + first * sizeof(uint64_t);
	}
	*bad = (struct sum_mismatch){ .vcpu = -1 };
	vcpu_pool_run(guest->vm, pass->nr_vcpus, vcpu_pass, NULL);
	for (int c = 0; c < pass->nr_vcpus; c++) {
		struct payload_mailbox *mb = guest_mailbox(guest, c);

		TEST_ASSERT(mb->passes == passes[c] + 1, "vCPU %d reported pass %llu, "
			    "expected %llu", c, (unsigned long long)mb->passes,
			    (unsigned long long)passes[c] + 1);
		if (mb->sum != expected[c] && bad->vcpu < 0)
			*bad = (struct sum_mismatch){ c, expected[c], mb->sum };
		guest_tsc[c] += mb->tsc_end - mb->tsc_start;
	}
}
