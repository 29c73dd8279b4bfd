/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test-only fault injection.  KSMEXIT_TEST_FAULTS=name[,name...] makes the
 * named host feature look missing, so the skip and degraded paths can be
 * tested on a host that has everything: no-kvm, no-stats-fd, no-ksm,
 * ksm-readonly, no-tracefs, no-kpageflags, no-io-uring.
 * Two perturb the measurement instead: early-mergeable (guest memory
 * mergeable from the start, as a KSM already running would find it) and
 * steady-invalidate (the host unmaps half the guest memory before the
 * steady pass).  Messages caused this way say so.
 */
#ifndef KSMEXIT_FAULTS_H
#define KSMEXIT_FAULTS_H

#include <stdbool.h>

#define FAULT_NOTE " (simulated: KSMEXIT_TEST_FAULTS)"

bool fault_injected(const char *name);

#endif
