/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contract between the host and the guest payload: a per-vCPU mailbox
 * in the never-mergeable system slot, and the exit that ends a pass (an
 * OUT to a port on x86_64, a store to an unbacked address on arm64 and
 * riscv64, a hypervisor call KVM does not know on ppc64le: each reaches
 * the host as an exit to user space).  Included by guest/<arch>/
 * payload.S and by the harness's kvm layer.
 */
#ifndef KSMEXIT_PAYLOAD_H
#define KSMEXIT_PAYLOAD_H

#define PAYLOAD_PORT_PASS_DONE	0x5a0
/* The stress found a word that is not what its record says (x86_64). */
#define PAYLOAD_PORT_CORRUPT	0x5a1
/* arm64 (in its last GiB, mapped as Device memory) and riscv64: no memslot. */
#define PAYLOAD_MMIO_PASS_DONE	0x7fc0000000
/* arm64, riscv64: where the trap entry stores ESR_EL1 or scause. */
#define PAYLOAD_MMIO_EXCEPTION	0x7fc0001000
/* arm64, riscv64: the stress's corruption report, as PAYLOAD_PORT_CORRUPT. */
#define PAYLOAD_MMIO_CORRUPT	0x7fc0002000
/*
 * ppc64le: hypervisor calls KVM does not know, so they reach the host
 * (KVM_EXIT_PAPR_HCALL): the pass's end, the stress's corruption report
 * and an interrupt the payload took.
 */
#define PAYLOAD_HCALL_PASS_DONE	0x7f00
#define PAYLOAD_HCALL_CORRUPT	0x7f04
#define PAYLOAD_HCALL_EXCEPTION	0x7f08
/* Where the trap entry sits in the payload: arm64's vector table
 * (VBAR_EL1, 2 KiB aligned), riscv64's stvec, ppc64le's vectors' target. */
#define PAYLOAD_VECTORS_OFFSET	0x800

/*
 * A page is the host's base page (1 << MB_PAGE_SHIFT bytes: KSM's unit),
 * whatever granule the guest's own tables use.  Every command loads one
 * 64-bit word every MB_STRIDE bytes of each page.
 */
#define PAYLOAD_CMD_READ	1
/* Also stores the page's own address to its first qword: unique, unshared. */
#define PAYLOAD_CMD_WRITE	2
/* Also times each page (rdtsc) and stores the cycles at MB_LATENCY. */
#define PAYLOAD_CMD_TIMED_READ	3
/*
 * MB_OPS random pages (xorshift64 from MB_SEED): each is compared whole
 * with what its record (one u64 per page at MB_LATENCY, outside the
 * mergeable memory) says, then a page holding the common contents gets a
 * stamp in its first word with probability 1/2 (a copy-on-write if it was
 * merged) and a stamped page is written back to the common contents (so
 * KSM can merge it again).  Each mismatching word is reported at
 * MB_BAD_* through PAYLOAD_PORT_CORRUPT / PAYLOAD_MMIO_CORRUPT, then put
 * right so the run goes on.
 */
#define PAYLOAD_CMD_STRESS	4

/* The common contents: word k of a duplicate page holds SEED ^ k. */
#define PAYLOAD_PATTERN_SEED	0x6b736d6578697400	/* "ksmexit\0" */
/* A stamp: bit 63, the page's guest frame number, a per-vCPU sequence number. */
#define STAMP_BIT		63
#define STAMP_GFN_SHIFT		32

/* Mailbox field offsets (bytes); inputs first, then what the guest reports. */
#define MB_CMD		0
#define MB_BASE		8
#define MB_NPAGES	16
#define MB_STRIDE	24
#define MB_TSC_START	32
#define MB_TSC_END	40
#define MB_SUM		48
#define MB_PASSES	56
#define MB_LATENCY	64
#define MB_SEED		72
#define MB_OPS		80
#define MB_SEQ		88
#define MB_STAMPS	96
#define MB_RESTORES	104
#define MB_BAD_PAGE	112
#define MB_BAD_OFF	120
#define MB_BAD_EXPECTED	128
#define MB_BAD_FOUND	136
#define MB_PAGE_SHIFT	144
#define MB_SIZE		152

#ifndef __ASSEMBLER__
#include <stdint.h>

struct payload_mailbox {
	uint64_t cmd;
	uint64_t base;		/* guest virtual address of this vCPU's data */
	uint64_t npages;
	uint64_t stride;	/* bytes between loads within a page */
	uint64_t tsc_start;
	uint64_t tsc_end;
	uint64_t sum;		/* sum of every qword loaded, checked by the host */
	uint64_t passes;
	uint64_t latency;	/* guest address of one u64 per page (timed, stress) */
	uint64_t seed;		/* stress: the random state, carried between bursts */
	uint64_t ops;		/* stress: pages to visit in this burst */
	uint64_t seq;		/* stress: the last stamp's sequence number */
	uint64_t stamps;	/* stress: stamps written, all bursts */
	uint64_t restores;	/* stress: pages written back to the common contents */
	uint64_t bad_page;	/* stress: the page (index in this vCPU's slice) ... */
	uint64_t bad_off;	/* ... and byte offset of a mismatching word, */
	uint64_t bad_expected;	/* what its record says */
	uint64_t bad_found;	/* and what the guest read */
	uint64_t page_shift;	/* log2 of a page's size: the host's (guest_create) */
};

_Static_assert(sizeof(struct payload_mailbox) == MB_SIZE, "mailbox layout");
#endif

#endif
