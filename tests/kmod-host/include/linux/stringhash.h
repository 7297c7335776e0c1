/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod-host shim: hashlen_string() with the semantics of the kernel's
 * generic (byte-at-a-time) version in fs/namei.c: the hash of the name in
 * the low 32 bits, its length in the high 32.  The word-at-a-time x86
 * version hashes differently; no test depends on the hash values, only on
 * equal names hashing equally and the length being right.  Counted as work
 * (see <linux/string.h>): one pass over the name.
 */
#ifndef _KH_LINUX_STRINGHASH_H
#define _KH_LINUX_STRINGHASH_H

#include <linux/hash.h>
#include <linux/types.h>

extern unsigned long long kh_work;

#define hashlen_hash(hashlen)		((u32)(hashlen))
#define hashlen_len(hashlen)		((u32)((hashlen) >> 32))
#define hashlen_create(hash, len)	((u64)(len) << 32 | (u32)(hash))

static inline unsigned long partial_name_hash(unsigned long c, unsigned long prevhash)
{
	return (prevhash + (c << 4) + (c >> 4)) * 11;
}

static inline u64 hashlen_string(const void *salt, const char *name)
{
	unsigned long hash = (unsigned long)salt, len = 0, c;

	for (c = (unsigned char)*name; c; c = (unsigned char)name[len]) {
		len++;
		hash = partial_name_hash(c, hash);
	}
	kh_work += len + 1;
	return hashlen_create(__hash_32((u32)hash), len);
}

#endif
