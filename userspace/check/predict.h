/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Predicting the loader's verdict on a module image for a kernel known by
 * its build tree: the kernel's checks in the kernel's order, with the
 * kernel's rules (kernel/module/main.c, version.c, signing.c), stopping
 * where the kernel would stop.  What depends on the state of a running
 * kernel (trusted keys, blacklist, lockdown, modules already loaded, the
 * module's own init) is not predicted.
 *
 * The prediction is a struct mv_record marked "prediction: yes", filled as
 * the kernel module would fill one, so the diagnosis and the renderers
 * take it like a record of a real attempt; what only a load would tell
 * (who, when, stages, the running kernel's taint, init's result) is left
 * unknown.
 */
#ifndef MODVERIFY_PREDICT_H
#define MODVERIFY_PREDICT_H

#include <stddef.h>

#include "elfmod.h"
#include "kernel_target.h"
#include "record.h"

/* A module that must be loaded first: it exports what this one uses. */
struct mv_dependency {
	const char *module;
	const char *symbol;	/* the first import it provides */
};

struct mv_dependencies {
	struct mv_dependency *items;
	size_t nr;
};

/*
 * Predict into rec (free with mv_record_free()) and deps (free with
 * mv_dependencies_free()).  Strings point into m and t, which must outlive
 * both.  0, or -1 without memory.
 */
int mv_predict(const struct mv_elfmod *m, const struct mv_target *t,
	       struct mv_record *rec, struct mv_dependencies *deps);
void mv_dependencies_free(struct mv_dependencies *deps);

#endif /* MODVERIFY_PREDICT_H */
