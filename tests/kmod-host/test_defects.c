// SPDX-License-Identifier: GPL-2.0
/*
 * Issue 13's defects in the image parser and the record text, one test
 * each, named after the defect.  A test FAILs while its defect is there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kt.h"

/*
 * Defect 2: at load_module() entry, before the kernel's signature and ELF
 * checks, each import ran memchr() over the rest of a .strtab that does
 * not end in a NUL: quadratic.  The kernel itself rejects such a table
 * (mainline's elf_validity_cache_strtab(): "symbol string table isn't NUL
 * terminated") or, in 6.1, reads each name once in simplify_symbols().
 * The parse and the index built at the first check_version() must cost
 * at most 4 bytes examined per byte of image, together.
 */
static void strtab_linear(size_t strtab_len, unsigned int nsyms, const char *name)
{
	char *strtab = malloc(strtab_len);
	struct kb *kb = kb_new();
	struct kb_image img;
	struct mv_attempt *a;
	unsigned int i;

	/* "\0" then one long name ending 2 bytes before the end, then 'x' */
	memset(strtab, 'a', strtab_len);
	strtab[0] = '\0';
	strtab[strtab_len - 2] = '\0';
	strtab[strtab_len - 1] = 'x';
	kb_strtab_raw(kb, strtab, strtab_len);
	for (i = 0; i < nsyms; i++)
		kb_sym_raw(kb, 1 + i, ELF64_ST_INFO(STB_GLOBAL, STT_NOTYPE), SHN_UNDEF);
	a = kt_build_parse(kb, &img);
	kh_check(name, kh_work <= 4 * (unsigned long long)img.len,
		 "parsing and indexing a %zu-byte image with a %zu-byte .strtab without a "
		 "trailing NUL and %u imports examined %llu bytes (%.1f per image byte, limit 4)",
		 img.len, strtab_len, nsyms, kh_work, (double)kh_work / (double)img.len);
	kt_done(a, &img);
	free(strtab);
}

/*
 * Defect 4: check_version() takes num_versions = sh_size / sizeof(struct
 * modversion_info), the floor, and reads those entries (6.1 and mainline
 * alike).  A __versions whose size is not a multiple of 64 still gives
 * the kernel its CRCs; the record must not turn them into "missing".
 */
static void versions_floor(void)
{
	static const char *const names[] = { "module_layout", "printk" };
	static const uint64_t crcs[] = { 0xaaaa5555, 0x12345678 };
	struct kb *kb = kb_new();
	struct kb_image img;
	struct mv_attempt *a;
	unsigned int vi;
	unsigned long crc = 0;
	bool found;

	vi = kb_versions(kb, names, crcs, 2);
	img = kt_build(kb);
	kb_shdr(&img, vi)->sh_size += 10;	/* a partial third entry */
	a = kt_parse_image(&img);
	found = mv_versions_lookup(&a->vers, "printk", strlen("printk"), &crc);
	kh_check("defect4-versions-size-floor", found && crc == 0x12345678,
		 "__versions of 138 bytes: the kernel reads 2 entries (printk 0x12345678); "
		 "lookup found %d crc 0x%lx, defect '%s'", found, crc, a->rec->image_defect);
	kt_done(a, &img);
}

/*
 * Defect 6: a module with more than MV_MAX_CRCS imports (i915.ko has 1160)
 * is not followed, so an unknown symbol is not named.  simplify_symbols()
 * resolves every import; the one it cannot resolve must be named, and the
 * attempt decided by unknown_symbol.
 */
static void many_imports(void)
{
	enum { N = 1160, MISSING = 1100 };
	static char names[N][16];
	struct kb *kb = kb_new();
	const char *kv[] = { "vermagic=" KT_VERMAGIC, NULL };
	struct kb_image img;
	struct mv_attempt *a;
	unsigned int i;
	bool ok;

	kb_modinfo(kb, kv);
	kb_this_module(kb, "big", KH_STRUCT_MODULE_SIZE);
	for (i = 0; i < N; i++) {
		snprintf(names[i], sizeof(names[i]), "import_%u", i);
		kb_undef(kb, names[i], STB_GLOBAL);
	}
	img = kt_build(kb);
	a = mv_attempt_begin();
	if (!a) {
		kh_check("defect6-many-imports", false, "no attempt slot");
		return;
	}
	strscpy(a->rec->vermagic_kernel, mv_kernel_vermagic(), sizeof(a->rec->vermagic_kernel));
	mv_imports_source = MV_IMPORTS_BY_CHECK_VERSION;
	mv_image_parse(a, img.data, img.len);
	/* check_version() for each import resolved, in symbol-table order; the
	 * first one builds the indexes */
	mv_image_index(a);
	for (i = 0; i < N; i++)
		if (i != MISSING)
			mv_attempt_import_seen(a, kt_sym_name(img.data, 1 + i));
	a->rec->result = -ENOENT;
	a->rec->vermagic_verdict = MV_VERMAGIC_MATCH;
	mv_attempt_imports_end(a);
	mv_decide(a->rec);
	ok = a->rec->n_unresolved == 1 && !strcmp(a->rec->unresolved[0], "import_1100") &&
	     a->rec->decided_by == MV_DECIDED_UNKNOWN_SYMBOL;
	kh_check("defect6-many-imports", ok,
		 "%u imports, import_1100 unresolved: imports followed %u, unresolved %u ('%s'), "
		 "decided_by %s", N, a->imports.count, a->rec->n_unresolved,
		 a->rec->n_unresolved ? a->rec->unresolved[0] : "", mv_decider_name(a->rec->decided_by));
	mv_attempt_abandon(a);
	mv_imports_source = MV_IMPORTS_UNTRACKED;
	kb_image_free(&img);
}

