// SPDX-License-Identifier: GPL-2.0
/* kmod-host: the ELF builder (see elfb.h).  Plain C, no kernel shims. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elfb.h"

#define KB_MAX_SECTIONS 64

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fprintf(stderr, "elfb: out of memory\n");
		abort();
	}
	return p;
}

void kb_buf_put(struct kb_buf *b, const void *p, size_t n)
{
	b->p = xrealloc(b->p, b->len + n);
	if (p)
		memcpy(b->p + b->len, p, n);
	else
		memset(b->p + b->len, 0, n);
	b->len += n;
}

void kb_buf_str(struct kb_buf *b, const char *s)
{
	kb_buf_put(b, s, strlen(s) + 1);
}

void kb_buf_free(struct kb_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = 0;
}

struct kb_section {
	char *name;
	uint32_t type, link, info;
	uint64_t flags, entsize;
	struct kb_buf body;
};

struct kb {
	struct kb_section sec[KB_MAX_SECTIONS];
	unsigned int n;			/* [0] is the null section */
	struct kb_buf symtab, strtab;
	unsigned int nsyms;
	int raw;
};

struct kb *kb_new(void)
{
	struct kb *kb = xrealloc(NULL, sizeof(*kb));

	memset(kb, 0, sizeof(*kb));
	kb->n = 1;
	return kb;
}

void kb_free(struct kb *kb)
{
	unsigned int i;

	for (i = 0; i < kb->n; i++) {
		free(kb->sec[i].name);
		kb_buf_free(&kb->sec[i].body);
	}
	kb_buf_free(&kb->symtab);
	kb_buf_free(&kb->strtab);
	free(kb);
}

unsigned int kb_add(struct kb *kb, const char *name, uint32_t type, uint64_t flags,
		    const void *data, size_t len)
{
	struct kb_section *s;

	if (kb->n == KB_MAX_SECTIONS) {
		fprintf(stderr, "elfb: too many sections\n");
		abort();
	}
	s = &kb->sec[kb->n];
	s->name = strdup(name);
	s->type = type;
	s->flags = flags;
	kb_buf_put(&s->body, data, len);
	return kb->n++;
}

unsigned int kb_modinfo(struct kb *kb, const char *const *kv)
{
	struct kb_buf b = { 0 };
	unsigned int i;

	for (i = 0; kv[i]; i++)
		kb_buf_str(&b, kv[i]);
	i = kb_add(kb, ".modinfo", SHT_PROGBITS, SHF_ALLOC, b.p, b.len);
	kb_buf_free(&b);
	return i;
}

unsigned int kb_versions(struct kb *kb, const char *const *names,
			 const uint64_t *crcs, unsigned int n)
{
	struct kb_buf b = { 0 };
	unsigned int i;

	for (i = 0; i < n; i++) {
		char name[56] = { 0 };

		strncpy(name, names[i], sizeof(name) - 1);
		kb_buf_put(&b, &crcs[i], 8);
		kb_buf_put(&b, name, sizeof(name));
	}
	i = kb_add(kb, "__versions", SHT_PROGBITS, SHF_ALLOC, b.p, b.len);
	kb_buf_free(&b);
	return i;
}

unsigned int kb_this_module(struct kb *kb, const char *name, size_t size)
{
	unsigned char *m = xrealloc(NULL, size);
	unsigned int i;

	memset(m, 0, size);
	if (size > 24)
		strncpy((char *)m + 24, name, size - 24 < 55 ? size - 24 : 55);
	i = kb_add(kb, ".gnu.linkonce.this_module", SHT_PROGBITS,
		   SHF_WRITE | SHF_ALLOC, m, size);
	free(m);
	return i;
}

/* The null symbol, and the string table's leading NUL, come first. */
static void start_symbols(struct kb *kb)
{
	Elf64_Sym null = { 0 };

	if (kb->nsyms)
		return;
	kb_buf_put(&kb->symtab, &null, sizeof(null));
	if (!kb->raw)
		kb_buf_put(&kb->strtab, "", 1);
	kb->nsyms = 1;
}

static void put_sym(struct kb *kb, uint32_t st_name, unsigned char info, uint16_t shndx)
{
	Elf64_Sym s = { .st_name = st_name, .st_info = info, .st_shndx = shndx };

	start_symbols(kb);
	kb_buf_put(&kb->symtab, &s, sizeof(s));
	kb->nsyms++;
}

static uint32_t put_name(struct kb *kb, const char *name)
{
	uint32_t off;

	start_symbols(kb);
	off = (uint32_t)kb->strtab.len;
	kb_buf_str(&kb->strtab, name);
	return off;
}

void kb_undef(struct kb *kb, const char *name, unsigned char bind)
{
	put_sym(kb, put_name(kb, name), ELF64_ST_INFO(bind, STT_NOTYPE), SHN_UNDEF);
}

void kb_defined(struct kb *kb, const char *name, uint16_t shndx)
{
	put_sym(kb, put_name(kb, name), ELF64_ST_INFO(STB_GLOBAL, STT_FUNC), shndx);
}

