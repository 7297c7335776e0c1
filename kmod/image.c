// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the module image the loader was handed.  modverify sees it at
 * load_module() entry, before the kernel has validated anything, so every
 * read here is bounds-checked against the image length and nothing in the
 * image is trusted: a defect is recorded (and logged, because the kernel may
 * trip over it next) instead of being followed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/elf.h>
#include <linux/hash.h>
#include <linux/overflow.h>
#include <linux/string.h>
#include <linux/stringhash.h>
#include <asm/word-at-a-time.h>

#include "compat.h"
#include "modverify.h"

/* As in include/linux/module_signature.h; that header is not exported. */
#define MV_SIG_MARKER "~Module signature appended~\n"

struct mv_image {
	const u8 *base;
	unsigned long len;
	const Elf64_Shdr *shdrs;
	unsigned int shnum;
	const char *shstr;
	unsigned long shstr_len;
};

static __printf(2, 3) void defect(struct mv_record *rec, const char *fmt, ...)
{
	va_list args;

	if (rec->image_defect[0])
		return;
	va_start(args, fmt);
	vsnprintf(rec->image_defect, sizeof(rec->image_defect), fmt, args);
	va_end(args);
}

static bool range_ok(const struct mv_image *img, u64 off, u64 size)
{
	u64 end;

	return !check_add_overflow(off, size, &end) && end <= img->len;
}

/* Validate the ELF and section headers enough to walk them safely. */
static bool parse_headers(struct mv_image *img, struct mv_record *rec)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img->base;
	const Elf64_Shdr *strsec;
	u64 shsize;

	if (img->len < sizeof(*eh)) {
		defect(rec, "image shorter than an ELF header (%lu bytes)", img->len);
		return false;
	}
	/* The kernel checks the magic, not the class: its own layout is assumed. */
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG)) {
		defect(rec, "no ELF magic");
		return false;
	}
	if (eh->e_machine != ELF_ARCH) {
		defect(rec, "e_machine %u, this kernel's is %u", eh->e_machine, ELF_ARCH);
		return false;
	}
	if (eh->e_shentsize != sizeof(Elf64_Shdr)) {
		defect(rec, "section header size %u", eh->e_shentsize);
		return false;
	}
	shsize = (u64)eh->e_shnum * sizeof(Elf64_Shdr);
	if (!eh->e_shnum || !range_ok(img, eh->e_shoff, shsize)) {
		defect(rec, "section headers outside the image (%u at %llu)",
		       eh->e_shnum, (unsigned long long)eh->e_shoff);
		return false;
	}
	img->shdrs = (const Elf64_Shdr *)(img->base + eh->e_shoff);
	img->shnum = eh->e_shnum;
	if (eh->e_shstrndx == SHN_UNDEF || eh->e_shstrndx >= img->shnum) {
		defect(rec, "section name table index %u out of range",
		       eh->e_shstrndx);
		return false;
	}
	strsec = &img->shdrs[eh->e_shstrndx];
	if (strsec->sh_type == SHT_NOBITS || !strsec->sh_size ||
	    !range_ok(img, strsec->sh_offset, strsec->sh_size)) {
		defect(rec, "section name table outside the image");
		return false;
	}
	img->shstr = (const char *)img->base + strsec->sh_offset;
	img->shstr_len = strsec->sh_size;
	if (img->shstr[img->shstr_len - 1] != '\0') {
		defect(rec, "section name table not NUL-terminated");
		return false;
	}
	return true;
}

/* The sections the parse reads, in the order sec_names[] lists them. */
enum mv_sec {
	MV_SEC_THIS_MODULE,
	MV_SEC_MODINFO,
	MV_SEC_VERSIONS,
	MV_SEC_EXT_CRCS,	/* 6.14+ only */
	MV_SEC_EXT_NAMES,
	MV_SEC_COUNT
};

static const char * const sec_names[MV_SEC_COUNT] = {
	[MV_SEC_THIS_MODULE]	= ".gnu.linkonce.this_module",
	[MV_SEC_MODINFO]	= ".modinfo",
	[MV_SEC_VERSIONS]	= "__versions",
	[MV_SEC_EXT_CRCS]	= "__version_ext_crcs",
	[MV_SEC_EXT_NAMES]	= "__version_ext_names",
};

/*
 * Find the sections of sec_names[] by name as the kernel's find_sec() does:
 * for each, the first one with SHF_ALLOC set (a duplicate, or a copy
 * without it, is not read by the loader, so not here either).  One walk
 * for all of them; every section is checked on the way: a section the
 * kernel will follow must lie inside the image and have a valid name.  A
 * bad section is recorded and skipped, so the module's name can still be
 * found and the defect reported under it.
 */
