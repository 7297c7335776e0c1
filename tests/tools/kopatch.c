// SPDX-License-Identifier: GPL-2.0
/*
 * kopatch - edit a copy of a kernel module in place, to make the
 * deliberately broken modules the tests load, and show what the loader's
 * version checks will compare.
 *
 *   kopatch show FILE                    vermagic and the __versions CRCs
 *   kopatch vermagic FILE 'NEW STRING'   replace the .modinfo vermagic value
 *   kopatch crc FILE SYMBOL 0xNEWCRC     change SYMBOL's CRC in __versions
 *   kopatch rename-version FILE OLD NEW  rename OLD's entry in __versions
 *   kopatch rename-section FILE OLD NEW  rename a section in .shstrtab
 *   kopatch reloc-target FILE SECTION N  make the place of SECTION's Nth
 *                                        relocation (from 0) hold a nonzero
 *                                        value, which the x86-64 loader refuses
 *
 * Every edit rewrites bytes in place and never moves anything, so a new
 * string may not be longer than the one it replaces.  The module is an
 * ELF64 little-endian relocatable object; every offset read from it is
 * checked against the file's size before use.
 */
#define _POSIX_C_SOURCE 200809L

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "kopatch reads the module's little-endian fields natively"
#endif

/* struct modversion_info on 64-bit: unsigned long crc; char name[56]; */
#define MODVERSION_SIZE		64
#define MODVERSION_NAME_OFF	8
#define MODVERSION_NAME_LEN	(MODVERSION_SIZE - MODVERSION_NAME_OFF)

#define VERMAGIC_KEY		"vermagic="

struct ko {
	const char *path;
	unsigned char *data;
	size_t size;
	Elf64_Ehdr ehdr;
	Elf64_Shdr shstrtab;
};

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fputs("kopatch: ERROR: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* Whether [off, off + len) lies within a buffer of size bytes. */
static int in_bounds(uint64_t off, uint64_t len, size_t size)
{
	return off <= size && len <= size - off;
}

static Elf64_Shdr ko_shdr(const struct ko *ko, unsigned int i)
{
	Elf64_Shdr shdr;

	/* Checked against e_shnum at load time; memcpy as it may be unaligned. */
	memcpy(&shdr, ko->data + ko->ehdr.e_shoff + (uint64_t)i * sizeof(shdr),
	       sizeof(shdr));
	return shdr;
}

/* The contents of a section that occupies file space, bounds-checked. */
static unsigned char *ko_section_data(const struct ko *ko, const Elf64_Shdr *shdr)
{
	if (shdr->sh_type == SHT_NOBITS ||
	    !in_bounds(shdr->sh_offset, shdr->sh_size, ko->size))
		die("%s: section data outside the file", ko->path);
	return ko->data + shdr->sh_offset;
}

/* A section's name, checked to be a string inside .shstrtab. */
static const char *ko_section_name(const struct ko *ko, const Elf64_Shdr *shdr)
{
	const char *names = (const char *)ko->data + ko->shstrtab.sh_offset;

	if (shdr->sh_name >= ko->shstrtab.sh_size ||
	    !memchr(names + shdr->sh_name, '\0',
		    ko->shstrtab.sh_size - shdr->sh_name))
		die("%s: section name outside .shstrtab", ko->path);
	return names + shdr->sh_name;
}

/* Index of the first section called name, or 0 (SHN_UNDEF) if none. */
static unsigned int ko_find_section(const struct ko *ko, const char *name)
{
	unsigned int i;

	for (i = 1; i < ko->ehdr.e_shnum; i++) {
		Elf64_Shdr shdr = ko_shdr(ko, i);

		if (!strcmp(ko_section_name(ko, &shdr), name))
			return i;
	}
	return 0;
}

static void ko_read(struct ko *ko, const char *path)
{
	struct stat st;
	size_t done = 0;
	int fd;

	ko->path = path;
	fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st) < 0)
		die("%s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		die("%s: not a regular file", path);
	ko->size = st.st_size;
	ko->data = malloc(ko->size ? ko->size : 1);
	if (!ko->data)
		die("%s: out of memory", path);
	while (done < ko->size) {
		ssize_t n = read(fd, ko->data + done, ko->size - done);

		if (n <= 0)
			die("%s: read: %s", path, n ? strerror(errno) : "file shrank");
		done += n;
	}
	close(fd);
}

/* Read path and check that its ELF and section headers can be trusted. */
static void ko_load(struct ko *ko, const char *path)
{
	Elf64_Ehdr *eh = &ko->ehdr;

	ko_read(ko, path);
	if (ko->size < sizeof(*eh))
		die("%s: too small for an ELF header", path);
	memcpy(eh, ko->data, sizeof(*eh));
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB)
		die("%s: not an ELF64 little-endian file", path);
	if (eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shnum == 0 ||
	    !in_bounds(eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr),
		       ko->size))
		die("%s: bad section header table", path);
	if (eh->e_shstrndx == SHN_UNDEF || eh->e_shstrndx >= eh->e_shnum)
		die("%s: bad section name table index", path);
	ko->shstrtab = ko_shdr(ko, eh->e_shstrndx);
	ko_section_data(ko, &ko->shstrtab);
}

