/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest on ppc64le: runs in real mode (MSR SF|LE, IR and DR off), so
 * its addresses are guest real ones and the partition-scoped (radix)
 * table KVM keeps is the only translation.  Each pass loads one 64-bit
 * word every MB_STRIDE bytes of MB_NPAGES pages from MB_BASE; only
 * PAYLOAD_CMD_WRITE stores to that memory (and PAYLOAD_CMD_STRESS, below
 * pass_done, which visits pages at random).  The pass is timestamped with
 * the timebase (mftb), PAYLOAD_CMD_TIMED_READ also times every page, and
 * a hypervisor call no KVM knows (sc 1 with PAYLOAD_HCALL_PASS_DONE in r3)
 * ends the pass: KVM hands it to the host as KVM_EXIT_PAPR_HCALL and, on
 * the next KVM_RUN, reloads r3-r12 from kvm_run, so the mailbox lives in
 * r31 and the pass's state in r14-r30.  On entry r3 points to this
 * vCPU's mailbox.  An interrupt (its vector branches to exception, at
 * PAYLOAD_VECTORS_OFFSET) makes a PAYLOAD_HCALL_EXCEPTION call with the
 * vector in r4 and SRR0 in r5, which the host reports as an unexpected
 * exit.
 */
#include "payload.h"

	.text
	.globl payload_entry
payload_entry:
	mr	%r31, %r3			/* the mailbox */
next_pass:
	ld	%r5, MB_PAGE_SHIFT(%r31)
	li	%r23, 1
	sld	%r23, %r23, %r5			/* page size */
	ld	%r14, MB_CMD(%r31)
	ld	%r15, MB_NPAGES(%r31)
	ld	%r16, MB_BASE(%r31)
	ld	%r17, MB_STRIDE(%r31)
	ld	%r18, MB_LATENCY(%r31)
	li	%r19, 0				/* sum of loaded words */
	mftb	%r20				/* timebase at pass start */
	cmpdi	%r15, 0
	beq	pass_done
	cmpdi	%r14, PAYLOAD_CMD_STRESS
	beq	stress
page_loop:
	cmpdi	%r14, PAYLOAD_CMD_TIMED_READ
	bne	1f
	mftb	%r21				/* timebase at page start */
1:
	li	%r22, 0				/* offset within the page */
load_loop:
	ldx	%r5, %r16, %r22
	add	%r19, %r19, %r5
	add	%r22, %r22, %r17
	cmpld	%r22, %r23
	blt	load_loop
	cmpdi	%r14, PAYLOAD_CMD_WRITE
	bne	2f
	std	%r16, 0(%r16)
2:
	cmpdi	%r14, PAYLOAD_CMD_TIMED_READ
	bne	3f
	mftb	%r5
	subf	%r5, %r21, %r5
	std	%r5, 0(%r18)
	addi	%r18, %r18, 8
3:
	add	%r16, %r16, %r23
	addi	%r15, %r15, -1
	cmpdi	%r15, 0
	bne	page_loop
pass_done:
	mftb	%r5
	std	%r20, MB_TSC_START(%r31)
	std	%r5, MB_TSC_END(%r31)
	std	%r19, MB_SUM(%r31)
	ld	%r6, MB_PASSES(%r31)
	addi	%r6, %r6, 1
	std	%r6, MB_PASSES(%r31)
	sync
	li	%r3, PAYLOAD_HCALL_PASS_DONE
	sc	1
	b	next_pass

/*
 * The stress (see PAYLOAD_CMD_STRESS): r24 visits left, r25 the random
 * state, r26 the stamp sequence, r27 the pattern's seed, r18 the records,
 * r28 the page index, r29 its address, r30 its record, r21 the word
 * expected at offset r22.
 */
