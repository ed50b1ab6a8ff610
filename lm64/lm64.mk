# The menu, its editor and keys: pure C (menu/), compiled into lm64 and into the host tests.
MENU_SRCS := menu/keys.c menu/editline.c menu/menu.c menu/bootmenu.c
# lm64.mk: the 64-bit stage: $(B)/lm64.elf, $(B)/lm64.bin (flat, loaded at LB_LM64, bss not
# included: entry.asm zeroes it), $(B)/lm64.lst (disassembly), $(B)/lm64.sym (symbols).
LM64_SRCS := lm64/main.c lm64/console.c lm64/trap.c lm64/highmap.c lm64/random.c \
             lm64/bios.c lm64/tsc.c lm64/disk.c lm64/config.c lm64/place.c lm64/boot.c \
             lm64/menuio.c lm64/kernel.c \
             lm64/bootparams.c lm64/timing.c lm64/kernel_elf.c lm64/reloc.c lm64/kaslr.c \
             $(MENU_SRCS) common/cfgtable.c common/elfcheck.c common/reloccheck.c \
             common/fmt.c common/serial.c common/mem.c common/memmap.c
# Recursive (=): UNPACK_ALL_SRCS (every decoder, inflate/ included) comes from unpack/unpack.mk.
LM64_OBJS = $(B)/lm64/entry.o $(patsubst %.c,$(B)/lm64/%.o,$(LM64_SRCS) $(sort $(UNPACK_ALL_SRCS)))
LM64_LDFLAGS := -m elf_x86_64 -nostdlib -static -z noexecstack --no-warn-rwx-segments

$(B)/lm64/%.o: %.c $(B)/lm64/%.d
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS64) --param=min-pagesize=0 -Ilm64 -Imenu $(UNPACK_INCS) -c -o $@ $<

$(B)/lm64/entry.o: lm64/entry.asm $(ABI_INC)
	@mkdir -p $(dir $@)
	$(NASM) -f elf64 $(NASMFLAGS) -o $@ $<

$(B)/lm64/lm64.ld: lm64/lm64.ld $(ABI_LDS)
	@mkdir -p $(dir $@)
	$(CC) -E -P -x c -I$(B)/gen -o $@ $<

## build/lm64.elf: lm64 linked at LB_LM64, with symbols (for gdb; link map in build/lm64.map)
$(B)/lm64.elf: $$(LM64_OBJS) $(B)/lm64/lm64.ld
	$(LD) $(LM64_LDFLAGS) -T $(B)/lm64/lm64.ld -Map $(B)/lm64.map -o $@ $(LM64_OBJS)

## build/lm64.bin: the 64-bit stage, flat, at LB_LM64 (the second part of build/loader.bin)
$(B)/lm64.bin: $(B)/lm64.elf
	$(OBJCOPY) -O binary $< $@

## build/lm64.lst: lm64 disassembled (Intel syntax)
$(B)/lm64.lst: $(B)/lm64.elf
	objdump -d -M intel --no-show-raw-insn $< > $@

## build/lm64.sym: lm64's symbols (nm -n)
$(B)/lm64.sym: $(B)/lm64.elf
	nm -n $< > $@

C_OBJS += $(filter-out $(B)/lm64/entry.o,$(LM64_OBJS))
ALL_TARGETS += $(B)/lm64.bin $(B)/lm64.lst $(B)/lm64.sym
