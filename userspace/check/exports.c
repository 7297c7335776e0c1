// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's exports (exports.h): a hash table of symbols, filled from
 * Module.symvers and from installed modules' own export tables.
 */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "exports.h"
#include "hash.h"
#include "moduledir.h"

#define KSYMTAB_PREFIX	"__ksymtab_"
#define CRC_PREFIX	"__crc_"

void mv_exports_init(struct mv_exports *e)
{
	memset(e, 0, sizeof(*e));
}

void mv_exports_free(struct mv_exports *e)
{
	size_t i;

	for (i = 0; i < e->nr; i++) {
		free((char *)e->items[i].name);
		free((char *)e->items[i].owner);
		free((char *)e->items[i].ns);
	}
	free(e->items);
	free(e->slots);
	mv_exports_init(e);
}

static size_t hash(const char *s)
{
	return (size_t)mv_hash(s, strlen(s));
}

/* The slot holding name, or the free slot where it would go. */
static size_t *slot_of(const struct mv_exports *e, const char *name)
{
	size_t mask = e->nr_slots - 1, i = hash(name) & mask;

	while (e->slots[i] &&
	       strcmp(e->items[e->slots[i] - 1].name, name) != 0)
		i = (i + 1) & mask;
	return &e->slots[i];
}

/* Keep the table at most half full. */
static int grow_slots(struct mv_exports *e)
{
	size_t old = e->nr_slots, *old_slots = e->slots, i;

	if (e->nr_slots && (e->nr + 1) * 2 <= e->nr_slots)
		return 0;
	e->nr_slots = old ? old * 2 : 1024;
	e->slots = calloc(e->nr_slots, sizeof(*e->slots));
	if (!e->slots) {
		e->slots = old_slots;
		e->nr_slots = old;
		return -1;
	}
	for (i = 0; i < old; i++)
		if (old_slots[i])
			*slot_of(e, e->items[old_slots[i] - 1].name) = old_slots[i];
	free(old_slots);
	return 0;
}

const struct mv_export *mv_exports_find(const struct mv_exports *e,
					const char *name)
{
	size_t *slot;

	if (!e->nr_slots)
		return NULL;
	slot = slot_of(e, name);
	return *slot ? &e->items[*slot - 1] : NULL;
}

static char *copy(const char *s)
{
	return s ? strdup(s) : NULL;
}

int mv_exports_add(struct mv_exports *e, const struct mv_export *x)
{
	struct mv_export *item;
	size_t *slot;

	if (mv_exports_find(e, x->name))
		return 1;
	if (grow_slots(e))
		return -1;
	if (e->nr == e->capacity) {
		size_t capacity = e->capacity ? e->capacity * 2 : 1024;
		struct mv_export *grown = realloc(e->items,
						  capacity * sizeof(*grown));

		if (!grown)
			return -1;
		e->items = grown;
		e->capacity = capacity;
	}
	item = &e->items[e->nr];
	*item = *x;
	item->name = copy(x->name);
	item->owner = copy(x->owner);
	item->ns = x->ns && *x->ns ? copy(x->ns) : NULL;
	if (!item->name || !item->owner || (x->ns && *x->ns && !item->ns)) {
		free((char *)item->name);
		free((char *)item->owner);
		free((char *)item->ns);
		return -1;
	}
	slot = slot_of(e, item->name);
	*slot = ++e->nr;
	return 0;
}

/* "fs/fat/fat" -> "fat"; "vmlinux" stays */
static const char *basename_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static bool is_export_type(const char *s)
{
	return strncmp(s, "EXPORT_", 7) == 0;
}

/*
 * One line: "crc<TAB>symbol<TAB>module<TAB>export<TAB>namespace" (5.10+),
 * "crc<TAB>symbol<TAB>namespace<TAB>module<TAB>export" (5.4-5.9), or
 * "crc<TAB>symbol<TAB>module<TAB>export" (before 5.4).
 */
static int parse_symvers_line(char *line, struct mv_export *x)
{
	char *field[6] = { NULL };
	const char *type;
	unsigned int n = 0;
	char *end;

	line[strcspn(line, "\r\n")] = '\0';
	while (n < 6) {
		field[n++] = line;
		line = strchr(line, '\t');
		if (!line)
			break;
		*line++ = '\0';
	}
	if (n < 4 || !*field[1])
		return -1;
	errno = 0;
	x->crc = (uint32_t)strtoul(field[0], &end, 16);
	if (errno || *end || strncmp(field[0], "0x", 2))
		return -1;
	x->has_crc = true;
	x->name = field[1];
	if (is_export_type(field[3])) {
		x->owner = field[2];
		type = field[3];
		x->ns = n > 4 ? field[4] : NULL;
	} else if (n > 4 && is_export_type(field[4])) {
		x->ns = field[2];
		x->owner = field[3];
		type = field[4];
	} else {
		return -1;
	}
	x->owner = basename_of(x->owner);
	x->gpl_only = strcmp(type, "EXPORT_SYMBOL_GPL") == 0 ||
		      strcmp(type, "EXPORT_UNUSED_SYMBOL_GPL") == 0;
	return 0;
}

int mv_exports_load_symvers(struct mv_exports *e, const char *path,
			    enum mv_compression *c, struct mv_error *err)
{
	unsigned long lineno = 0, bad = 0, good = 0;
	unsigned char *data;
	char *line, *next, *end;
	size_t len;

