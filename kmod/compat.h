/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Everything in modverify that depends on the kernel version or config, in
 * one place.  docs/compat.md has the per-version facts and their sources.
 *
 * The loader's order of checks is the same on every supported line, which
 * is what verdict.c relies on: signature (module_sig_check), ELF validation,
 * blacklist, struct-layout CRC (check_modstruct_version), vermagic
 * (check_modinfo; inside early_mod_check() from 6.4), duplicates, symbol
 * CRCs and resolution (simplify_symbols -> resolve_symbol ->
 * check_version), then the module's init (do_init_module).
 */
#ifndef _MODVERIFY_COMPAT_H
#define _MODVERIFY_COMPAT_H

#include <linux/uaccess.h>
#include <linux/version.h>
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 14, 0)
#include <linux/panic.h>	/* the taint flags; in kernel.h before 5.14 */
#endif

#include <modverify/modversions.h>

/* get_kernel_nofault() arrived in 5.8; probe_kernel_read() before it. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 8, 0)
#define get_kernel_nofault(val, ptr) probe_kernel_read(&(val), (ptr), sizeof(val))
#endif

/* 6.14 added extended modversions, which check_version() then prefers. */
#define MV_HAS_EXT_MODVERSIONS (LINUX_VERSION_CODE >= KERNEL_VERSION(6, 14, 0))

/*
 * 6.4 added the check that .gnu.linkonce.this_module is exactly the running
 * kernel's struct module (elf_validity_cache_copy(): "section size must
 * match the kernel's built struct module size at run time", -ENOEXEC).
 */
#define MV_HAS_MODULE_SIZE_CHECK (LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0))

/* A syscall's entry point (asm/syscall_wrapper.h), as kallsyms names it. */
#if defined(CONFIG_X86_64)
#define MV_SYSCALL_SYMBOL(name) "__x64_sys_" name
#elif defined(CONFIG_ARM64)
#define MV_SYSCALL_SYMBOL(name) "__arm64_sys_" name
#else
#define MV_SYSCALL_SYMBOL(name) "sys_" name
#endif

/* include/linux/vermagic.h refuses to be included without this (5.8+). */
#define INCLUDE_VERMAGIC

/*
 * mv_kernel_crc() - the kernel's CRC for a symbol, as check_version() reads it
 * @crcp: check_version()'s crc argument: a pointer into a __kcrctab
 *
 * The cell is an s32 up to 6.13 and a u32 from 6.14: the same 32 bits.  Up
 * to 5.18, CONFIG_MODULE_REL_CRCS stores an offset from the cell to the
 * CRC instead (resolve_rel_crc() in kernel/module.c).  A plain read: the
 * pointer is the kernel's own, from the exporter's table (not the module
 * image's), and check_version() reads it itself; a nofault read would cost
 * each call more than the rest of the lookup.
 *
 * Return: the CRC.
 */
static inline u32 mv_kernel_crc(const void *crcp)
{
	s32 cell = *(const s32 *)crcp;

#ifdef CONFIG_MODULE_REL_CRCS
	return *(const u32 *)mv_rel_crc_target(crcp, cell);
#else
	return (u32)cell;
#endif
}

#endif /* _MODVERIFY_COMPAT_H */
