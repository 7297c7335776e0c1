/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The symbols a kernel exports, with their CRCs: what the loader's
 * find_symbol() can resolve an import to.  Read from Module.symvers (every
 * format since 5.4 moved namespaces around), and from the __ksymtab_* and
 * __crc_* symbols of installed modules for exporters Module.symvers does
 * not know (out-of-tree, DKMS).
 */
#ifndef MODVERIFY_EXPORTS_H
#define MODVERIFY_EXPORTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decompress.h"
#include "elfmod.h"

#define MV_EXPORT_OWNER_VMLINUX	"vmlinux"

struct mv_export {
	const char *name;
	const char *owner;	/* "vmlinux" or the exporting module's name */
	const char *ns;		/* symbol namespace, or NULL */
	uint32_t crc;
	bool has_crc;		/* false: the exporter has no CRC for it */
	bool gpl_only;		/* EXPORT_SYMBOL_GPL */
};

struct mv_exports {
	struct mv_export *items;
	size_t nr, capacity;
	size_t *slots;		/* open addressing: index + 1, 0 is free */
	size_t nr_slots;
};

void mv_exports_init(struct mv_exports *e);
void mv_exports_free(struct mv_exports *e);

/* Copies the strings.  1 if the name was known (the first one stays),
 * 0 if added, -1 without memory. */
int mv_exports_add(struct mv_exports *e, const struct mv_export *x);
const struct mv_export *mv_exports_find(const struct mv_exports *e,
					const char *name);

/* Module.symvers of an allmodconfig build is ~4 MiB; a symvers file is
 * refused beyond this, compressed or decompressed. */
#define MV_SYMVERS_MAX_BYTES	((size_t)256 << 20)

/*
 * Every line of a Module.symvers, or of a compressed copy of one
 * (/boot/symvers-REL.gz); *c says which.  0, or -1 with the reason in err.
 */
int mv_exports_load_symvers(struct mv_exports *e, const char *path,
			    enum mv_compression *c, struct mv_error *err);

/* What module m exports, owned by its name.  Returns how many, -1 if
 * out of memory. */
int mv_exports_add_module(struct mv_exports *e, const struct mv_elfmod *m);

/*
 * Every module (.ko, .ko.xz, .ko.zst, .ko.gz) below dir, without following
 * symbolic links (/lib/modules/REL/build).  Returns how many modules were
 * read, -1 if dir cannot be; *unreadable counts the files skipped.
 */
long mv_exports_scan_modules(struct mv_exports *e, const char *dir,
			     size_t *unreadable, struct mv_error *err);

#endif /* MODVERIFY_EXPORTS_H */