static void find_sections(const struct mv_image *img, struct mv_record *rec,
			  const Elf64_Shdr *found[MV_SEC_COUNT])
{
	unsigned int i, k, wanted = MV_HAS_EXT_MODVERSIONS ? MV_SEC_COUNT : MV_SEC_EXT_CRCS;

	memset(found, 0, MV_SEC_COUNT * sizeof(found[0]));
	for (i = 1; i < img->shnum; i++) {
		const Elf64_Shdr *s = &img->shdrs[i];
		const char *name;

		if (s->sh_name >= img->shstr_len) {
			defect(rec, "section %u name offset %u past the name table",
			       i, s->sh_name);
			continue;
		}
		name = img->shstr + s->sh_name;
		if (s->sh_type != SHT_NOBITS &&
		    !range_ok(img, s->sh_offset, s->sh_size)) {
			defect(rec, "section %u (%s) outside the image", i, name);
			continue;
		}
		if (!(s->sh_flags & SHF_ALLOC) || !name[0])
			continue;
		/* The table ends in a NUL: name[1] is readable. */
		for (k = 0; k < wanted; k++) {
			if (!found[k] && name[1] == sec_names[k][1] &&
			    !strcmp(name, sec_names[k])) {
				found[k] = s;
				break;
			}
		}
	}
}

/* The contents of section @s, or NULL (a NOBITS section has none). */
static const void *section_data(const struct mv_image *img, const Elf64_Shdr *s, size_t *size)
{
	if (!s || s->sh_type == SHT_NOBITS)
		return NULL;
	*size = s->sh_size;
	return img->base + s->sh_offset;
}

/* The .modinfo keys recorded, and where each value goes. */
struct modinfo_key {
	const char *key;
	size_t len;
	char *out;
	size_t out_size;
	bool found;
	const char *whole;	/* the value, if it ends inside the section */
};

/*
 * Whether the word @w holds a NUL byte; if so, @mask locates the first one
 * for find_zero() and zero_bytemask(), as in the kernel's strscpy().
 */
static bool word_has_nul(unsigned long w, unsigned long *mask)
{
	const struct word_at_a_time constants = WORD_AT_A_TIME_CONSTANTS;
	unsigned long data;

	if (!has_zero(w, &data, &constants))
		return false;
	*mask = create_zero_mask(prep_zero_mask(w, data, &constants));
	return true;
}

/*
 * strnlen() a word at a time (the kernel's goes byte by byte): .modinfo is
 * walked on every load, and a real module's holds kilobytes of aliases and
 * parameter descriptions.  Only whole words inside @max bytes are read.
 */
static size_t str_len(const char *s, size_t max)
{
	unsigned long w, mask;
	size_t i;

	for (i = 0; i + sizeof(w) <= max; i += sizeof(w)) {
		memcpy(&w, s + i, sizeof(w));
		if (word_has_nul(w, &mask))
			return i + find_zero(mask);
	}
	while (i < max && s[i])
		i++;
	return i;
}

/*
 * Copy the value of the first "key=" of each of @keys from .modinfo, in one
 * walk bounded by the section; it stops once every key is found.
 */
static void modinfo_get(const char *p, unsigned long size, struct modinfo_key *keys,
			unsigned int nkeys)
{
	const char *end = p + size;
	unsigned int k, left = 0;

	for (k = 0; k < nkeys; k++)
		left += !keys[k].found;
	while (p < end && left) {
		size_t n = str_len(p, end - p);

		for (k = 0; k < nkeys; k++) {
			struct modinfo_key *m = &keys[k];
			size_t vlen;

			if (m->found || n <= m->len || p[m->len] != '=' ||
			    memcmp(p, m->key, m->len))
				continue;
			vlen = min_t(size_t, n - m->len - 1, m->out_size - 1);
			memcpy(m->out, p + m->len + 1, vlen);
			m->out[vlen] = '\0';
			m->found = true;
			if (n < (size_t)(end - p))
				m->whole = p + m->len + 1;
			left--;
			break;
		}
		p += n + 1;
	}
}

