/* stages.S: bootsect.bin and loader.bin embedded into the host tool mkdisk (host data only). */
	.section .rodata
	.balign 16
	.globl stage_bootsect, stage_bootsect_end, stage_loader, stage_loader_end
stage_bootsect:
	.incbin BOOTSECT_BIN
stage_bootsect_end:
	.balign 16
stage_loader:
	.incbin LOADER_BIN
stage_loader_end:
	.section .note.GNU-stack,"",@progbits
