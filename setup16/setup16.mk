# setup16.mk: setup16 (real-mode C + NASM) linked with pm32 into $(B)/setup.elf / setup.bin at LB_LOADER.
# setup16's .bss is not in setup.bin: head.asm zeroes it before any C runs.

SETUP16_C      := $(sort $(wildcard setup16/*.c))
SETUP16_ASM    := setup16/head.asm setup16/intcall.asm
SETUP16_COMMON := common/fmt.c common/serial.c common/mem.c
SETUP16_OBJS   := $(B)/setup16/head.o \
                  $(patsubst setup16/%.asm,$(B)/setup16/%.o,$(filter-out setup16/head.asm,$(SETUP16_ASM))) \
                  $(patsubst setup16/%.c,$(B)/setup16/%.o,$(SETUP16_C)) \
                  $(patsubst common/%.c,$(B)/setup16/common-%.o,$(SETUP16_COMMON))
# min-pagesize=0: pointers to fixed low addresses (zero page 0x1000, command line 0x2000) are real memory.
SETUP16_CFLAGS := $(CFLAGS16) -Isetup16 --param=min-pagesize=0

$(B)/setup16/%.o: setup16/%.c $(B)/setup16/%.d | $(B)/setup16/
	$(CC) $(SETUP16_CFLAGS) -c -o $@ $<

$(B)/setup16/common-%.o: common/%.c $(B)/setup16/common-%.d | $(B)/setup16/
	$(CC) $(SETUP16_CFLAGS) -c -o $@ $<

# No -g for NASM: its DWARF CUs cover code without a line table gdb accepts ("pc ... in read in CU,
# but not in symtab" at every frame near _start); gdb names asm code from the ELF symbols.
$(B)/setup16/%.o: setup16/%.asm $(ABI_INC) | $(B)/setup16/
	$(NASM) $(NASMFLAGS) -f elf32 -l $(B)/setup16/$*.lst -o $@ $<

$(B)/setup16/setup16.ld: setup16/setup16.ld.S $(ABI_LDS) | $(B)/setup16/
	$(CC) -E -P -x c -I$(B)/gen -o $@ $<

## build/setup.elf: setup16 + pm32 linked at LB_LOADER, with symbols (for gdb)
$(B)/setup.elf: $(SETUP16_OBJS) $$(PM32_OBJS) $(B)/setup16/setup16.ld
	$(LD) -m elf_i386 -nostdlib -z noexecstack --no-warn-rwx-segments -T $(B)/setup16/setup16.ld -o $@ $(SETUP16_OBJS) $(PM32_OBJS)

## build/setup.bin: setup16 + pm32, flat, at LB_LOADER (the first part of build/loader.bin)
$(B)/setup.bin: $(B)/setup.elf
	$(OBJCOPY) -O binary $< $@
	@end=$$(nm $< | sed -n 's/^\([0-9a-f]*\) . end$$/\1/p'); \
	printf 'setup.bin: %d bytes (file); setup16 + pm32 + gate incl. .bss: %d bytes of %d, ending at 0x%s\n' \
	    $$(stat -c %s $@) $$(( 0x$$end - $(LB_LOADER) )) $(LB_LOADER16_MAX) $$end

# Listings: 16-bit view of the whole image (pm32's 32/64-bit code: $(B)/pm32/pm32.lst) and symbols.
## build/setup.lst: setup16 and pm32 disassembled as 16-bit code
$(B)/setup.lst: $(B)/setup.elf
	objdump -d -M i8086 $< > $@
## build/setup.sym: setup16's and pm32's symbols (nm -n)
$(B)/setup.sym: $(B)/setup.elf
	nm -n $< > $@

C_OBJS += $(filter-out $(B)/setup16/head.o $(B)/setup16/intcall.o,$(SETUP16_OBJS))
ALL_TARGETS += $(B)/setup.bin $(B)/setup.lst $(B)/setup.sym
