// SPDX-License-Identifier: GPL-2.0
/*
 * Vermagic strings word by word (vermagic.h): the word classes come from
 * the shared record.h, so the reader names them as the kernel module does.
 */
#include <string.h>

#include "array.h"
#include "vermagic.h"

static const struct {
	const char *class;
	const char *spelling;	/* "..._": a prefix */
} word_table[] = {
#define MV_WORD_ENTRY(class, spelling) { class, spelling },
	MV_VERMAGIC_WORDS(MV_WORD_ENTRY)
#undef MV_WORD_ENTRY
};

static const struct {
	const char *class;
	const char *meaning;
} class_meanings[] = {
	{ "release",	"kernel release, uname -r" },
	{ "smp",	"CONFIG_SMP" },
	{ "preempt",	"preemption model, CONFIG_PREEMPT or CONFIG_PREEMPT_RT" },
	{ "mod_unload",	"CONFIG_MODULE_UNLOAD" },
	{ "modversions", "CONFIG_MODVERSIONS" },
	{ "randstruct",	"CONFIG_RANDSTRUCT seed: another build of the kernel" },
	{ MV_VERMAGIC_ARCH, "architecture word, MODULE_ARCH_VERMAGIC" },
	{ MV_VERMAGIC_EXTRA, "a word only one side has" },
};

const char *mv_vermagic_class_meaning(const char *class)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(class_meanings); i++)
		if (strcmp(class, class_meanings[i].class) == 0)
			return class_meanings[i].meaning;
	return NULL;
}

static const char *classify(const char *text, size_t len, bool first)
{
	size_t i;

	if (first)
		return MV_VERMAGIC_RELEASE;
	for (i = 0; i < ARRAY_SIZE(word_table); i++) {
		const char *spelling = word_table[i].spelling;
		size_t slen;

		slen = strlen(spelling);
		if (slen && spelling[slen - 1] == '_') {
			if (len > slen && memcmp(text, spelling, slen) == 0)
				return word_table[i].class;
		} else if (len == slen && memcmp(text, spelling, len) == 0) {
			return word_table[i].class;
		}
	}
	return MV_VERMAGIC_ARCH;
}

static void split(const char *vermagic, struct mv_vermagic_words *words)
{
	const char *c = vermagic;

	words->nr = 0;
	while (c && *c && words->nr < MV_VERMAGIC_MAX_WORDS) {
		struct mv_vermagic_word *w;
		size_t len;

		while (*c == ' ')
			c++;
		len = strcspn(c, " ");
		if (!len)
			break;
		w = &words->word[words->nr];
		w->text = c;
		w->len = len;
		w->class = classify(c, len, words->nr == 0);
		w->differs = false;
		words->nr++;
		c += len;
	}
}

static bool same_word(const struct mv_vermagic_word *a,
		      const struct mv_vermagic_word *b)
{
	return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

/* Release against release; any other word against the other's non-release words. */
static void mark_side(struct mv_vermagic_words *side,
		      const struct mv_vermagic_words *other)
{
	size_t i, j;

	for (i = 0; i < side->nr; i++) {
		bool found = false;

		if (i == 0) {
			found = other->nr > 0 &&
				same_word(&side->word[0], &other->word[0]);
		} else {
			for (j = 1; j < other->nr && !found; j++)
				found = same_word(&side->word[i], &other->word[j]);
		}
		side->word[i].differs = !found;
	}
}

void mv_vermagic_compare(struct mv_vermagic_pair *pair, const char *module,
			 const char *kernel)
{
	split(module, &pair->module);
	split(kernel, &pair->kernel);
	if (module && kernel) {
		mark_side(&pair->module, &pair->kernel);
		mark_side(&pair->kernel, &pair->module);
	}
}

/* Do the words of one class, taken in order, differ between the sides? */
static bool class_differs(const struct mv_vermagic_words *a,
			  const struct mv_vermagic_words *b, const char *class)
{
	size_t i = 0, j = 0;

	for (;;) {
		while (i < a->nr && strcmp(a->word[i].class, class) != 0)
			i++;
		while (j < b->nr && strcmp(b->word[j].class, class) != 0)
			j++;
		if (i == a->nr || j == b->nr)
			return i != a->nr || j != b->nr;
		if (!same_word(&a->word[i], &b->word[j]))
			return true;
		i++;
		j++;
	}
}

size_t mv_vermagic_differing(const struct mv_vermagic_pair *pair,
			     const char **names, size_t max)
{
	static const char *const classes[] = {
#define MV_CLASS_ENTRY(class) class,
		MV_VERMAGIC_CLASSES(MV_CLASS_ENTRY)
#undef MV_CLASS_ENTRY
	};
	size_t i, n = 0;

	for (i = 0; i < ARRAY_SIZE(classes) && n < max; i++)
		if (class_differs(&pair->module, &pair->kernel, classes[i]))
			names[n++] = classes[i];
	return n;
}

bool mv_vermagic_agree(const char *module, const char *kernel,
		       bool release_compared)
{
	if (!release_compared) {
		/* same_magic(): amagic += strcspn(amagic, " "), same for b */
		module += strcspn(module, " ");
		kernel += strcspn(kernel, " ");
	}
	return strcmp(module, kernel) == 0;
}

bool mv_vermagic_has_class(const struct mv_vermagic_words *w,
			   const char *class)
{
	size_t i;

	for (i = 0; i < w->nr; i++)
		if (strcmp(w->word[i].class, class) == 0)
			return true;
	return false;
}
