; intcall.asm: the single BIOS-call helper of setup16, real mode (called from -m16 C, cdecl).
%include "abi.inc"

SAVED         equ 44                            ; what intcall pushes of the caller's state (BIOSREGS_SIZE: abi.inc)

        bits 16
        section .text

; void intcall(uint8_t int_no, const struct biosregs *in, struct biosregs *out)
; IN: [esp+4] int_no, [esp+8] in, [esp+12] out (out may be 0); DS = ES = SS = 0.
; OUT: *out = registers and flags as the BIOS left them.
; Clobbers: EAX (read before the save; caller-saved in cdecl); every other register, segment
;           and the caller's EFLAGS are restored.
        global intcall
intcall:
        mov al, [esp+4]                         ; patch the vector into the INT below
        mov [int_no], al                        ;
        jmp short .fresh                        ; flush the prefetch queue (386/486)
.fresh: pushad                                  ; save the caller's registers ...
        push ds                                 ;
        push es                                 ;
        push fs                                 ;
        push gs                                 ;
        pushfd                                  ; ... SAVED bytes in all
        mov esi, [esp+SAVED+8]                  ; SI = in
        sub esp, BIOSREGS_SIZE                  ; frame = copy of *in, in pop order
        mov di, sp                              ; ES:DI = frame (ES = SS = 0)
        mov cx, BIOSREGS_SIZE / 4               ;
        cld                                     ;
        rep movsd                               ;
        popad                                   ; load the BIOS call's registers
        pop ds                                  ;
        pop es                                  ;
        pop fs                                  ;
        pop gs                                  ;
        popfd                                   ; (CF preset by initregs)
        db 0xCD                                 ; INT imm8 ...
int_no: db 0                                    ; ... the vector, patched above
        pushfd                                  ; frame = what the BIOS returned
        push gs                                 ;
        push fs                                 ;
        push es                                 ;
        push ds                                 ;
        pushad                                  ;
        xor ax, ax                              ; our segments again
        mov ds, ax                              ;
        mov es, ax                              ;
        cld                                     ;
        mov edi, [esp+BIOSREGS_SIZE+SAVED+12]   ; DI = out
        test edi, edi                           ;
        jz .done                                ;
        mov si, sp                              ; copy the frame to *out
        mov cx, BIOSREGS_SIZE / 4               ;
        rep movsd                               ;
.done:  add esp, BIOSREGS_SIZE                  ; drop the frame
        popfd                                   ; restore the caller's state
        pop gs                                  ;
        pop fs                                  ;
        pop es                                  ;
        pop ds                                  ;
        popad                                   ;
        o32 ret                                 ; -m16 C calls with a 32-bit return address