static void ko_save(const struct ko *ko)
{
	size_t done = 0;
	int fd;

	fd = open(ko->path, O_WRONLY);
	if (fd < 0)
		die("%s: %s", ko->path, strerror(errno));
	while (done < ko->size) {
		ssize_t n = write(fd, ko->data + done, ko->size - done);

		if (n < 0)
			die("%s: write: %s", ko->path, strerror(errno));
		done += n;
	}
	if (close(fd) < 0)
		die("%s: close: %s", ko->path, strerror(errno));
}

/*
 * The vermagic value in .modinfo (a sequence of NUL-terminated key=value
 * strings), or NULL if the key is missing.  *room gets the value's length:
 * the bytes an edit may overwrite.
 */
static char *ko_vermagic(const struct ko *ko, size_t *room)
{
	unsigned int i = ko_find_section(ko, ".modinfo");
	Elf64_Shdr shdr;
	char *info, *s;
	size_t len;

	if (!i)
		return NULL;
	shdr = ko_shdr(ko, i);
	info = (char *)ko_section_data(ko, &shdr);
	for (s = info; s < info + shdr.sh_size; s += len + 1) {
		len = strnlen(s, info + shdr.sh_size - s);
		if (s + len == info + shdr.sh_size)
			die("%s: unterminated string in .modinfo", ko->path);
		if (!strncmp(s, VERMAGIC_KEY, strlen(VERMAGIC_KEY))) {
			*room = len - strlen(VERMAGIC_KEY);
			return s + strlen(VERMAGIC_KEY);
		}
	}
	return NULL;
}

/* The __versions table, or NULL if the module has none. */
static unsigned char *ko_versions(const struct ko *ko, size_t *count)
{
	unsigned int i = ko_find_section(ko, "__versions");
	unsigned char *vers;
	Elf64_Shdr shdr;
	size_t n;

	if (!i)
		return NULL;
	shdr = ko_shdr(ko, i);
	vers = ko_section_data(ko, &shdr);
	if (shdr.sh_size % MODVERSION_SIZE)
		die("%s: __versions size is not a multiple of %d",
		    ko->path, MODVERSION_SIZE);
	*count = shdr.sh_size / MODVERSION_SIZE;
	for (n = 0; n < *count; n++)
		if (!memchr(vers + n * MODVERSION_SIZE + MODVERSION_NAME_OFF,
			    '\0', MODVERSION_NAME_LEN))
			die("%s: unterminated symbol name in __versions", ko->path);
	return vers;
}

static int cmd_show(struct ko *ko, char **args)
{
	unsigned char *vers;
	size_t room, count, n;
	const char *magic;

	(void)args;
	magic = ko_vermagic(ko, &room);
	if (magic)
		printf(VERMAGIC_KEY "%s\n", magic);
	vers = ko_versions(ko, &count);
	for (n = 0; vers && n < count; n++) {
		unsigned char *v = vers + n * MODVERSION_SIZE;
		uint64_t crc;

		memcpy(&crc, v, sizeof(crc));
		printf("0x%08" PRIx64 "\t%s\n", crc, (char *)v + MODVERSION_NAME_OFF);
	}
	return 0;
}

static int cmd_vermagic(struct ko *ko, char **args)
{
	const char *value = args[0];
	size_t room;
	char *magic = ko_vermagic(ko, &room);

	if (!magic)
		die("%s: no vermagic in .modinfo", ko->path);
	if (strlen(value) > room)
		die("%s: new vermagic is %zu bytes, the old one only %zu",
		    ko->path, strlen(value), room);
	/* Trailing NULs are empty .modinfo strings, which the kernel skips. */
	memset(magic, '\0', room);
	memcpy(magic, value, strlen(value));
	ko_save(ko);
	return 0;
}

static uint32_t parse_crc(const char *s)
{
	unsigned long long crc;
	char *end;

	errno = 0;
	crc = strtoull(s, &end, 0);
	if (errno || end == s || *end || *s == '-' || crc > UINT32_MAX)
		die("'%s' is not a 32-bit CRC", s);
	return crc;
}

/* The first __versions entry for symbol: the one the kernel checks. */
static unsigned char *ko_version_of(const struct ko *ko, const char *symbol)
{
	unsigned char *vers;
	size_t count, n;

	vers = ko_versions(ko, &count);
	if (!vers)
		die("%s: no __versions section", ko->path);
	for (n = 0; n < count; n++) {
		unsigned char *v = vers + n * MODVERSION_SIZE;

		if (!strcmp((char *)v + MODVERSION_NAME_OFF, symbol))
			return v;
	}
	die("%s: %s is not in __versions", ko->path, symbol);
}