stress:
	ld	%r24, MB_OPS(%r31)
	ld	%r25, MB_SEED(%r31)
	ld	%r26, MB_SEQ(%r31)
	lis	%r27, (PAYLOAD_PATTERN_SEED >> 48) & 0xffff
	ori	%r27, %r27, (PAYLOAD_PATTERN_SEED >> 32) & 0xffff
	sldi	%r27, %r27, 32
	oris	%r27, %r27, (PAYLOAD_PATTERN_SEED >> 16) & 0xffff
	ori	%r27, %r27, PAYLOAD_PATTERN_SEED & 0xffff
stress_visit:
	cmpdi	%r24, 0
	beq	stress_done
	sldi	%r5, %r25, 13			/* xorshift64 */
	xor	%r25, %r25, %r5
	srdi	%r5, %r25, 7
	xor	%r25, %r25, %r5
	sldi	%r5, %r25, 17
	xor	%r25, %r25, %r5
	srdi	%r5, %r25, 1
	divdu	%r6, %r5, %r15
	mulld	%r6, %r6, %r15
	subf	%r28, %r6, %r5			/* the page, 0 .. npages-1 */
	ld	%r6, MB_PAGE_SHIFT(%r31)
	sld	%r5, %r28, %r6
	add	%r29, %r16, %r5
	sldi	%r5, %r28, 3
	add	%r30, %r18, %r5
	ld	%r21, 0(%r30)			/* word 0: the stamp, or common */
	cmpdi	%r21, 0
	bne	1f
	mr	%r21, %r27
1:
	li	%r22, 0
verify_word:
	ldx	%r5, %r29, %r22
	cmpd	%r5, %r21
	bne	corrupt
verify_next:
	addi	%r22, %r22, 8
	cmpld	%r22, %r23
	bge	stress_write
	srdi	%r6, %r22, 3
	xor	%r21, %r27, %r6
	b	verify_word
corrupt:
	std	%r28, MB_BAD_PAGE(%r31)
	std	%r22, MB_BAD_OFF(%r31)
	std	%r21, MB_BAD_EXPECTED(%r31)
	std	%r5, MB_BAD_FOUND(%r31)
	sync
	li	%r3, PAYLOAD_HCALL_CORRUPT
	sc	1
	stdx	%r21, %r29, %r22		/* put right, go on */
	b	verify_next
stress_write:
	ld	%r5, 0(%r30)
	cmpdi	%r5, 0
	beq	stress_stamp
	std	%r27, 0(%r29)			/* back to the common contents */
	li	%r5, 0
	std	%r5, 0(%r30)
	ld	%r6, MB_RESTORES(%r31)
	addi	%r6, %r6, 1
	std	%r6, MB_RESTORES(%r31)
	b	stress_next
stress_stamp:
	rldicl.	%r5, %r25, 64 - 40, 63		/* a random bit: stamp half of them */
	beq	stress_next
	addi	%r26, %r26, 1
	ld	%r6, MB_PAGE_SHIFT(%r31)
	srd	%r5, %r29, %r6			/* the gfn */
	sldi	%r5, %r5, STAMP_GFN_SHIFT
	clrldi	%r6, %r26, 32
	or	%r5, %r5, %r6
	li	%r6, 1
	sldi	%r6, %r6, STAMP_BIT
	or	%r5, %r5, %r6
	std	%r5, 0(%r29)
	std	%r5, 0(%r30)
	ld	%r6, MB_STAMPS(%r31)
	addi	%r6, %r6, 1
	std	%r6, MB_STAMPS(%r31)
stress_next:
	addi	%r24, %r24, -1
	b	stress_visit
stress_done:
	std	%r25, MB_SEED(%r31)
	std	%r26, MB_SEQ(%r31)
	li	%r19, 0
	b	pass_done

	/* Every interrupt vector in low memory branches here (bla). */
	.org	PAYLOAD_VECTORS_OFFSET
	.globl payload_vectors
payload_vectors:
	mflr	%r4				/* the vector + 4 */
	mfsrr0	%r5
	li	%r3, PAYLOAD_HCALL_EXCEPTION
	sc	1
	b	payload_vectors
