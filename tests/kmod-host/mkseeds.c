// SPDX-License-Identifier: GPL-2.0
/*
 * mkseeds DIR: write the fuzzers' seed corpus, built with elfb (nothing
 * binary is committed): a module as modpost writes one, signed, with many
 * versions and imports, 6.14 extended modversions, duplicate and
 * non-SHF_ALLOC sections, a truncated one, and a small image whose
 * .strtab lacks its trailing NUL with imports naming one long string (the
 * shape of issue 13's defect 2, at a size the fuzzer runs fast).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elfb.h"

static const char *dir;
static unsigned int nr;

static void write_seed(const void *p, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/seed-%02u", dir, nr++);
	f = fopen(path, "wb");
	if (!f || fwrite(p, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static void seed(struct kb *kb)
{
	struct kb_image img = kb_build(kb);

	write_seed(img.data, img.len);
	kb_image_free(&img);
	kb_free(kb);
}

int main(int argc, char **argv)
{
	static const char marker[] = "~Module signature appended~\n";
	const char *kv[] = { "name=seed", "vermagic=6.1.0-57-amd64 SMP mod_unload modversions ",
			     "srcversion=0123456789ABCDEF0123456", NULL };
	struct kb_image img;
	struct kb *kb;
	unsigned int i;

	if (argc != 2) {
		fprintf(stderr, "usage: mkseeds DIR\n");
		return 2;
	}
	dir = argv[1];

	img = kb_standard("plain", NULL);
	write_seed(img.data, img.len);
	{
		unsigned char *s = malloc(img.len + sizeof(marker) + 40);

		memcpy(s, img.data, img.len);
		memset(s + img.len, 0, 40);
		memcpy(s + img.len + 40, marker, sizeof(marker) - 1);
		write_seed(s, img.len + 40 + sizeof(marker) - 1);
		write_seed(img.data, img.len / 2);
		free(s);
	}
	kb_image_free(&img);

	kb = kb_new();		/* many versions, duplicates, imports */
	{
		static char names[80][16];
		const char *vn[80];
		uint64_t crcs[80];

		for (i = 0; i < 80; i++) {
			snprintf(names[i], sizeof(names[i]), "sym_%u", i % 70);
			vn[i] = names[i];
			crcs[i] = 0x1000 + i;
			kb_undef(kb, names[i], i % 9 ? STB_GLOBAL : STB_WEAK);
		}
		kb_modinfo(kb, kv);
		kb_versions(kb, vn, crcs, 80);
		kb_this_module(kb, "many", 1024);
		kb_undef(kb, "_GLOBAL_OFFSET_TABLE_", STB_GLOBAL);
	}
	seed(kb);

	kb = kb_new();		/* 6.14 extended modversions */
	{
		static const char names[] = "a_rather_long_symbol_name_past_fifty_six_characters_long_indeed\0short";
		static const uint32_t crcs[] = { 0xabcdef01, 0x12345678 };

		kb_modinfo(kb, kv);
		kb_add(kb, "__version_ext_crcs", SHT_PROGBITS, SHF_ALLOC, crcs, sizeof(crcs));
		kb_add(kb, "__version_ext_names", SHT_PROGBITS, SHF_ALLOC, names, sizeof(names));
		kb_this_module(kb, "ext", 1024);
		kb_undef(kb, "short", STB_GLOBAL);
	}
	seed(kb);

	kb = kb_new();		/* duplicate sections; the first not SHF_ALLOC */
	{
		static const char *const vn[] = { "printk" };
		static const uint64_t c1[] = { 1 }, c2[] = { 2 };

		kb_add(kb, ".modinfo", SHT_PROGBITS, 0, "vermagic=first", 15);
		kb_modinfo(kb, kv);
		kb_add(kb, "__versions", SHT_PROGBITS, 0, NULL, 64);
		kb_versions(kb, vn, c1, 1);
		kb_versions(kb, vn, c2, 1);
		kb_add(kb, ".gnu.linkonce.this_module", SHT_NOBITS, SHF_ALLOC, NULL, 0);
		kb_this_module(kb, "dups", 1024);
	}
	seed(kb);

	kb = kb_new();		/* defect 2's shape, small */
	{
		char strtab[2048];

		memset(strtab, 'a', sizeof(strtab));
		strtab[0] = '\0';
		strtab[sizeof(strtab) - 2] = '\0';
		kb_strtab_raw(kb, strtab, sizeof(strtab));
		for (i = 0; i < 60; i++)
			kb_sym_raw(kb, 1 + i, ELF64_ST_INFO(STB_GLOBAL, STT_NOTYPE), SHN_UNDEF);
	}
	seed(kb);
	return 0;
}
