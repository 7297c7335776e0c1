/* SPDX-License-Identifier: GPL-2.0 */
/* kmod-host shim: the uapi errnos plus the kernel-internal ones. */
#ifndef _KH_LINUX_ERRNO_H
#define _KH_LINUX_ERRNO_H

#include_next <linux/errno.h>

#define ERESTARTSYS	512
#define ENOTSUPP	524
#define EPROBE_DEFER	517

#endif
