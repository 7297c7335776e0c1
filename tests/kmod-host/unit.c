// SPDX-License-Identifier: GPL-2.0
/*
 * kmod-host unit tests: kmod's pure-logic files, compiled unchanged with
 * the shims in include/, run as a kernel of one version and configuration
 * (the Makefile builds one binary per configuration).  Expected values
 * come from the kernel's rules (kernel/module/main.c and version.c of 6.1
 * and of mainline, cited where used), not from kmod's code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/utsname.h>

#include "kt.h"

/* The copy kt_parse() made, freed with the attempt. */
static unsigned char *parsed;

struct mv_attempt *kt_attempt(void)
{
	struct mv_attempt *a = calloc(1, sizeof(*a));

	if (!a || !(a->rec = calloc(1, sizeof(*a->rec))))
		abort();
	/* What load_module's entry handler sets before the parse. */
	a->versindex = -1;
	a->rec->vermagic_verdict = MV_VERMAGIC_NOT_CHECKED;
	strscpy(a->rec->vermagic_kernel, mv_kernel_vermagic(), sizeof(a->rec->vermagic_kernel));
	return a;
}

void kt_attempt_free(struct mv_attempt *a)
{
	if (!a)
		return;
	free(a->rec);
	free(a);
	free(parsed);
	parsed = NULL;
}

struct mv_attempt *kt_parse(const void *img, size_t len)
{
	struct mv_attempt *a = kt_attempt();

	free(parsed);
	parsed = malloc(len ? len : 1);
	if (!parsed)
		abort();
	memcpy(parsed, img, len);
	kh_log_reset();
	kh_work = 0;
	mv_image_parse(a, parsed, len);
	mv_image_index(a);
	return a;
}

struct mv_attempt *kt_parse_image(struct kb_image *img)
{
	return kt_parse(img->data, img->len);
}

struct kb_image kt_build(struct kb *kb)
{
	struct kb_image img = kb_build(kb);

	kb_free(kb);
	return img;
}

struct mv_attempt *kt_build_parse(struct kb *kb, struct kb_image *img)
{
	*img = kt_build(kb);
	return kt_parse_image(img);
}

void kt_done(struct mv_attempt *a, struct kb_image *img)
{
	kt_attempt_free(a);
	kb_image_free(img);
}

bool kt_record_has_line(const struct mv_record *rec, const char *line)
{
	size_t size = mv_record_text_max();
	char *text = malloc(size + 1), want[256];
	bool has;

	if (!text)
		abort();
	text[0] = '\n';
	mv_record_format(rec, text + 1, size);
	snprintf(want, sizeof(want), "\n%s\n", line);
	has = strstr(text, want);
	free(text);
	return has;
}

const char *kt_sym_name(const unsigned char *image, unsigned int i)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)image;
	const Elf64_Shdr *sh = (const Elf64_Shdr *)(image + eh->e_shoff);
	unsigned int s;

	for (s = 1; s < eh->e_shnum; s++) {
		if (sh[s].sh_type == SHT_SYMTAB) {
			const Elf64_Sym *sym = (const Elf64_Sym *)(image + sh[s].sh_offset);

			return (const char *)image + sh[sh[s].sh_link].sh_offset + sym[i].st_name;
		}
	}
	return NULL;
}

/* unit --record FILE: the record of FILE's image as parsed at load_module() entry. */
static int print_record(const char *path)
{
	FILE *f = fopen(path, "rb");
	size_t len = 0, size = 1 << 20, tsize = mv_record_text_max();
	unsigned char *img = malloc(size);
	char *text = malloc(tsize);
	struct mv_attempt *a;

	if (!f || !img || !text) {
		perror(path);
		return 2;
	}
	while (!feof(f) && !ferror(f)) {
		if (len == size && !(img = realloc(img, size *= 2)))
			abort();
		len += fread(img + len, 1, size - len, f);
	}
	fclose(f);
	a = kt_parse(img, len);
	mv_record_format(a->rec, text, tsize);
	fputs(text, stdout);
	kt_attempt_free(a);
	free(img);
	free(text);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	kh_utsname.release[0] = '\0';
	strncat(kh_utsname.release, KT_RELEASE, sizeof(kh_utsname.release) - 1);
	mv_vermagic_init();
	if (argc == 3 && !strcmp(argv[1], "--record"))
		return print_record(argv[2]);
	test_image();
	test_defects();
	test_verdict();
	test_history();
	test_record();
	test_task_exit();
	test_reloc();
	test_klog();
	test_modsig();
	test_params();
	return kh_failures() ? 1 : 0;
}
