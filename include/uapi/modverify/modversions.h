/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Decoding a module's symbol-version tables, as the kernel's check_version()
 * reads them (kernel/module/version.c):
 *
 *   __versions            struct modversion_info { unsigned long crc;
 *                         char name[64 - sizeof(unsigned long)]; }[]
 *                         in the module's ELF class and byte order;
 *   __version_ext_crcs    u32[] (6.14+, extended modversions), and
 *   __version_ext_names   the matching names, NUL-terminated, back to back.
 *
 * When the extended tables exist the kernel relies on them alone.  Every
 * read is bounded by the section sizes given: the tables come from an image
 * nobody has validated yet.  Plain C shared by the kernel module, the
 * reader's `check` command and the host tests.
 */
#ifndef _UAPI_MODVERIFY_MODVERSIONS_H
#define _UAPI_MODVERIFY_MODVERSIONS_H

#ifdef __KERNEL__
#include <linux/string.h>
#include <linux/types.h>
#else
#include <stddef.h>
#include <string.h>
#endif

/**
 * struct mv_vertables - a module's version tables
 * @vers: __versions contents, or NULL
 * @vers_size: its size in bytes
 * @ext_crcs: __version_ext_crcs contents, or NULL
 * @ext_crcs_size: its size in bytes
 * @ext_names: __version_ext_names contents, or NULL
 * @ext_names_size: its size in bytes
 * @long_size: sizeof(unsigned long) for the module: 8 (ELF64) or 4 (ELF32)
 * @big_endian: the module's byte order
 */
struct mv_vertables {
	const unsigned char *vers;
	size_t vers_size;
	const unsigned char *ext_crcs;
	size_t ext_crcs_size;
	const char *ext_names;
	size_t ext_names_size;
	unsigned int long_size;
	int big_endian;
};

/** struct mv_modversion - one decoded entry */
struct mv_modversion {
	const char *name;	/* NUL-terminated, inside the table */
	unsigned long crc;
};

#define MV_MODVERSION_ENTRY	64	/* sizeof(struct modversion_info) */

static inline unsigned long mv_get_uint(const unsigned char *p, unsigned int size,
					int big_endian)
{
	unsigned long v = 0;
	unsigned int i;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (!big_endian && size <= sizeof(v)) {
		memcpy(&v, p, size);	/* the common case, without a loop */
		return v;
	}
#endif
	for (i = 0; i < size; i++)
		v |= (unsigned long)p[big_endian ? i : size - 1 - i] << (8 * (size - 1 - i));
	return v;
}

static inline int mv_vertables_ext(const struct mv_vertables *t)
{
	return !!t->ext_crcs;
}

/**
 * mv_vertables_check() - validate the tables as the kernel does
 * @t: the tables
 *
 * Return: NULL if usable, else what is wrong (in the kernel's words where
 * it has some: elf_validity_cache_index_versions(), 6.14+).
 */
static inline const char *mv_vertables_check(const struct mv_vertables *t)
{
	size_t i, names = 0;

	if (t->long_size != 4 && t->long_size != 8)
		return "unsupported ELF class";
	if (t->vers) {
		if (t->vers_size % MV_MODVERSION_ENTRY)
			return "__versions size not a multiple of the entry size";
		/* modpost pads names with NULs: the last byte usually says. */
		for (i = 0; i < t->vers_size; i += MV_MODVERSION_ENTRY)
			if (t->vers[i + MV_MODVERSION_ENTRY - 1] &&
			    !memchr(t->vers + i + t->long_size, '\0',
				    MV_MODVERSION_ENTRY - t->long_size))
				return "__versions name not NUL-terminated";
	}
	if (!t->ext_crcs != !t->ext_names)
		return "extended version crc+name presence does not match";
	if (!t->ext_crcs)
		return NULL;
	if (t->ext_crcs_size % 4)
		return "__version_ext_crcs size not a multiple of 4";
	if (t->ext_names_size && t->ext_names[t->ext_names_size - 1] != '\0')
		return "__version_ext_names not NUL-terminated";
	for (i = 0; i < t->ext_names_size; i++)
		names += t->ext_names[i] == '\0';
	if (t->ext_crcs_size / 4 > names)
		return "more extended version crcs than names";
	return NULL;
}

/* Number of entries the kernel consults. */
static inline size_t mv_vertables_count(const struct mv_vertables *t)
{
	if (mv_vertables_ext(t))
		return t->ext_crcs_size / 4;
	return t->vers ? t->vers_size / MV_MODVERSION_ENTRY : 0;
}

/**
 * mv_vertables_next() - iterate the entries the kernel consults, in order
 * @t: tables that passed mv_vertables_check()
 * @pos: iterator state, 0 to start (an entry index for __versions, a byte
 *	 offset into the names for the extended tables)
 * @i: entry index, 0 to start
 * @out: the entry
 *
 * Return: 1 with @out filled, 0 at the end.
 */
static inline int mv_vertables_next(const struct mv_vertables *t, size_t *pos,
				    size_t *i, struct mv_modversion *out)
{
	if (*i >= mv_vertables_count(t))
		return 0;
	if (mv_vertables_ext(t)) {
		out->name = t->ext_names + *pos;
		out->crc = mv_get_uint(t->ext_crcs + *i * 4, 4, t->big_endian);
		*pos += strlen(out->name) + 1;
	} else {
		const unsigned char *e = t->vers + *i * MV_MODVERSION_ENTRY;

		out->crc = mv_get_uint(e, t->long_size, t->big_endian);
		out->name = (const char *)e + t->long_size;
	}
	(*i)++;
	return 1;
}

/**
 * mv_vertables_find() - the module's CRC for @sym, by the kernel's rule
 * @t: tables that passed mv_vertables_check()
 * @sym: symbol name
 * @crc: the CRC found
 *
 * The first entry with that name wins, as in check_version().
 * Return: 1 if found, 0 if not.
 */
static inline int mv_vertables_find(const struct mv_vertables *t, const char *sym,
				    unsigned long *crc)
{
	struct mv_modversion e;
	size_t pos = 0, i = 0;

	while (mv_vertables_next(t, &pos, &i, &e)) {
		if (!strcmp(e.name, sym)) {
			*crc = e.crc;
			return 1;
		}
	}
	return 0;
}

/*
 * Whether the kernel's comparison passes: `versions[i].crc == crcval` with
 * an unsigned long on the module's side and the kernel's u32 (s32 before
 * 6.14, converted), so high bits in the module's CRC never match.
 */
static inline int mv_crc_matches(unsigned long module_crc, unsigned int kernel_crc)
{
	return module_crc == (unsigned long)kernel_crc;
}

/*
 * Where a CONFIG_MODULE_REL_CRCS (up to 5.18) __kcrctab cell points: it
 * holds the CRC's offset from the cell itself.
 */
static inline const void *mv_rel_crc_target(const void *cell, int offset)
{
	return (const char *)cell + offset;
}

#endif /* _UAPI_MODVERIFY_MODVERSIONS_H */
