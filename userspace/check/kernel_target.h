/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel a module is checked against, read from its build tree (what
 * /lib/modules/REL/build or linux-headers-REL holds), or, when none is
 * installed, from the files an installed kernel ships beside itself
 * (/boot/symvers-REL.gz and /boot/config-REL on Fedora, RHEL, openEuler):
 * the release, its version, the configuration that decides the loader's
 * rules, the VERMAGIC_STRING it compiles in, and its exports with their
 * CRCs.
 */
#ifndef MODVERIFY_KERNEL_TARGET_H
#define MODVERIFY_KERNEL_TARGET_H

#include <stdbool.h>
#include <stdint.h>

#include "decompress.h"
#include "error.h"
#include "exports.h"

/*
 * A directory taken as / where check looks for a kernel's files (/usr/src,
 * /lib/modules, /usr/lib/modules, /boot) by default: for tests, which
 * cannot write there.
 */
#define MV_ROOT_ENV	"MODVERIFY_ROOT"

/* What the command line says; NULLs for what it does not. */
struct mv_target_spec {
	const char *kernel;	/* --kernel REL */
	const char *kdir;	/* --kdir DIR */
	const char *symvers;	/* --symvers FILE */
	const char *vermagic;	/* --vermagic STRING */
	bool with_modules;	/* --with-modules[=DIR] */
	const char *modules_dir;
};

struct mv_target {
	char dir[4096];		/* the build tree, "" without one */
	char symvers[4200];	/* the file the CRCs were read from */
	enum mv_compression symvers_compression;
	char config_file[4200];	/* without a tree: /boot/config-REL, or "" */
	char modules_dir[4200];	/* /lib/modules/RELEASE, under MODVERIFY_ROOT */
	char release[128];
	int version, patchlevel;	/* -1: unknown */
	char vermagic[256];	/* VERMAGIC_STRING, trailing space and all */

	bool config_known;	/* include/config/auto.conf was read */
	bool modversions;	/* CONFIG_MODVERSIONS */
	bool force_load;	/* CONFIG_MODULE_FORCE_LOAD */
	bool module_sig;	/* CONFIG_MODULE_SIG */
	bool sig_force;		/* CONFIG_MODULE_SIG_FORCE */
	bool strict_rwx;	/* CONFIG_STRICT_MODULE_RWX */
	bool allow_missing_ns;	/* CONFIG_MODULE_ALLOW_MISSING_NAMESPACE_IMPORTS */
	bool livepatch;		/* CONFIG_LIVEPATCH */
	bool refuses_unversioned;	/* Debian: an import without a CRC fails */
	uint16_t machine;	/* e_machine, 0 if not known */
	unsigned int elf_class;	/* 32 or 64, 0 if not known */
	int big_endian;		/* -1 if not known */

	/* sizeof(struct module), 0 if not known: see mv_target_checks_module_size */
	uint64_t struct_module_size;

	struct mv_exports exports;
	long modules_scanned;	/* --with-modules: modules read */
};

/*
 * Since 6.4, elf_validity_cache_copy() refuses a module whose
 * .gnu.linkonce.this_module section is not sizeof(struct module) of the
 * running kernel, before the module_layout CRC and vermagic are compared:
 * the module was built against another kernel's headers.
 */
#define MV_MODULE_SIZE_CHECK_VERSION	6
#define MV_MODULE_SIZE_CHECK_PATCHLEVEL	4

/* 0, or -1 with err filled.  Warnings go to the log callback (error.h). */
int mv_target_load(struct mv_target *t, const struct mv_target_spec *spec,
		   struct mv_error *err);
void mv_target_free(struct mv_target *t);

/* version.patchlevel at least major.minor (unknown: no) */
bool mv_target_at_least(const struct mv_target *t, int major, int minor);

/* The target compares the struct module size (6.4+). */
bool mv_target_checks_module_size(const struct mv_target *t);

#endif /* MODVERIFY_KERNEL_TARGET_H */
