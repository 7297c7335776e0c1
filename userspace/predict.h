/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Predicting the loader's verdict on a module image for a kernel known by
 * its build tree: the kernel's checks in the kernel's order, with the
 * kernel's rules (kernel/module/main.c, version.c, signing.c), stopping
 * where the kernel would stop.  What depends on the state of a running
 * kernel (trusted keys, blacklist, lockdown, modules already loaded, the
 * module's own init) is not predicted.
 */
#ifndef MODVERIFY_PREDICT_H
#define MODVERIFY_PREDICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elfmod.h"
#include "kernel_target.h"
#include "record.h"

struct mv_pred_crc {
	const char *symbol;
	bool has_module_crc;
	bool has_kernel_crc;
	unsigned long module_crc;
	uint32_t kernel_crc;
	enum mv_crc_verdict verdict;
};

struct mv_pred_forced {
	bool ok;
	const char *reason;
};

/* A module another module must be loaded after: it exports what it uses. */
struct mv_pred_dependency {
	const char *module;
	const char *symbol;	/* the first import it provides */
};

struct mv_prediction {
	const char *kernel;		/* the target's release */
	const char *module;		/* NULL if the image names none */
	const char *srcversion;
	size_t image_size;
	char image_check[160];		/* "ok" or what the kernel refuses */
	bool size_checked;		/* the target compares (6.4+) ... */
	bool has_module_size;		/* ... this_module's size, */
	uint64_t module_size;
	uint64_t kernel_module_size;	/* ... with this, 0: not known */
	bool btf;			/* the image has a .BTF section */
	int result;			/* 0 or a negative errno */
	enum mv_decider decided_by;
	bool signature;			/* the marker is there */
	enum mv_yesno sig_enforced;
	int sig_reason;			/* enum mv_sig_reason, -1 for "-" */
	const char *vermagic_module;	/* NULL if .modinfo has none */
	const char *vermagic_kernel;
	bool release_compared;
	enum mv_vermagic_verdict vermagic_verdict;
	struct mv_pred_crc *crcs;
	size_t nr_crcs;
	struct mv_pred_forced *forced;
	size_t nr_forced;
	const char **unresolved;
	size_t nr_unresolved;
	char module_taint[24];		/* letters, "" when not loaded */
	struct mv_pred_dependency *needs;
	size_t nr_needs;
};

/* Strings point into m and t, which must outlive p.  0, -1 without memory. */
int mv_predict(const struct mv_elfmod *m, const struct mv_target *t,
	       struct mv_prediction *p);
void mv_prediction_free(struct mv_prediction *p);

#endif /* MODVERIFY_PREDICT_H */