static void parse_modinfo(const struct mv_image *img, struct mv_attempt *a,
			  const Elf64_Shdr *s)
{
	struct mv_record *rec = a->rec;
	struct modinfo_key keys[] = {
		{ .key = "vermagic", .len = 8, .out = rec->vermagic_module,
		  .out_size = sizeof(rec->vermagic_module) },
		{ .key = "srcversion", .len = 10, .out = rec->srcversion,
		  .out_size = sizeof(rec->srcversion) },
		/* The name from .gnu.linkonce.this_module comes first. */
		{ .key = "name", .len = 4, .out = rec->module, .out_size = sizeof(rec->module),
		  .found = rec->module[0] },
		{ .key = "intree", .len = 6, .out = rec->intree, .out_size = sizeof(rec->intree) },
		{ .key = "retpoline", .len = 9, .out = rec->retpoline,
		  .out_size = sizeof(rec->retpoline) },
		{ .key = "license", .len = 7, .out = rec->license, .out_size = sizeof(rec->license) },
		{ .key = "depends", .len = 7, .out = rec->depends, .out_size = sizeof(rec->depends) },
	};
	const struct modinfo_key *dep = &keys[ARRAY_SIZE(keys) - 1];
	size_t size, dlen;
	const char *p = section_data(img, s, &size);

	if (!p)
		return;
	modinfo_get(p, size, keys, ARRAY_SIZE(keys));
	rec->vermagic_in_module = keys[0].found;
	a->vermagic_at = keys[0].whole;
	/* A list cut short keeps whole module names only, never a prefix of one. */
	dlen = strlen(rec->depends);
	if (dlen == sizeof(rec->depends) - 1 && (!dep->whole || dep->whole[dlen])) {
		char *comma = strrchr(rec->depends, ',');

		*(comma ? comma : rec->depends) = '\0';
	}
}

static void parse_this_module(const struct mv_image *img, struct mv_record *rec,
			      const Elf64_Shdr *s)
{
	const char *name;

	if (!s || s->sh_type == SHT_NOBITS)
		return;
	/* What the 6.4+ loader compares with sizeof(struct module). */
	rec->module_size = s->sh_size;
	rec->module_size_read = true;
	if (s->sh_size < offsetofend(struct module, name))
		return;
	name = (const char *)img->base + s->sh_offset + offsetof(struct module, name);
	strscpy(rec->module, name, min_t(size_t, sizeof(rec->module), MODULE_NAME_LEN));
}

/*
 * What a __versions name is hashed by.  An entry of the classic table has
 * its name in a fixed slot of 56 bytes or more, NUL-terminated there
 * (mv_vertables_check()): its first 16 bytes, the NUL and what follows it
 * zeroed, give a key in a few instructions (hashing the whole name cost
 * more than the rest of a lookup), and a full comparison settles a match.
 * The extended tables (6.14+) pack names of any length end to end: there
 * the dcache's string hash is taken, with the length folded in.
 */
#define MV_KEY_WORDS	(16 / sizeof(unsigned long))

static u64 key_mix(const unsigned long w[MV_KEY_WORDS])
{
	unsigned int k;
	u64 key = 0;

	for (k = 0; k < MV_KEY_WORDS; k++)
		key = key * GOLDEN_RATIO_64 + w[k];
	return key;
}

/* The key of a name in a slot: 16 bytes of it are readable. */
static u64 slot_key(const char *name)
{
	unsigned long w[MV_KEY_WORDS] = { 0 }, mask;
	unsigned int k;

	for (k = 0; k < MV_KEY_WORDS; k++) {
		memcpy(&w[k], name + k * sizeof(w[k]), sizeof(w[k]));
		if (word_has_nul(w[k], &mask)) {
			w[k] &= zero_bytemask(mask);	/* the bytes before it */
			break;
		}
	}
	return key_mix(w);
}

/* The key of @sym, @len bytes long: the same as slot_key() of its copy. */
static u64 sym_key(const char *sym, size_t len)
{
	unsigned long w[MV_KEY_WORDS] = { 0 };

	memcpy(w, sym, min(len, sizeof(w)));
	return key_mix(w);
}

static u64 entry_hash(const struct mv_versions *v, const char *name)
{
	return mv_vertables_ext(&v->tables) ? hashlen_string(NULL, name) : slot_key(name);
}

static unsigned int hash_bucket(const struct mv_versions *v, u64 hash)
{
	return hash_64(hash, v->bits);
}

/* Find the version tables the kernel will consult (not yet read). */
static void locate_versions(const struct mv_image *img, struct mv_attempt *a,
			    const Elf64_Shdr *found[MV_SEC_COUNT])
{
	struct mv_vertables *t = &a->vers.tables;

	memset(t, 0, sizeof(*t));
	t->long_size = sizeof(unsigned long);
	t->vers = section_data(img, found[MV_SEC_VERSIONS], &t->vers_size);
	if (MV_HAS_EXT_MODVERSIONS) {
		t->ext_crcs = section_data(img, found[MV_SEC_EXT_CRCS], &t->ext_crcs_size);
		t->ext_names = section_data(img, found[MV_SEC_EXT_NAMES], &t->ext_names_size);
	}
	/*
	 * same_magic() keys "has CRCs" on __versions alone; without
	 * CONFIG_MODVERSIONS it compares the whole string, release included.
	 */
	a->rec->has_crcs = IS_ENABLED(CONFIG_MODVERSIONS) && t->vers;
}

