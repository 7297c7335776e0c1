/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Version tables as modpost writes them, for the decoder tests: __versions
 * (struct modversion_info: unsigned long crc; char name[64 - sizeof(long)])
 * and the 6.14 extended tables.  Assembled as ELF64 and ELF32; -DFX_BE
 * writes the values big-endian, as a big-endian module would hold them.
 */
#include "fixture.h"

#ifdef __x86_64__
#define LONG_SIZE 8
#else
#define LONG_SIZE 4
#endif

#ifdef FX_BE
#define U32(v) .byte ((v) >> 24) & 0xff, ((v) >> 16) & 0xff, ((v) >> 8) & 0xff, (v) & 0xff
#define ULONG(v) .fill LONG_SIZE - 4, 1, 0; U32(v)
#else
#define U32(v) .long v
#define ULONG(v) U32(v); .fill LONG_SIZE - 4, 1, 0
#endif

#define ENTRY(crc, name) ULONG(crc); 1: .asciz name; .fill 64 - LONG_SIZE - (. - 1b), 1, 0

	.section __versions, "a"
	ENTRY(FX_CRC_LAYOUT, FX_NAME_LAYOUT)
	ENTRY(FX_CRC_PRINTK, FX_NAME_PRINTK)

	.section __version_ext_crcs, "a"
	U32(FX_CRC_LAYOUT)
	U32(FX_CRC_PRINTK)
	U32(FX_CRC_LONG)

	.section __version_ext_names, "a"
	.asciz FX_NAME_LAYOUT
	.asciz FX_NAME_PRINTK
	.asciz FX_NAME_LONG
