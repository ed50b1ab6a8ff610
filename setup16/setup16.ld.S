/* setup16.ld.S: links setup16 + pm32 at LB_LOADER (run through cpp with include/layout.h). */
#include "layout.h"
OUTPUT_FORMAT("elf32-i386")
OUTPUT_ARCH(i386)
ENTRY(_start)
SECTIONS
{
	. = LB_LOADER;
	.head : { KEEP(*(.head)) }
	ASSERT(. <= LB_LOADER + 0x10, "the jump at the image start overlaps the patch table")
	. = LB_LOADER + 0x10;
	.patch : { KEEP(*(.patch)) }
	ASSERT(loader_patch == LB_LOADER + 0x10, "struct loader_patch must sit at LOADER_PATCH_OFFSET")
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
	/DISCARD/ : { *(.note*) *(.comment) *(.eh_frame*) }
}
