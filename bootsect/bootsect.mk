# bootsect.mk: the 512-byte MBR (bootsect/bootsect.asm) -> $(B)/bootsect.bin and its listing.
## build/bootsect.bin: the 512-byte MBR (listing: build/bootsect.lst)
$(B)/bootsect.bin: bootsect/bootsect.asm $(ABI_INC) | $(B)/
	$(NASM) $(NASMFLAGS) -f bin -l $(B)/bootsect.lst -o $@ $<
	@test $$(stat -c %s $@) -eq 512 || { echo "bootsect.bin is not 512 bytes" >&2; rm -f $@; exit 1; }

$(B)/bootsect.lst: $(B)/bootsect.bin

ALL_TARGETS += $(B)/bootsect.bin
