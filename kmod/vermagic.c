// SPDX-License-Identifier: GPL-2.0
/*
 * The vermagic comparison.  When the same_magic() probe fires, the kernel's
 * own strings and verdict are recorded ("observed").  When it cannot attach
 * (inlined, as on kernels before 5.19) modverify applies the kernel's rule
 * itself ("derived"): the module's vermagic= from .modinfo against the
 * running kernel's VERMAGIC_STRING, skipping the release word when the
 * module carries __versions.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/string.h>
#include <linux/utsname.h>

#include "compat.h"
#include <linux/vermagic.h>

#include "modverify.h"

static char kernel_vermagic[MV_VERMAGIC_LEN];

/*
 * VERMAGIC_STRING carries the release of the headers modverify was built
 * against; the config words after it are the running kernel's (modverify
 * would not load otherwise), the release is taken from the running kernel.
 */
void mv_vermagic_init(void)
{
	const char *words = strchr(VERMAGIC_STRING, ' ');

	snprintf(kernel_vermagic, sizeof(kernel_vermagic), "%s%s",
		 init_utsname()->release, words ? words : "");
}

const char *mv_kernel_vermagic(void)
{
	return kernel_vermagic;
}

/* The kernel's same_magic(), kernel/module/version.c. */
static bool same_magic(const char *amagic, const char *bmagic, bool has_crcs)
{
	if (has_crcs) {
		amagic += strcspn(amagic, " ");
		bmagic += strcspn(bmagic, " ");
	}
	return strcmp(amagic, bmagic) == 0;
}

static const struct {
	const char *cls, *word;
} vermagic_words[] = {
#define MV_WORD(cls, word) { cls, word },
	MV_VERMAGIC_WORDS(MV_WORD)
#undef MV_WORD
};

/* The class a vermagic word belongs to, as named in records. */
static const char *word_class(const char *word, size_t len, bool first)
{
	unsigned int i;

	if (first)
		return MV_VERMAGIC_RELEASE;
	for (i = 0; i < ARRAY_SIZE(vermagic_words); i++) {
		const char *w = vermagic_words[i].word;
		size_t wlen = strlen(w);
		bool prefix = w[wlen - 1] == '_';

		if ((len == wlen || (prefix && len > wlen)) && !memcmp(word, w, wlen))
			return vermagic_words[i].cls;
	}
	return MV_VERMAGIC_ARCH;
}

/* Concatenate into @out the words of @s that belong to class @cls. */
static void class_words(const char *s, const char *cls, char *out, size_t size)
{
	bool first = true;
	size_t used = 0;

	out[0] = '\0';
	while (*s) {
		size_t len = strcspn(s, " ");

		if (len && !strcmp(word_class(s, len, first), cls) &&
		    used + len + 1 < size) {
			memcpy(out + used, s, len);
			used += len;
			out[used++] = ' ';
			out[used] = '\0';
		}
		if (len)
			first = false;
		s += len;
		s += strspn(s, " ");
	}
}

/**
 * mv_vermagic_differs() - name the classes of words in which @a and @b differ
 * @a: a vermagic string
 * @b: another
 * @out: space-separated class names, in VERMAGIC_STRING order
 * @size: size of @out
 *
 * Return: length written; 0 if no class differs.
 */
size_t mv_vermagic_differs(const char *a, const char *b, char *out, size_t size)
{
#define MV_CLASS_NAME(name) name,
	static const char * const classes[] = { MV_VERMAGIC_CLASSES(MV_CLASS_NAME) };
#undef MV_CLASS_NAME
	char wa[MV_VERMAGIC_LEN], wb[MV_VERMAGIC_LEN];
	size_t used = 0;
	unsigned int i;

	out[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(classes); i++) {
		class_words(a, classes[i], wa, sizeof(wa));
		class_words(b, classes[i], wb, sizeof(wb));
		if (strcmp(wa, wb))
			used += scnprintf(out + used, size - used, "%s%s",
					  used ? " " : "", classes[i]);
	}
	return used;
}

/**
 * mv_vermagic_derive() - the kernel's vermagic verdict, recomputed
 * @rec: a record whose vermagic strings and has_crcs are filled
 *
 * Return: what check_modinfo() decides for these strings when nothing is
 * forced: MISSING without vermagic=, else MATCH or MISMATCH by same_magic().
 */
int mv_vermagic_derive(const struct mv_record *rec)
{
	if (!rec->vermagic_in_module)
		return MV_VERMAGIC_MISSING;
	if (same_magic(rec->vermagic_module, rec->vermagic_kernel, rec->has_crcs))
		return MV_VERMAGIC_MATCH;
	return MV_VERMAGIC_MISMATCH;
}
