// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target on mv_image_parse() and mv_image_index(), kmod's
 * readers of the unverified module image (at load_module() entry, and at
 * the first check_version() or resolve_symbol()), compiled unchanged with
 * the shims.  Beyond ASan/UBSan reports, an input fails when:
 *
 * - (KH_FUZZ_LINEAR builds) the parse and the index together examined
 *   more than 16 bytes per image byte plus 4 KiB (kh_work, see
 *   <linux/string.h>): their cost must stay linear in the image (issue 13,
 *   defect 2).  Every section lookup, .modinfo key and table pass is
 *   linear on its own; 16 leaves room for all of them over overlapping
 *   sections.
 * - the name of a strong import does not lie, NUL-terminated, inside the
 *   image, or the symbol table holds another number of them than counted;
 * - mv_versions_lookup() misses a name of the table, or returns another CRC
 *   than the first entry of that name (check_version()'s rule);
 * - the record's text does not fit mv_record_text_max().
 *
 * The Makefile builds it twice: fuzz-image (as 7.2: extended modversions
 * too) and fuzz-image-linear (as 6.1, with the work bound).  mkseeds.c
 * writes the seed corpus.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kt.h"

#ifndef KH_FUZZ_LINEAR
#define KH_FUZZ_LINEAR 0
#endif

static struct mv_attempt *a;
static struct mv_record *rec;
static char *text;

static void fail(const char *what, unsigned long long n, size_t size)
{
	fprintf(stderr, "%s (%llu, image of %zu bytes)\n", what, n, size);
	abort();
}

static bool inside(const unsigned char *img, size_t size, const char *p)
{
	return (const unsigned char *)p >= img && (const unsigned char *)p < img + size &&
	       memchr(p, '\0', size - (size_t)((const unsigned char *)p - img));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned long long work;
	unsigned char *img;
	unsigned int i, j, n;
	struct mv_modversion e[64];
	size_t pos, k;
	const char *name;
	size_t bound, len;

	if (!a) {
		a = calloc(1, sizeof(*a));
		rec = calloc(1, sizeof(*rec));
		text = malloc(1 << 20);
		if (!a || !rec || !text)
			abort();
		mv_vermagic_init();
	}
	/* What mv_attempt_begin() resets, and the whole record. */
	memset(a, 0, sizeof(*a));
	memset(rec, 0, sizeof(*rec));
	a->rec = rec;
	a->versindex = -1;
	strscpy(rec->vermagic_kernel, mv_kernel_vermagic(), sizeof(rec->vermagic_kernel));

	img = malloc(size ? size : 1);	/* exactly @size: ASan sees overreads */
	if (!img)
		abort();
	memcpy(img, data, size);
	kh_log_reset();
	kh_work = 0;
	mv_image_parse(a, img, size);
	mv_image_index(a);
	work = kh_work;
	if (KH_FUZZ_LINEAR && work > 16ULL * size + 4096)
		fail("work bound: bytes examined by the parse and the index", work, size);

	for (i = 0, n = 0; a->imports.count && (name = kt_import_next(&a->imports, &i)); n++)
		if (!inside(img, size, name))
			fail("import name outside the image: import", n, size);
	if (n != a->imports.count)
		fail("strong imports in the symbol table, counted otherwise", n, size);

	/* The first 64 entries as the kernel reads them, hashed or scanned. */
	for (i = 0, pos = 0, k = 0; a->vers.valid && i < 64 &&
	     mv_vertables_next(&a->vers.tables, &pos, &k, &e[i]); i++) {
		unsigned long crc = 0, want = e[i].crc;

		for (j = 0; j < i; j++) {
			if (!strcmp(e[j].name, e[i].name)) {
				want = e[j].crc;
				break;
			}
		}
		if (!mv_versions_lookup(&a->vers, e[i].name, strlen(e[i].name), &crc) ||
		    crc != want)
			fail("__versions lookup missed or took a later duplicate: entry", i, size);
	}

	mv_decide(rec);
	bound = mv_record_text_max();
	if (bound > (1 << 20))
		fail("text bound over 1 MiB", bound, size);
	len = mv_record_format(rec, text, bound);
	if (len + 1 >= bound)
		fail("record text does not fit its bound", len, size);
	free(img);
	return 0;
}
