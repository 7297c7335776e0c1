// SPDX-License-Identifier: GPL-2.0
/*
 * mv_image_parse() and mv_image_index() on synthetic images.  The rules,
 * from the kernel:
 *
 * - .modinfo (get_next_modinfo(), kernel/module/main.c, 6.1 and mainline):
 *   NUL-separated "key=value" strings, zero padding skipped, the first
 *   "key=" wins; a key is matched whole (strncmp of the tag, then '=').
 * - the module's name: .modinfo "name=" if there is one (setup_load_info()
 *   6.1, elf_validity_cache_index_info() mainline), else struct module's
 *   name in .gnu.linkonce.this_module; the registered name is mod->name.
 * - 6.4+ compares the size of .gnu.linkonce.this_module with
 *   sizeof(struct module) (elf_validity_cache_index_mod()).
 * - check_version() (kernel/module/version.c): the first __versions entry
 *   whose name matches wins; entries are struct modversion_info, 64 bytes.
 * - simplify_symbols(): every SHN_UNDEF symbol is resolved; an unresolved
 *   one is an error unless it is weak or, on x86, _GLOBAL_OFFSET_TABLE_
 *   (ignore_undef_symbol()).  "__gnu_lto" is ignored only for SHN_COMMON.
 * - ELF checks (elf_validity_*()): header length, magic, section headers
 *   inside the image, names inside a NUL-terminated .shstrtab.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kt.h"

static void modinfo_fields(void)
{
	const char *kv[] = { "license=GPL", "name=alpha", "srcversion=ABCDEF0123456789",
			     "vermagic=" KT_VERMAGIC, NULL };
	struct kb *kb = kb_new();
	struct kb_image img;
	struct mv_attempt *a;

	kb_modinfo(kb, kv);
	kb_this_module(kb, "alpha", KH_STRUCT_MODULE_SIZE);
	a = kt_build_parse(kb, &img);
	kh_check("image-modinfo-fields",
		 !strcmp(a->rec->module, "alpha") &&
		 !strcmp(a->rec->srcversion, "ABCDEF0123456789") &&
		 a->rec->vermagic_in_module &&
		 !strcmp(a->rec->vermagic_module, KT_VERMAGIC) &&
		 !a->rec->image_defect[0],
		 "module '%s' srcversion '%s' vermagic %d '%s' defect '%s'",
		 a->rec->module, a->rec->srcversion, a->rec->vermagic_in_module,
		 a->rec->vermagic_module, a->rec->image_defect);
	kt_done(a, &img);
}

/* get_next_modinfo(): first match, whole key, zero padding skipped. */
static void modinfo_rules(void)
{
	static const char info[] =
		"vermagicx=not this\0vermagic\0\0\0\0"	/* no '=': not a match */
		"srcversion=FIRST\0\0\0vermagic=6.1.0-1 SMP \0"
		"srcversion=SECOND\0vermagic=6.1.0-2 SMP ";
	struct kb *kb = kb_new();
	struct kb_image img;
	struct mv_attempt *a;

	kb_add(kb, ".modinfo", SHT_PROGBITS, SHF_ALLOC, info, sizeof(info));
	a = kt_build_parse(kb, &img);
	kh_check("image-modinfo-first-whole-key",
		 !strcmp(a->rec->srcversion, "FIRST") &&
		 !strcmp(a->rec->vermagic_module, "6.1.0-1 SMP "),
		 "srcversion '%s' vermagic '%s'", a->rec->srcversion, a->rec->vermagic_module);
	kt_done(a, &img);
}

/* A .modinfo without a final NUL: values end at the section's end. */
static void modinfo_unterminated(void)
{
	static const char info[] = { 'n', 'a', 'm', 'e', '=', 'z', 'z' };
	struct kb *kb = kb_new();
	struct kb_image img;
	struct mv_attempt *a;

	kb_add(kb, ".modinfo", SHT_PROGBITS, SHF_ALLOC, info, sizeof(info));
	a = kt_build_parse(kb, &img);
	kh_check("image-modinfo-unterminated", !strcmp(a->rec->module, "zz"),
		 "module '%s'", a->rec->module);
	kt_done(a, &img);
}

