/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest: runs at CPL3 in 64-bit mode (CPL0 code is emulated by some
 * software KVMs and would hide the faults we count).  Each pass loads one
 * qword every MB_STRIDE bytes of MB_NPAGES pages from MB_BASE; only
 * PAYLOAD_CMD_WRITE stores to that memory (and PAYLOAD_CMD_STRESS, below
 * pass_done, which visits pages at random instead).  The pass is timestamped with
 * rdtsc (allowed at CPL3 while CR4.TSD is clear), PAYLOAD_CMD_TIMED_READ
 * also times every page, and an OUT (allowed by IOPL=3) ends the pass so
 * the host gets KVM_EXIT_IO.  On entry %rdi points to this vCPU's mailbox.
 */
#include "payload.h"

	.code64
	.text
	.globl payload_entry
payload_entry:
next_pass:
	movl	MB_PAGE_SHIFT(%rdi), %ecx
	movl	$1, %ebp
	shlq	%cl, %rbp			/* page size */
	movq	MB_CMD(%rdi), %r13
	movq	MB_NPAGES(%rdi), %rcx
	movq	MB_BASE(%rdi), %rsi
	movq	MB_STRIDE(%rdi), %r8
	movq	MB_LATENCY(%rdi), %r11
	xorq	%r9, %r9			/* sum of loaded qwords */
	lfence
	rdtsc
	shlq	$32, %rdx
	orq	%rdx, %rax
	movq	%rax, %r10			/* TSC at pass start */
	testq	%rcx, %rcx
	jz	pass_done
	cmpq	$PAYLOAD_CMD_STRESS, %r13
	je	stress
page_loop:
	cmpq	$PAYLOAD_CMD_TIMED_READ, %r13
	jne	1f
	lfence
	rdtsc
	shlq	$32, %rdx
	orq	%rdx, %rax
	movq	%rax, %r12			/* TSC at page start */
1:
	xorq	%rdx, %rdx			/* offset within the page */
load_loop:
	addq	(%rsi,%rdx), %r9
	addq	%r8, %rdx
	cmpq	%rbp, %rdx
	jb	load_loop
	cmpq	$PAYLOAD_CMD_WRITE, %r13
	jne	2f
	movq	%rsi, (%rsi)
2:
	cmpq	$PAYLOAD_CMD_TIMED_READ, %r13
	jne	3f
	lfence
	rdtsc
	shlq	$32, %rdx
	orq	%rdx, %rax
	subq	%r12, %rax
	movq	%rax, (%r11)
	addq	$8, %r11
3:
	addq	%rbp, %rsi
	decq	%rcx
	jnz	page_loop
pass_done:
	lfence
	rdtsc
	shlq	$32, %rdx
	orq	%rdx, %rax
	movq	%r10, MB_TSC_START(%rdi)
	movq	%rax, MB_TSC_END(%rdi)
	movq	%r9, MB_SUM(%rdi)
	incq	MB_PASSES(%rdi)
	movw	$PAYLOAD_PORT_PASS_DONE, %dx
	outb	%al, %dx
	jmp	next_pass

/*
 * The stress (see PAYLOAD_CMD_STRESS): %r14 visits left, %r15 the random
 * state, %rbx the stamp sequence, %r11 the records, %r12 the page index,
 * %r8 its address, %r9 the word expected at offset %rdx.
 */
stress:
	movq	MB_OPS(%rdi), %r14
	movq	MB_SEED(%rdi), %r15
	movq	MB_SEQ(%rdi), %rbx
stress_visit:
	testq	%r14, %r14
	jz	stress_done
	movq	%r15, %rax			/* xorshift64 */
	shlq	$13, %rax
	xorq	%rax, %r15
	movq	%r15, %rax
	shrq	$7, %rax
	xorq	%rax, %r15
	movq	%r15, %rax
	shlq	$17, %rax
	xorq	%rax, %r15
	movq	%r15, %rax
	shrq	$1, %rax
	xorq	%rdx, %rdx
	divq	%rcx				/* %rdx: the page, 0 .. npages-1 */
	movq	%rdx, %r12
	movq	%r12, %r8
	imulq	%rbp, %r8
	addq	%rsi, %r8
	xorq	%rdx, %rdx
	movq	(%r11,%r12,8), %r9		/* word 0: the stamp, or common */
	testq	%r9, %r9
	jnz	verify_word
	movabsq	$PAYLOAD_PATTERN_SEED, %r9
verify_word:
	movq	(%r8,%rdx), %rax
	cmpq	%r9, %rax
	jne	corrupt
verify_next:
	addq	$8, %rdx
	cmpq	%rbp, %rdx
	jae	stress_write
	movq	%rdx, %r9
	shrq	$3, %r9
	movabsq	$PAYLOAD_PATTERN_SEED, %rax
	xorq	%rax, %r9
	jmp	verify_word
corrupt:
	movq	%r12, MB_BAD_PAGE(%rdi)
	movq	%rdx, MB_BAD_OFF(%rdi)
	movq	%r9, MB_BAD_EXPECTED(%rdi)
	movq	%rax, MB_BAD_FOUND(%rdi)
	movw	$PAYLOAD_PORT_CORRUPT, %dx
	outb	%al, %dx
	movq	MB_BAD_OFF(%rdi), %rdx
	movq	%r9, (%r8,%rdx)			/* put right, go on */
	jmp	verify_next
stress_write:
	movq	(%r11,%r12,8), %rax
	testq	%rax, %rax
	jz	stress_stamp
	movabsq	$PAYLOAD_PATTERN_SEED, %rax	/* back to the common contents */
	movq	%rax, (%r8)
	movq	$0, (%r11,%r12,8)
	incq	MB_RESTORES(%rdi)
	jmp	stress_next
stress_stamp:
	btq	$40, %r15			/* a random bit: stamp half of them */
	jnc	stress_next
	incq	%rbx
	movq	%r8, %rax
	xorl	%edx, %edx
	divq	%rbp				/* the gfn */
	shlq	$STAMP_GFN_SHIFT, %rax
	movl	%ebx, %edx
	orq	%rdx, %rax
	btsq	$STAMP_BIT, %rax
	movq	%rax, (%r8)
	movq	%rax, (%r11,%r12,8)
	incq	MB_STAMPS(%rdi)
stress_next:
	decq	%r14
	jmp	stress_visit
stress_done:
	movq	%r15, MB_SEED(%rdi)
	movq	%rbx, MB_SEQ(%rdi)
	xorq	%r9, %r9
	jmp	pass_done
