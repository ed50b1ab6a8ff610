; head.asm: start of the loader image at 0000:8000, real mode. Entered from the MBR with DL = boot drive.
; Image layout: 0x8000 a jump, 0x8010 struct loader_patch (patch.c, filled by mkdisk), then code.
; setup16's .bss is not in the file: it is zeroed here before any C runs.
%include "layout.inc"

        bits 16
        section .head progbits alloc exec

        global _start
_start: jmp start16                             ; over the patch table (near jump, 3 bytes)

        section .text

; start16: set up the real-mode C environment and call setup16_main(boot_drive). Never returns.
; IN: DL = boot drive, CS = 0. OUT: -. Clobbers: everything.
start16:
        cli                                     ;
        xor ax, ax                              ; CS = DS = ES = SS = FS = GS = 0
        mov ds, ax                              ;
        mov es, ax                              ;
        mov fs, ax                              ;
        mov gs, ax                              ;
        mov ss, ax                              ;
        mov esp, LB_STACK_TOP                   ; full 32-bit ESP: C addresses the stack with it
        movzx edx, dl                           ; EDX = boot drive
        extern __bss_start, __bss_end           ; zero .bss
        mov di, __bss_start                     ;
        mov cx, __bss_end                       ;
        sub cx, di                              ;
        cld                                     ;
        rep stosb                               ; (AL = 0)
        sti                                     ;
        xchg bx, bx                             ; Bochs magic breakpoint: setup16 entry
        push edx                                ; setup16_main(boot_drive)
        extern setup16_main                     ;
        call dword setup16_main                 ; 32-bit near call (66 E8 rel32): C returns with retl
.halt:  cli                                     ; not reached
        hlt                                     ;
        jmp .halt                               ;
