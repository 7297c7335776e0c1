// SPDX-License-Identifier: GPL-2.0
/*
 * Which relocation apply_relocate_add() refused (reloc.c).  The test plays
 * the x86-64 loader (arch/x86/kernel/module.c, __write_relocate_add()):
 * it lays the image out in place (sh_addr = where the section is), applies
 * the entries before the refused one as the kernel writes them, and leaves
 * the refused one as the kernel leaves it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kt.h"

#define TEXT_SIZE	64

struct loaded {
	struct kb_image img;
	Elf64_Shdr *shdrs;
	unsigned int text, rela, symtab;
	const char *strtab;
};

static const Elf64_Rela *rela_at(struct loaded *l, unsigned int i)
{
	return (const Elf64_Rela *)l->shdrs[l->rela].sh_addr + i;
}

static Elf64_Sym *sym_at(struct loaded *l, unsigned int i)
{
	return (Elf64_Sym *)l->shdrs[l->symtab].sh_addr + i;
}

/* .text with a defined symbol (1, "local_fn") and an import (2, "printk"). */
static struct loaded load(const Elf64_Rela *entries, unsigned int n, uint64_t import_value)
{
	struct kb *kb = kb_new();
	struct loaded l;
	unsigned int i;

	l.text = kb_add(kb, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, NULL, TEXT_SIZE);
	kb_defined(kb, "local_fn", l.text);
	kb_undef(kb, "printk", STB_GLOBAL);
	l.rela = kb_add(kb, ".rela.text", SHT_RELA, 0, entries, n * sizeof(*entries));
	l.img = kt_build(kb);
	l.shdrs = kb_shdr(&l.img, 0);
	l.symtab = kb_find(&l.img, ".symtab");
	for (i = 1; i < kb_ehdr(&l.img)->e_shnum; i++)
		l.shdrs[i].sh_addr = (uint64_t)(l.img.data + l.shdrs[i].sh_offset);
	l.shdrs[l.rela].sh_info = l.text;
	l.shdrs[l.rela].sh_link = l.symtab;
	l.strtab = (const char *)l.img.data + l.shdrs[kb_find(&l.img, ".strtab")].sh_offset;
	/* simplify_symbols(): the import resolved, the local one relocated. */
	sym_at(&l, 1)->st_value += l.shdrs[l.text].sh_addr;
	sym_at(&l, 2)->st_value = import_value;
	return l;
}

/* Write entry @i as the kernel does (PC32/PLT32 and 64 only, here). */
static void apply(struct loaded *l, unsigned int i)
{
	const Elf64_Rela *r = rela_at(l, i);
	uint64_t loc = l->shdrs[l->text].sh_addr + r->r_offset;
	uint64_t val = sym_at(l, ELF64_R_SYM(r->r_info))->st_value + r->r_addend;

	if (ELF64_R_TYPE(r->r_info) == R_X86_64_64) {
		memcpy((void *)loc, &val, 8);
	} else {
		val -= loc;
		memcpy((void *)loc, &val, 4);
	}
}

static void explain(struct loaded *l, struct mv_attempt *a)
{
	a->hdr = l->img.data;
	a->len = l->img.len;
	mv_reloc_explain(a, l->shdrs, l->strtab, l->symtab, l->rela);
}

