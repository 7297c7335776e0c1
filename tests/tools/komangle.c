// SPDX-License-Identifier: GPL-2.0
/*
 * komangle - derive malformed copies of a valid module, for the hostile-input
 * tests (tests/qemu/test-hostile.sh).
 *
 *   komangle rejected MODULE.ko OUTDIR
 *	copies the kernel's own ELF validation should reject before it reads
 *	any section (truncations, headers and sections out of range, wrong
 *	magic, type, machine, header sizes) - the test checks that it does;
 *   komangle contents MODULE.ko OUTDIR
 *	copies with valid headers and mangled contents of the tables modverify
 *	parses: __versions (sizes, CRCs, names without a NUL), .modinfo (no
 *	NUL, huge strings, vermagic with newlines and control bytes, missing),
 *	.strtab (no trailing NUL, a huge tail), .symtab (names and sections
 *	out of range) - whatever the kernel makes of them, modverify must not
 *	change it;
 *   komangle crashing MODULE.ko OUTDIR
 *	a copy a 6.1 kernel accepts and then faults on: the name offset of a
 *	section without SHF_ALLOC far past the section name table (6.1 checks
 *	the names of allocated sections only; module_finalize() strcmp()s
 *	every section's name after relocation).
 *
 * Each copy is written as OUTDIR/NNNN-<what>.ko; the list goes to stdout.
 * ELF64 little-endian only, like the kernels the tests boot.
 */
#define _POSIX_C_SOURCE 200809L

#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *outdir;
static unsigned int made;

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fputs("komangle: ERROR: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static unsigned char *load(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long size;

	if (!f)
		die("%s: %s", path, strerror(errno));
	if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		die("%s: cannot size it", path);
	buf = malloc(size ? size : 1);
	if (!buf || fread(buf, 1, size, f) != (size_t)size)
		die("%s: cannot read it", path);
	fclose(f);
	*len = size;
	return buf;
}

/* Write @len bytes of @img as the next copy, named after @what. */
static void emit(const unsigned char *img, size_t len, const char *what, ...)
{
	char name[256], path[4096];
	va_list ap;
	FILE *f;

	va_start(ap, what);
	vsnprintf(name, sizeof(name), what, ap);
	va_end(ap);
	snprintf(path, sizeof(path), "%s/%04u-%s.ko", outdir, made++, name);
	f = fopen(path, "wb");
	if (!f || fwrite(img, 1, len, f) != len || fclose(f))
		die("%s: cannot write it", path);
	printf("%s\n", path);
}

/* A copy of @img with @size bytes at @off replaced by @val (little-endian). */
static void emit_patched(const unsigned char *img, size_t len, size_t off,
			 unsigned int size, uint64_t val, const char *what, ...)
{
	unsigned char *copy = malloc(len);
	char name[200];
	unsigned int i;
	va_list ap;

	if (!copy || off + size > len)
		die("patch at %zu outside the image", off);
	memcpy(copy, img, len);
	for (i = 0; i < size; i++)
		copy[off + i] = val >> (8 * i);
	va_start(ap, what);
	vsnprintf(name, sizeof(name), what, ap);
	va_end(ap);
	emit(copy, len, "%s", name);
	free(copy);
}

static const Elf64_Ehdr *check_elf(const unsigned char *img, size_t len)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img;

	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_shentsize != sizeof(Elf64_Shdr) || !eh->e_shnum ||
	    eh->e_shoff > len || (len - eh->e_shoff) / sizeof(Elf64_Shdr) < eh->e_shnum)
		die("not a well-formed ELF64 little-endian module");
	return eh;
}

#define EH(field) offsetof(Elf64_Ehdr, field), sizeof(((Elf64_Ehdr *)0)->field)
#define SH(i, field) (eh->e_shoff + (i) * sizeof(Elf64_Shdr) + offsetof(Elf64_Shdr, field)), \
		     sizeof(((Elf64_Shdr *)0)->field)

