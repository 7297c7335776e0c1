// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the loader's private struct load_info.  Its layout is not in any
 * header a module can include; the offsets come from the target kernel's
 * BTF at build time (scripts/btf-offsets.sh), and are only used on the
 * kernel release they were generated for.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/uaccess.h>
#include <linux/utsname.h>

#include "compat.h"
#include "modverify.h"
#include "loader_btf.h"

static bool usable;

bool mv_load_info_init(void)
{
	usable = !strcmp(init_utsname()->release, MV_BTF_RELEASE);
	if (!usable)
		pr_warn("struct load_info offsets are for %s, not %s: not reading it\n",
			MV_BTF_RELEASE, init_utsname()->release);
	return usable;
}

bool mv_load_info_usable(void)
{
	return usable;
}

const char *mv_load_info_release(void)
{
	return MV_BTF_RELEASE;
}

/* The image and its length, as handed to load_module(). */
bool mv_load_info_image(const void *info, const void **hdr, unsigned long *len)
{
	if (!usable || !info)
		return false;
	return !get_kernel_nofault(*hdr, (const void * const *)(info + MV_LOAD_INFO_OFF_HDR)) &&
	       !get_kernel_nofault(*len, (const unsigned long *)(info + MV_LOAD_INFO_OFF_LEN)) &&
	       *hdr;
}

/* load_info.sig_ok: the kernel accepted the module's signature. */
bool mv_load_info_sig_ok(const void *info, bool *sig_ok)
{
	if (!usable || !info)
		return false;
	return !get_kernel_nofault(*sig_ok, (const bool *)(info + MV_LOAD_INFO_OFF_SIG_OK));
}

/*
 * Whether the loader consults version tables: load_info.index.vers (and,
 * 6.14+, index.vers_ext_crc) are 0 when the module lacks them or the load
 * ignores them (MODULE_INIT_IGNORE_MODVERSIONS).
 */
bool mv_load_info_versindex(const void *info, unsigned int *versindex)
{
	unsigned int ext = 0;

	if (!usable || !info)
		return false;
#ifdef MV_LOAD_INFO_OFF_INDEX_VERS_EXT_CRC
	if (get_kernel_nofault(ext, (const unsigned int *)(info +
					MV_LOAD_INFO_OFF_INDEX_VERS_EXT_CRC)))
		return false;
#endif
	if (get_kernel_nofault(*versindex,
			       (const unsigned int *)(info + MV_LOAD_INFO_OFF_INDEX_VERS)))
		return false;
	*versindex |= ext;
	return true;
}
