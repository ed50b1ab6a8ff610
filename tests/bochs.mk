# bochs.mk: Bochs as a way to run and study the chain, and QEMU + gdb.
# make bochs: in a terminal it shows the emulated screen and stays on the last screen until quit;
# BOCHS_BREAK=1 stops at each stage's entry, with the stages' symbols loaded.
# make trace: build/trace.txt, build/trace-folded.txt (loops and BIOS calls folded into one line
# each) + build/trace-summary.txt (with a profile).
# make trace options: TRACE_STAGE=mbr|setup16|pm32|lm64|kernel, TRACE_RANGE=0x8000-0x10000,
# TRACE_NOTRACE=lm64 counts that stage in ticks only, TRACE_POST=1 traces the BIOS POST too
# (stage bios), TRACE_OUT=dir for the files.

BOCHS_BIOS    ?= bochs
BOCHS_MEGS    ?= 128
BOCHS_DISPLAY ?=
BOCHS_BREAK   ?=
TRACE_STAGE   ?=
TRACE_RANGE   ?=
TRACE_NOTRACE ?=
TRACE_TIMEOUT ?= 1800
TRACE_OUT     ?= $(B)
TRACE_POST    ?=
GDB_PORT      ?= 1234

# pc.sym names the PC's fixed regions (BIOS ROM, option ROMs) so that code there is not shown
# as an offset from the last symbol of a stage.
BOCHS_SYMS := tests/bochs/pc.sym $(B)/bochs/mbr.sym $(B)/bochs/setup.sym $(B)/bochs/lm64.sym \
              $(B)/bochs/testkernel.sym

$(B)/bochs/mbr.sym: $(B)/bootsect.bin tests/bochs/mksym.py | $(B)/bochs/
	$(PYTHON) tests/bochs/mksym.py lst $(B)/bootsect.lst 0x7c00 $@
$(B)/bochs/%.sym: $(B)/%.elf tests/bochs/mksym.py | $(B)/bochs/
	$(PYTHON) tests/bochs/mksym.py elf $< $@

.PHONY: bochs trace test-bochs test-bochs-full bochs-syms debug
## bochs-syms: the symbol files Bochs' debugger and make trace load (build/bochs/*.sym)
bochs-syms: $(BOCHS_SYMS)

## bochs: boot build/disk.img in Bochs (BOCHS_BIOS=bochs|seabios, BOCHS_MEGS, BOCHS_DISPLAY, BOCHS_BREAK=1)
bochs: $(B)/disk.img $(BOCHS_SYMS)
	$(PYTHON) tests/bochs/bochsrun.py --image $(B)/disk.img --bios $(BOCHS_BIOS) --megs $(BOCHS_MEGS) \
	    $(if $(BOCHS_DISPLAY),--display $(BOCHS_DISPLAY)) $(if $(BOCHS_BREAK),--break) --dir $(B) \
	    $(addprefix --sym ,$(BOCHS_SYMS)) --elf setup=$(B)/setup.elf --elf lm64=$(B)/lm64.elf \
	    --elf kernel=$(B)/testkernel.elf --break-sym pm32_start

## trace: every instruction of the chain in Bochs: build/trace.txt + build/trace-summary.txt (TRACE_*)
trace: $(B)/disk.img $(BOCHS_SYMS)
	$(PYTHON) tests/bochs/trace.py --image $(B)/disk.img --bios $(BOCHS_BIOS) --megs $(BOCHS_MEGS) \
	    --elf setup=$(B)/setup.elf --elf lm64=$(B)/lm64.elf --elf kernel=$(B)/testkernel.elf \
	    $(addprefix --sym ,$(BOCHS_SYMS)) --break-sym pm32_start $(addprefix --stage ,$(TRACE_STAGE)) \
	    $(if $(TRACE_RANGE),--range $(TRACE_RANGE)) $(addprefix --notrace ,$(TRACE_NOTRACE)) $(if $(TRACE_POST),--post) \
	    --timeout $(TRACE_TIMEOUT) --trace $(TRACE_OUT)/trace.txt --summary $(TRACE_OUT)/trace-summary.txt \
	    --folded $(TRACE_OUT)/trace-folded.txt --mbr-lst $(B)/bootsect.lst --progress \
	    --log $(TRACE_OUT)/bochs-trace.log

## test-bochs: Bochs boots (both BIOSes, two memory sizes), the trace check, the folded trace, gdb in batch mode through every stage, make bochs under tmux
test-bochs: $$(PYTEST_DEPS) $(BOCHS_SYMS)
	$(call pytest,tests/bochs tests/debug,2)

## debug: QEMU halted at the reset vector with a gdb stub on :GDB_PORT; then gdb -x tests/debug/longboot.gdb
debug: $(B)/disk.img $(B)/setup.elf $(B)/lm64.elf $(B)/testkernel.elf $(B)/bochs/mbr.sym
	@echo "QEMU is halted at the reset vector with a gdb stub on localhost:$(GDB_PORT) (TCG). In another terminal:"
	@echo "    LB_GDB_PORT=$(GDB_PORT) gdb -x tests/debug/longboot.gdb   (then: continue; stops at the MBR, setup16, pm32, lm64, kernel)"
	@echo "Serial (COM1) is on this terminal; quit QEMU with Ctrl-A X."
	$(QEMU) -M pc -m 512M -accel tcg -drive file=$(B)/disk.img,format=raw,if=ide \
	    -device isa-debug-exit,iobase=0xf4,iosize=0x04 -no-reboot -display none \
	    -serial mon:stdio -gdb tcp:127.0.0.1:$(GDB_PORT) -S || true

## test-bochs-full: make test-bochs plus Debian's kernel to init in Bochs, both BIOSes (about 100 s each)
test-bochs-full: TEST_MARK :=
test-bochs-full: $$(PYTEST_DEPS) $(BOCHS_SYMS) linux-kernels
	$(call pytest,tests/bochs tests/debug,2)
