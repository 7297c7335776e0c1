/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The record vocabulary seen from userspace, in one place: the enum value
 * of each spelling the shared record.h defines (decided_by, CRC verdicts,
 * vermagic verdicts, signature reasons, BTF states, attempt states,
 * relocation reasons), and the kernel's names
 * for the bit masks a record carries (taint letters and meanings,
 * finit_module(2) flag names).  record.h holds the spellings; this file
 * only looks them up.
 */
#ifndef MODVERIFY_VOCAB_H
#define MODVERIFY_VOCAB_H

#include <stddef.h>
#include <stdint.h>

#include <modverify/record.h>

/* The enum value spelled name, -1 when the spelling is unknown. */
int mv_decider_from_name(const char *name);
int mv_crc_verdict_from_name(const char *name);
int mv_vermagic_verdict_from_name(const char *name);
int mv_sig_reason_from_name(const char *name);
int mv_btf_state_from_name(const char *name);
int mv_state_from_name(const char *name);
int mv_reloc_reason_from_name(const char *name);

/* Letter and meaning of taint bit; NULL (and letter '?') if unknown. */
const char *mv_taint_meaning(unsigned int bit, char *letter);

/*
 * The letters of the bits set in mask, in bit order ('?' for unknown bits),
 * as the kernel prints them; NUL-terminated.  Returns how many.
 */
size_t mv_taint_letters(uint64_t mask, char *buf, size_t size);

/* Name of a single finit_module flag bit, or NULL. */
const char *mv_flag_name(uint64_t bit);

#endif /* MODVERIFY_VOCAB_H */
