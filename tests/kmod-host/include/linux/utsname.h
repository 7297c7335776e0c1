/* SPDX-License-Identifier: GPL-2.0 */
/* kmod-host shim: the running kernel's release is kh_utsname.release. */
#ifndef _KH_LINUX_UTSNAME_H
#define _KH_LINUX_UTSNAME_H

struct new_utsname {
	char release[65];
};

extern struct new_utsname kh_utsname;

static inline struct new_utsname *init_utsname(void)
{
	return &kh_utsname;
}

#endif
