/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest on riscv64: runs in VS-mode with paging off, so its addresses
 * are guest physical ones.  Each pass loads one 64-bit word every
 * MB_STRIDE bytes of MB_NPAGES pages from MB_BASE; only PAYLOAD_CMD_WRITE
 * stores to that memory (and PAYLOAD_CMD_STRESS, below pass_done, which
 * visits pages at random).  The pass is timestamped with the time CSR
 * (rdtime, which KVM lets VS-mode read), PAYLOAD_CMD_TIMED_READ also
 * times every page, and a store to PAYLOAD_MMIO_PASS_DONE ends the pass
 * so the host gets KVM_EXIT_MMIO (KVM steps over the store when the
 * host resumes).  On entry a0 points to this vCPU's mailbox.  A trap
 * stores scause to PAYLOAD_MMIO_EXCEPTION, which the host reports as an
 * unexpected exit.  No compressed instructions or linker relaxation: the
 * trap entry sits at a fixed offset.
 */
#include "payload.h"

	.option	norvc
	.option	norelax
	.text
	.globl payload_entry
payload_entry:
next_pass:
	ld	t0, MB_PAGE_SHIFT(a0)
	li	s5, 1
	sll	s5, s5, t0			/* page size */
	ld	s0, MB_CMD(a0)
	ld	a1, MB_NPAGES(a0)
	ld	a2, MB_BASE(a0)
	ld	s1, MB_STRIDE(a0)
	ld	s2, MB_LATENCY(a0)
	li	s3, 0				/* sum of loaded words */
	rdtime	s4				/* time at pass start */
	beqz	a1, pass_done
	li	t0, PAYLOAD_CMD_STRESS
	beq	s0, t0, stress
page_loop:
	li	t0, PAYLOAD_CMD_TIMED_READ
	bne	s0, t0, 1f
	rdtime	s6				/* time at page start */
1:
	li	a3, 0				/* offset within the page */
load_loop:
	add	t1, a2, a3
	ld	t2, 0(t1)
	add	s3, s3, t2
	add	a3, a3, s1
	bltu	a3, s5, load_loop
	li	t0, PAYLOAD_CMD_WRITE
	bne	s0, t0, 2f
	sd	a2, 0(a2)
2:
	li	t0, PAYLOAD_CMD_TIMED_READ
	bne	s0, t0, 3f
	rdtime	t2
	sub	t2, t2, s6
	sd	t2, 0(s2)
	addi	s2, s2, 8
3:
	add	a2, a2, s5
	addi	a1, a1, -1
	bnez	a1, page_loop
pass_done:
	rdtime	t2
	sd	s4, MB_TSC_START(a0)
	sd	t2, MB_TSC_END(a0)
	sd	s3, MB_SUM(a0)
	ld	t3, MB_PASSES(a0)
	addi	t3, t3, 1
	sd	t3, MB_PASSES(a0)
	fence	rw, rw
	li	t4, PAYLOAD_MMIO_PASS_DONE
	sd	t3, 0(t4)
	j	next_pass

/*
 * The stress (see PAYLOAD_CMD_STRESS): s7 visits left, s8 the random
 * state, s9 the stamp sequence, s10 the pattern's seed, s2 the records,
 * s6 the page index, s11 its address, t5 its record, t1 the word expected
 * at offset a3.
 */
stress:
	ld	s7, MB_OPS(a0)
	ld	s8, MB_SEED(a0)
	ld	s9, MB_SEQ(a0)
	li	s10, PAYLOAD_PATTERN_SEED
stress_visit:
	beqz	s7, stress_done
	slli	t0, s8, 13			/* xorshift64 */
	xor	s8, s8, t0
	srli	t0, s8, 7
	xor	s8, s8, t0
	slli	t0, s8, 17
	xor	s8, s8, t0
	srli	t0, s8, 1
	remu	s6, t0, a1			/* the page, 0 .. npages-1 */
	ld	t1, MB_PAGE_SHIFT(a0)
	sll	t0, s6, t1
	add	s11, a2, t0
	slli	t0, s6, 3
	add	t5, s2, t0
	ld	t1, 0(t5)			/* word 0: the stamp, or common */
	bnez	t1, 1f
	mv	t1, s10
1:
	li	a3, 0
verify_word:
	add	t0, s11, a3
	ld	t2, 0(t0)
	bne	t2, t1, corrupt
verify_next:
	addi	a3, a3, 8
	bgeu	a3, s5, stress_write
	srli	t0, a3, 3
	xor	t1, s10, t0
	j	verify_word
corrupt:
	sd	s6, MB_BAD_PAGE(a0)
	sd	a3, MB_BAD_OFF(a0)
	sd	t1, MB_BAD_EXPECTED(a0)
	sd	t2, MB_BAD_FOUND(a0)
	fence	rw, rw
	li	t4, PAYLOAD_MMIO_CORRUPT
	sd	t2, 0(t4)
	add	t0, s11, a3
	sd	t1, 0(t0)			/* put right, go on */
	j	verify_next
stress_write:
	ld	t2, 0(t5)
	beqz	t2, stress_stamp
	sd	s10, 0(s11)			/* back to the common contents */
	sd	zero, 0(t5)
	ld	t3, MB_RESTORES(a0)
	addi	t3, t3, 1
	sd	t3, MB_RESTORES(a0)
	j	stress_next
stress_stamp:
	srli	t0, s8, 40			/* a random bit: stamp half of them */
	andi	t0, t0, 1
	beqz	t0, stress_next
	addi	s9, s9, 1
	ld	t0, MB_PAGE_SHIFT(a0)
	srl	t2, s11, t0			/* the gfn */
	slli	t2, t2, STAMP_GFN_SHIFT
	slli	t0, s9, 32
	srli	t0, t0, 32
	or	t2, t2, t0
	li	t0, 1
	slli	t0, t0, STAMP_BIT
	or	t2, t2, t0
	sd	t2, 0(s11)
	sd	t2, 0(t5)
	ld	t3, MB_STAMPS(a0)
	addi	t3, t3, 1
	sd	t3, MB_STAMPS(a0)
stress_next:
	addi	s7, s7, -1
	j	stress_visit
stress_done:
	sd	s8, MB_SEED(a0)
	sd	s9, MB_SEQ(a0)
	li	s3, 0
	j	pass_done

	/* stvec points here (direct mode, 4-byte aligned). */
	.org	PAYLOAD_VECTORS_OFFSET
	.globl payload_vectors
payload_vectors:
	csrr	t0, scause
	li	t4, PAYLOAD_MMIO_EXCEPTION
	sd	t0, 0(t4)
	j	payload_vectors