static void rejected(const unsigned char *img, size_t len)
{
	const Elf64_Ehdr *eh = check_elf(img, len);
	const Elf64_Shdr *sh = (const Elf64_Shdr *)(img + eh->e_shoff);
	static const uint16_t machines[] = { EM_386, EM_ARM, EM_AARCH64, EM_PPC64,
					     EM_S390, EM_RISCV, 0, 0xffff };
	unsigned int i, n;

	/*
	 * Cut at 320 places spread over the file, and inside the headers.
	 * (An empty file never reaches the loader: finit_module refuses it.)
	 */
	for (n = 1; n < 320; n++)
		emit(img, (size_t)len * n / 320, "truncated-%zu", (size_t)len * n / 320);
	for (n = 1; n < 8; n++)
		emit(img, eh->e_shoff + n * sizeof(Elf64_Shdr) / 2, "truncated-shdrs-%u", n);

	emit_patched(img, len, 0, 1, 0x7e, "bad-magic");
	emit_patched(img, len, EH(e_type), ET_EXEC, "type-exec");
	emit_patched(img, len, EH(e_type), ET_DYN, "type-dyn");
	for (i = 0; i < sizeof(machines) / sizeof(machines[0]); i++)
		emit_patched(img, len, EH(e_machine), machines[i], "machine-%u", machines[i]);
	emit_patched(img, len, EH(e_shentsize), sizeof(Elf64_Shdr) - 1, "shentsize-small");
	emit_patched(img, len, EH(e_shentsize), sizeof(Elf64_Shdr) * 2, "shentsize-big");
	emit_patched(img, len, EH(e_shoff), len, "shoff-at-end");
	emit_patched(img, len, EH(e_shoff), len - 1, "shoff-end-1");
	emit_patched(img, len, EH(e_shoff), UINT64_MAX - 7, "shoff-wraps");
	emit_patched(img, len, EH(e_shoff), 1ULL << 40, "shoff-huge");
	emit_patched(img, len, EH(e_shnum), 0xffff, "shnum-max");
	emit_patched(img, len, EH(e_shnum), eh->e_shnum + 1, "shnum-plus-1");
	emit_patched(img, len, EH(e_shnum), eh->e_shnum * 4, "shnum-times-4");
	emit_patched(img, len, EH(e_shstrndx), eh->e_shnum, "shstrndx-past");
	emit_patched(img, len, EH(e_shstrndx), 0xffff, "shstrndx-max");

	/* Every section with contents, placed or sized outside the file. */
	for (i = 1; i < eh->e_shnum; i++) {
		if (sh[i].sh_type == SHT_NOBITS)
			continue;
		emit_patched(img, len, SH(i, sh_offset), len + 1, "sec%u-offset-past", i);
		emit_patched(img, len, SH(i, sh_offset), UINT64_MAX - 15, "sec%u-offset-wraps", i);
		emit_patched(img, len, SH(i, sh_size), len + 1, "sec%u-size-past", i);
		emit_patched(img, len, SH(i, sh_size), UINT64_MAX - 15, "sec%u-size-wraps", i);
	}
}

static void crashing(const unsigned char *img, size_t len)
{
	const Elf64_Ehdr *eh = check_elf(img, len);
	const Elf64_Shdr *sh = (const Elf64_Shdr *)(img + eh->e_shoff);
	unsigned int i;

	for (i = 1; i < eh->e_shnum; i++) {
		if (!(sh[i].sh_flags & SHF_ALLOC) && sh[i].sh_type != SHT_NOBITS &&
		    i != eh->e_shstrndx) {
			emit_patched(img, len, SH(i, sh_name), 0x7ffffff0,
				     "sec%u-name-past-table", i);
			return;
		}
	}
	die("no section without SHF_ALLOC");
}

/*
 * Content mutations: the tables modverify parses (__versions, .modinfo,
 * .strtab, .symtab), with headers the kernel accepts.  A section that
 * grows is written anew at the end of the file; every copy whose contents
 * change ends in PAD_SIZE zero bytes, so that what reads a string or a
 * section header past the end of a table finds a NUL (the kernel would
 * otherwise run off its copy of the image and oops, bare, before modverify
 * is in question).  Header fields alone are changed with emit_patched().
 */
