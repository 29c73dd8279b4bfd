/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest: runs at CPL3 in 64-bit mode (CPL0 code is emulated by some
 * software KVMs and would hide the faults we count).  Each pass loads one
 * qword every MB_STRIDE bytes of MB_NPAGES pages from MB_BASE; only
 * PAYLOAD_CMD_WRITE stores to that memory.  The pass is timestamped with
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
	cmpq	$4096, %rdx
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
	addq	$4096, %rsi
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
