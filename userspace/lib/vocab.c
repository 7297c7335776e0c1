// SPDX-License-Identifier: GPL-2.0
/*
 * Lookups in the shared record vocabulary (vocab.h): every table here is
 * expanded from an X-macro of include/uapi/modverify/record.h, so a new
 * spelling is added there only.
 */
#include <string.h>

#include "array.h"
#include "vocab.h"

/*
 * NAME(const char *name): the enum value record.h spells @name, or -1;
 * one per vocabulary, each the inverse of record.h's TYPE_name().
 */
#define MV_FROM_NAME(fn, type, count, to_name)				\
int fn(const char *name)						\
{									\
	int v;								\
									\
	for (v = 0; v < (count); v++)					\
		if (strcmp(name, to_name((type)v)) == 0)		\
			return v;					\
	return -1;							\
}

MV_FROM_NAME(mv_decider_from_name, enum mv_decider, MV_DECIDED_COUNT, mv_decider_name)
MV_FROM_NAME(mv_crc_verdict_from_name, enum mv_crc_verdict, MV_CRC_VERDICT_COUNT,
	     mv_crc_verdict_name)
MV_FROM_NAME(mv_sig_reason_from_name, enum mv_sig_reason, MV_SIG_REASON_COUNT,
	     mv_sig_reason_name)
MV_FROM_NAME(mv_vermagic_verdict_from_name, enum mv_vermagic_verdict,
	     MV_VERMAGIC_VERDICT_COUNT, mv_vermagic_verdict_name)
MV_FROM_NAME(mv_btf_state_from_name, enum mv_btf_state, MV_BTF_STATE_COUNT,
	     mv_btf_state_name)
MV_FROM_NAME(mv_state_from_name, enum mv_state, MV_STATE_COUNT, mv_state_name)
MV_FROM_NAME(mv_reloc_reason_from_name, enum mv_reloc_reason, MV_RELOC_REASON_COUNT,
	     mv_reloc_reason_name)

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
