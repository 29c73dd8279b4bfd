/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest on arm64: runs at EL1 with the MMU on (identity map of normal
 * write-back memory, set up by the host), so its loads and stores see the
 * same cached memory the host writes; with the MMU off they would be
 * Device accesses, not coherent with the host's on real hardware.  Each
 * pass loads one 64-bit word every MB_STRIDE bytes of MB_NPAGES pages from
 * MB_BASE; only PAYLOAD_CMD_WRITE stores to that memory (and
 * PAYLOAD_CMD_STRESS, below pass_done, which visits pages at random).  The pass is
 * timestamped with the virtual counter (CNTVCT_EL0), PAYLOAD_CMD_TIMED_READ
 * also times every page, and a store to PAYLOAD_MMIO_PASS_DONE ends the
 * pass so the host gets KVM_EXIT_MMIO.  On entry x0 points to this vCPU's
 * mailbox.  An exception stores ESR_EL1 to PAYLOAD_MMIO_EXCEPTION, which
 * the host reports as an unexpected exit.
 */
#include "payload.h"

	.text
	.globl payload_entry
payload_entry:
next_pass:
	ldr	x5, [x0, #MB_PAGE_SHIFT]
	mov	x17, #1
	lsl	x17, x17, x5			/* page size */
	ldr	x13, [x0, #MB_CMD]
	ldr	x1, [x0, #MB_NPAGES]
	ldr	x2, [x0, #MB_BASE]
	ldr	x8, [x0, #MB_STRIDE]
	ldr	x11, [x0, #MB_LATENCY]
	mov	x9, xzr				/* sum of loaded words */
	isb
	mrs	x10, cntvct_el0			/* counter at pass start */
	cbz	x1, pass_done
	cmp	x13, #PAYLOAD_CMD_STRESS
	b.eq	stress
page_loop:
	cmp	x13, #PAYLOAD_CMD_TIMED_READ
	b.ne	1f
	isb
	mrs	x12, cntvct_el0			/* counter at page start */
1:
	mov	x3, xzr				/* offset within the page */
load_loop:
	ldr	x4, [x2, x3]
	add	x9, x9, x4
	add	x3, x3, x8
	cmp	x3, x17
	b.lo	load_loop
	cmp	x13, #PAYLOAD_CMD_WRITE
	b.ne	2f
	str	x2, [x2]
2:
	cmp	x13, #PAYLOAD_CMD_TIMED_READ
	b.ne	3f
	isb
	mrs	x4, cntvct_el0
	sub	x4, x4, x12
	str	x4, [x11], #8
3:
	add	x2, x2, x17
	subs	x1, x1, #1
	b.ne	page_loop
pass_done:
	isb
	mrs	x4, cntvct_el0
	str	x10, [x0, #MB_TSC_START]
	str	x4, [x0, #MB_TSC_END]
	str	x9, [x0, #MB_SUM]
	ldr	x5, [x0, #MB_PASSES]
	add	x5, x5, #1
	str	x5, [x0, #MB_PASSES]
	dsb	sy
	ldr	x6, =PAYLOAD_MMIO_PASS_DONE
	str	x5, [x6]
	b	next_pass

/*
 * The stress (see PAYLOAD_CMD_STRESS): x14 visits left, x15 the random
 * state, x16 the stamp sequence, x7 the pattern's seed, x11 the records,
 * x12 the page index, x8 its address, x9 the word expected at offset x3.
 */
stress:
	ldr	x14, [x0, #MB_OPS]
	ldr	x15, [x0, #MB_SEED]
	ldr	x16, [x0, #MB_SEQ]
	ldr	x7, =PAYLOAD_PATTERN_SEED
stress_visit:
	cbz	x14, stress_done
	eor	x15, x15, x15, lsl #13		/* xorshift64 */
	eor	x15, x15, x15, lsr #7
	eor	x15, x15, x15, lsl #17
	lsr	x5, x15, #1
	udiv	x6, x5, x1
	msub	x12, x6, x1, x5			/* the page, 0 .. npages-1 */
	ldr	x6, [x0, #MB_PAGE_SHIFT]
	lsl	x8, x12, x6
	add	x8, x2, x8
	ldr	x9, [x11, x12, lsl #3]		/* word 0: the stamp, or common */
	cbnz	x9, 1f
	mov	x9, x7
1:
	mov	x3, xzr
verify_word:
	ldr	x4, [x8, x3]
	cmp	x4, x9
	b.ne	corrupt
verify_next:
	add	x3, x3, #8
	cmp	x3, x17
	b.hs	stress_write
	eor	x9, x7, x3, lsr #3
	b	verify_word
corrupt:
	str	x12, [x0, #MB_BAD_PAGE]
	str	x3, [x0, #MB_BAD_OFF]
	str	x9, [x0, #MB_BAD_EXPECTED]
	str	x4, [x0, #MB_BAD_FOUND]
	dsb	sy
	ldr	x6, =PAYLOAD_MMIO_CORRUPT
	str	x4, [x6]
	str	x9, [x8, x3]			/* put right, go on */
	b	verify_next
stress_write:
	ldr	x4, [x11, x12, lsl #3]
	cbz	x4, stress_stamp
	str	x7, [x8]			/* back to the common contents */
	str	xzr, [x11, x12, lsl #3]
	ldr	x5, [x0, #MB_RESTORES]
	add	x5, x5, #1
	str	x5, [x0, #MB_RESTORES]
	b	stress_next
stress_stamp:
	tbz	x15, #40, stress_next		/* a random bit: stamp half of them */
	add	x16, x16, #1
	ldr	x5, [x0, #MB_PAGE_SHIFT]
	lsr	x4, x8, x5			/* the gfn */
	lsl	x4, x4, #STAMP_GFN_SHIFT
	mov	w5, w16
	orr	x4, x4, x5
	orr	x4, x4, #(1 << STAMP_BIT)
	str	x4, [x8]
	str	x4, [x11, x12, lsl #3]
	ldr	x5, [x0, #MB_STAMPS]
	add	x5, x5, #1
	str	x5, [x0, #MB_STAMPS]
stress_next:
	sub	x14, x14, #1
	b	stress_visit
stress_done:
	str	x15, [x0, #MB_SEED]
	str	x16, [x0, #MB_SEQ]
	mov	x9, xzr
	b	pass_done

exception:
	mrs	x1, esr_el1
	ldr	x6, =PAYLOAD_MMIO_EXCEPTION
	str	x1, [x6]
	b	exception

	.ltorg
	/* VBAR_EL1 points here: 16 entries of 128 bytes. */
	.org	PAYLOAD_VECTORS_OFFSET
	.globl payload_vectors
payload_vectors:
	.rept	16
	b	exception
	.balign	128
	.endr
