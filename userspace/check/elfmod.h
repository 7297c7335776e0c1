/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A kernel module image read the way the loader reads it: ELF32 or ELF64,
 * either byte order, its sections, symbols, .modinfo, version tables, the
 * name in .gnu.linkonce.this_module and the appended signature.
 *
 * The image is untrusted: every offset is checked against its size before
 * use.  What keeps the image from being read at all (not ELF, truncated,
 * broken name tables, no .modinfo) is an error; what the kernel itself
 * checks and refuses (machine, object type, missing sections) is left to
 * the prediction, which reports it as the kernel would.
 */
#ifndef MODVERIFY_ELFMOD_H
#define MODVERIFY_ELFMOD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <modverify/modversions.h>

#include "error.h"

/* As in include/linux/module_signature.h, which is not exported. */
#define MV_SIG_MARKER		"~Module signature appended~\n"

struct mv_elf_section {
	const char *name;	/* NUL-terminated, in the name table */
	uint32_t type;
	uint64_t flags;
	uint64_t offset;
	uint64_t size;
	uint32_t link;
	const unsigned char *data;	/* NULL for SHT_NOBITS */
};

struct mv_elf_symbol {
	const char *name;	/* NUL-terminated, in the string table */
	uint64_t value;
	uint16_t shndx;
	unsigned char bind;	/* STB_* */
};

struct mv_elfmod {
	const unsigned char *image;
	size_t image_size;	/* as handed to the loader, signature included */
	size_t elf_size;	/* what the loader parses: without the signature */
	bool signature;		/* the image ends with MV_SIG_MARKER */
	int sig_check;		/* 0, -EBADMSG or -ENOPKG: mod_check_sig() */

	unsigned int elf_class;	/* 32 or 64 */
	bool big_endian;
	uint16_t type;		/* e_type */
	uint16_t machine;	/* e_machine */

	struct mv_elf_section *sections;
	size_t nr_sections;
	const struct mv_elf_section *symtab;	/* NULL: none (the kernel refuses) */
	const struct mv_elf_section *strtab;
	size_t nr_symbols;	/* entries, the null symbol included */

	char *modinfo;		/* the first .modinfo, copied and NUL-terminated */
	size_t modinfo_size;
	unsigned int nr_modinfo;	/* .modinfo sections */
	unsigned int nr_this_module;	/* .gnu.linkonce.this_module sections */
	char name[64];		/* from this_module, else .modinfo name= */

	struct mv_vertables versions;	/* __versions and the 6.14 tables */
};

/* Returns 0, or -1 with the reason in err (the image is not usable). */
int mv_elfmod_parse(struct mv_elfmod *m, const unsigned char *image,
		    size_t size, struct mv_error *err);
void mv_elfmod_free(struct mv_elfmod *m);

/*
 * Only the ELF header and the sections of an ELF file that is no module
 * (a build tree's vmlinux): no signature, symbols or .modinfo are read.
 * Returns 0, or -1 with the reason in err; free with mv_elfmod_free().
 */
int mv_elf_parse_sections(struct mv_elfmod *m, const unsigned char *image,
			  size_t size, struct mv_error *err);

/* The first section of that name, or NULL. */
const struct mv_elf_section *mv_elfmod_section(const struct mv_elfmod *m,
					       const char *name);

/* Symbol i (0 < i < nr_symbols); names were checked by the parser. */
void mv_elfmod_symbol(const struct mv_elfmod *m, size_t i,
		      struct mv_elf_symbol *sym);

/* An unsigned integer of 1..8 bytes in the module's byte order. */
uint64_t mv_elfmod_uint(const struct mv_elfmod *m, const unsigned char *p,
			unsigned int size);

/*
 * The value of "key=" in .modinfo after prev (NULL: the first), as the
 * kernel's get_modinfo() finds it; NULL when there is none.
 */
const char *mv_modinfo_next(const struct mv_elfmod *m, const char *key,
			    const char *prev);
/* The same in a .modinfo copy of size bytes, NUL-terminated after them. */
const char *mv_modinfo_lookup(const char *modinfo, size_t size,
			      const char *key, const char *prev);

#endif /* MODVERIFY_ELFMOD_H */
