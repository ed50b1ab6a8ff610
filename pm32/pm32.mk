# pm32.mk: protected/long-mode entry (NASM), linked into $(B)/setup.elf by setup16/setup16.mk.
PM32_OBJS := $(B)/pm32/pm32.o

$(B)/pm32/pm32.o: pm32/pm32.asm $(B)/layout.inc | $(B)/pm32/
	$(NASM) $(NASMFLAGS) -f elf32 -l $(B)/pm32/pm32.lst -o $@ $<