#define PAD_SIZE	64
#define HUGE_SIZE	(1U << 20)
#define VERSION_SIZE	64	/* struct modversion_info on 64-bit */
#define VERSION_NAME	8

struct work {
	unsigned char *buf;
	size_t len;
	Elf64_Ehdr *eh;
	Elf64_Shdr *sh;
};

/* A copy of @img with room for @extra more bytes and the zero pad. */
static void work_copy(struct work *w, const unsigned char *img, size_t len, size_t extra)
{
	w->buf = calloc(1, len + extra + 8 + PAD_SIZE);
	if (!w->buf)
		die("out of memory");
	memcpy(w->buf, img, len);
	w->len = len;
	w->eh = (Elf64_Ehdr *)w->buf;
	w->sh = (Elf64_Shdr *)(w->buf + w->eh->e_shoff);
}

static void work_emit(struct work *w, const char *what)
{
	emit(w->buf, w->len + PAD_SIZE, "%s", what);
	free(w->buf);
}

/* Section @i's contents replaced by @size bytes, written at the end. */
static unsigned char *work_move(struct work *w, unsigned int i, size_t size)
{
	size_t off = (w->len + 7) & ~(size_t)7;

	w->sh[i].sh_offset = off;
	w->sh[i].sh_size = size;
	w->len = off + size;
	return w->buf + off;
}

/* A copy with the last byte of section @i's contents no longer a NUL. */
static void emit_nul_gone(const unsigned char *img, size_t len, unsigned int i,
			  const char *what)
{
	struct work w;

	work_copy(&w, img, len, 0);
	w.buf[w.sh[i].sh_offset + w.sh[i].sh_size - 1] = 'A';
	work_emit(&w, what);
}

/*
 * A copy in w whose section @i holds its contents then HUGE_SIZE bytes
 * of 'A', no NUL; returns those contents.
 */
static unsigned char *copy_huge_tail(struct work *w, const unsigned char *img, size_t len,
				     unsigned int i)
{
	const Elf64_Shdr *sh = (const Elf64_Shdr *)(img + ((const Elf64_Ehdr *)img)->e_shoff);
	size_t size = sh[i].sh_size;
	unsigned char *p;

	work_copy(w, img, len, size + HUGE_SIZE);
	p = work_move(w, i, size + HUGE_SIZE);
	memcpy(p, img + sh[i].sh_offset, size);
	memset(p + size, 'A', HUGE_SIZE);
	return p;
}

static unsigned int find_section(const unsigned char *img, size_t len, const char *name)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img;
	const Elf64_Shdr *sh = (const Elf64_Shdr *)(img + eh->e_shoff);
	const Elf64_Shdr *str = &sh[eh->e_shstrndx];
	unsigned int i;

	if (eh->e_shstrndx >= eh->e_shnum || str->sh_offset > len ||
	    str->sh_size > len - str->sh_offset)
		die("no section name table");
	for (i = 1; i < eh->e_shnum; i++) {
		if (sh[i].sh_name < str->sh_size &&
		    memchr(img + str->sh_offset + sh[i].sh_name, '\0',
			   str->sh_size - sh[i].sh_name) &&
		    !strcmp((const char *)img + str->sh_offset + sh[i].sh_name, name))
			return i;
	}
	return 0;
}

/* The contents of section @i, checked to lie in the file. */
static unsigned char *section(struct work *w, unsigned int i)
{
	if (w->sh[i].sh_type == SHT_NOBITS || w->sh[i].sh_offset > w->len ||
	    w->sh[i].sh_size > w->len - w->sh[i].sh_offset)
		die("section %u outside the file", i);
	return w->buf + w->sh[i].sh_offset;
}

