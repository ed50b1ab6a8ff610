; entry.asm: lm64's first byte (64-bit long mode): own GDT, stack, bss, SSE, exception IDT,
; then lm64_main(handoff); and the final jump into the kernel.
%include "abi.inc"                      ; X86_* (include/x86.h): selectors, CR0/CR4 bits
bits 64
default abs

%define NR_EXCEPTIONS 32
%define STACK_SIZE (64 * 1024)

extern lm64_main, trap_report, __bss_start, __bss_end
global lm64_entry, lm64_jump_kernel

section .text.entry progbits alloc exec nowrite align=16
; lm64_entry
; IN:  RDI = struct handoff *, CS = 0x10, interrupts off, paging on (first 4 GiB identity-mapped)
; OUT: does not return (lm64_main never returns; a return halts)
; Clobbers: everything
lm64_entry:
	cli
	cld
	mov r12, rdi                            ; keep the handoff pointer across the setup below
	lgdt [gdt_desc]                         ; our GDT: pm32's lies in memory the kernel may reuse
	mov ax, X86_SEL_DATA
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov fs, ax
	mov gs, ax
	push X86_SEL_CODE64                         ; reload CS through a far return
	lea rax, [rel .cs_loaded]
	push rax
	o64 retf
.cs_loaded:
	mov rdi, __bss_start                    ; zero bss (the new stack included; we still run on pm32's)
	mov rcx, __bss_end
	sub rcx, rdi
	shr rcx, 3                              ; in quadwords: lm64.ld aligns both ends to 16
	xor eax, eax
	rep stosq                               ; (Bochs counts each step: 8x fewer than stosb)
	mov rsp, stack_top
	mov rax, cr0                            ; SSE: CR0.EM = 0, CR0.MP = 1
	and rax, ~X86_CR0_EM
	or rax, X86_CR0_MP
	mov cr0, rax
	mov rax, cr4                            ; SSE state and exceptions enabled by the "OS"
	or rax, X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT
	mov cr4, rax
	call idt_install
	xchg bx, bx                             ; Bochs magic breakpoint (a no-op elsewhere)
	mov rdi, r12
	call lm64_main
.halt:
	cli
	hlt
	jmp .halt

; idt_install: point vectors 0..31 at the exception stubs and load the IDT.
; IN: nothing. OUT: IDTR loaded. Clobbers: RAX, RCX, RDI, RSI
idt_install:
	mov rdi, idt
	mov rsi, exc_table
	mov ecx, NR_EXCEPTIONS
.gate:
	mov rax, [rsi]
	mov [rdi], ax                           ; offset 15..0
	mov word [rdi + 2], X86_SEL_CODE64
	mov word [rdi + 4], 0x8E00              ; present, DPL 0, 64-bit interrupt gate, IST 0
	shr rax, 16
	mov [rdi + 6], ax                       ; offset 31..16
	shr rax, 16
	mov [rdi + 8], eax                      ; offset 63..32
	mov dword [rdi + 12], 0
	add rdi, 16
	add rsi, 8
	loop .gate
	lidt [idt_desc]
	ret

; Exception stubs: push a zero error code where the CPU pushes none, then the vector.
%macro EXC_NOERR 1
exc_%1:
	push 0
	push %1
	jmp exc_common
%endmacro
%macro EXC_ERR 1
exc_%1:
	push %1
	jmp exc_common
%endmacro

%assign v 0
%rep NR_EXCEPTIONS
%if v == 8 || v == 10 || v == 11 || v == 12 || v == 13 || v == 14 || v == 17 || v == 21 || v == 29 || v == 30
	EXC_ERR v
%else
	EXC_NOERR v
%endif
%assign v v + 1
%endrep

; exc_common: save the general registers and report (trap.c); never returns.
; IN: stack = vector, error code, CPU frame (RIP, CS, RFLAGS, RSP, SS)
; OUT: does not return. Clobbers: everything
exc_common:
	push rax
	push rbx
	push rcx
	push rdx
	push rsi
	push rdi
	push rbp
	push r8
	push r9
	push r10
	push r11
	push r12
	push r13
	push r14
	push r15
	mov rdi, rsp                            ; struct trap_frame *
	and rsp, -16
	call trap_report
	jmp lm64_entry.halt

; lm64_jump_kernel(entry, boot_params)
; IN:  RDI = kernel entry (physical, identity-mapped), RSI = struct boot_params *
; OUT: does not return; the kernel starts with interrupts off, every 8259 line masked and NMI
;      off (the BIOS gate needed them as the BIOS left them until here), RSI = boot_params,
;      flat segments (CS 0x10, DS = ES = SS = 0x18), the other general registers zero.
; Clobbers: everything
lm64_jump_kernel:
	cli
	mov al, 0x80                            ; CMOS index port bit 7: NMI off (no IDT until
	out 0x70, al                            ; the kernel loads one; its RTC accesses clear it)
	mov al, 0xFF                            ; mask every 8259 line: no stray IRQs in the
	out 0xA1, al                            ; kernel before it sets up its own
	out 0x21, al
	mov ax, X86_SEL_DATA
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov fs, ax
	mov gs, ax
	mov rax, rdi
	xor ebx, ebx
	xor ecx, ecx
	xor edx, edx
	xor edi, edi
	xor ebp, ebp
	xor r8d, r8d
	xor r9d, r9d
	xor r10d, r10d
	xor r11d, r11d
	xor r12d, r12d
	xor r13d, r13d
	xor r14d, r14d
	xor r15d, r15d
	jmp rax

section .rodata
exc_table:
%assign v 0
%rep NR_EXCEPTIONS
	dq exc_ %+ v
%assign v v + 1
%endrep

section .data
align 16
gdt:                                        ; pm32's entries at the same selectors (x86.h)
	dq 0                                    ; 0x00 null
	times X86_SEL_CODE64-($-gdt) db 0
	dq 0x00AF9A000000FFFF                   ; X86_SEL_CODE64: flat 64-bit code, DPL 0
	times X86_SEL_DATA-($-gdt) db 0
	dq 0x00CF92000000FFFF                   ; X86_SEL_DATA: flat data, 4 GiB, writable
gdt_end:
gdt_desc:
	dw gdt_end - gdt - 1
	dq gdt
idt_desc:
	dw NR_EXCEPTIONS * 16 - 1
	dq idt

section .bss
align 16
idt:
	resb NR_EXCEPTIONS * 16
align 16
	resb STACK_SIZE
stack_top:
