// SPDX-License-Identifier: GPL-2.0
/*
 * test-modversions LONG_SIZE BIG_ENDIAN DIR: host tests of the shared
 * version-table decoder (include/uapi/modverify/modversions.h) on sections
 * extracted from the fixture ELF objects in DIR (fixture.S), and of the
 * kernel-CRC rules that differ between kernel versions.  One PASS:/FAIL:
 * line per check.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <modverify/modversions.h>

#include "fixture.h"

static int failed;
static char variant[64];

static void check(int ok, const char *name)
{
	printf("%s: compat/%s/%s\n", ok ? "PASS" : "FAIL", variant, name);
	failed |= !ok;
}

static unsigned char *slurp(const char *dir, const char *name, size_t *len)
{
	char path[4096];
	unsigned char *buf;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s.bin", dir, name);
	f = fopen(path, "rb");
	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, "test-modversions: ERROR: cannot read %s\n", path);
		exit(2);
	}
	buf = malloc(n + 1);
	if (!buf || fread(buf, 1, n, f) != (size_t)n)
		exit(2);
	fclose(f);
	*len = n;
	return buf;
}

static int finds(const struct mv_vertables *t, const char *sym, unsigned long want)
{
	unsigned long crc = 0;

	return mv_vertables_find(t, sym, &crc) && crc == want;
}

static void legacy(struct mv_vertables t)
{
	t.ext_crcs = NULL;
	t.ext_names = NULL;
	check(mv_vertables_check(&t) == NULL, "legacy: valid");
	check(mv_vertables_count(&t) == 2, "legacy: two entries");
	check(finds(&t, FX_NAME_LAYOUT, FX_CRC_LAYOUT), "legacy: module_layout CRC");
	check(finds(&t, FX_NAME_PRINTK, FX_CRC_PRINTK), "legacy: _printk CRC");
	check(!finds(&t, FX_NAME_LONG, FX_CRC_LONG), "legacy: long name absent");
	t.vers_size -= 1;
	check(mv_vertables_check(&t) != NULL, "legacy: odd size refused");
}

/* A name is terminated by any NUL in its field, not only by the last byte. */
static void legacy_names(struct mv_vertables t)
{
	unsigned char *copy = malloc(t.vers_size);
	unsigned char *name;

	if (!copy)
		exit(2);
	memcpy(copy, t.vers, t.vers_size);
	name = copy + MV_MODVERSION_ENTRY + t.long_size;	/* the second entry's */
	t.vers = copy;
	t.ext_crcs = NULL;
	t.ext_names = NULL;
	memset(name + strlen((char *)name) + 1, 'x',
	       MV_MODVERSION_ENTRY - t.long_size - strlen((char *)name) - 1);
	check(mv_vertables_check(&t) == NULL, "legacy: NUL before junk padding accepted");
	memset(name, 'x', MV_MODVERSION_ENTRY - t.long_size);
	check(mv_vertables_check(&t) != NULL, "legacy: name without a NUL refused");
	free(copy);
}

static void extended(struct mv_vertables t)
{
	struct mv_modversion e;
	size_t pos = 0, i = 0, n = 0;

	check(mv_vertables_check(&t) == NULL, "ext: valid");
	check(mv_vertables_count(&t) == 3, "ext: preferred, three entries");
	check(finds(&t, FX_NAME_LONG, FX_CRC_LONG), "ext: name over 55 bytes found whole");
	check(finds(&t, FX_NAME_LAYOUT, FX_CRC_LAYOUT), "ext: module_layout CRC");
	while (mv_vertables_next(&t, &pos, &i, &e))
		n += !strcmp(e.name, FX_NAME_PRINTK) && e.crc == FX_CRC_PRINTK;
	check(n == 1, "ext: iteration sees _printk once");

	t.ext_names = NULL;
	check(mv_vertables_check(&t) != NULL, "ext: crcs without names refused");
	t = (struct mv_vertables){ .ext_crcs = t.ext_crcs, .ext_crcs_size = t.ext_crcs_size,
				   .ext_names = FX_NAME_LAYOUT, .ext_names_size = sizeof(FX_NAME_LAYOUT),
				   .long_size = t.long_size };
	check(mv_vertables_check(&t) != NULL, "ext: more crcs than names refused");
	t.ext_names_size -= 1;	/* drop the terminating NUL */
	check(mv_vertables_check(&t) != NULL, "ext: unterminated names refused");
}

/* The kernel side: s32 (< 6.14) and u32 (6.14+) cells, relative CRCs. */
static void kernel_crcs(void)
{
	int32_t s32_cell = (int32_t)FX_CRC_LAYOUT;
	uint32_t u32_cell = FX_CRC_LAYOUT;
	int32_t rel[3] = { 2 * sizeof(int32_t), 0, (int32_t)FX_CRC_PRINTK };
	uint32_t target;

	check(mv_crc_matches(FX_CRC_LAYOUT, (uint32_t)s32_cell), "kcrc: s32 cell matches");
	check(mv_crc_matches(FX_CRC_LAYOUT, u32_cell), "kcrc: u32 cell matches");
	if (sizeof(unsigned long) > 4)
		check(!mv_crc_matches(((unsigned long)1 << 32) | FX_CRC_LAYOUT, u32_cell),
		      "kcrc: high bits in the module's CRC never match");
	memcpy(&target, mv_rel_crc_target(&rel[0], rel[0]), sizeof(target));
	check(target == FX_CRC_PRINTK, "kcrc: relative CRC resolved from its cell");
}

int main(int argc, char **argv)
{
	struct mv_vertables t = { 0 };

	if (argc != 4) {
		fprintf(stderr, "usage: test-modversions LONG_SIZE BIG_ENDIAN DIR\n");
		return 2;
	}
	t.long_size = atoi(argv[1]);
	t.big_endian = atoi(argv[2]);
	snprintf(variant, sizeof(variant), "elf%u%s", t.long_size * 8,
		 t.big_endian ? "-be" : "");
	t.vers = slurp(argv[3], "__versions", &t.vers_size);
	t.ext_crcs = slurp(argv[3], "__version_ext_crcs", &t.ext_crcs_size);
	t.ext_names = (const char *)slurp(argv[3], "__version_ext_names", &t.ext_names_size);
	legacy(t);
	legacy_names(t);
	extended(t);
	kernel_crcs();
	free((void *)t.vers);
	free((void *)t.ext_crcs);
	free((void *)t.ext_names);
	return failed;
}