static void versions(const unsigned char *img, size_t len, unsigned int v)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img;
	const Elf64_Shdr *sh = (const Elf64_Shdr *)(img + eh->e_shoff);
	size_t size = sh[v].sh_size, n = size / VERSION_SIZE, k;
	struct work w;
	unsigned char *p;
	uint64_t crc;

	if (n < 2)
		die("__versions has fewer than two entries");
	emit_patched(img, len, SH(v, sh_size), size - 1, "versions-size-minus-1");
	emit_patched(img, len, SH(v, sh_size), size - VERSION_SIZE / 2,
		     "versions-size-half-entry-less");
	emit_patched(img, len, SH(v, sh_size), 8, "versions-size-8");
	emit_patched(img, len, SH(v, sh_size), 0, "versions-size-0");
	emit_patched(img, len, SH(v, sh_flags), sh[v].sh_flags & ~(uint64_t)SHF_ALLOC,
		     "versions-not-alloc");

	work_copy(&w, img, len, 0);
	for (k = 0, p = section(&w, v); k < n; k++) {
		memcpy(&crc, p + k * VERSION_SIZE, sizeof(crc));
		crc ^= 0xffffffff;
		memcpy(p + k * VERSION_SIZE, &crc, sizeof(crc));
	}
	work_emit(&w, "versions-crcs-flipped");
	work_copy(&w, img, len, 0);
	for (k = 0, p = section(&w, v); k < n; k++) {
		memcpy(&crc, p + k * VERSION_SIZE, sizeof(crc));
		crc |= 0xffffffff00000000ULL;
		memcpy(p + k * VERSION_SIZE, &crc, sizeof(crc));
	}
	work_emit(&w, "versions-crcs-high-bits");

	/* Names filling their 56 bytes, no NUL: the first, the last. */
	work_copy(&w, img, len, 0);
	memset(section(&w, v) + VERSION_NAME, 'A', VERSION_SIZE - VERSION_NAME);
	work_emit(&w, "versions-first-name-no-nul");
	work_copy(&w, img, len, 0);
	memset(section(&w, v) + (n - 1) * VERSION_SIZE + VERSION_NAME, 'A',
	       VERSION_SIZE - VERSION_NAME);
	work_emit(&w, "versions-last-name-no-nul");
	work_copy(&w, img, len, 0);
	for (k = 0, p = section(&w, v); k < n; k++)
		p[k * VERSION_SIZE + VERSION_NAME] = '\0';
	work_emit(&w, "versions-names-empty");
}

/* The value of "key=" in .modinfo, in w's copy, or NULL. */
static char *modinfo_value(struct work *w, unsigned int m, const char *key)
{
	char *p = (char *)section(w, m), *end = p + w->sh[m].sh_size;
	size_t klen = strlen(key);

	while (p < end) {
		size_t left = end - p, n = strnlen(p, left);

		if (n > klen && !memcmp(p, key, klen) && p[klen] == '=')
			return p + klen + 1;
		p += n + 1;
	}
	return NULL;
}

/* A copy whose vermagic value starts with @text (no longer than it). */
static void vermagic_edit(const unsigned char *img, size_t len, unsigned int m,
			  const char *text, size_t tlen, const char *what)
{
	struct work w;
	char *v;

	work_copy(&w, img, len, 0);
	v = modinfo_value(&w, m, "vermagic");
	if (!v || strlen(v) < tlen)
		die("no vermagic of %zu bytes to edit", tlen);
	memcpy(v, text, tlen);
	work_emit(&w, what);
}

