// SPDX-License-Identifier: GPL-2.0
/*
 * Which relocation the architecture's apply_relocate_add() refused.
 *
 * The loader applies a module's relocation sections one at a time, each in
 * entry order, and returns -ENOEXEC at the first entry it cannot apply; it
 * prints the type and a hashed address, not the section or the symbol.
 * Its arguments do not say which entry failed.  On x86-64 (arch/x86/kernel/
 * module.c, __write_relocate_add()) the entries before it have been written
 * by then, so it is the first one whose place does not hold the value the
 * kernel writes there: found again here, only after the step failed.  The
 * work is bounded by the section's size (at most MV_RELOC_MAX_ENTRIES).
 *
 * Other architectures name the same function (arm64, riscv, powerpc, s390,
 * loongarch: arch/<arch>/kernel/module.c); there only the section is
 * recorded, with reason "failed".
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/elf.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "modverify.h"

#define MV_RELOC_MAX_ENTRIES	(1U << 20)

#ifdef CONFIG_X86_64
/*
 * What the kernel writes for @r at @loc: *@val in *@size bytes (0: nothing
 * to write), or the reason it refuses the entry without looking at @loc.
 */
static enum mv_reloc_reason x86_64_value(const Elf64_Rela *r, u64 sym_value, u64 loc,
					 u64 *val, size_t *size)
{
	*val = sym_value + r->r_addend;
	*size = 4;
	switch (ELF64_R_TYPE(r->r_info)) {
	case R_X86_64_NONE:
		*size = 0;
		break;
	case R_X86_64_64:
		*size = 8;
		break;
	case R_X86_64_32:
		if (*val != (u32)*val)
			return MV_RELOC_OVERFLOW;
		break;
	case R_X86_64_32S:
		if ((s64)*val != (s32)*val)
			return MV_RELOC_OVERFLOW;
		break;
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
		*val -= loc;
		break;
	case R_X86_64_PC64:
		*val -= loc;
		*size = 8;
		break;
	default:
		return MV_RELOC_UNKNOWN_TYPE;
	}
	return MV_RELOC_NONE;
}

/*
 * Whether entry @r was refused: it is, if the kernel would not apply it, or
 * its place holds something else than what the kernel writes (a place that
 * held a value is refused before it is written).
 */
static enum mv_reloc_reason x86_64_refused(const Elf64_Rela *r, const Elf64_Sym *sym, u64 loc)
{
	enum mv_reloc_reason why;
	u64 val, cur = 0;
	size_t size;

	why = x86_64_value(r, sym->st_value, loc, &val, &size);
	if (why != MV_RELOC_NONE || !size)
		return why;
	if (copy_from_kernel_nofault(&cur, (const void *)loc, size))
		return MV_RELOC_FAILED;
	return memcmp(&cur, &val, size) ? MV_RELOC_TARGET_NONZERO : MV_RELOC_NONE;
}

/* Find the refused entry of section @rs; fill @rel from it.  Return: found. */
static bool find_refused(struct mv_attempt *a, const Elf64_Shdr *rs, const Elf64_Shdr *ts,
			 const Elf64_Shdr *ss, const char *strtab, struct mv_reloc *rel)
{
	u64 i, n = min_t(u64, rs->sh_size / sizeof(Elf64_Rela), MV_RELOC_MAX_ENTRIES);
	const Elf64_Rela *rela = (const Elf64_Rela *)rs->sh_addr;
	const Elf64_Sym *syms = (const Elf64_Sym *)ss->sh_addr;
	enum mv_reloc_reason why;
	Elf64_Rela r;
	Elf64_Sym sym;

	for (i = 0; i < n; i++) {
		if (copy_from_kernel_nofault(&r, &rela[i], sizeof(r)) ||
		    copy_from_kernel_nofault(&sym, &syms[ELF64_R_SYM(r.r_info)], sizeof(sym)))
			return false;
		why = x86_64_refused(&r, &sym, ts->sh_addr + r.r_offset);
		if (why == MV_RELOC_NONE)
			continue;
		rel->reason = why;
		rel->type = ELF64_R_TYPE(r.r_info);
		rel->offset = r.r_offset;
		if (ELF64_ST_TYPE(sym.st_info) == STT_SECTION)
			mv_image_section_name(a, sym.st_shndx, rel->symbol, sizeof(rel->symbol));
		else
			mv_copy_kstr(rel->symbol, strtab + sym.st_name, sizeof(rel->symbol));
		return why != MV_RELOC_FAILED;
	}
	return false;
}
#else
static bool find_refused(struct mv_attempt *a, const Elf64_Shdr *rs, const Elf64_Shdr *ts,
			 const Elf64_Shdr *ss, const char *strtab, struct mv_reloc *rel)
{
	return false;
}
#endif

/**
 * mv_reloc_explain() - record the relocation apply_relocate_add() refused
 * @a: the attempt
 * @sechdrs: apply_relocate_add()'s arguments: the loader's section headers,
 * @strtab: the symbol names,
 * @symindex: the symbol table's section,
 * @relsec: the relocation section it was applying
 *
 * Called from the return probe, after it failed.
 */
void mv_reloc_explain(struct mv_attempt *a, const Elf64_Shdr *sechdrs, const char *strtab,
		      unsigned int symindex, unsigned int relsec)
{
	struct mv_reloc *rel = &a->rec->reloc;
	Elf64_Shdr rs, ts, ss;

	rel->reason = MV_RELOC_FAILED;
	rel->section[0] = '\0';	/* unknown */
	rel->symbol[0] = '\0';
	if (copy_from_kernel_nofault(&rs, &sechdrs[relsec], sizeof(rs)) ||
	    copy_from_kernel_nofault(&ss, &sechdrs[symindex], sizeof(ss)) ||
	    copy_from_kernel_nofault(&ts, &sechdrs[rs.sh_info], sizeof(ts)))
		return;
	mv_image_section_name(a, rs.sh_info, rel->section, sizeof(rel->section));
	rel->found = find_refused(a, &rs, &ts, &ss, strtab, rel);
	if (!rel->found)
		rel->reason = MV_RELOC_FAILED;
}