	if (mv_read_decompressed(path, MV_SYMVERS_MAX_BYTES, &data, &len, c, err))
		return -1;
	end = (char *)data + len;
	for (line = (char *)data; line < end; line = next) {
		struct mv_export x = { 0 };

		next = memchr(line, '\n', (size_t)(end - line));
		next = next ? next : end;
		*next++ = '\0';	/* the NUL after the data, at the end */
		lineno++;
		if (parse_symvers_line(line, &x)) {
			if (!bad++)
				mv_error_set(err, NULL,
					     "%s: line %lu is not 'crc<TAB>symbol<TAB>module<TAB>export<TAB>namespace'",
					     path, lineno);
			continue;
		}
		if (mv_exports_add(e, &x) < 0) {
			free(data);
			return mv_error_set(err, NULL, "out of memory reading %s", path);
		}
		good++;
	}
	free(data);
	if (!good && !bad)
		return mv_error_set(err, NULL, "%s is empty: no exported symbols",
				    path);
	/* a few odd lines are tolerated; a file of them is not a Module.symvers */
	return bad > good ? -1 : 0;
}

static bool is_ksymtab_section(const struct mv_elfmod *m, uint16_t shndx,
			       bool *gpl)
{
	const char *name;

	if (shndx == SHN_UNDEF || shndx >= m->nr_sections)
		return false;
	name = m->sections[shndx].name;
	if (strncmp(name, "__ksymtab", 9) || strcmp(name, "__ksymtab_strings") == 0)
		return false;
	*gpl = strstr(name, "_gpl") != NULL;
	return true;
}

/* The CRC a __crc_<sym> symbol stands for: its value, or the u32 it marks. */
static bool crc_of(const struct mv_elfmod *m, const struct mv_elf_symbol *s,
		   uint32_t *crc)
{
	const struct mv_elf_section *sec;

	if (s->shndx == SHN_ABS) {
		*crc = (uint32_t)s->value;
		return true;
	}
	if (s->shndx == SHN_UNDEF || s->shndx >= m->nr_sections)
		return false;
	sec = &m->sections[s->shndx];
	if (!sec->data || s->value > sec->size || sec->size - s->value < 4)
		return false;
	*crc = (uint32_t)mv_elfmod_uint(m, sec->data + s->value, 4);
	return true;
}

/* Without __ksymtab_* symbols (a stripped module): the names alone. */
static int add_ksymtab_strings(struct mv_exports *e, const struct mv_elfmod *m)
{
	const struct mv_elf_section *s = mv_elfmod_section(m, "__ksymtab_strings");
	const char *p, *end;
	int n = 0;

	if (!s || !s->data || !s->size || s->data[s->size - 1] != '\0')
		return 0;
	end = (const char *)s->data + s->size;
	for (p = (const char *)s->data; p < end; p += strlen(p) + 1) {
		struct mv_export x = { .name = p, .owner = m->name };

		if (*p && mv_exports_add(e, &x) < 0)
			return -1;
		n += *p != '\0';
	}
	return n;
}

int mv_exports_add_module(struct mv_exports *e, const struct mv_elfmod *m)
{
	struct mv_exports crcs;
	struct mv_elf_symbol s;
	int n = 0;
	size_t i;

	if (!m->symtab)
		return add_ksymtab_strings(e, m);
	mv_exports_init(&crcs);
	for (i = 1; i < m->nr_symbols && n >= 0; i++) {
		struct mv_export x = { .owner = m->name, .has_crc = true };

		mv_elfmod_symbol(m, i, &s);
		if (strncmp(s.name, CRC_PREFIX, strlen(CRC_PREFIX)) ||
		    !crc_of(m, &s, &x.crc))
			continue;
		x.name = s.name + strlen(CRC_PREFIX);
		if (mv_exports_add(&crcs, &x) < 0)
			n = -1;
	}
	for (i = 1; i < m->nr_symbols && n >= 0; i++) {
		struct mv_export x = { .owner = m->name };
		const struct mv_export *crc;

		mv_elfmod_symbol(m, i, &s);
		if (strncmp(s.name, KSYMTAB_PREFIX, strlen(KSYMTAB_PREFIX)) ||
		    !is_ksymtab_section(m, s.shndx, &x.gpl_only))
			continue;
		x.name = s.name + strlen(KSYMTAB_PREFIX);
		crc = mv_exports_find(&crcs, x.name);
		if (crc) {
			x.crc = crc->crc;
			x.has_crc = true;
		}
		if (mv_exports_add(e, &x) < 0)
			n = -1;
		else
			n++;
	}
	mv_exports_free(&crcs);
	return n ? n : add_ksymtab_strings(e, m);
}

struct scan {
	struct mv_exports *exports;
	bool nomem;
};

static int add_exports(const char *path, const struct mv_elfmod *m, void *ctx)
{
	struct scan *scan = ctx;

	(void)path;
	scan->nomem = mv_exports_add_module(scan->exports, m) < 0;
	return scan->nomem;	/* stops the walk */
}

long mv_exports_scan_modules(struct mv_exports *e, const char *dir,
			     size_t *unreadable, struct mv_error *err)
{
	struct scan scan = { .exports = e };
	long modules;

	modules = mv_moduledir_walk(dir, add_exports, &scan, unreadable, err);
	if (modules >= 0 && scan.nomem)
		return mv_error_set(err, NULL,
				    "out of memory reading the modules in %s", dir);
	return modules;
}
