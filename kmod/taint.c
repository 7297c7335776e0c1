// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's taint mask.  get_taint() is not exported to modules, but
 * test_taint() is; the letters come from the shared table in record.h
 * because the kernel's taint_flags[] is not exported either.
 */
#include <linux/kernel.h>

#include "compat.h"
#include "modverify.h"

/* Letters by bit, from the shared table. */
static const char taint_letter[] = {
#define MV_TAINT_LETTER(bit, letter, meaning) [bit] = letter,
	MV_TAINTS(MV_TAINT_LETTER)
#undef MV_TAINT_LETTER
};

static_assert(ARRAY_SIZE(taint_letter) >= TAINT_FLAGS_COUNT,
	      "record.h has no letter for some of this kernel's taint flags");

unsigned long mv_taint_snapshot(void)
{
	unsigned long mask = 0;
	unsigned int bit;

	for (bit = 0; bit < TAINT_FLAGS_COUNT; bit++)
		if (test_taint(bit))
			mask |= BIT(bit);
	return mask;
}

/* Letters of the set flags in bit order (like /sys/module/X/taint), or "-". */
size_t mv_taint_letters(unsigned long mask, char *out, size_t size)
{
	unsigned int bit;
	size_t n = 0;

	for (bit = 0; bit < TAINT_FLAGS_COUNT && n + 1 < size; bit++)
		if (mask & BIT(bit))
			out[n++] = taint_letter[bit];
	if (!n && size > 1)
		out[n++] = '-';
	out[n] = '\0';
	return n;
}
