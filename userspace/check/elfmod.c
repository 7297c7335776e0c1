// SPDX-License-Identifier: GPL-2.0
/*
 * The module image reader (elfmod.h): the ELF header, the section table,
 * the symbols, .modinfo, the version tables and the signature, each read
 * only after its offsets are checked against the image.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elfmod.h"

/* struct module begins with state (an enum) and a list_head, then name[]. */
#define THIS_MODULE_NAME_OFF(m)	((m)->elf_class == 64 ? 24 : 12)
#define MODULE_NAME_LEN(m)	(64 - ((m)->elf_class == 64 ? 8 : 4))

/* struct module_signature: 8 bytes of ids and lengths, then __be32 sig_len */
#define SIG_INFO_SIZE		12
#define PKEY_ID_PKCS7		2

static bool in_image(uint64_t off, uint64_t len, size_t size)
{
	return off <= size && len <= size - off;
}

uint64_t mv_elfmod_uint(const struct mv_elfmod *m, const unsigned char *p,
			unsigned int size)
{
	uint64_t hi, lo;

	if (size <= sizeof(unsigned long))
		return mv_get_uint(p, size, m->big_endian);
	/* 8 bytes on a host whose long has 4 */
	hi = mv_get_uint(p + (m->big_endian ? 0 : 4), 4, m->big_endian);
	lo = mv_get_uint(p + (m->big_endian ? 4 : 0), 4, m->big_endian);
	return hi << 32 | lo;
}

/* Offsets of the fields, ELF32 then ELF64 (Elf32_Ehdr, Elf64_Ehdr, ...). */
struct layout {
	unsigned int ehdr, shdr, sym;
	unsigned int word;	/* Elf_Addr / Elf_Off / sh_flags / sh_size */
	unsigned int e_type, e_machine, e_shoff, e_shentsize, e_shnum, e_shstrndx;
	unsigned int sh_name, sh_type, sh_flags, sh_offset, sh_size, sh_link;
	unsigned int st_name, st_value, st_info, st_shndx;
};

static const struct layout layouts[2] = {
	{ 52, 40, 16, 4, 16, 18, 32, 46, 48, 50, 0, 4, 8, 16, 20, 24, 0, 4, 12, 14 },
	{ 64, 64, 24, 8, 16, 18, 40, 58, 60, 62, 0, 4, 8, 24, 32, 40, 0, 8, 4, 6 },
};

static const struct layout *layout_of(const struct mv_elfmod *m)
{
	return &layouts[m->elf_class == 64];
}

#define FIELD(m, base, off, size) mv_elfmod_uint(m, (base) + (off), size)

/*
 * The kernel strips "<signature><struct module_signature><marker>" before
 * it parses the ELF (module_sig_check(), mod_verify_sig(), mod_check_sig()).
 */
static void find_signature(struct mv_elfmod *m)
{
	size_t mlen = sizeof(MV_SIG_MARKER) - 1, len = m->image_size;
	const unsigned char *info;
	uint32_t sig_len;

	m->elf_size = len;
	if (len <= mlen || memcmp(m->image + len - mlen, MV_SIG_MARKER, mlen))
		return;
	m->signature = true;
	len -= mlen;
	if (len <= SIG_INFO_SIZE) {
		m->sig_check = -EBADMSG;
		return;
	}
	info = m->image + len - SIG_INFO_SIZE;
	sig_len = (uint32_t)mv_get_uint(info + 8, 4, 1);
	if (sig_len >= len - SIG_INFO_SIZE) {
		m->sig_check = -EBADMSG;
	} else if (info[2] != PKEY_ID_PKCS7) {
		m->sig_check = -ENOPKG;
	} else if (info[0] || info[1] || info[3] || info[4] || info[5] ||
		   info[6] || info[7]) {
		m->sig_check = -EBADMSG;
	} else {
		m->elf_size = len - SIG_INFO_SIZE - sig_len;
	}
}

static int parse_ident(struct mv_elfmod *m, struct mv_error *err)
{
	const unsigned char *id = m->image;

	if (m->image_size < EI_NIDENT || memcmp(id, ELFMAG, SELFMAG))
		return mv_error_set(err, NULL, "not an ELF file (no ELF magic): not a kernel module");
	if (id[EI_CLASS] != ELFCLASS32 && id[EI_CLASS] != ELFCLASS64)
		return mv_error_set(err, NULL, "unsupported ELF class %u (neither 32- nor 64-bit)",
				    id[EI_CLASS]);
	if (id[EI_DATA] != ELFDATA2LSB && id[EI_DATA] != ELFDATA2MSB)
		return mv_error_set(err, NULL, "unsupported ELF byte order %u",
				    id[EI_DATA]);
	m->elf_class = id[EI_CLASS] == ELFCLASS64 ? 64 : 32;
	m->big_endian = id[EI_DATA] == ELFDATA2MSB;
	if (m->elf_size < layout_of(m)->ehdr)
		return mv_error_set(err, NULL, "truncated: %zu bytes, shorter than an ELF header",
				    m->elf_size);
	return 0;
}