/* Without .gnu.linkonce.this_module the name comes from .modinfo. */
static void name_sources(void)
{
	const char *kv[] = { "name=from_modinfo", NULL };
	struct kb *kb = kb_new();
	struct kb_image img;
	struct mv_attempt *a;

	kb_modinfo(kb, kv);
	a = kt_build_parse(kb, &img);
	kh_check("image-name-from-modinfo", !strcmp(a->rec->module, "from_modinfo") &&
		 !a->rec->module_size_read,
		 "module '%s' module_size_read %d", a->rec->module, a->rec->module_size_read);
	kt_done(a, &img);

	kb = kb_new();
	kb_this_module(kb, "from_this_module", KH_STRUCT_MODULE_SIZE);
	a = kt_build_parse(kb, &img);
	kh_check("image-name-from-this-module", !strcmp(a->rec->module, "from_this_module"),
		 "module '%s'", a->rec->module);
	kt_done(a, &img);
}

/* module_size is sh_size of .gnu.linkonce.this_module, whatever it is. */
static void module_size(void)
{
	static const size_t sizes[] = { KH_STRUCT_MODULE_SIZE, 1344, 16, 0 };
	unsigned int i;
	bool ok = true;
	char why[200] = "";

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct kb *kb = kb_new();
		struct kb_image img;
		struct mv_attempt *a;

		kb_this_module(kb, "sized", sizes[i]);
		img = kt_build(kb);
		a = kt_parse_image(&img);
		if (!a->rec->module_size_read || a->rec->module_size != sizes[i]) {
			ok = false;
			snprintf(why, sizeof(why), "sh_size %zu: module_size %lu read %d",
				 sizes[i], a->rec->module_size, a->rec->module_size_read);
		}
		kt_done(a, &img);
	}
	kh_check("image-module-size", ok, "%s", why);
}

static struct mv_attempt *versions_image(const char *const *names, const uint64_t *crcs,
					 unsigned int n, struct kb_image *img)
{
	struct kb *kb = kb_new();

	kb_versions(kb, names, crcs, n);
	return kt_build_parse(kb, img);
}

/* check_version(): the first entry with the name wins. */
static void versions_lookup(void)
{
	static char longest[56];	/* 55 characters: the most an entry holds */
	const char *names[] = { "module_layout", "dup", longest, "dup" };
	static const uint64_t crcs[] = { 0x11111111, 0x22222222, 0x33333333, 0x44444444 };
	unsigned long crc = 0, c2 = 0, c3 = 0, dummy;
	bool found, layout, longname, missing;
	struct kb_image img;
	struct mv_attempt *a;

	memset(longest, 'l', sizeof(longest) - 1);
	a = versions_image(names, crcs, 4, &img);
	found = mv_versions_lookup(&a->vers, "dup", strlen("dup"), &crc);
	layout = mv_versions_lookup(&a->vers, "module_layout", strlen("module_layout"), &c2);
	longname = mv_versions_lookup(&a->vers, longest, strlen(longest), &c3);
	missing = mv_versions_lookup(&a->vers, "du", strlen("du"), &dummy) ||
		  mv_versions_lookup(&a->vers, "dupx", strlen("dupx"), &dummy) ||
		  mv_versions_lookup(&a->vers, "", strlen(""), &dummy);
	kh_check("versions-lookup", layout && c2 == 0x11111111 && longname && c3 == 0x33333333 &&
		 !missing && !a->rec->image_defect[0],
		 "module_layout %d 0x%lx, 55-char name %d 0x%lx, a missing name found %d, defect '%s'",
		 layout, c2, longname, c3, missing, a->rec->image_defect);
	kh_check("versions-first-duplicate-wins", found && crc == 0x22222222,
		 "found %d crc 0x%lx, want 0x22222222", found, crc);
	kt_done(a, &img);
}

/*
 * Tables of several sizes (the buckets grow with them): every name found
 * with its first entry's CRC, names shorter than a word and longer than
 * the 16 bytes hashed, and a name that is only a prefix of one, or one
 * longer, not found.
 */
