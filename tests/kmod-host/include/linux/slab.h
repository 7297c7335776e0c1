/* SPDX-License-Identifier: GPL-2.0 */
/* kmod-host shim: every allocator is malloc. */
#ifndef _KH_LINUX_SLAB_H
#define _KH_LINUX_SLAB_H

#include <stdlib.h>

#define GFP_KERNEL		0
#define kmalloc(n, gfp)		((void)(gfp), malloc(n))
#define kzalloc(n, gfp)		((void)(gfp), calloc(1, n))
#define kcalloc(n, s, gfp)	((void)(gfp), calloc(n, s))
#define kvmalloc(n, gfp)	((void)(gfp), malloc(n))
#define kvcalloc(n, s, gfp)	((void)(gfp), calloc(n, s))
#define kfree(p)		free(p)
#define kvfree(p)		free(p)

#endif
