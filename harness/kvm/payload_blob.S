/* SPDX-License-Identifier: GPL-2.0 */
/* Embeds the flat guest binary built from guest/payload.S. */
	.section .rodata
	.globl payload_blob_start, payload_blob_end
	.balign 16
payload_blob_start:
	.incbin "guest/payload.bin"
payload_blob_end:
	.section .note.GNU-stack, "", @progbits
