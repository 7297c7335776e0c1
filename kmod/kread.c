// SPDX-License-Identifier: GPL-2.0
/*
 * Reading kernel memory that modverify does not own and cannot trust to be
 * mapped or terminated: strings the loader passes to the probed functions.
 */
#include <linux/uaccess.h>

#include "modverify.h"

/**
 * mv_copy_kstr() - copy a kernel string without trusting its length or mapping
 * @dst: destination, always NUL-terminated
 * @src: the string, or NULL (then @dst is empty)
 * @size: room in @dst
 *
 * Byte by byte: strncpy_from_kernel_nofault() is not exported to modules.
 */
void mv_copy_kstr(char *dst, const char *src, size_t size)
{
	size_t i;

	for (i = 0; src && i + 1 < size; i++) {
		if (get_kernel_nofault(dst[i], src + i) || !dst[i])
			break;
	}
	dst[i] = '\0';
}