static void modinfo(const unsigned char *img, size_t len, unsigned int m)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img;
	const Elf64_Shdr *sh = (const Elf64_Shdr *)(img + eh->e_shoff);
	static const char forged[] = "'\nend: 1\nmodverify_record: 1\nseq: 99\n";
	static const char ctrl[] = "\x01\x1b[31m\x7f\xff\t\r\b\\x41";
	size_t size = sh[m].sh_size, i;
	struct work w;
	unsigned char *p;
	char *v;

	emit_nul_gone(img, len, m, "modinfo-last-nul-gone");
	work_copy(&w, img, len, 0);
	for (i = 0, p = section(&w, m); i < size; i++)
		if (!p[i])
			p[i] = 'A';
	work_emit(&w, "modinfo-no-nul-at-all");
	emit_patched(img, len, SH(m, sh_size), 0, "modinfo-size-0");
	emit_patched(img, len, SH(m, sh_flags), sh[m].sh_flags & ~(uint64_t)SHF_ALLOC,
		     "modinfo-not-alloc");

	/* Huge: a 1 MiB string first; a 64 KiB vermagic first; a 1 MiB tail without NUL. */
	work_copy(&w, img, len, HUGE_SIZE + size + 16);
	p = work_move(&w, m, 5 + HUGE_SIZE + 1 + size);
	memcpy(p, "junk=", 5);
	memset(p + 5, 'A', HUGE_SIZE);
	p[5 + HUGE_SIZE] = '\0';
	memcpy(p + 5 + HUGE_SIZE + 1, img + sh[m].sh_offset, size);
	work_emit(&w, "modinfo-huge-string-first");
	work_copy(&w, img, len, HUGE_SIZE / 16 + size + 16);
	p = work_move(&w, m, 9 + HUGE_SIZE / 16 + 1 + size);
	memcpy(p, "vermagic=", 9);
	memset(p + 9, 'B', HUGE_SIZE / 16);
	p[9 + HUGE_SIZE / 16] = '\0';
	memcpy(p + 9 + HUGE_SIZE / 16 + 1, img + sh[m].sh_offset, size);
	work_emit(&w, "modinfo-huge-vermagic-first");
	copy_huge_tail(&w, img, len, m);
	work_emit(&w, "modinfo-huge-tail-no-nul");

	/* vermagic: a newline that would forge record lines, control bytes, empty. */
	vermagic_edit(img, len, m, forged, sizeof(forged) - 1, "modinfo-vermagic-forges-lines");
	vermagic_edit(img, len, m, ctrl, sizeof(ctrl) - 1, "modinfo-vermagic-control-bytes");
	vermagic_edit(img, len, m, "", 1, "modinfo-vermagic-empty");
	work_copy(&w, img, len, 0);
	v = modinfo_value(&w, m, "vermagic");
	if (!v)
		die("no vermagic= in .modinfo");
	v[-2] = 'X';	/* "vermagiX=": no vermagic at all */
	work_emit(&w, "modinfo-vermagic-missing");
	work_copy(&w, img, len, 0);
	v = modinfo_value(&w, m, "name");
	if (v) {
		v[0] = '\n';
		work_emit(&w, "modinfo-name-newline");
	} else {
		free(w.buf);
	}
}

/* Index of the first import (undefined, named) of the symbol table. */
static size_t first_import(struct work *w, unsigned int y)
{
	Elf64_Sym *sym = (Elf64_Sym *)section(w, y);
	size_t i, n = w->sh[y].sh_size / sizeof(*sym);

	for (i = 1; i < n; i++)
		if (sym[i].st_shndx == SHN_UNDEF && sym[i].st_name)
			return i;
	die("no import in the symbol table");
}

static void strtab(const unsigned char *img, size_t len, unsigned int s, unsigned int y)
{
	const Elf64_Shdr *sh = (const Elf64_Shdr *)(img + ((const Elf64_Ehdr *)img)->e_shoff);
	size_t size = sh[s].sh_size, i, n;
	struct work w;
	Elf64_Sym *sym;

	emit_nul_gone(img, len, s, "strtab-last-nul-gone");
	work_copy(&w, img, len, 0);
	w.sh[s].sh_size = size - 1;
	work_emit(&w, "strtab-size-minus-1");

	/* 1 MiB without a NUL after the names; then every import named in it. */
	copy_huge_tail(&w, img, len, s);
	work_emit(&w, "strtab-huge-tail-no-nul");
	copy_huge_tail(&w, img, len, s);
	sym = (Elf64_Sym *)section(&w, y);
	n = w.sh[y].sh_size / sizeof(*sym);
	for (i = 1; i < n; i++)
		if (sym[i].st_shndx == SHN_UNDEF && sym[i].st_name)
			sym[i].st_name = size + i;
	work_emit(&w, "strtab-imports-named-in-huge-tail");
}

