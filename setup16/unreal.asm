; unreal.asm: copy from low memory to a 32-bit address with 4 GiB segment limits ("unreal mode"), real mode.
; SeaBIOS reloads segment registers in its own 32-bit trips, and any BIOS call may leave 64 KiB
; limits behind, so the limits are re-established on every call, with interrupts off until done.
%include "abi.inc"

        bits 16
        section .text
        extern lb_gdt_desc                      ; pm32/pm32.asm: the shared GDT

; uint32_t unreal_copy(uint32_t dst, uint32_t src, uint32_t len)
; IN: [esp+4] dst, [esp+8] src, [esp+12] len (bytes); DS = ES = 0.
; OUT: EAX = 0 when the first dword of dst reads back equal to src's, else 1.
; Clobbers: EAX, ECX, EDX (cdecl); DS/ES keep selector 0 with a 4 GiB limit.
        global unreal_copy
unreal_copy:
        push esi                                ;
        push edi                                ;
        push ebx                                ;
        pushfd                                  ;
        cli                                     ; no interrupt handler may see the switch
        lgdt [lb_gdt_desc]                      ;
        mov eax, cr0                            ;
        or al, X86_CR0_PE                       ; PE on
        mov cr0, eax                            ;
        jmp short .pm                           ; (flush the prefetch queue)
.pm:    mov bx, X86_SEL_DATA                    ; load 4 GiB limits into the hidden parts
        mov ds, bx                              ;
        mov es, bx                              ;
        and al, ~X86_CR0_PE & 0xFF              ; PE off
        mov cr0, eax                            ;
        jmp short .rm                           ;
.rm:    xor bx, bx                              ; selectors 0 again; the limits stay
        mov ds, bx                              ;
        mov es, bx                              ;
        mov edi, [esp+16+4]                     ; dst
        mov esi, [esp+16+8]                     ; src
        mov ecx, [esp+16+12]                    ; len
        mov edx, ecx                            ;
        shr ecx, 2                              ; dwords
        cld                                     ;
        a32 rep movsd                           ;
        mov ecx, edx                            ; and the 0..3 bytes left
        and ecx, 3                              ;
        a32 rep movsb                           ;
        mov edi, [esp+16+4]                     ; verify the first dword
        mov esi, [esp+16+8]                     ;
        mov eax, [esi]                          ; (addr32: ESI/EDI as 32-bit addresses)
        xor eax, [edi]                          ;
        setnz al                                ;
        movzx eax, al                           ;
        popfd                                   ; interrupts as before
        pop ebx                                 ;
        pop edi                                 ;
        pop esi                                 ;
        o32 ret                                 ;
