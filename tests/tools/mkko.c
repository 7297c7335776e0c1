// SPDX-License-Identifier: GPL-2.0
/*
 * mkko - write a synthetic kernel module image, for the cases no installed
 * kernel can build: ELF32, big-endian, 6.14 extended modversions with long
 * names, malformed signatures, W+X sections.  Only what the loader's checks
 * read is there (no code, no relocations): the images are checked, never
 * loaded.
 *
 *   mkko OUT [--class 32|64] [--be] [--machine N] [--type N]
 *            [--modinfo KEY=VALUE]... [--name NAME] [--no-this-module]
 *            [--version SYMBOL=CRC]... [--ext SYMBOL=CRC]... [--ext-crc CRC]
 *            [--undef SYMBOL]... [--weak SYMBOL]...
 *            [--export SYMBOL=CRC[:gpl]]... [--wx-section]
 *            [--sign | --bad-sign] [--this-module-size N] [--btf]
 *
 * --version entries go to __versions (64-byte entries, CRC an unsigned long
 * of the image's class), --ext to __version_ext_crcs/__version_ext_names;
 * --ext-crc adds a CRC without a name (a table the kernel refuses).
 * Symbols are listed in the symbol table in the order given.
 * --this-module-size pads .gnu.linkonce.this_module to N bytes (default:
 * name and list head only, 336 bytes in ELF64); --btf adds a .BTF section
 * (a BTF header only, nothing any kernel would accept).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ITEMS	64

struct buf {
	unsigned char *data;
	size_t len;
};

static int is64 = 1, big;

static void die(const char *msg)
{
	fprintf(stderr, "mkko: %s\n", msg);
	exit(2);
}

static void put(struct buf *b, const void *p, size_t n)
{
	b->data = realloc(b->data, b->len + n + 1);
	if (!b->data)
		die("out of memory");
	if (p)
		memcpy(b->data + b->len, p, n);
	else
		memset(b->data + b->len, 0, n);
	b->len += n;
}

static void free_buf(struct buf *b)
{
	free(b->data);
	*b = (struct buf){ 0 };
}

static void put_uint(struct buf *b, uint64_t v, unsigned int size)
{
	unsigned char bytes[8];
	unsigned int i;

	for (i = 0; i < size; i++)
		bytes[big ? size - 1 - i : i] = (unsigned char)(v >> (8 * i));
	put(b, bytes, size);
}

static void put_word(struct buf *b, uint64_t v)
{
	put_uint(b, v, is64 ? 8 : 4);
}

static size_t put_str(struct buf *b, const char *s)
{
	size_t off = b->len;

	put(b, s, strlen(s) + 1);
	return off;
}

struct section {
	const char *name;
	uint32_t type;
	uint64_t flags;
	struct buf body;
	uint32_t link, info;
	uint64_t entsize;
};

static struct section sections[32];
static unsigned int nr_sections = 1;	/* [0] is the null section */

static struct section *add_section(const char *name, uint32_t type)
{
	struct section *s = &sections[nr_sections++];

	s->name = name;
	s->type = type;
	s->flags = 2;	/* SHF_ALLOC */
	return s;
}

struct sym {
	const char *name;
	unsigned char bind;
	uint16_t shndx;
	uint64_t value;
};

static struct sym syms[4 * MAX_ITEMS];
static unsigned int nr_syms;

static void add_sym(const char *name, unsigned char bind, uint16_t shndx,
		    uint64_t value)
{
	char *copy = strdup(name);

	if (nr_syms == sizeof(syms) / sizeof(syms[0]) || !copy)
		die("too many symbols");
	syms[nr_syms++] = (struct sym){ copy, bind, shndx, value };
}

static char *split(char *arg, uint32_t *crc)
{
	char *eq = strchr(arg, '=');

	if (!eq)
		die("expected SYMBOL=CRC");
	*eq = '\0';
	*crc = (uint32_t)strtoull(eq + 1, NULL, 0);
	return eq + 1;
}

