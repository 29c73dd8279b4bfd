/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Between guest.c and each architecture's guest.c (x86_64/, aarch64/):
 * the system slot's shared layout and what an architecture must do to
 * start its payload there.
 *
 * System slot (GPA 0, 2 MiB, never mergeable):
 *   0x000000.. the architecture's own tables (x86_64: page tables)
 *   0x100000 payload code, 0x180000.. one stack page per vCPU
 *   0x1f0000 mailboxes, 0x1fe000.. the architecture's (x86_64: GDT, TSS)
 */
#ifndef KSMEXIT_GUEST_ARCH_H
#define KSMEXIT_GUEST_ARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "guest.h"

#define SYSTEM_SIZE		(2ULL << 20)
#define CODE_GPA		0x100000ULL
#define STACK_GPA		0x180000ULL
#define MAILBOX_GPA		0x1f0000ULL
#define MAILBOX_END		0x1fe000ULL

static inline uint64_t *guest_gpa_ptr(struct guest *guest, uint64_t gpa)
{
	return (uint64_t *)((char *)guest->system_hva + gpa);
}

/* Largest data slot the architecture's guest can address. */
uint64_t guest_arch_max_data_size(void);
/* Tables in the system slot, once the payload is in place. */
void guest_arch_setup(struct guest *guest);
/* Makes [gpa, gpa + size) reachable by the payload. */
void guest_arch_map(struct guest *guest, uint64_t gpa, uint64_t size);
/* Registers for vCPU idx: enter the payload with its mailbox and stack. */
void guest_arch_vcpu_setup(struct kvm_vcpu *vcpu, int idx);

#endif
