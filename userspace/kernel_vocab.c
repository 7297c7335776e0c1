// SPDX-License-Identifier: GPL-2.0
#include <stddef.h>

#include <modverify/record.h>

#include "kernel_vocab.h"

static const struct {
	unsigned int bit;
	char letter;
	const char *meaning;
} taints[] = {
#define MV_TAINT_ENTRY(bit, letter, meaning) { bit, letter, meaning },
	MV_TAINTS(MV_TAINT_ENTRY)
#undef MV_TAINT_ENTRY
};

static const struct {
	uint64_t bit;
	const char *name;
} flags[] = {
#define MV_FLAG_ENTRY(bit, name) { bit, name },
	MV_FLAGS(MV_FLAG_ENTRY)
#undef MV_FLAG_ENTRY
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

const char *mv_taint_meaning(unsigned int bit, char *letter)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(taints); i++) {
		if (taints[i].bit == bit) {
			if (letter)
				*letter = taints[i].letter;
			return taints[i].meaning;
		}
	}
	if (letter)
		*letter = '?';
	return NULL;
}

size_t mv_taint_letters(uint64_t mask, char *buf, size_t size)
{
	size_t n = 0;
	unsigned int bit;

	for (bit = 0; bit < 64 && n + 1 < size; bit++)
		if (mask & (1ULL << bit))
			mv_taint_meaning(bit, &buf[n++]);
	buf[n] = '\0';
	return n;
}

const char *mv_flag_name(uint64_t bit)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(flags); i++)
		if (flags[i].bit == bit)
			return flags[i].name;
	return NULL;
}
