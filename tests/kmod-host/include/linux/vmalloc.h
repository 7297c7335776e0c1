/* SPDX-License-Identifier: GPL-2.0 */
/* kmod-host shim: every allocator is malloc. */
#ifndef _KH_LINUX_VMALLOC_H
#define _KH_LINUX_VMALLOC_H

#include <linux/slab.h>

#define vmalloc(n)		malloc(n)
#define vzalloc(n)		calloc(1, n)
#define vfree(p)		free(p)

#endif
