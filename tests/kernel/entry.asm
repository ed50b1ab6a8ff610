; entry.asm: the test kernel's entry (64-bit long mode, as lm64 leaves it): own stack, zero
; bss, then kmain(boot_params).
bits 64
default abs

extern kmain, __bss_start, __bss_end
global _start

section .text.entry progbits alloc exec nowrite align=16
; _start
; IN:  RSI = struct boot_params *, interrupts off, identity-mapped RAM, CS 0x10, DS/SS 0x18
; OUT: does not return (kmain powers off or halts)
; Clobbers: everything
_start:
	cli
	cld
	mov r12, rsi                 ; boot_params survives the bss clear
	mov rdi, __bss_start
	mov rcx, __bss_end
	sub rcx, rdi
	xor eax, eax
	rep stosb
	mov rsp, stack_top
	mov rdi, r12
	call kmain
.halt:
	cli
	hlt
	jmp .halt

section .bss
align 16
	resb 16384
stack_top:
