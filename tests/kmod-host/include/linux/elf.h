/* SPDX-License-Identifier: GPL-2.0 */
/* kmod-host shim: the ELF structures from glibc's <elf.h>, for x86-64. */
#ifndef _KH_LINUX_ELF_H
#define _KH_LINUX_ELF_H

#include <elf.h>

#define ELF_ARCH	EM_X86_64

#endif