/* The third entry's place held a value: the first two were written. */
static void target_nonzero(void)
{
	const Elf64_Rela entries[] = {
		{ 0x4, ELF64_R_INFO(2, R_X86_64_PLT32), -4 },
		{ 0x10, ELF64_R_INFO(1, R_X86_64_PC32), 0x20 - 4 },
		{ 0x18, ELF64_R_INFO(2, R_X86_64_PLT32), -4 },
		{ 0x28, ELF64_R_INFO(1, R_X86_64_64), 0 },
	};
	struct loaded l = load(entries, 4, 0xffffffff81000000ULL);
	struct mv_attempt *a = kt_attempt();
	const struct mv_reloc *rel = &a->rec->reloc;

	apply(&l, 0);
	apply(&l, 1);
	memcpy((void *)(l.shdrs[l.text].sh_addr + 0x18), "\x5a\x5a\x5a\x5a", 4);
	explain(&l, a);
	kh_check("reloc-target-nonzero",
		 rel->reason == MV_RELOC_TARGET_NONZERO && rel->found &&
		 rel->type == R_X86_64_PLT32 && rel->offset == 0x18 &&
		 !strcmp(rel->symbol, "printk") && !strcmp(rel->section, ".text"),
		 "reason %u found %d type %u offset 0x%llx symbol '%s' section '%s'",
		 rel->reason, rel->found, rel->type, (unsigned long long)rel->offset,
		 rel->symbol, rel->section);
	a->rec->result = -ENOEXEC;
	mv_decide(a->rec);
	kh_check("reloc-decided-by",
		 a->rec->decided_by == MV_DECIDED_RELOCATION &&
		 kt_record_has_line(a->rec, "relocation:\ttarget_nonzero\tR_X86_64_PLT32\t.text\t0x18\tprintk") &&
		 kt_record_has_line(a->rec, "decided_by: relocation"),
		 "decided_by %u, or the relocation line is not the one documented",
		 a->rec->decided_by);
	kt_attempt_free(a);
	kb_image_free(&l.img);
}

/* R_X86_64_32 of an address above 4 GiB: refused before its place is read. */
static void overflow(void)
{
	const Elf64_Rela entries[] = {
		{ 0x8, ELF64_R_INFO(2, R_X86_64_32), 0 },
	};
	struct loaded l = load(entries, 1, 0xffffffff81000000ULL);
	struct mv_attempt *a = kt_attempt();

	explain(&l, a);
	kh_check("reloc-overflow",
		 a->rec->reloc.reason == MV_RELOC_OVERFLOW && a->rec->reloc.offset == 0x8 &&
		 !strcmp(a->rec->reloc.symbol, "printk"),
		 "reason %u offset 0x%llx", a->rec->reloc.reason,
		 (unsigned long long)a->rec->reloc.offset);
	kt_attempt_free(a);
	kb_image_free(&l.img);
}

/* R_X86_64_GOTPCREL (9) is not a type the module loader applies. */
static void unknown_type(void)
{
	const Elf64_Rela entries[] = {
		{ 0x4, ELF64_R_INFO(2, R_X86_64_PLT32), -4 },
		{ 0xc, ELF64_R_INFO(2, R_X86_64_GOTPCREL), -4 },
	};
	struct loaded l = load(entries, 2, 0xffffffff81000000ULL);
	struct mv_attempt *a = kt_attempt();

	apply(&l, 0);
	explain(&l, a);
	kh_check("reloc-unknown-type",
		 a->rec->reloc.reason == MV_RELOC_UNKNOWN_TYPE && a->rec->reloc.type == 9 &&
		 kt_record_has_line(a->rec, "relocation:\tunknown_type\t9\t.text\t0xc\tprintk"),
		 "reason %u type %u", a->rec->reloc.reason, a->rec->reloc.type);
	kt_attempt_free(a);
	kb_image_free(&l.img);
}

/* Every entry was written: the refusal is not one modverify can place. */
static void not_found(void)
{
	const Elf64_Rela entries[] = {
		{ 0x4, ELF64_R_INFO(2, R_X86_64_PLT32), -4 },
	};
	struct loaded l = load(entries, 1, 0xffffffff81000000ULL);
	struct mv_attempt *a = kt_attempt();

	apply(&l, 0);
	explain(&l, a);
	kh_check("reloc-not-found",
		 a->rec->reloc.reason == MV_RELOC_FAILED && !a->rec->reloc.found &&
		 kt_record_has_line(a->rec, "relocation:\tfailed\t-\t.text\t-\t-"),
		 "reason %u found %d", a->rec->reloc.reason, a->rec->reloc.found);
	kt_attempt_free(a);
	kb_image_free(&l.img);
}

void test_reloc(void)
{
	target_nonzero();
	overflow();
	unknown_type();
	not_found();
}
