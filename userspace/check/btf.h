/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BTF, the kernel's type information (include/uapi/linux/btf.h), read just
 * far enough to find the size of a struct: what a build tree's vmlinux
 * says sizeof(struct module) is.  The blob is untrusted: every type record
 * is bounds-checked, and an unknown kind ends the search.
 */
#ifndef MODVERIFY_BTF_H
#define MODVERIFY_BTF_H

#include <stddef.h>
#include <stdint.h>

/*
 * The size in bytes of "struct name" in the raw BTF blob btf[0..len) (a
 * .BTF section, in either byte order); 0 when the blob has no such struct,
 * more than one of different sizes, or cannot be read.
 */
uint64_t mv_btf_struct_size(const unsigned char *btf, size_t len,
			    const char *name);

#endif /* MODVERIFY_BTF_H */
