; gate.asm: the BIOS gate, called from lm64 (64-bit long mode): down to real mode, one INT (or
; STI; HLT), and back up, as Linux's arch/x86/realmode/rm/reboot.S goes down and its trampoline
; comes up. Linked with setup16 below 64 KiB (real mode runs it with CS = 0); setup16 puts
; gate_call's address in struct handoff.gate. Modes, in order:
;   64-bit -> compatibility mode (CS = X86_SEL_CODE32) -> paging off, EFER.LME off (32-bit
;   protected mode) -> 16-bit protected mode (CS/DS = X86_SEL_CODE16/DATA16: 64 KiB limits) ->
;   PE off, CS = 0 (real mode, IVT at 0) -> INT n -> PE on -> 32-bit -> CR3/CR4/EFER as saved,
;   paging on -> 64-bit -> lm64's GDT and IDT again.
; The BIOS sees the IVT, the PIC and the NMI as it left them (nothing of the loader masks them
; before the kernel jump), real-mode segments with 64 KiB limits, SS:SP = 0:LB_STACK_TOP and
; interrupts as in->eflags says. Cost (QEMU TCG, measured by tests/gate): see lm64/README.md.
%include "abi.inc"

        section .data
        align 8
; The gate's own GDT: pm32's selectors (the same descriptors as lm64's at 0x10 and 0x18) plus
; 32-bit code and the two 16-bit descriptors real mode is entered through.
        global lb_gdt, lb_gdt_desc
lb_gdt: dq 0                                    ; 0x00 null
        dq 0                                    ; 0x08 unused
        times X86_SEL_CODE64-($-lb_gdt) db 0    ; (each entry at its selector: checked by times)
        dq 0x00AF9A000000FFFF                   ; X86_SEL_CODE64: code, L=1, DPL 0
        times X86_SEL_DATA-($-lb_gdt) db 0      ;
        dq 0x00CF92000000FFFF                   ; X86_SEL_DATA: flat data, 4 GiB, writable
        times X86_SEL_CODE32-($-lb_gdt) db 0    ;
        dq 0x00CF9A000000FFFF                   ; X86_SEL_CODE32: flat code, 4 GiB, D=1
        times X86_SEL_CODE16-($-lb_gdt) db 0    ;
        dq 0x00009A000000FFFF                   ; X86_SEL_CODE16: code, base 0, 64 KiB, D=0
        times X86_SEL_DATA16-($-lb_gdt) db 0    ;
        dq 0x000092000000FFFF                   ; X86_SEL_DATA16: data, base 0, 64 KiB
lb_gdt_end:
; One descriptor for every mode: LGDT reads 6 bytes in 16/32-bit code and 10 in 64-bit code.
lb_gdt_desc:
        dw lb_gdt_end - lb_gdt - 1              ; limit
        dd lb_gdt, 0                            ; linear base (64 bits)
rm_idt: dw 0x3FF                                ; real mode's interrupt vector table
        dq 0                                    ;

        section .bss
        alignb 8
saved_rsp:  resq 1                              ; lm64's stack pointer
saved_out:  resq 1                              ; struct biosregs *out (0: none)
saved_cr0:  resq 1                              ;
saved_cr3:  resq 1                              ;
saved_cr4:  resq 1                              ;
saved_efer: resq 1                              ; EDX:EAX of RDMSR, LMA cleared
saved_gdt:  resb 10                             ; lm64's GDTR and IDTR (SGDT/SIDT, 64-bit form)
saved_idt:  resb 10                             ;
gate_op:    resw 1                              ; 0..255: INT n; GATE_IDLE: STI; HLT
        alignb 4
frame:      resb BIOSREGS_SIZE                  ; the registers in, then the registers out
        global gate_calls
gate_calls: resd 1                              ; crossings so far (for the tests and the log)

        section .text
        bits 64
; void gate_call(uint32_t op, const struct biosregs *in, struct biosregs *out) -- SysV, from lm64
; IN:  EDI = op (0..255 or GATE_IDLE), RSI = in (any address), RDX = out (0: none); long mode,
;      paging with the first 4 GiB identity-mapped (this code, its data and the stack), any IF.
; OUT: *out = the registers and flags the BIOS returned (DS, ES, FS, GS: real-mode segments).
; Clobbers: RAX, RCX, RDX, RSI, RDI, R8-R11 (caller-saved in SysV); RBX, RBP, R12-R15, RSP,
;      RFLAGS (IF included), GDTR, IDTR, CR0, CR3, CR4 and EFER come back as they were.
;      The SSE registers are not touched (a BIOS that used them would clobber them).
        global gate_call
gate_call:
        push rbx                                ; callee-saved registers on lm64's stack
        push rbp                                ;
        push r12                                ;
        push r13                                ;
        push r14                                ;
        push r15                                ;
        pushfq                                  ; the caller's IF
        cli                                     ;
        mov [gate_op], di                       ;
        mov [saved_out], rdx                    ;
        mov edi, frame                          ; frame = *in
        mov ecx, BIOSREGS_SIZE / 4              ;
        cld                                     ;
        rep movsd                               ;
        inc dword [gate_calls]                  ;
        mov [saved_rsp], rsp                    ;
        sgdt [saved_gdt]                        ;
        sidt [saved_idt]                        ;
        mov rax, cr0                            ;
        mov [saved_cr0], rax                    ;
        mov rax, cr3                            ;
        mov [saved_cr3], rax                    ;
        mov rax, cr4                            ;
        mov [saved_cr4], rax                    ;
        mov ecx, X86_MSR_EFER                   ;
        rdmsr                                   ;
        and eax, ~X86_EFER_LMA                  ; (read-only: WRMSR gets it as 0)
        mov [saved_efer], eax                   ;
        mov [saved_efer + 4], edx               ;
        lgdt [lb_gdt_desc]                      ; ours: lm64's selectors plus the 16-bit ones
        push X86_SEL_CODE32                     ; far return to compatibility mode
        push compat_down                        ;
        o64 retf                                ;

        bits 32
; compat_down: 32-bit code of long mode. IN: nothing. OUT: 32-bit protected mode, paging off.
compat_down:
        mov ax, X86_SEL_DATA                    ;
        mov ds, ax                              ;
        mov es, ax                              ;
        mov ss, ax                              ;
        mov eax, cr0                            ;
        and eax, ~X86_CR0_PG                    ; paging off: long mode inactive (LMA = 0)
        mov cr0, eax                            ;
        mov ecx, X86_MSR_EFER                   ;
        rdmsr                                   ;
        and eax, ~X86_EFER_LME                  ; long mode off
        wrmsr                                   ;
        jmp X86_SEL_CODE16:pm16_down            ; 16-bit protected mode

        bits 16
; pm16_down: 16-bit protected mode. OUT: real mode, CS = DS = ES = SS = 0, the real-mode IVT.
pm16_down:
        mov ax, X86_SEL_DATA16                  ; 64 KiB limits in every segment register's
        mov ds, ax                              ; hidden part, as real mode expects them
        mov es, ax                              ;
        mov fs, ax                              ;
        mov gs, ax                              ;
        mov ss, ax                              ;
        mov eax, cr0                            ;
        and eax, ~(X86_CR0_PE | X86_CR0_PG)     ; protected mode off
        mov cr0, eax                            ;
        jmp 0:real_call                         ; CS = 0

; real_call: real mode. Runs the BIOS call with the frame's registers on the real-mode stack.
real_call:
        xor ax, ax                              ;
        mov ds, ax                              ;
        mov es, ax                              ;
        mov ss, ax                              ;
        mov esp, LB_STACK_TOP                   ; (bits 31..16 zero: some BIOSes use ESP)
        lidt [rm_idt]                           ;
        cmp word [gate_op], GATE_IDLE           ;
        je .idle                                ;
        mov al, [gate_op]                       ; patch the vector into the INT below
        mov [.int_no], al                       ;
        jmp short .fresh                        ; (the prefetch queue of a 386/486)
.fresh: sub sp, BIOSREGS_SIZE                   ; the frame on the stack, in pop order
        mov di, sp                              ;
        mov si, frame                           ;
        mov cx, BIOSREGS_SIZE / 4               ;
        cld                                     ;
        rep movsd                               ;
        popad                                   ; the call's registers (ESP skipped)
        pop ds                                  ;
        pop es                                  ;
        pop fs                                  ;
        pop gs                                  ;
        popfd                                   ; IF as in->eflags (initregs: on)
        db 0xCD                                 ; INT imm8 ...
.int_no: db 0                                   ; ... the vector, patched above
        cli                                     ;
        pushfd                                  ; the frame = what the BIOS returned
        push gs                                 ;
        push fs                                 ;
        push es                                 ;
        push ds                                 ;
        pushad                                  ;
        xor ax, ax                              ;
        mov ds, ax                              ;
        mov es, ax                              ;
        cld                                     ;
        mov si, sp                              ;
        mov di, frame                           ;
        mov cx, BIOSREGS_SIZE / 4               ;
        rep movsd                               ;
        jmp short up                            ; (SP is set again on the way up)
.idle:  sti                                     ; until the next interrupt (the timer's at
        hlt                                     ; the latest: 55 ms), its handler run
        cli                                     ;

; up: real mode, interrupts off. OUT: 64-bit mode with lm64's state; returns to gate_call's caller.
up:     xor ax, ax                              ;
        mov ds, ax                              ;
        o32 lgdt [lb_gdt_desc]                  ; the BIOS may have loaded a GDT of its own
        mov eax, [saved_cr0]                    ;
        and eax, ~X86_CR0_PG                    ;
        or eax, X86_CR0_PE                      ; protected mode, paging still off
        mov cr0, eax                            ;
        jmp dword X86_SEL_CODE32:pm32_up        ;

        bits 32
pm32_up:
        mov ax, X86_SEL_DATA                    ;
        mov ds, ax                              ;
        mov es, ax                              ;
        mov ss, ax                              ;
        mov fs, ax                              ;
        mov gs, ax                              ;
        mov eax, [saved_cr4]                    ; PAE (and lm64's SSE bits)
        mov cr4, eax                            ;
        mov eax, [saved_cr3]                    ; lm64's page tables (below 4 GiB)
        mov cr3, eax                            ;
        mov ecx, X86_MSR_EFER                   ;
        mov eax, [saved_efer]                   ; LME on again
        mov edx, [saved_efer + 4]               ;
        wrmsr                                   ;
        mov eax, [saved_cr0]                    ; paging on: long mode active
        mov cr0, eax                            ;
        jmp X86_SEL_CODE64:lm64_up              ;

        bits 64
lm64_up:
        lgdt [saved_gdt]                        ; lm64's GDT and IDT
        lidt [saved_idt]                        ;
        mov ax, X86_SEL_DATA                    ; (the same selectors in both GDTs)
        mov ds, ax                              ;
        mov es, ax                              ;
        mov ss, ax                              ;
        mov fs, ax                              ;
        mov gs, ax                              ;
        mov rsp, [saved_rsp]                    ;
        mov rdi, [saved_out]                    ; *out = frame
        test rdi, rdi                           ;
        jz .done                                ;
        mov esi, frame                          ;
        mov ecx, BIOSREGS_SIZE / 4              ;
        cld                                     ;
        rep movsd                               ;
.done:  popfq                                   ; the caller's IF
        pop r15                                 ;
        pop r14                                 ;
        pop r13                                 ;
        pop r12                                 ;
        pop rbp                                 ;
        pop rbx                                 ;
        ret                                     ;
