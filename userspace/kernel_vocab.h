/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's names for the bit masks a record carries: taint flags
 * (letters and meanings) and finit_module(2) flags, from MV_TAINTS and
 * MV_FLAGS in the shared record.h.
 */
#ifndef MODVERIFY_KERNEL_VOCAB_H
#define MODVERIFY_KERNEL_VOCAB_H

#include <stddef.h>
#include <stdint.h>

/* Letter and meaning of taint bit; NULL (and letter '?') if unknown. */
const char *mv_taint_meaning(unsigned int bit, char *letter);

/*
 * The letters of the bits set in mask, in bit order ('?' for unknown bits),
 * as the kernel prints them; NUL-terminated.  Returns how many.
 */
size_t mv_taint_letters(uint64_t mask, char *buf, size_t size);

/* Name of a single finit_module flag bit, or NULL. */
const char *mv_flag_name(uint64_t bit);

#endif /* MODVERIFY_KERNEL_VOCAB_H */
