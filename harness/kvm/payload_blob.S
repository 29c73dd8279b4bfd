/* SPDX-License-Identifier: GPL-2.0 */
/* Embeds the flat guest binary built from guest/$(ARCH)/payload.S. */
	.section .rodata
	.globl payload_blob_start, payload_blob_end
	.balign 16
payload_blob_start:
	.incbin PAYLOAD_BIN
payload_blob_end:
	.section .note.GNU-stack, "", %progbits
