/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contract between the host and the guest payload: a per-vCPU mailbox
 * in the never-mergeable system slot, and the exit that ends a pass (an
 * OUT to a port on x86_64, a store to an unbacked address on arm64: both
 * reach the host as an exit to user space).  Included by guest/<arch>/
 * payload.S and by the harness's kvm layer.
 */
#ifndef KSMEXIT_PAYLOAD_H
#define KSMEXIT_PAYLOAD_H

#define PAYLOAD_PORT_PASS_DONE	0x5a0
/* arm64: in the guest's last GiB, mapped as Device memory, no memslot. */
#define PAYLOAD_MMIO_PASS_DONE	0x7fc0000000
/* arm64: where the payload's exception vectors store ESR_EL1. */
#define PAYLOAD_MMIO_EXCEPTION	0x7fc0001000
/* arm64: the vector table's offset in the payload (VBAR_EL1, 2 KiB aligned). */
#define PAYLOAD_VECTORS_OFFSET	0x800

/* Every command loads one 64-bit word every MB_STRIDE bytes of each page. */
#define PAYLOAD_CMD_READ	1
/* Also stores the page's own address to its first qword: unique, unshared. */
#define PAYLOAD_CMD_WRITE	2
/* Also times each page (rdtsc) and stores the cycles at MB_LATENCY. */
#define PAYLOAD_CMD_TIMED_READ	3

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
#define MB_SIZE		72

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
	uint64_t latency;	/* guest address of one u64 per page (timed) */
};

_Static_assert(sizeof(struct payload_mailbox) == MB_SIZE, "mailbox layout");
#endif

#endif
