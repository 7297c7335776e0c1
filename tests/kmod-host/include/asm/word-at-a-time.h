/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod-host shim: the word-at-a-time NUL search of x86-64's
 * <asm/word-at-a-time.h> (6.12), for little-endian 64-bit hosts.
 */
#ifndef _KH_ASM_WORD_AT_A_TIME_H
#define _KH_ASM_WORD_AT_A_TIME_H

_Static_assert(sizeof(unsigned long) == 8 && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "the shim is x86-64's");

struct word_at_a_time {
	const unsigned long one_bits, high_bits;
};

#define WORD_AT_A_TIME_CONSTANTS { 0x0101010101010101UL, 0x8080808080808080UL }

static inline unsigned long has_zero(unsigned long a, unsigned long *bits,
				     const struct word_at_a_time *c)
{
	unsigned long mask = ((a - c->one_bits) & ~a) & c->high_bits;

	*bits = mask;
	return mask;
}

static inline unsigned long prep_zero_mask(unsigned long a, unsigned long bits,
					   const struct word_at_a_time *c)
{
	return bits;
}

#define create_zero_mask(bits) (bits)

static inline unsigned long zero_bytemask(unsigned long bits)
{
	bits = (bits - 1) & ~bits;
	return bits >> 7;
}

#define find_zero(bits) ((unsigned long)__builtin_ctzl(bits) >> 3)

#endif
