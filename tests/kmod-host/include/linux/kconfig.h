/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod-host shim: forced into every unit (-include), as kbuild forces the
 * kernel's include/linux/kconfig.h.  CONFIG_* options come from -D flags
 * (see the Makefile's configurations), and IS_ENABLED() is the kernel's
 * placeholder trick: an option defined to 1 is enabled, anything else not.
 */
#ifndef _KH_KCONFIG_H
#define _KH_KCONFIG_H

#define __ARG_PLACEHOLDER_1 0,
#define __take_second_arg(__ignored, val, ...) val
#define __is_defined(x)			___is_defined(x)
#define ___is_defined(val)		____is_defined(__ARG_PLACEHOLDER_##val)
#define ____is_defined(arg1_or_junk)	__take_second_arg(arg1_or_junk 1, 0)
#define IS_BUILTIN(option)	__is_defined(option)
#define IS_MODULE(option)	__is_defined(option##_MODULE)
#define IS_ENABLED(option)	(IS_BUILTIN(option) || IS_MODULE(option))

#endif