int main(int argc, char **argv)
{
	const char *out = argc > 1 ? argv[1] : NULL;
	const char *name = "mkko_test";
	unsigned int machine = 62, type = 1, i;
	int this_module = 1, wx = 0, sign = 0, btf = 0;
	size_t this_module_size = 0;
	struct buf modinfo = { 0 }, versions = { 0 }, ext_crcs = { 0 },
		   ext_names = { 0 };
	char *exports[MAX_ITEMS];
	unsigned int nr_exports = 0, nr_undef = 0;
	char *undef[MAX_ITEMS];
	unsigned char undef_bind[MAX_ITEMS];
	int have_versions = 0, have_ext = 0;
	struct buf image = { 0 }, symtab = { 0 }, strtab = { 0 },
		   shstrtab = { 0 };
	uint64_t shoff;
	FILE *f;

	if (!out)
		die("usage: mkko OUT [options] (see the source)");
	for (i = 2; i < (unsigned int)argc; i++) {
		const char *opt = argv[i];
		char *arg = i + 1 < (unsigned int)argc ? argv[i + 1] : NULL;
		uint32_t crc;

		if (!strcmp(opt, "--be")) {
			big = 1;
			continue;
		} else if (!strcmp(opt, "--no-this-module")) {
			this_module = 0;
			continue;
		} else if (!strcmp(opt, "--wx-section")) {
			wx = 1;
			continue;
		} else if (!strcmp(opt, "--btf")) {
			btf = 1;
			continue;
		} else if (!strcmp(opt, "--sign")) {
			sign = 1;
			continue;
		} else if (!strcmp(opt, "--bad-sign")) {
			sign = 2;
			continue;
		}
		if (!arg)
			die("option needs an argument");
		i++;
		if (!strcmp(opt, "--class"))
			is64 = atoi(arg) == 64;
		else if (!strcmp(opt, "--machine"))
			machine = (unsigned int)strtoul(arg, NULL, 0);
		else if (!strcmp(opt, "--type"))
			type = (unsigned int)strtoul(arg, NULL, 0);
		else if (!strcmp(opt, "--name"))
			name = arg;
		else if (!strcmp(opt, "--this-module-size"))
			this_module_size = strtoul(arg, NULL, 0);
		else if (!strcmp(opt, "--ext-crc")) {
			put_uint(&ext_crcs, strtoull(arg, NULL, 0), 4);
			have_ext = 1;
		} else if (!strcmp(opt, "--modinfo"))
			put_str(&modinfo, arg);
		else if (!strcmp(opt, "--version") || !strcmp(opt, "--ext")) {
			char entry[64] = { 0 };

			split(arg, &crc);
			if (!strcmp(opt, "--ext")) {
				put_uint(&ext_crcs, crc, 4);
				put_str(&ext_names, arg);
				have_ext = 1;
				continue;
			}
			/* struct modversion_info: unsigned long crc; char name[] */
			have_versions = 1;
			put_word(&versions, crc);
			strncpy(entry, arg, sizeof(entry) - 1);
			put(&versions, entry, 64 - (is64 ? 8 : 4));
			versions.data[versions.len - 1] = '\0';
		} else if (!strcmp(opt, "--undef") || !strcmp(opt, "--weak")) {
			if (nr_undef == MAX_ITEMS)
				die("too many symbols");
			undef_bind[nr_undef] = !strcmp(opt, "--weak") ? 2 : 1;
			undef[nr_undef++] = arg;
		} else if (!strcmp(opt, "--export")) {
			if (nr_exports == MAX_ITEMS)
				die("too many exports");
			exports[nr_exports++] = arg;
		} else {
			die("unknown option");
		}
	}

	/* sections, in file order */
	{
		struct section *s = add_section(".modinfo", 1);

		put(&s->body, modinfo.data, modinfo.len);
	}
	if (have_versions) {
		struct section *s = add_section("__versions", 1);

		put(&s->body, versions.data, versions.len);
	}
	if (have_ext) {
		struct section *c = add_section("__version_ext_crcs", 1);
		struct section *n = add_section("__version_ext_names", 1);

		put(&c->body, ext_crcs.data, ext_crcs.len);
		put(&n->body, ext_names.data, ext_names.len);
	}
	if (this_module) {
		struct section *s = add_section(".gnu.linkonce.this_module", 1);
		char padded[64] = { 0 };

		s->flags = 3;	/* SHF_WRITE | SHF_ALLOC */
		put(&s->body, NULL, is64 ? 24 : 12);
		strncpy(padded, name, sizeof(padded) - 8);
		put(&s->body, padded, is64 ? 56 : 60);
		put(&s->body, NULL, 256);
		if (this_module_size > s->body.len)
			put(&s->body, NULL, this_module_size - s->body.len);
		else if (this_module_size)
			die("--this-module-size: smaller than the name and list head");
	}
	if (btf) {
		struct section *s = add_section(".BTF", 1);

		/* magic 0xeb9f, version 1, flags 0, hdr_len 24, empty sections */
		put_uint(&s->body, 0xeb9f, 2);
		put_uint(&s->body, 1, 1);
		put_uint(&s->body, 0, 1);
		put_uint(&s->body, 24, 4);
		put(&s->body, NULL, 16);
	}
	if (wx) {
		struct section *s = add_section(".text.wx", 1);

		s->flags = 7;	/* SHF_WRITE | SHF_ALLOC | SHF_EXECINSTR */
		put(&s->body, NULL, 16);
	}

	/* symbols: the imports in order, then the exports */
	add_sym("", 0, 0, 0);
	for (i = 0; i < nr_undef; i++)
		add_sym(undef[i], undef_bind[i], 0, 0);
	if (nr_exports) {
		unsigned int ks[2], kc[2], g;
		char symname[200];

		ks[0] = nr_sections;
		add_section("__ksymtab", 1);
		kc[0] = nr_sections;
		add_section("__kcrctab", 1);
		ks[1] = nr_sections;
		add_section("__ksymtab_gpl", 1);
		kc[1] = nr_sections;
		add_section("__kcrctab_gpl", 1);
		for (i = 0; i < nr_exports; i++) {
			char *colon = strchr(exports[i], ':');
			struct section *tab, *crcs;
			uint32_t crc;

			g = colon && !strcmp(colon, ":gpl");
			if (colon)
				*colon = '\0';
			split(exports[i], &crc);
			tab = &sections[ks[g]];
			crcs = &sections[kc[g]];
			snprintf(symname, sizeof(symname), "__ksymtab_%s", exports[i]);
			add_sym(symname, 0, (uint16_t)ks[g], tab->body.len);
			put(&tab->body, NULL, 12);	/* struct kernel_symbol, PREL32 */
			snprintf(symname, sizeof(symname), "__crc_%s", exports[i]);
			add_sym(symname, 0, (uint16_t)kc[g], crcs->body.len);
			put_uint(&crcs->body, crc, 4);
		}
	}
	{
		unsigned int sym_index = nr_sections, str_index = nr_sections + 1;
		struct section *s = add_section(".symtab", 2);
		struct section *t = add_section(".strtab", 3);

		s->flags = t->flags = 0;
		s->link = str_index;
		s->info = 1;
		s->entsize = is64 ? 24 : 16;
		put_str(&strtab, "");
		for (i = 0; i < nr_syms; i++) {
			uint32_t n = i ? (uint32_t)put_str(&strtab, syms[i].name) : 0;
			unsigned char info = (unsigned char)(syms[i].bind << 4);

			if (is64) {
				put_uint(&symtab, n, 4);
				put(&symtab, &info, 1);
				put(&symtab, NULL, 1);
				put_uint(&symtab, syms[i].shndx, 2);
				put_uint(&symtab, syms[i].value, 8);
				put_uint(&symtab, 0, 8);
			} else {
				put_uint(&symtab, n, 4);
				put_uint(&symtab, syms[i].value, 4);
				put_uint(&symtab, 0, 4);
				put(&symtab, &info, 1);
				put(&symtab, NULL, 1);
				put_uint(&symtab, syms[i].shndx, 2);
			}
		}
		put(&sections[sym_index].body, symtab.data, symtab.len);
		put(&sections[str_index].body, strtab.data, strtab.len);
	}
	{
		struct section *s = add_section(".shstrtab", 3);

		s->flags = 0;
	}

	/* the image: header, bodies, section headers */
	put(&image, NULL, is64 ? 64 : 52);
	put_str(&shstrtab, "");
	{
		uint64_t offsets[32];
		uint32_t names[32];

		for (i = 1; i < nr_sections; i++)
			names[i] = (uint32_t)put_str(&shstrtab, sections[i].name);
		put(&sections[nr_sections - 1].body, shstrtab.data, shstrtab.len);
		for (i = 1; i < nr_sections; i++) {
			while (image.len % 8)
				put(&image, NULL, 1);
			offsets[i] = image.len;
			put(&image, sections[i].body.data, sections[i].body.len);
		}
		while (image.len % 8)
			put(&image, NULL, 1);
		shoff = image.len;
		for (i = 0; i < nr_sections; i++) {
			struct section *s = &sections[i];

			put_uint(&image, i ? names[i] : 0, 4);
			put_uint(&image, s->type, 4);
			put_word(&image, s->flags);
			put_word(&image, 0);			/* sh_addr */
			put_word(&image, i ? offsets[i] : 0);
			put_word(&image, s->body.len);
			put_uint(&image, s->link, 4);
			put_uint(&image, s->info, 4);
			put_word(&image, i ? 8 : 0);		/* sh_addralign */
			put_word(&image, s->entsize);
		}
	}
	{
		struct buf h = { 0 };
		unsigned char ident[16] = { 0x7f, 'E', 'L', 'F' };

		ident[4] = is64 ? 2 : 1;
		ident[5] = big ? 2 : 1;
		ident[6] = 1;
		put(&h, ident, 16);
		put_uint(&h, type, 2);
		put_uint(&h, machine, 2);
		put_uint(&h, 1, 4);		/* e_version */
		put_word(&h, 0);		/* e_entry */
		put_word(&h, 0);		/* e_phoff */
		put_word(&h, shoff);
		put_uint(&h, 0, 4);		/* e_flags */
		put_uint(&h, is64 ? 64 : 52, 2);
		put_uint(&h, 0, 2);
		put_uint(&h, 0, 2);
		put_uint(&h, is64 ? 64 : 40, 2);
		put_uint(&h, nr_sections, 2);
		put_uint(&h, nr_sections - 1, 2);
		memcpy(image.data, h.data, h.len);
		free_buf(&h);
	}
	if (sign) {
		/* a PKCS#7-shaped struct module_signature, sig_len big-endian */
		static const char marker[] = "~Module signature appended~\n";
		unsigned char info[12] = { 0, 0, 2, 0, 0, 0, 0, 0 };
		uint32_t sig_len = sign == 1 ? 32 : 0x7fffffff;

		put(&image, NULL, 32);
		info[8] = (unsigned char)(sig_len >> 24);
		info[9] = (unsigned char)(sig_len >> 16);
		info[10] = (unsigned char)(sig_len >> 8);
		info[11] = (unsigned char)sig_len;
		put(&image, info, 12);
		put(&image, marker, sizeof(marker) - 1);
	}
	f = fopen(out, "wb");
	if (!f || fwrite(image.data, 1, image.len, f) != image.len || fclose(f))
		die("cannot write the image");
	/* Freed, so that the sanitizers' leak check stays quiet. */
	free_buf(&image);
	free_buf(&symtab);
	free_buf(&strtab);
	free_buf(&shstrtab);
	free_buf(&modinfo);
	free_buf(&versions);
	free_buf(&ext_crcs);
	free_buf(&ext_names);
	for (i = 0; i < nr_sections; i++)
		free_buf(&sections[i].body);
	for (i = 0; i < nr_syms; i++)
		free((char *)syms[i].name);
	return 0;
}