/*
 * Defect 7: find_sec() (6.1 and mainline) takes the first section of that
 * name with SHF_ALLOC set; "Alloc bit cleared means ignore it".  The index
 * of __versions comes from find_sec() in both.
 */
static void shf_alloc_versions(void)
{
	static const char *const names[] = { "printk" };
	static const uint64_t ignored[] = { 0xdead }, used[] = { 0x600d };
	struct kb *kb = kb_new();
	struct kb_image img;
	struct mv_attempt *a;
	unsigned long crc = 0;
	unsigned int first;
	bool found;

	first = kb_versions(kb, names, ignored, 1);
	kb_versions(kb, names, used, 1);
	img = kt_build(kb);
	kb_shdr(&img, first)->sh_flags &= ~(uint64_t)SHF_ALLOC;
	a = kt_parse_image(&img);
	found = mv_versions_lookup(&a->vers, "printk", strlen("printk"), &crc);
	kh_check("defect7-shf-alloc-versions", found && crc == 0x600d,
		 "a non-SHF_ALLOC __versions (crc 0xdead) before the SHF_ALLOC one (0x600d): "
		 "found %d crc 0x%lx", found, crc);
	kt_done(a, &img);
}

/*
 * 6.1's setup_load_info() finds .modinfo and .gnu.linkonce.this_module
 * with find_sec() too (mainline requires them unique instead, with
 * find_any_unique_sec(), and refuses a non-SHF_ALLOC this_module).
 */
static void shf_alloc_61(void)
{
	const char *first[] = { "vermagic=ignored", NULL };
	const char *second[] = { "vermagic=used", NULL };
	struct kb *kb = kb_new();
	struct kb_image img;
	struct mv_attempt *a;
	unsigned int i;

	i = kb_modinfo(kb, first);
	kb_modinfo(kb, second);
	img = kt_build(kb);
	kb_shdr(&img, i)->sh_flags &= ~(uint64_t)SHF_ALLOC;
	a = kt_parse_image(&img);
	kh_check("defect7-shf-alloc-modinfo", !strcmp(a->rec->vermagic_module, "used"),
		 "6.1 reads the SHF_ALLOC .modinfo (vermagic=used); recorded '%s'",
		 a->rec->vermagic_module);
	kt_done(a, &img);

	kb = kb_new();
	i = kb_this_module(kb, "noalloc", 1344);
	img = kt_build(kb);
	kb_shdr(&img, i)->sh_flags &= ~(uint64_t)SHF_ALLOC;
	a = kt_parse_image(&img);
	kh_check("defect7-shf-alloc-this-module", !a->rec->module_size_read,
		 "6.1 finds no module in a non-SHF_ALLOC .gnu.linkonce.this_module "
		 "(\"No module found in object\"), yet module_size %lu was read",
		 a->rec->module_size);
	kt_done(a, &img);
}

/*
 * Defect 8: strings from the image are printed raw, so a newline in one
 * forges lines.  A record's text must have exactly one line per key (crc,
 * forced, unresolved excepted) and end with its own "end:" line.
 */
static bool record_forged(const char *text, char *why, size_t size)
{
	static const char *const once[] = {
		MV_KEY_FORMAT, MV_KEY_SEQ, MV_KEY_MODULE, MV_KEY_SRCVERSION,
		MV_KEY_IMAGE_CHECK, MV_KEY_VERMAGIC_MODULE, MV_KEY_END, NULL
	};
	unsigned int i;

	for (i = 0; once[i]; i++) {
		char key[64];
		const char *p = text;
		unsigned int n = 0;

		snprintf(key, sizeof(key), "\n%s:", once[i]);
		if (!strncmp(text, key + 1, strlen(key + 1)))
			n++;
		while ((p = strstr(p + 1, key)))
			n++;
		if (n != 1) {
			snprintf(why, size, "%u '%s:' lines", n, once[i]);
			return true;
		}
	}
	return false;
}

static void escape(void)
{
	const char *kv[] = { "name=evil\nend: 1\nmodverify_record: 1",
			     "srcversion=AB\nseq: 99",
			     "vermagic=" KT_RELEASE " SMP\nmodule: forged", NULL };
	struct kb *kb = kb_new();
	struct kb_image img;
	struct mv_attempt *a;
	char *text, why[128] = "";
	size_t size;
	bool forged;

	kb_modinfo(kb, kv);
	/* a section outside the image is named in image_check */
	kb_add(kb, "bad\nend: 3", SHT_PROGBITS, 0, "x", 1);
	img = kt_build(kb);
	kb_shdr(&img, kb_find(&img, "bad\nend: 3"))->sh_size = img.len;
	a = kt_parse_image(&img);
	a->rec->seq = 7;
	size = mv_record_text_max();
	text = malloc(size);
	mv_record_format(a->rec, text, size);
	forged = record_forged(text, why, sizeof(why));
	kh_check("defect8-escape", !forged,
		 "strings from .modinfo with newlines forge record lines: %s", why);
	kt_done(a, &img);
	free(text);
}

void test_defects(void)
{
	strtab_linear(2 << 20, 1000, "defect2-strtab-linear");
	versions_floor();
	if (mv_attempts_init(4)) {
		kh_check("attempts-init", false, "mv_attempts_init failed");
		return;
	}
	many_imports();
	shf_alloc_versions();
	if (LINUX_VERSION_CODE < KERNEL_VERSION(6, 4, 0))
		shf_alloc_61();
	escape();
}
