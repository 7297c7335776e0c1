/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod-host shim: the kernel version a test binary is built "as", from
 * -DKH_VERSION_MAJOR/-DKH_VERSION_MINOR (default 6.1).
 */
#ifndef _KH_LINUX_VERSION_H
#define _KH_LINUX_VERSION_H

#ifndef KH_VERSION_MAJOR
#define KH_VERSION_MAJOR 6
#define KH_VERSION_MINOR 1
#endif

#define KERNEL_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))
#define LINUX_VERSION_CODE KERNEL_VERSION(KH_VERSION_MAJOR, KH_VERSION_MINOR, 0)

#endif
