/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod-host: helpers shared by the unit test suites.  Each suite file is
 * compiled with the kernel shims, against kmod's own modverify.h.
 */
#ifndef _KT_H
#define _KT_H

#include "compat.h"
#include <linux/vermagic.h>
#include "modverify.h"

#include "elfb.h"
#include "kh.h"

/* Vermagic strings of this build's kernel ("modversions " when MV=y). */
#define KT_RELEASE	KH_UTS_RELEASE
#define KT_VERMAGIC	VERMAGIC_STRING

/* A fresh attempt and record, as mv_attempt_begin() leaves them. */
struct mv_attempt *kt_attempt(void);
void kt_attempt_free(struct mv_attempt *a);

/* Parse @img (copied to a buffer of exactly its length, so that ASan sees
 * any read past it) into a fresh attempt, then build its indexes as the
 * first check_version() would (mv_image_index()); kh_work counts these two
 * only. */
struct mv_attempt *kt_parse(const void *img, size_t len);
struct mv_attempt *kt_parse_image(struct kb_image *img);
/* Build @kb, then free it. */
struct kb_image kt_build(struct kb *kb);
/* Build @kb (then freed) into @img and parse it. */
struct mv_attempt *kt_build_parse(struct kb *kb, struct kb_image *img);
/* Free the attempt and the image. */
void kt_done(struct mv_attempt *a, struct kb_image *img);

/* Whether @rec's text (mv_record_format()) has @line, whole. */
bool kt_record_has_line(const struct mv_record *rec, const char *line);

/* The name of symbol @i of @image, pointing into its string table, as the
 * kernel passes it to check_version(). */
const char *kt_sym_name(const unsigned char *image, unsigned int i);

/*
 * The strong imports of an index mv_image_index() built, in symbol-table
 * order: the name of the first one at or after entry *@i, *@i moved past
 * it; NULL when there is none.  Start with *@i = 0.  Entry 0, the null
 * symbol, is skipped, as simplify_symbols() skips it.
 */
static inline const char *kt_import_next(const struct mv_imports *im, unsigned int *i)
{
	for (*i = *i ? *i : 1; *i < im->nsyms; (*i)++)
		if (mv_import_strong(im, &im->syms[*i]))
			return im->strtab + im->syms[(*i)++].st_name;
	return NULL;
}

/* The name of strong import @k (0: the first), or NULL. */
static inline const char *kt_import_name(const struct mv_imports *im, unsigned int k)
{
	unsigned int i = 0;
	const char *name;

	while ((name = kt_import_next(im, &i)) && k--)
		;
	return name;
}

void test_image(void);
void test_defects(void);
void test_verdict(void);
void test_history(void);
void test_record(void);
void test_task_exit(void);
void test_reloc(void);
void test_klog(void);
void test_modsig(void);
void test_params(void);

#endif
