/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Vermagic strings word by word: which words of the module's and the
 * kernel's strings differ, what each word stands for, and whether the two
 * strings pass the kernel's comparison (kernel/module/version.c same_magic).
 */
#ifndef MODVERIFY_VERMAGIC_H
#define MODVERIFY_VERMAGIC_H

#include <stdbool.h>
#include <stddef.h>

#include <modverify/record.h>

/* A vermagic string is cut at 255 bytes, so at most 128 words. */
#define MV_VERMAGIC_MAX_WORDS	128

struct mv_vermagic_word {
	const char *text;	/* not NUL-terminated: use len */
	size_t len;
	const char *class;	/* "release", "smp", ..., "arch" */
	bool differs;		/* the other string has no such word */
};

struct mv_vermagic_words {
	struct mv_vermagic_word word[MV_VERMAGIC_MAX_WORDS];
	size_t nr;
};

/* The module's and the kernel's strings, word by word. */
struct mv_vermagic_pair {
	struct mv_vermagic_words module;
	struct mv_vermagic_words kernel;
};

/*
 * Split both strings on spaces (the first word is the release; NULL has
 * no words) and, when both are known, mark the words of each side that the
 * other side lacks.
 */
void mv_vermagic_compare(struct mv_vermagic_pair *pair, const char *module,
			 const char *kernel);

/*
 * Names of the classes whose words differ (the words of a class compared
 * in order, as the kernel module does for vermagic_differs), in
 * MV_VERMAGIC_CLASSES order.  Returns how many were stored in
 * names[0..max).
 */
size_t mv_vermagic_differing(const struct mv_vermagic_pair *pair,
			     const char **names, size_t max);

/* The kernel's rule: the release word is skipped when the module has CRCs. */
bool mv_vermagic_agree(const char *module, const char *kernel,
		       bool release_compared);

/* Whether some word of w is of that class ("modversions", ...). */
bool mv_vermagic_has_class(const struct mv_vermagic_words *w,
			   const char *class);

/* What a word class stands for, e.g. "CONFIG_MODVERSIONS". */
const char *mv_vermagic_class_meaning(const char *class);

#endif /* MODVERIFY_VERMAGIC_H */