static void versions_sizes(void)
{
	static const unsigned int sizes[] = { 2, 8, 9, 64, 65, 200 };
	static char namebuf[200][32];
	static const char *names[200];
	static uint64_t crcs[200];
	unsigned int i, k, n, bad = 0;
	unsigned long crc, want;
	char why[160] = "";

	for (k = 0; k < ARRAY_SIZE(sizes); k++) {
		struct kb_image img;
		struct mv_attempt *a;

		n = sizes[k];
		for (i = 0; i < n; i++) {
			/* "s0".."s9" shorter than a word, then longer names, then
			 * names alike in their first 16 bytes */
			snprintf(namebuf[i], sizeof(namebuf[i]),
				 i < 10 ? "s%u" : i < 50 ? "symbol_%u" : "a_long_common_prefix_%u", i);
			names[i] = namebuf[i];
			crcs[i] = 0x5000 + i;
		}
		names[n - 1] = names[0];	/* a duplicate: the first one wins */
		a = versions_image(names, crcs, n, &img);
		for (i = 0; i < n; i++) {
			crc = 0;
			want = i == n - 1 ? 0x5000 : 0x5000 + i;
			if (!mv_versions_lookup(&a->vers, names[i], strlen(names[i]), &crc) ||
			    crc != want) {
				bad++;
				snprintf(why, sizeof(why), "%u entries: %s gave 0x%lx, want 0x%lx",
					 n, names[i], crc, want);
			}
		}
		if (mv_versions_lookup(&a->vers, "s", 1, &crc) ||
		    mv_versions_lookup(&a->vers, "symbol_1", 8, &crc) ||
		    mv_versions_lookup(&a->vers, "symbol_100000", 13, &crc) ||
		    mv_versions_lookup(&a->vers, "a_long_common_prefix_", 21, &crc) ||
		    mv_versions_lookup(&a->vers, "a_long_common_prefix_1000", 25, &crc)) {
			bad++;
			snprintf(why, sizeof(why), "%u entries: a name not in the table found", n);
		}
		kt_done(a, &img);
	}
	kh_check("versions-sizes", !bad, "%u wrong, last: %s", bad, why);
}

/*
 * check_version() compares names with strcmp(): what a slot holds after
 * the NUL does not count.  Slots filled with other bytes past it, the NUL
 * in the first word, in the second, and past the 16 bytes hashed.
 */
static void versions_bytes_after_nul(void)
{
	static const char *const names[] = { "ab", "seven_7", "symbol_after", "exactly_sixteen_",
					     "a_name_longer_than_sixteen" };
	unsigned char table[ARRAY_SIZE(names)][64];
	unsigned long crc;
	unsigned int i, bad = 0;
	struct kb_image img;
	struct mv_attempt *a;
	struct kb *kb = kb_new();
	char why[160] = "";

	memset(table, 'Z', sizeof(table));
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		uint64_t c = 0x7000 + i;

		memcpy(table[i], &c, sizeof(c));
		memcpy(table[i] + 8, names[i], strlen(names[i]) + 1);
	}
	kb_add(kb, "__versions", SHT_PROGBITS, SHF_ALLOC, table, sizeof(table));
	a = kt_build_parse(kb, &img);
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		crc = 0;
		if (!mv_versions_lookup(&a->vers, names[i], strlen(names[i]), &crc) ||
		    crc != 0x7000 + i) {
			bad++;
			snprintf(why, sizeof(why), "%s gave 0x%lx", names[i], crc);
		}
	}
	kh_check("versions-bytes-after-nul", !bad && !a->rec->image_defect[0],
		 "%u wrong, last: %s; defect '%s'", bad, why, a->rec->image_defect);
	kt_done(a, &img);
}

/* More entries than the index hashes (MV_MAX_CRCS): found all the same. */
static void versions_many(void)
{
	enum { N = MV_MAX_CRCS + 500 };
	static char namebuf[N][24];
	static const char *names[N];
	static uint64_t crcs[N];
	struct kb_image img;
	struct mv_attempt *a;
	unsigned long crc = 0, crc2 = 0, crc3 = 0;
	bool f1, f2, f3;
	unsigned int i;

	for (i = 0; i < N; i++) {
		snprintf(namebuf[i], sizeof(namebuf[i]), "sym_%u", i);
		names[i] = namebuf[i];
		crcs[i] = 0x1000 + i;
	}
	/* a duplicate on each side of the boundary */
	names[N - 1] = "sym_7";
	names[N - 2] = "sym_1200";
	a = versions_image(names, crcs, N, &img);
	f1 = mv_versions_lookup(&a->vers, "sym_1400", strlen("sym_1400"), &crc);
	f2 = mv_versions_lookup(&a->vers, "sym_7", strlen("sym_7"), &crc2);
	f3 = mv_versions_lookup(&a->vers, "sym_1200", strlen("sym_1200"), &crc3);
	kh_check("versions-past-index", f1 && crc == 0x1000 + 1400 && f2 && crc2 == 0x1000 + 7 &&
		 f3 && crc3 == 0x1000 + 1200,
		 "sym_1400 %d 0x%lx, sym_7 %d 0x%lx, sym_1200 %d 0x%lx", f1, crc, f2, crc2, f3, crc3);
	kt_done(a, &img);
}

