/* SPDX-License-Identifier: GPL-2.0 */
/*
 * FNV-1a, a small non-cryptographic hash: the export table's buckets, and
 * --follow's memory of a bad record it already reported.
 */
#ifndef MODVERIFY_HASH_H
#define MODVERIFY_HASH_H

#include <stddef.h>
#include <stdint.h>

static inline uint64_t mv_hash(const void *data, size_t len)
{
	const unsigned char *c = data;
	uint64_t h = 0xcbf29ce484222325ULL;

	while (len--) {
		h ^= *c++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

#endif /* MODVERIFY_HASH_H */