static void symtab(const unsigned char *img, size_t len, unsigned int y, unsigned int s)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img;
	const Elf64_Shdr *sh = (const Elf64_Shdr *)(img + eh->e_shoff);
	size_t n = sh[y].sh_size / sizeof(Elf64_Sym), i, k, r;
	unsigned char *used = calloc(n, 1);
	const Elf64_Rela *rela;
	struct work w;
	Elf64_Sym *sym;

	if (!used)
		die("out of memory");
	work_copy(&w, img, len, 0);
	sym = (Elf64_Sym *)section(&w, y);
	sym[first_import(&w, y)].st_name = sh[s].sh_size;
	work_emit(&w, "symtab-import-name-at-strtab-end");
	work_copy(&w, img, len, 0);
	sym = (Elf64_Sym *)section(&w, y);
	sym[first_import(&w, y)].st_shndx = SHN_COMMON;
	work_emit(&w, "symtab-import-common");
	/*
	 * Not a .symtab size short of a whole entry: 6.1 then leaves the last
	 * symbol unresolved, relocates against it all the same and the init
	 * calls address 0 - the bare kernel oopses.
	 */
	emit_patched(img, len, SH(y, sh_entsize), 0, "symtab-entsize-0");

	/*
	 * A defined symbol no relocation uses, placed in a section past the
	 * last: the kernel reads that section's header (the zero pad) and
	 * nothing ever uses the address it makes.
	 */
	work_copy(&w, img, len, 0);
	for (k = 1; k < eh->e_shnum; k++) {
		if (sh[k].sh_type != SHT_RELA || sh[k].sh_link != y)
			continue;
		rela = (const Elf64_Rela *)section(&w, k);
		for (r = 0; r < sh[k].sh_size / sizeof(*rela); r++)
			if (ELF64_R_SYM(rela[r].r_info) < n)
				used[ELF64_R_SYM(rela[r].r_info)] = 1;
	}
	sym = (Elf64_Sym *)section(&w, y);
	for (i = 1; i < n; i++) {
		if (!used[i] && sym[i].st_shndx != SHN_UNDEF && sym[i].st_shndx < SHN_LORESERVE) {
			sym[i].st_shndx = eh->e_shnum;
			break;
		}
	}
	free(used);
	if (i == n)
		die("no defined symbol without a relocation");
	work_emit(&w, "symtab-shndx-past-last-section");
}

static void contents(const unsigned char *img, size_t len)
{
	const Elf64_Ehdr *eh = check_elf(img, len);
	const Elf64_Shdr *sh = (const Elf64_Shdr *)(img + eh->e_shoff);
	unsigned int v = find_section(img, len, "__versions");
	unsigned int m = find_section(img, len, ".modinfo");
	unsigned int y = find_section(img, len, ".symtab");
	unsigned int s;

	if (!m || !y || sh[y].sh_link >= eh->e_shnum)
		die("no .modinfo or .symtab");
	s = sh[y].sh_link;
	if (v)		/* a kernel without modversions builds none */
		versions(img, len, v);
	modinfo(img, len, m);
	strtab(img, len, s, y);
	symtab(img, len, y, s);
}

int main(int argc, char **argv)
{
	unsigned char *img;
	size_t len;

	if (argc != 4 || (strcmp(argv[1], "rejected") && strcmp(argv[1], "crashing") &&
			  strcmp(argv[1], "contents"))) {
		fprintf(stderr, "usage: komangle rejected|contents|crashing MODULE.ko OUTDIR\n");
		return 2;
	}
	outdir = argv[3];
	img = load(argv[2], &len);
	if (!strcmp(argv[1], "rejected"))
		rejected(img, len);
	else if (!strcmp(argv[1], "contents"))
		contents(img, len);
	else
		crashing(img, len);
	free(img);
	return 0;
}