static bool import_listed(const struct mv_attempt *a, const char *name)
{
	unsigned int i = 0;
	const char *n;

	while ((n = kt_import_next(&a->imports, &i)))
		if (!strcmp(n, name))
			return true;
	return false;
}

/* Whether strong import @k is named @want. */
static bool import_is(const struct mv_attempt *a, unsigned int k, const char *want)
{
	const char *name = kt_import_name(&a->imports, k);

	return name && !strcmp(name, want);
}

/* simplify_symbols(): weak and _GLOBAL_OFFSET_TABLE_ never fail a load. */
static void imports(void)
{
	struct kb *kb = kb_new();
	struct kb_image img;
	struct mv_attempt *a;
	unsigned int first;

	kb_undef(kb, "first", STB_GLOBAL);
	kb_undef(kb, "weak_one", STB_WEAK);
	kb_defined(kb, "defined_here", 1);
	kb_undef(kb, "_GLOBAL_OFFSET_TABLE_", STB_GLOBAL);
	kb_undef(kb, "second", STB_GLOBAL);
	a = kt_build_parse(kb, &img);
	first = mv_imports_first_tail(&a->imports);
	kh_check("imports-order-no-weak", a->imports.count == 2 &&
		 import_is(a, 0, "first") && import_is(a, 1, "second") &&
		 !kt_import_name(&a->imports, 2) &&
		 !strcmp(a->imports.tail[0 - first], "first") &&
		 !strcmp(a->imports.tail[1 - first], "second"),
		 "count %u", a->imports.count);
	kh_check("imports-got-ignored", !import_listed(a, "_GLOBAL_OFFSET_TABLE_"),
		 "_GLOBAL_OFFSET_TABLE_ listed as an import");
	kt_done(a, &img);

	/*
	 * An undefined __gnu_lto_* symbol goes through resolve_symbol_wait()
	 * like any other and fails the load with "Unknown symbol" (only a
	 * SHN_COMMON one is skipped), so it is an import to follow.
	 */
	kb = kb_new();
	kb_undef(kb, "__gnu_lto_v1", STB_GLOBAL);
	kb_undef(kb, "real", STB_GLOBAL);
	a = kt_build_parse(kb, &img);
	kh_check("imports-gnu-lto-undef-is-import", import_listed(a, "__gnu_lto_v1"),
		 "an undefined __gnu_lto_v1 is left out of the imports (count %u), but "
		 "simplify_symbols() skips __gnu_lto only for SHN_COMMON", a->imports.count);
	kt_done(a, &img);
}

/* A .strtab without a trailing NUL whose names all end inside it. */
static void strtab_unterminated(void)
{
	static const char strtab[] = "\0alpha\0beta\0gamm";	/* sizeof - 1 below */
	struct kb *kb = kb_new();
	struct kb_image img;
	struct mv_attempt *a;

	kb_strtab_raw(kb, strtab, sizeof(strtab) - 1);
	kb_sym_raw(kb, 1, ELF64_ST_INFO(STB_GLOBAL, STT_NOTYPE), SHN_UNDEF);
	kb_sym_raw(kb, 7, ELF64_ST_INFO(STB_GLOBAL, STT_NOTYPE), SHN_UNDEF);
	a = kt_build_parse(kb, &img);
	kh_check("strtab-no-trailing-nul-names-inside",
		 a->imports.count == 2 && import_is(a, 1, "beta"),
		 "count %u defect '%s'", a->imports.count, a->rec->image_defect);
	kt_done(a, &img);

	/* ... and one whose last name runs off its end: a defect. */
	kb = kb_new();
	kb_strtab_raw(kb, strtab, sizeof(strtab) - 1);
	kb_sym_raw(kb, 1, ELF64_ST_INFO(STB_GLOBAL, STT_NOTYPE), SHN_UNDEF);
	kb_sym_raw(kb, 12, ELF64_ST_INFO(STB_GLOBAL, STT_NOTYPE), SHN_UNDEF);
	a = kt_build_parse(kb, &img);
	kh_check("strtab-name-runs-off-the-end", a->rec->image_defect[0] && !a->imports.count,
		 "count %u defect '%s'", a->imports.count, a->rec->image_defect);
	kt_done(a, &img);

	/* ... and a symbol name offset past the table: a defect. */
	kb = kb_new();
	kb_strtab_raw(kb, strtab, sizeof(strtab));
	kb_sym_raw(kb, 4000, ELF64_ST_INFO(STB_GLOBAL, STT_NOTYPE), SHN_UNDEF);
	a = kt_build_parse(kb, &img);
	kh_check("strtab-name-offset-past-table", a->rec->image_defect[0] != '\0',
		 "no defect for st_name 4000 in a %zu-byte table", sizeof(strtab));
	kt_done(a, &img);
}

