/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod-host shim: taint flags (include/linux/panic.h).  The taint mask is
 * kh_tainted_mask, set by the tests.
 */
#ifndef _KH_LINUX_PANIC_H
#define _KH_LINUX_PANIC_H

#include <linux/types.h>
#include <linux/version.h>

#define TAINT_PROPRIETARY_MODULE	0
#define TAINT_FORCED_MODULE		1
#define TAINT_CPU_OUT_OF_SPEC		2
#define TAINT_FORCED_RMMOD		3
#define TAINT_MACHINE_CHECK		4
#define TAINT_BAD_PAGE			5
#define TAINT_USER			6
#define TAINT_DIE			7
#define TAINT_OVERRIDDEN_ACPI_TABLE	8
#define TAINT_WARN			9
#define TAINT_CRAP			10
#define TAINT_FIRMWARE_WORKAROUND	11
#define TAINT_OOT_MODULE		12
#define TAINT_UNSIGNED_MODULE		13
#define TAINT_SOFTLOCKUP		14
#define TAINT_LIVEPATCH			15
#define TAINT_AUX			16
#define TAINT_RANDSTRUCT		17
#define TAINT_TEST			18
/* TAINT_FWCTL ('J') arrived in 6.15. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 15, 0)
#define TAINT_FWCTL			19
#define TAINT_FLAGS_COUNT		20
#else
#define TAINT_FLAGS_COUNT		19
#endif

extern unsigned long kh_tainted_mask;

static inline bool test_taint(unsigned int flag)
{
	return kh_tainted_mask & (1UL << flag);
}

#endif
