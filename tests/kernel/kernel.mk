# kernel.mk: the freestanding ELF64 test kernel, linked at physical 0x200000: $(B)/testkernel.elf
TK_SRCS := tests/kernel/main.c tests/kernel/checks.c tests/kernel/crc32.c tests/kernel/poweroff.c \
           common/fmt.c common/serial.c common/mem.c
TK_OBJS := $(B)/tk/entry.o $(patsubst %.c,$(B)/tk/%.o,$(TK_SRCS))
TK_CFLAGS := $(CFLAGS64) -mgeneral-regs-only -Itests/kernel

$(B)/tk/%.o: %.c $(B)/tk/%.d
	@mkdir -p $(dir $@)
	$(CC) $(TK_CFLAGS) -c -o $@ $<

$(B)/tk/entry.o: tests/kernel/entry.asm
	@mkdir -p $(dir $@)
	$(NASM) -f elf64 $(NASMFLAGS) -o $@ $<

## build/testkernel.elf: the test kernel the boot tests load (reports what it received, then PASS/FAIL)
$(B)/testkernel.elf: $(TK_OBJS) tests/kernel/kernel.ld
	$(LD) -m elf_x86_64 -nostdlib -static -z noexecstack -z max-page-size=4096 \
		-T tests/kernel/kernel.ld -o $@ $(TK_OBJS)

C_OBJS += $(filter-out $(B)/tk/entry.o,$(TK_OBJS))
ALL_TARGETS += $(B)/testkernel.elf
