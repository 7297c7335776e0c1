/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* kmod-host shim: finit_module(2) flags, include/uapi/linux/module.h. */
#ifndef _KH_UAPI_LINUX_MODULE_H
#define _KH_UAPI_LINUX_MODULE_H

#define MODULE_INIT_IGNORE_MODVERSIONS	1
#define MODULE_INIT_IGNORE_VERMAGIC	2
#define MODULE_INIT_COMPRESSED_FILE	4

#endif
