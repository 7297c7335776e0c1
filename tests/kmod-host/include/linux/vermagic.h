/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod-host shim: VERMAGIC_STRING as include/linux/vermagic.h builds it for
 * an x86-64 SMP PREEMPT_VOLUNTARY kernel with module unloading: release,
 * then "SMP ", "mod_unload ", "modversions " when CONFIG_MODVERSIONS.
 */
#ifndef _KH_LINUX_VERMAGIC_H
#define _KH_LINUX_VERMAGIC_H

#ifndef INCLUDE_VERMAGIC
#error "include/linux/vermagic.h needs INCLUDE_VERMAGIC (5.8+)"
#endif

#ifndef KH_UTS_RELEASE
#define KH_UTS_RELEASE "6.1.0-57-amd64"
#endif

#if IS_ENABLED(CONFIG_MODVERSIONS)
#define KH_VERMAGIC_MODVERSIONS "modversions "
#else
#define KH_VERMAGIC_MODVERSIONS ""
#endif

#define VERMAGIC_STRING KH_UTS_RELEASE " SMP mod_unload " KH_VERMAGIC_MODVERSIONS

#endif
