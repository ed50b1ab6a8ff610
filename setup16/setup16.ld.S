/* setup16.ld.S: links setup16 + pm32 at LB_LOADER (run through cpp with build/gen/abi.lds.h, the
 * generated view of include/). Sector 0 of the image: the head and the code that checks the rest
 * arrived (head.asm); sector 1 on: the patch table (patch.c), then everything else. */
#include "abi.lds.h"
OUTPUT_FORMAT("elf32-i386")
OUTPUT_ARCH(i386)
ENTRY(_start)
SECTIONS
{
	. = LB_LOADER;
	.head : { KEEP(*(.head)) }
	ASSERT(. <= LB_LOADER + LOADER_PATCH_OFFSET, "head.asm's first-sector code overlaps the patch table")
	. = LB_LOADER + LOADER_PATCH_OFFSET;
	.patch : { KEEP(*(.patch)) }
	ASSERT(loader_patch == LB_LOADER + LOADER_PATCH_OFFSET, "struct loader_patch must sit at LOADER_PATCH_OFFSET")
	ASSERT(. == LB_LOADER + LOADER_SUM_START, "the loader checksum must start right after the patch table")
	.text : { *(.text .text.*) }
	.rodata : { *(.rodata .rodata.*) }
	.data : { *(.data .data.*) }
	. = ALIGN(4);
	__bss_start = .;
	.bss : { *(.bss .bss.* COMMON) }
	. = ALIGN(4);
	__bss_end = .;
	end = .;
	ASSERT(end <= LB_LOADER16_END, "setup16 + pm32 (with .bss) overflow LB_LOADER16_END")
	ASSERT(end - LB_LOADER <= LB_LOADER16_MAX, "setup16 + pm32 + the gate (text, data, bss) exceed LB_LOADER16_MAX (12 KiB)")
	/DISCARD/ : { *(.note*) *(.comment) *(.eh_frame*) }
}