/* Hash the entries of the version tables locate_versions() found. */
static void index_versions(struct mv_attempt *a)
{
	struct mv_versions *v = &a->vers;
	struct mv_vertables *t = &v->tables;
	struct mv_modversion e;
	size_t pos = 0, i = 0;
	const char *why;
	unsigned int n;

	if (!t->vers && !t->ext_crcs)
		return;
	/* check_version() reads the whole entries the table holds. */
	t->vers_size -= t->vers_size % MV_MODVERSION_ENTRY;
	why = mv_vertables_check(t);
	if (why) {
		defect(a->rec, "%s", why);
		return;
	}
	v->valid = true;
	while (v->count < MV_MAX_CRCS && mv_vertables_next(t, &pos, &i, &e)) {
		v->name[v->count] = e.name;
		v->crc[v->count] = e.crc;
		v->hash[v->count] = entry_hash(v, e.name);
		v->count++;
	}
	/* About two buckets an entry: only those are cleared. */
	for (v->bits = 4; v->bits < MV_VERS_HASH_BITS && (1U << v->bits) < 2 * v->count; v->bits++)
		;
	/*
	 * Chained from the last entry to the first, each at its bucket's
	 * head: a chain lists duplicates first to last, and the first one
	 * wins, as in the kernel.
	 */
	memset(v->bucket, 0xff, (1U << v->bits) * sizeof(v->bucket[0]));
	for (n = v->count; n-- > 0; ) {
		unsigned int b = hash_bucket(v, v->hash[n]);

		v->next[n] = v->bucket[b];
		v->bucket[b] = n;
	}
}

