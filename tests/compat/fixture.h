/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Values of the version-table fixtures, shared by fixture.S (which builds
 * them into ELF sections) and test-modversions.c (which decodes them).
 */
#define FX_CRC_LAYOUT	0x82164fbb	/* high bit set: an s32 in < 6.14 kernels */
#define FX_CRC_PRINTK	0x92997ed8
#define FX_CRC_LONG	0x0badc0de
#define FX_NAME_LAYOUT	"module_layout"
#define FX_NAME_PRINTK	"_printk"
/* Longer than the 55 bytes struct modversion_info has room for. */
#define FX_NAME_LONG	"rust_kernel_symbol_with_a_name_much_longer_than_fifty_five_bytes"