static int parse_sections(struct mv_elfmod *m, struct mv_error *err)
{
	const struct layout *l = layout_of(m);
	const unsigned char *eh = m->image;
	uint64_t shoff = FIELD(m, eh, l->e_shoff, l->word);
	unsigned int shentsize = (unsigned int)FIELD(m, eh, l->e_shentsize, 2);
	unsigned int shnum = (unsigned int)FIELD(m, eh, l->e_shnum, 2);
	unsigned int shstrndx = (unsigned int)FIELD(m, eh, l->e_shstrndx, 2);
	const unsigned char *names;
	uint64_t names_size;
	size_t i;

	m->type = (uint16_t)FIELD(m, eh, l->e_type, 2);
	m->machine = (uint16_t)FIELD(m, eh, l->e_machine, 2);
	if (shentsize != l->shdr)
		return mv_error_set(err, NULL, "section header size %u, ELF%u's is %u",
				    shentsize, m->elf_class, l->shdr);
	if (!shnum)
		return mv_error_set(err, NULL, "no section headers: not a kernel module");
	if (!in_image(shoff, (uint64_t)shnum * shentsize, m->elf_size))
		return mv_error_set(err, NULL,
				    "truncated: %u section headers at offset %llu lie outside the %zu-byte image",
				    shnum, (unsigned long long)shoff, m->elf_size);
	if (shstrndx == SHN_UNDEF || shstrndx >= shnum)
		return mv_error_set(err, NULL, "section name table index %u out of range",
				    shstrndx);

	m->sections = calloc(shnum, sizeof(*m->sections));
	if (!m->sections)
		return mv_error_set(err, NULL, "out of memory");
	m->nr_sections = shnum;
	for (i = 0; i < shnum; i++) {
		const unsigned char *sh = eh + shoff + i * shentsize;
		struct mv_elf_section *s = &m->sections[i];

		s->type = (uint32_t)FIELD(m, sh, l->sh_type, 4);
		s->flags = FIELD(m, sh, l->sh_flags, l->word);
		s->offset = FIELD(m, sh, l->sh_offset, l->word);
		s->size = FIELD(m, sh, l->sh_size, l->word);
		s->link = (uint32_t)FIELD(m, sh, l->sh_link, 4);
		if (s->type == SHT_NOBITS || i == 0)
			continue;
		if (!in_image(s->offset, s->size, m->elf_size))
			return mv_error_set(err, NULL,
					    "truncated: section %zu (%llu bytes at offset %llu) lies outside the %zu-byte image",
					    i, (unsigned long long)s->size,
					    (unsigned long long)s->offset, m->elf_size);
		s->data = m->image + s->offset;
	}

	names = m->sections[shstrndx].data;
	names_size = m->sections[shstrndx].size;
	if (!names || !names_size || names[names_size - 1] != '\0')
		return mv_error_set(err, NULL, "the section name table is empty, missing or not NUL-terminated");
	for (i = 0; i < shnum; i++) {
		const unsigned char *sh = eh + shoff + i * shentsize;
		uint64_t name = FIELD(m, sh, l->sh_name, 4);

		if (name >= names_size)
			return mv_error_set(err, NULL, "section %zu's name lies outside the name table",
					    i);
		m->sections[i].name = (const char *)names + name;
	}
	return 0;
}

/* A string table the symbols can point into safely. */
static bool string_table_ok(const struct mv_elf_section *s)
{
	return s->type == SHT_STRTAB && s->data && s->size &&
	       s->data[s->size - 1] == '\0';
}

static int parse_symbols(struct mv_elfmod *m, struct mv_error *err)
{
	const struct layout *l = layout_of(m);
	size_t i;

	/* the loader takes the last SHT_SYMTAB (setup_load_info()) */
	for (i = 1; i < m->nr_sections; i++)
		if (m->sections[i].type == SHT_SYMTAB)
			m->symtab = &m->sections[i];
	if (!m->symtab)
		return 0;
	if (!m->symtab->data || m->symtab->link >= m->nr_sections ||
	    !string_table_ok(&m->sections[m->symtab->link]))
		return mv_error_set(err, NULL, "the symbol table has no usable string table");
	m->strtab = &m->sections[m->symtab->link];
	m->nr_symbols = m->symtab->size / l->sym;
	for (i = 1; i < m->nr_symbols; i++) {
		const unsigned char *st = m->symtab->data + i * l->sym;

		if (FIELD(m, st, l->st_name, 4) >= m->strtab->size)
			return mv_error_set(err, NULL, "symbol %zu's name lies outside the string table",
					    i);
	}
	return 0;
}

void mv_elfmod_symbol(const struct mv_elfmod *m, size_t i,
		      struct mv_elf_symbol *sym)
{
	const struct layout *l = layout_of(m);
	const unsigned char *st = m->symtab->data + i * l->sym;

	sym->name = (const char *)m->strtab->data + FIELD(m, st, l->st_name, 4);
	sym->value = FIELD(m, st, l->st_value, l->word);
	sym->shndx = (uint16_t)FIELD(m, st, l->st_shndx, 2);
	sym->bind = st[l->st_info] >> 4;
}

