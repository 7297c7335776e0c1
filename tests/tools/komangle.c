// SPDX-License-Identifier: GPL-2.0
/*
 * komangle - derive malformed copies of a valid module, for the hostile-input
 * tests (tests/qemu/test-hostile.sh).
 *
 *   komangle rejected MODULE.ko OUTDIR
 *	copies the kernel's own ELF validation should reject before it reads
 *	any section (truncations, headers and sections out of range, wrong
 *	magic, type, machine, header sizes) - the test checks that it does;
 *   komangle crashing MODULE.ko OUTDIR
 *	a copy a 6.1 kernel accepts and then faults on: the name offset of a
 *	section without SHF_ALLOC far past the section name table (6.1 checks
 *	the names of allocated sections only; module_finalize() strcmp()s
 *	every section's name after relocation).
 *
 * Each copy is written as OUTDIR/NNNN-<what>.ko; the list goes to stdout.
 * ELF64 little-endian only, like the kernels the tests boot.
 */
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

static void die(const char *fmt, ...)
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

int main(int argc, char **argv)
{
	unsigned char *img;
	size_t len;

	if (argc != 4 || (strcmp(argv[1], "rejected") && strcmp(argv[1], "crashing"))) {
		fprintf(stderr, "usage: komangle rejected|crashing MODULE.ko OUTDIR\n");
		return 2;
	}
	outdir = argv[3];
	img = load(argv[2], &len);
	if (!strcmp(argv[1], "rejected"))
		rejected(img, len);
	else
		crashing(img, len);
	free(img);
	return 0;
}