/* Every proper prefix of a good image: a defect, never a crash. */
static void truncated(void)
{
	struct kb_image img = kb_standard("trunc", NULL);
	size_t len;
	char why[160] = "";
	bool ok = true;

	for (len = 0; len < img.len; len++) {
		struct mv_attempt *a = kt_parse(img.data, len);

		if (!a->rec->image_defect[0] && ok) {
			ok = false;
			snprintf(why, sizeof(why), "no defect at %zu of %zu bytes", len, img.len);
		}
		kt_attempt_free(a);
	}
	kh_check("image-truncated", ok, "%s", why);
	kb_image_free(&img);
}

/* Patch one field of a good image and expect a defect naming it. */
static void expect_defect(const char *name, struct kb_image *img, const char *want)
{
	struct mv_attempt *a = kt_parse_image(img);

	kh_check(name, strstr(a->rec->image_defect, want) != NULL,
		 "defect '%s', want '%s'", a->rec->image_defect, want);
	kt_attempt_free(a);
}

static void malformed(void)
{
	struct kb_image img = kb_standard("bad", NULL);
	unsigned char *copy = malloc(img.len);
	struct kb_image m = { copy, img.len };
	unsigned int mi;

#define RESET() memcpy(copy, img.data, img.len)
	RESET();
	memcpy(copy, "\177ELG", 4);
	expect_defect("elf-bad-magic", &m, "no ELF magic");
	RESET();
	kb_ehdr(&m)->e_machine = EM_AARCH64;
	expect_defect("elf-wrong-machine", &m, "e_machine");
	RESET();
	kb_ehdr(&m)->e_shentsize = 40;
	expect_defect("elf-shentsize", &m, "section header size");
	RESET();
	kb_ehdr(&m)->e_shoff = img.len;
	expect_defect("elf-shoff-past-end", &m, "section headers outside");
	RESET();
	kb_ehdr(&m)->e_shoff = ~0ULL - 10;	/* e_shoff + size wraps */
	expect_defect("elf-shoff-overflow", &m, "section headers outside");
	RESET();
	kb_ehdr(&m)->e_shnum = 0xffff;
	expect_defect("elf-shnum-past-end", &m, "section headers outside");
	RESET();
	kb_ehdr(&m)->e_shnum = 0;
	expect_defect("elf-shnum-zero", &m, "section headers outside");
	RESET();
	kb_ehdr(&m)->e_shstrndx = kb_ehdr(&m)->e_shnum;
	expect_defect("elf-shstrndx-out-of-range", &m, "section name table index");
	RESET();
	kb_shdr(&m, kb_ehdr(&m)->e_shstrndx)->sh_offset = img.len - 2;
	expect_defect("elf-shstrtab-outside", &m, "section name table outside");
	RESET();
	copy[kb_shdr(&m, kb_ehdr(&m)->e_shstrndx)->sh_offset +
	     kb_shdr(&m, kb_ehdr(&m)->e_shstrndx)->sh_size - 1] = 'x';
	expect_defect("elf-shstrtab-unterminated", &m, "not NUL-terminated");
	RESET();
	mi = kb_find(&m, ".modinfo");
	kb_shdr(&m, mi)->sh_name = 0x7fffffff;
	expect_defect("section-name-past-name-table", &m, "past the name table");
	RESET();
	mi = kb_find(&m, "__versions");
	kb_shdr(&m, mi)->sh_size = img.len;
	expect_defect("section-outside-image", &m, "outside the image");
	RESET();
	mi = kb_find(&m, "__versions");
	kb_shdr(&m, mi)->sh_offset = ~0ULL - 4;	/* offset + size wraps */
	expect_defect("section-offset-overflow", &m, "outside the image");
	RESET();
	mi = kb_find(&m, ".symtab");
	kb_shdr(&m, mi)->sh_link = 0xffff;
	{
		struct mv_attempt *a = kt_parse_image(&m);

		kh_check("symtab-link-out-of-range", a->imports.count == 0,
			 "imports %u", a->imports.count);
		kt_attempt_free(a);
	}
#undef RESET
	free(copy);
	kb_image_free(&img);
}