/* memcmp() == 0, a word at a time: the kernel's memcmp() goes byte by byte. */
static bool same_bytes(const char *a, const char *b, size_t len)
{
	u64 wa, wb;
	size_t i;

	for (i = 0; i + sizeof(u64) <= len; i += sizeof(u64)) {
		memcpy(&wa, a + i, sizeof(wa));
		memcpy(&wb, b + i, sizeof(wb));
		if (wa != wb)
			return false;
	}
	for (; i < len; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/**
 * mv_versions_lookup() - the module's CRC for @sym, as check_version() sees it
 * @v: the index built at the first check_version()
 * @sym: symbol name, NUL-terminated
 * @len: its length
 * @crc: where to store the CRC
 *
 * Return: true if @sym is in the table the kernel consults.
 */
bool mv_versions_lookup(const struct mv_versions *v, const char *sym, size_t len,
			unsigned long *crc)
{
	/* The bytes compared: the name and its NUL, inside a slot if classic. */
	size_t cmp = len + 1;
	u64 hash;
	u16 j;

	if (!v->valid)
		return false;
	if (mv_vertables_ext(&v->tables)) {
		/* Equal hashes have equal lengths: no name is read past its NUL. */
		hash = hashlen_string(NULL, sym);
	} else {
		if (cmp > MV_MODVERSION_ENTRY - v->tables.long_size)
			return false;	/* no name in a slot is that long */
		hash = sym_key(sym, len);
	}
	for (j = v->bucket[hash_bucket(v, hash)]; j != MV_NO_INDEX; j = v->next[j]) {
		if (v->hash[j] == hash && same_bytes(v->name[j], sym, cmp)) {
			*crc = v->crc[j];
			return true;
		}
	}
	if (v->count < mv_vertables_count(&v->tables))
		return mv_vertables_find(&v->tables, sym, crc);
	return false;
}

/*
 * Note where the module's imports are (see struct mv_imports), count them
 * and copy the last few names.  Linear in the tables: the string table's
 * last NUL is found once, and bounds every name that can be read.
 */
static void index_imports(const struct mv_image *img, struct mv_attempt *a)
{
	struct mv_imports *im = &a->imports;
	const Elf64_Shdr *symsec = NULL, *strsec;
	unsigned int i, n, first;
	unsigned long end;

	for (i = 1; i < img->shnum; i++) {
		if (img->shdrs[i].sh_type == SHT_SYMTAB) {
			symsec = &img->shdrs[i];
			break;
		}
	}
	if (!symsec || symsec->sh_link >= img->shnum ||
	    !range_ok(img, symsec->sh_offset, symsec->sh_size))
		return;
	strsec = &img->shdrs[symsec->sh_link];
	if (strsec->sh_type == SHT_NOBITS || !strsec->sh_size ||
	    !range_ok(img, strsec->sh_offset, strsec->sh_size))
		return;
	im->syms = (const Elf64_Sym *)(img->base + symsec->sh_offset);
	im->nsyms = symsec->sh_size / sizeof(*im->syms);
	im->strtab = (const char *)img->base + strsec->sh_offset;
	for (end = strsec->sh_size; end && im->strtab[end - 1]; end--)
		;
	im->str_terminated = end;
	im->cursor = 1;		/* entry 0 is the null symbol */
	for (i = 1; i < im->nsyms; i++) {
		const Elf64_Sym *sym = &im->syms[i];

		if (sym->st_shndx != SHN_UNDEF || !sym->st_name)
			continue;
		if (sym->st_name >= end) {
			defect(a->rec, "symbol %u name outside the string table", i);
			im->count = 0;
			return;
		}
		im->count += mv_import_strong(im, sym);
	}
	first = mv_imports_first_tail(im);
	for (i = im->nsyms, n = im->count; n > first && i-- > 1; ) {
		const Elf64_Sym *sym = &im->syms[i];

		if (mv_import_strong(im, sym))
			strscpy(im->tail[--n - first], im->strtab + sym->st_name,
				MV_SYM_LEN);
	}
}

static void log_defect(const struct mv_record *rec)
{
	if (rec->image_defect[0])
		pr_err("%s: malformed module image: %s\n",
		       rec->module[0] ? rec->module : "?", rec->image_defect);
}

/**
 * mv_image_parse() - record what the module image says about itself
 * @a: the attempt, at load_module() entry
 * @hdr: the loader's copy of the image
 * @len: its length in bytes
 *
 * Fills module name, srcversion, vermagic, the other .modinfo keys
 * recorded, the struct module size and the signature, and finds the version tables: bounded work, done for
 * every attempt.  The indexes the symbol checks need are built later, by
 * mv_image_index().  Records the first structural defect found, and logs
 * it, because a defect the kernel does not check for can crash it later.
 */
void mv_image_parse(struct mv_attempt *a, const void *hdr, unsigned long len)
{
	struct mv_image img = { .base = hdr, .len = len };
	const Elf64_Shdr *found[MV_SEC_COUNT];
	struct mv_record *rec = a->rec;
	size_t mlen = sizeof(MV_SIG_MARKER) - 1;

	rec->image_size = len;
	rec->signature_present = len > mlen &&
		!memcmp(img.base + len - mlen, MV_SIG_MARKER, mlen);
	if (rec->signature_present)
		mv_modsig_parse(img.base, len, rec);
	if (!parse_headers(&img, rec))
		return;
	find_sections(&img, rec, found);
	parse_this_module(&img, rec, found[MV_SEC_THIS_MODULE]);
	parse_modinfo(&img, a, found[MV_SEC_MODINFO]);
	locate_versions(&img, a, found);
	a->hdr = hdr;
	a->len = len;
	log_defect(rec);
}

/**
 * mv_image_section_name() - the name of section @shndx of the attempt's image
 * @a: the attempt, while the loader still has its image
 * @shndx: the section's index
 * @out: where the name is copied, empty if it cannot be read
 * @size: room in @out
 */
void mv_image_section_name(struct mv_attempt *a, unsigned int shndx, char *out, size_t size)
{
	struct mv_image img = { .base = a->hdr, .len = a->len };

	out[0] = '\0';
	if (!a->hdr || !parse_headers(&img, a->rec) || shndx >= img.shnum ||
	    img.shdrs[shndx].sh_name >= img.shstr_len)
		return;
	/* The name table ends in a NUL (parse_headers()): the copy stops there. */
	strscpy(out, img.shstr + img.shdrs[shndx].sh_name, size);
}

/**
 * mv_image_index_build() - build the indexes the symbol checks need
 * @a: the attempt, at its first check_version() or resolve_symbol()
 *	(mv_image_index())
 *
 * Only a load that got past the signature, ELF and vermagic checks pays
 * for these; the image is still the loader's until symbol resolution ends.
 */
void mv_image_index_build(struct mv_attempt *a)
{
	struct mv_image img = { .base = a->hdr, .len = a->len };
	bool clean = !a->rec->image_defect[0];

	a->indexed = true;
	if (!a->hdr || !parse_headers(&img, a->rec))
		return;
	index_versions(a);
	index_imports(&img, a);
	if (clean)
		log_defect(a->rec);
}