const struct mv_elf_section *mv_elfmod_section(const struct mv_elfmod *m,
					       const char *name)
{
	size_t i;

	for (i = 1; i < m->nr_sections; i++)
		if (strcmp(m->sections[i].name, name) == 0)
			return &m->sections[i];
	return NULL;
}

static unsigned int count_sections(const struct mv_elfmod *m, const char *name)
{
	unsigned int n = 0;
	size_t i;

	for (i = 1; i < m->nr_sections; i++)
		n += strcmp(m->sections[i].name, name) == 0;
	return n;
}

const char *mv_modinfo_next(const struct mv_elfmod *m, const char *key,
			    const char *prev)
{
	return mv_modinfo_lookup(m->modinfo, m->modinfo_size, key, prev);
}

const char *mv_modinfo_lookup(const char *modinfo, size_t size,
			      const char *key, const char *prev)
{
	const char *p = prev ? prev + strlen(prev) + 1 : modinfo;
	const char *end = modinfo + size;
	size_t klen = strlen(key);

	/* entries are NUL-separated, possibly by several NULs (padding) */
	for (; p && p < end; p += strlen(p) + 1)
		if (strncmp(p, key, klen) == 0 && p[klen] == '=')
			return p + klen + 1;
	return NULL;
}

static int parse_modinfo(struct mv_elfmod *m, struct mv_error *err)
{
	const struct mv_elf_section *s = mv_elfmod_section(m, ".modinfo");

	m->nr_modinfo = count_sections(m, ".modinfo");
	if (!s || !s->data)
		return mv_error_set(err, NULL, "no .modinfo section: not a kernel module");
	m->modinfo = malloc(s->size + 1);
	if (!m->modinfo)
		return mv_error_set(err, NULL, "out of memory");
	memcpy(m->modinfo, s->data, s->size);
	m->modinfo[s->size] = '\0';
	m->modinfo_size = s->size;
	return 0;
}

static void find_name(struct mv_elfmod *m)
{
	const struct mv_elf_section *s =
		mv_elfmod_section(m, ".gnu.linkonce.this_module");
	size_t off = THIS_MODULE_NAME_OFF(m), max = MODULE_NAME_LEN(m);
	const char *name = NULL;

	m->nr_this_module = count_sections(m, ".gnu.linkonce.this_module");
	if (s && s->data && s->size > off) {
		name = (const char *)s->data + off;
		if (s->size - off < max)
			max = s->size - off;
		if (!memchr(name, '\0', max) || !*name)
			name = NULL;
	}
	if (!name)
		name = mv_modinfo_next(m, "name", NULL);
	if (name)
		snprintf(m->name, sizeof(m->name), "%.*s", (int)max, name);
}

static const unsigned char *table(const struct mv_elfmod *m,
				  const char *name, size_t *size)
{
	const struct mv_elf_section *s = mv_elfmod_section(m, name);

	*size = s && s->data ? s->size : 0;
	return s ? s->data : NULL;
}

/*
 * The tables, and whether __versions can be read at all; the 6.14 tables
 * are judged by the prediction (older kernels ignore them).
 */
static int find_versions(struct mv_elfmod *m, struct mv_error *err)
{
	struct mv_vertables *t = &m->versions, legacy;
	const char *why;

	t->long_size = m->elf_class / 8;
	t->big_endian = m->big_endian;
	t->vers = table(m, "__versions", &t->vers_size);
	t->ext_crcs = table(m, "__version_ext_crcs", &t->ext_crcs_size);
	t->ext_names = (const char *)table(m, "__version_ext_names",
					   &t->ext_names_size);
	legacy = *t;
	legacy.ext_crcs = NULL;
	legacy.ext_names = NULL;
	why = mv_vertables_check(&legacy);
	return why ? mv_error_set(err, NULL, "malformed __versions: %s", why) : 0;
}

int mv_elfmod_parse(struct mv_elfmod *m, const unsigned char *image,
		    size_t size, struct mv_error *err)
{
	memset(m, 0, sizeof(*m));
	m->image = image;
	m->image_size = size;
	find_signature(m);
	if (parse_ident(m, err) ||
	    parse_sections(m, err) ||
	    parse_symbols(m, err) ||
	    parse_modinfo(m, err) ||
	    find_versions(m, err)) {
		mv_elfmod_free(m);
		return -1;
	}
	find_name(m);
	return 0;
}

int mv_elf_parse_sections(struct mv_elfmod *m, const unsigned char *image,
			  size_t size, struct mv_error *err)
{
	memset(m, 0, sizeof(*m));
	m->image = image;
	m->image_size = size;
	m->elf_size = size;
	if (parse_ident(m, err) || parse_sections(m, err)) {
		mv_elfmod_free(m);
		return -1;
	}
	return 0;
}

void mv_elfmod_free(struct mv_elfmod *m)
{
	free(m->sections);
	free(m->modinfo);
	memset(m, 0, sizeof(*m));
}
