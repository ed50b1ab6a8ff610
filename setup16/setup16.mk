# setup16.mk: setup16 (real-mode C + NASM) linked with pm32 into $(B)/setup.elf / setup.bin at LB_LOADER.
# setup16's .bss is not in setup.bin: head.asm zeroes it before any C runs.

SETUP16_C      := $(sort $(wildcard setup16/*.c))
SETUP16_ASM    := setup16/head.asm setup16/intcall.asm setup16/unreal.asm
SETUP16_COMMON := common/fmt.c common/serial.c common/mem.c common/memmap.c common/cfgtable.c common/crc32.c
SETUP16_OBJS   := $(B)/setup16/head.o \
                  $(patsubst setup16/%.asm,$(B)/setup16/%.o,$(filter-out setup16/head.asm,$(SETUP16_ASM))) \
                  $(patsubst setup16/%.c,$(B)/setup16/%.o,$(SETUP16_C)) \
                  $(patsubst common/%.c,$(B)/setup16/common-%.o,$(SETUP16_COMMON))
# min-pagesize=0: pointers to fixed low addresses (zero page 0x1000, command line 0x2000) are real memory.
SETUP16_CFLAGS := $(CFLAGS16) -Isetup16 --param=min-pagesize=0

$(B)/setup16/%.o: setup16/%.c setup16/*.h include/*.h common/*.h | $(B)/setup16/
	$(CC) $(SETUP16_CFLAGS) -c -o $@ $<

$(B)/setup16/common-%.o: common/%.c common/*.h include/*.h | $(B)/setup16/
	$(CC) $(SETUP16_CFLAGS) -c -o $@ $<

$(B)/setup16/%.o: setup16/%.asm $(ABI_INC) | $(B)/setup16/
	$(NASM) $(NASMFLAGS) -f elf32 -g -l $(B)/setup16/$*.lst -o $@ $<

$(B)/setup16/setup16.ld: setup16/setup16.ld.S $(ABI_LDS) | $(B)/setup16/
	$(CC) -E -P -x c -I$(B)/gen -o $@ $<

$(B)/setup.elf: $(SETUP16_OBJS) $(B)/pm32/pm32.o $(B)/setup16/setup16.ld
	$(LD) -m elf_i386 -nostdlib -z noexecstack --no-warn-rwx-segments -T $(B)/setup16/setup16.ld -o $@ $(SETUP16_OBJS) $(B)/pm32/pm32.o

$(B)/setup.bin: $(B)/setup.elf
	$(OBJCOPY) -O binary $< $@
	@printf 'setup.bin: %d bytes of %d (file); image end incl. .bss 0x%s of 0x%x\n' \
	    $$(stat -c %s $@) $$(( $(LB_LOADER16_END) - $(LB_LOADER) )) \
	    $$(nm $< | sed -n 's/^\([0-9a-f]*\) . end$$/\1/p') $(LB_LOADER16_END)

# Listings: 16-bit view of the whole image (pm32's 32/64-bit code: $(B)/pm32/pm32.lst) and symbols.
$(B)/setup.lst: $(B)/setup.elf
	objdump -d -M i8086 $< > $@
$(B)/setup.sym: $(B)/setup.elf
	nm -n $< > $@

ALL_TARGETS += $(B)/setup.bin $(B)/setup.lst $(B)/setup.sym
