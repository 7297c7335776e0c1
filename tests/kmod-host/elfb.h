/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod-host: a small builder of ELF64 relocatable images shaped like kernel
 * modules, for the unit tests, the fuzzer's seeds and the cost tests.
 *
 * tests/tools/mkko.c builds similar images, but as a command-line program
 * with fixed-size tables (64 symbols) and no way to write a malformed
 * string table or section header, so it is not reused: this builder adds
 * sections one by one, takes raw symbol and string tables, and hands the
 * image back in memory for the tests to patch.
 */
#ifndef _KH_ELFB_H
#define _KH_ELFB_H

#include <elf.h>
#include <stddef.h>
#include <stdint.h>

struct kb_buf {
	unsigned char *p;
	size_t len;
};

void kb_buf_put(struct kb_buf *b, const void *p, size_t n);	/* p NULL: zeros */
void kb_buf_str(struct kb_buf *b, const char *s);		/* with its NUL */
void kb_buf_free(struct kb_buf *b);

struct kb;

struct kb *kb_new(void);
void kb_free(struct kb *kb);

/* A section with a copy of @data; returns its index. */
unsigned int kb_add(struct kb *kb, const char *name, uint32_t type, uint64_t flags,
		    const void *data, size_t len);

/* .modinfo (SHF_ALLOC) from "key=value" strings, NULL-terminated. */
unsigned int kb_modinfo(struct kb *kb, const char *const *kv);
/* __versions (SHF_ALLOC): struct modversion_info entries. */
unsigned int kb_versions(struct kb *kb, const char *const *names,
			 const uint64_t *crcs, unsigned int n);
/* .gnu.linkonce.this_module (SHF_WRITE|SHF_ALLOC) of @size bytes, name at 24. */
unsigned int kb_this_module(struct kb *kb, const char *name, size_t size);

/* Symbols, in order after the null symbol; .symtab and .strtab are added
 * by kb_build() when there are any. */
void kb_undef(struct kb *kb, const char *name, unsigned char bind);
void kb_defined(struct kb *kb, const char *name, uint16_t shndx);
/* Raw mode: the string table as given, symbols naming offsets in it. */
void kb_strtab_raw(struct kb *kb, const void *data, size_t len);
void kb_sym_raw(struct kb *kb, uint32_t st_name, unsigned char info, uint16_t shndx);

struct kb_image {
	unsigned char *data;
	size_t len;
};

/* Header, section bodies (8-aligned), then section headers; .shstrtab last. */
struct kb_image kb_build(struct kb *kb);
void kb_image_free(struct kb_image *img);

static inline Elf64_Ehdr *kb_ehdr(struct kb_image *img)
{
	return (Elf64_Ehdr *)img->data;
}

static inline Elf64_Shdr *kb_shdr(struct kb_image *img, unsigned int i)
{
	return (Elf64_Shdr *)(img->data + kb_ehdr(img)->e_shoff) + i;
}

/* Index of the first section named @name, or 0. */
unsigned int kb_find(struct kb_image *img, const char *name);

/* A module image a kernel would load: name, vermagic, srcversion, a few
 * versions and imports.  @vermagic NULL: the default 6.1 one. */
struct kb_image kb_standard(const char *name, const char *vermagic);

#endif
