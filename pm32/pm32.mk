# pm32.mk: protected/long-mode entry and the BIOS gate (NASM), linked into $(B)/setup.elf by
# setup16/setup16.mk. NASM objects name their one include, the generated abi.inc, themselves.
PM32_OBJS := $(B)/pm32/pm32.o $(B)/pm32/gate.o

$(B)/pm32/%.o: pm32/%.asm $(ABI_INC) | $(B)/pm32/
	$(NASM) $(NASMFLAGS) -f elf32 -l $(B)/pm32/$*.lst -o $@ $<
