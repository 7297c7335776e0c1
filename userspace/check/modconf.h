/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What modprobe's configuration (modprobe.d) says about a module: a
 * blacklist, an install command run instead of loading it, options, a
 * softdep, aliases that name it.  These decide whether `modprobe X` ever
 * reaches the kernel, so no record shows them.  Read with libkmod, the
 * parser modprobe itself uses, and matched to the module by libkmod's own
 * rules; without libkmod at build time, a stub says so.
 */
#ifndef MODVERIFY_MODCONF_H
#define MODVERIFY_MODCONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "elfmod.h"
#include "error.h"
#include "json_writer.h"

struct mv_modconf {
	char name[64];		/* as kmod spells it: '-' made '_' */
	bool blacklisted;	/* "blacklist NAME": alias loads skip it */
	char *install;		/* "install NAME CMD": CMD, or NULL */
	bool install_ignored;	/* a softdep names installed modules: libkmod
				 * then loads NAME and does not run CMD */
	char *options;		/* every "options NAME ...", joined, or NULL */
	char *softdep;		/* "softdep NAME pre: ... post: ...": the rest */
	char **aliases;		/* "alias A NAME": each A */
	size_t nr_aliases;
};

/*
 * The configuration about module name: config_path is a file or directory
 * as modprobe -C takes it, NULL for libkmod's default directories
 * (/etc/modprobe.d, /run/modprobe.d, /lib/modprobe.d, ...); modules_dir
 * is /lib/modules/RELEASE.  0, or a negative errno with err filled:
 * -ENOSYS when this build has no libkmod.
 */
int mv_modconf_read(const char *name, const char *modules_dir,
		    const char *config_path, struct mv_modconf *c,
		    struct mv_error *err);
void mv_modconf_free(struct mv_modconf *c);

/*
 * The facts and what modprobe does with them (modconf_render.c), about the
 * module m: c NULL when the configuration was not read, why saying why.
 * config_path as given to mv_modconf_read().
 */
void mv_modconf_print(FILE *out, const struct mv_modconf *c, const char *why,
		      const struct mv_elfmod *m, const char *config_path);
/* As the member "modprobe_config" of the object w is writing. */
void mv_modconf_json(struct json_writer *w, const struct mv_modconf *c,
		     const struct mv_elfmod *m, const char *config_path);

#endif /* MODVERIFY_MODCONF_H */