void kb_strtab_raw(struct kb *kb, const void *data, size_t len)
{
	kb->raw = 1;
	kb_buf_free(&kb->strtab);
	kb_buf_put(&kb->strtab, data, len);
}

void kb_sym_raw(struct kb *kb, uint32_t st_name, unsigned char info, uint16_t shndx)
{
	kb->raw = 1;
	put_sym(kb, st_name, info, shndx);
}

struct kb_image kb_build(struct kb *kb)
{
	struct kb_buf img = { 0 }, shstr = { 0 };
	uint64_t off[KB_MAX_SECTIONS] = { 0 };
	uint32_t names[KB_MAX_SECTIONS] = { 0 };
	Elf64_Ehdr eh = { 0 };
	unsigned int i, shstrndx;

	if (kb->nsyms) {
		unsigned int sym = kb_add(kb, ".symtab", SHT_SYMTAB, 0,
					  kb->symtab.p, kb->symtab.len);
		unsigned int str = kb_add(kb, ".strtab", SHT_STRTAB, 0,
					  kb->strtab.p, kb->strtab.len);

		kb->sec[sym].link = str;
		kb->sec[sym].info = 1;
		kb->sec[sym].entsize = sizeof(Elf64_Sym);
	}
	shstrndx = kb_add(kb, ".shstrtab", SHT_STRTAB, 0, NULL, 0);
	kb_buf_put(&shstr, "", 1);
	for (i = 1; i < kb->n; i++) {
		names[i] = (uint32_t)shstr.len;
		kb_buf_str(&shstr, kb->sec[i].name);
	}
	kb_buf_put(&kb->sec[shstrndx].body, shstr.p, shstr.len);
	kb_buf_free(&shstr);

	kb_buf_put(&img, NULL, sizeof(eh));
	for (i = 1; i < kb->n; i++) {
		kb_buf_put(&img, NULL, (8 - img.len % 8) % 8);
		off[i] = img.len;
		kb_buf_put(&img, kb->sec[i].body.p, kb->sec[i].body.len);
	}
	kb_buf_put(&img, NULL, (8 - img.len % 8) % 8);
	eh.e_shoff = img.len;
	for (i = 0; i < kb->n; i++) {
		Elf64_Shdr sh = { 0 };

		if (i) {
			sh.sh_name = names[i];
			sh.sh_type = kb->sec[i].type;
			sh.sh_flags = kb->sec[i].flags;
			sh.sh_offset = off[i];
			sh.sh_size = kb->sec[i].body.len;
			sh.sh_link = kb->sec[i].link;
			sh.sh_info = kb->sec[i].info;
			sh.sh_addralign = 8;
			sh.sh_entsize = kb->sec[i].entsize;
		}
		kb_buf_put(&img, &sh, sizeof(sh));
	}
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_type = ET_REL;
	eh.e_machine = EM_X86_64;
	eh.e_version = EV_CURRENT;
	eh.e_ehsize = sizeof(Elf64_Ehdr);
	eh.e_shentsize = sizeof(Elf64_Shdr);
	eh.e_shnum = (uint16_t)kb->n;
	eh.e_shstrndx = (uint16_t)shstrndx;
	memcpy(img.p, &eh, sizeof(eh));
	return (struct kb_image){ img.p, img.len };
}

void kb_image_free(struct kb_image *img)
{
	free(img->data);
	img->data = NULL;
	img->len = 0;
}

unsigned int kb_find(struct kb_image *img, const char *name)
{
	Elf64_Ehdr *eh = kb_ehdr(img);
	const char *shstr = (const char *)img->data + kb_shdr(img, eh->e_shstrndx)->sh_offset;
	unsigned int i;

	for (i = 1; i < eh->e_shnum; i++)
		if (!strcmp(shstr + kb_shdr(img, i)->sh_name, name))
			return i;
	return 0;
}

struct kb_image kb_standard(const char *name, const char *vermagic)
{
	static const char *const vnames[] = { "module_layout", "_printk", "kmalloc_caches" };
	static const uint64_t vcrcs[] = { 0x1c5b1f28, 0x92997ed8, 0x6a4fa1b2 };
	char kv_name[80], kv_vermagic[300];
	const char *kv[] = { kv_name, kv_vermagic, "srcversion=0123456789ABCDEF0123456",
			     "license=GPL", NULL };
	struct kb *kb = kb_new();
	struct kb_image img;

	snprintf(kv_name, sizeof(kv_name), "name=%s", name);
	snprintf(kv_vermagic, sizeof(kv_vermagic), "vermagic=%s",
		 vermagic ? vermagic : "6.1.0-57-amd64 SMP mod_unload modversions ");
	kb_modinfo(kb, kv);
	kb_versions(kb, vnames, vcrcs, 3);
	kb_this_module(kb, name, 1024);
	kb_undef(kb, "_printk", STB_GLOBAL);
	kb_undef(kb, "kmalloc_caches", STB_GLOBAL);
	kb_undef(kb, "maybe_there", STB_WEAK);
	img = kb_build(kb);
	kb_free(kb);
	return img;
}