static int cmd_crc(struct ko *ko, char **args)
{
	uint64_t crc = parse_crc(args[1]);

	memcpy(ko_version_of(ko, args[0]), &crc, sizeof(crc));
	ko_save(ko);
	return 0;
}

static int cmd_rename_version(struct ko *ko, char **args)
{
	unsigned char *v = ko_version_of(ko, args[0]);
	const char *new = args[1];

	if (!*new || strlen(new) >= MODVERSION_NAME_LEN)
		die("new name must be 1 to %d characters", MODVERSION_NAME_LEN - 1);
	/* NUL-padded, as modpost writes it. */
	memset(v + MODVERSION_NAME_OFF, '\0', MODVERSION_NAME_LEN);
	memcpy(v + MODVERSION_NAME_OFF, new, strlen(new));
	ko_save(ko);
	return 0;
}

static int cmd_rename_section(struct ko *ko, char **args)
{
	const char *old = args[0], *new = args[1];
	unsigned int i = ko_find_section(ko, old);
	uint64_t start, end;
	Elf64_Shdr shdr;
	char *name;

	if (!i)
		die("%s: no section %s", ko->path, old);
	if (!*new || strlen(new) > strlen(old))
		die("new name must be 1 to %zu characters", strlen(old));
	shdr = ko_shdr(ko, i);
	start = shdr.sh_name;
	end = start + strlen(old);
	/*
	 * Linkers share string tails (".rela.text" holds ".text"): refuse if
	 * another section's name overlaps the bytes that will change.
	 */
	for (i = 1; i < ko->ehdr.e_shnum; i++) {
		Elf64_Shdr other = ko_shdr(ko, i);
		const char *other_name = ko_section_name(ko, &other);
		uint64_t other_end = other.sh_name + strlen(other_name);

		if (other.sh_name != start && other.sh_name < end &&
		    other_end > start)
			die("%s: the name %s shares bytes with section %s",
			    ko->path, old, other_name);
	}
	name = (char *)ko->data + ko->shstrtab.sh_offset + start;
	memset(name, '\0', strlen(old));
	memcpy(name, new, strlen(new));
	ko_save(ko);
	return 0;
}

static int cmd_reloc_target(struct ko *ko, char **args)
{
	unsigned int target = ko_find_section(ko, args[0]), i;
	char *end;
	unsigned long n = strtoul(args[1], &end, 10);
	Elf64_Shdr rela, tsec;
	Elf64_Rela r;
	unsigned char *place;

	if (!target)
		die("%s: no section %s", ko->path, args[0]);
	if (!*args[1] || *end)
		die("'%s' is not a relocation number", args[1]);
	for (i = 1; i < ko->ehdr.e_shnum; i++) {
		rela = ko_shdr(ko, i);
		if (rela.sh_type == SHT_RELA && rela.sh_info == target)
			break;
	}
	if (i == ko->ehdr.e_shnum)
		die("%s: no relocation section for %s", ko->path, args[0]);
	if (n >= rela.sh_size / sizeof(r))
		die("%s: %s has %zu relocations", ko->path, args[0],
		    (size_t)(rela.sh_size / sizeof(r)));
	memcpy(&r, ko_section_data(ko, &rela) + n * sizeof(r), sizeof(r));
	tsec = ko_shdr(ko, target);
	if (!in_bounds(r.r_offset, 4, tsec.sh_size))
		die("%s: relocation %lu's place is outside %s", ko->path, n, args[0]);
	/* A value no relocation writes, in the 4 bytes every type writes. */
	place = ko_section_data(ko, &tsec) + r.r_offset;
	memcpy(place, "\x5a\x5a\x5a\x5a", 4);
	ko_save(ko);
	return 0;
}

static const struct command {
	const char *name;
	int nargs;		/* after FILE */
	int (*run)(struct ko *ko, char **args);
} commands[] = {
	{ "show",		0, cmd_show },
	{ "vermagic",		1, cmd_vermagic },
	{ "crc",		2, cmd_crc },
	{ "rename-version",	2, cmd_rename_version },
	{ "rename-section",	2, cmd_rename_section },
	{ "reloc-target",	2, cmd_reloc_target },
};

static void __attribute__((noreturn)) usage(void)
{
	fputs("usage: kopatch show FILE\n"
	      "       kopatch vermagic FILE 'NEW STRING'\n"
	      "       kopatch crc FILE SYMBOL 0xNEWCRC\n"
	      "       kopatch rename-version FILE OLD NEW\n"
	      "       kopatch rename-section FILE OLD NEW\n"
	      "       kopatch reloc-target FILE SECTION N\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	size_t i;
	struct ko ko;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (argc != commands[i].nargs + 3 ||
		    strcmp(argv[1], commands[i].name))
			continue;
		ko_load(&ko, argv[2]);
		return commands[i].run(&ko, argv + 3);
	}
	usage();
}