/* A defect is logged once, with the module's name (by the parse, not again
 * by the index). */
static void defect_logged(void)
{
	static const char logged[] = "modverify: logged: malformed module image: ";
	struct kb_image img = kb_standard("logged", NULL);
	struct mv_attempt *a;
	const char *first;

	kb_shdr(&img, kb_find(&img, "__versions"))->sh_size = img.len;
	a = kt_parse_image(&img);
	first = strstr(kh_log(), logged);
	kh_check("defect-logged-with-name",
		 first && !strstr(first + sizeof(logged) - 1, "malformed module image"),
		 "log '%s'", kh_log());
	kt_done(a, &img);
}

/*
 * mv_image_parse(), at load_module() entry, reads what the image says about
 * itself and only finds the version tables; the indexes the symbol checks
 * need are built by mv_image_index() at the first check_version() or
 * resolve_symbol(), once however often it is called.
 */
static void index_lazy(void)
{
	struct kb_image img = kb_standard("lazy", NULL);
	struct mv_attempt *a = kt_attempt();
	bool found, early;
	unsigned int count;

	mv_image_parse(a, img.data, img.len);
	found = a->vers.tables.vers != NULL;
	early = a->vers.valid || a->imports.count;
	mv_image_index(a);
	count = a->imports.count;
	mv_image_index(a);
	kh_check("image-index-lazy", !strcmp(a->rec->module, "lazy") && found && !early &&
		 a->vers.valid && count && a->imports.count == count,
		 "module '%s', __versions found by the parse %d, indexed by it %d; after "
		 "mv_image_index() valid %d, %u imports, %u after a second call",
		 a->rec->module, found, early, a->vers.valid, count, a->imports.count);
	kt_attempt_free(a);
	kb_image_free(&img);
}

/* The appended-signature marker, as module_sig_check() looks for it. */
static void signature(void)
{
	static const char marker[] = "~Module signature appended~\n";
	struct kb_image img = kb_standard("signed", NULL);
	unsigned char *s = malloc(img.len + 40 + sizeof(marker) - 1);
	struct mv_attempt *a;

	memcpy(s, img.data, img.len);
	memset(s + img.len, 0, 40);
	memcpy(s + img.len + 40, marker, sizeof(marker) - 1);
	a = kt_parse(s, img.len + 40 + sizeof(marker) - 1);
	kh_check("signature-marker", a->rec->signature_present && !strcmp(a->rec->module, "signed"),
		 "signature_present %d module '%s'", a->rec->signature_present, a->rec->module);
	kt_attempt_free(a);
	a = kt_parse(img.data, img.len);
	kh_check("signature-absent", !a->rec->signature_present, "signature_present");
	kt_attempt_free(a);
	free(s);
	kb_image_free(&img);
}

/* same_magic() skips the release only when CRCs are in use (MODVERSIONS). */
static void has_crcs(void)
{
	struct kb_image img = kb_standard("crcs", NULL);
	struct mv_attempt *a = kt_parse_image(&img);
	bool want = IS_ENABLED(CONFIG_MODVERSIONS);

	kh_check("has-crcs-follows-modversions", a->rec->has_crcs == want,
		 "has_crcs %d with __versions, CONFIG_MODVERSIONS %d", a->rec->has_crcs, want);
	kt_done(a, &img);
}

void test_image(void)
{
	modinfo_fields();
	modinfo_rules();
	modinfo_unterminated();
	name_sources();
	module_size();
	versions_lookup();
	versions_sizes();
	versions_bytes_after_nul();
	versions_many();
	imports();
	strtab_unterminated();
	truncated();
	malformed();
	defect_logged();
	index_lazy();
	signature();
	has_crcs();
}
