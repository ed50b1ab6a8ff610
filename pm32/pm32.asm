; pm32.asm: from real mode to long mode: GDT, protected mode (32-bit), identity page tables,
; PAE + EFER.LME + paging, then 64-bit code at LB_LM64. Entered from setup16 C (real mode);
; the GDT is the BIOS gate's (gate.asm), and lm64 reaches the BIOS again through the gate.
%include "abi.inc"

; x86 constants (X86_*: selectors, CR0/CR4/EFER and page-table bits, COM1) come from
; include/x86.h through the generated abi.inc.
PML4       equ LB_PAGETABLES                    ; 1 page: entry 0 -> PDPT
PDPT       equ LB_PAGETABLES + 0x1000           ; 1 page: entries 0..3 -> the 4 PDs
PD0        equ LB_PAGETABLES + 0x2000           ; 4 pages: 2048 x 2 MiB = 4 GiB
%if PD0 + 4 * 0x1000 != LB_PAGETABLES_END
%error "page tables do not fill LB_PAGETABLES..LB_PAGETABLES_END"
%endif

        section .data
msg_pm32: db "longboot pm32", 13, 10, 0

        section .text
        bits 16

; void pm32_enter(uint32_t handoff) -- from -m16 C (cdecl, 32-bit return address). Never returns.
; IN: [esp+4] = address of struct handoff; real mode, CS = DS = SS = 0, A20 on.
; OUT: jumps to LB_LM64 in 64-bit mode: RDI = handoff (zero-extended), CS = 0x10,
;      DS = ES = SS = 0x18, interrupts off (the PIC and NMI as the BIOS left them: lm64 calls
;      the BIOS through the gate; lm64_jump_kernel masks them), identity map of 0..4 GiB.
; Clobbers: everything.
        global pm32_enter
pm32_enter:
        cli                                     ; no interrupts outside the gate's BIOS calls
        mov ebx, [esp+4]                        ; EBX = handoff, kept to the end
        extern lb_gdt_desc                      ;
        o32 lgdt [lb_gdt_desc]                  ; gate.asm's GDT
        mov eax, cr0                            ;
        and eax, ~(X86_CR0_CD | X86_CR0_NW)             ; caches on (some BIOSes leave the reset CD=NW=1)
        or eax, X86_CR0_PE                      ; protected mode on
        mov cr0, eax                            ;
        jmp dword X86_SEL_CODE32:pm32_start     ; far jump: CS = flat 32-bit code

        bits 32
; pm32_start: 32-bit protected mode, paging off.
; IN: EBX = handoff. OUT: -, continues to long mode. Clobbers: everything but EBX.
pm32_start:
        mov ax, X86_SEL_DATA                    ; flat data segments
        mov ds, ax                              ;
        mov es, ax                              ;
        mov ss, ax                              ;
        mov fs, ax                              ;
        mov gs, ax                              ;
        mov esp, LB_STACK_TOP                   ;
        xchg bx, bx                             ; Bochs magic breakpoint: in protected mode
        mov esi, msg_pm32                       ; "longboot pm32" on COM1
        call serial_puts                        ;
        call build_page_tables                  ;
        mov eax, cr4                            ;
        or eax, X86_CR4_PAE                     ; PAE paging (required for long mode)
        mov cr4, eax                            ;
        mov eax, PML4                           ;
        mov cr3, eax                            ;
        mov ecx, X86_MSR_EFER                   ;
        rdmsr                                   ;
        or eax, X86_EFER_LME                    ; long mode enable ...
        wrmsr                                   ;
        mov eax, cr0                            ;
        or eax, X86_CR0_PG                      ; ... active once paging is on
        mov cr0, eax                            ;
        xchg bx, bx                             ; Bochs magic breakpoint: before the jump to long mode
        jmp X86_SEL_CODE64:pm32_to_lm64         ; far jump into a 64-bit code segment

; build_page_tables: zero LB_PAGETABLES..END, then PML4[0] -> PDPT, PDPT[0..3] -> PD0..PD3,
; PD entries = 2 MiB pages covering 0..4 GiB, identity.
; IN: DS = ES = flat. OUT: tables written. Clobbers: EAX, ECX, EDX, EDI.
build_page_tables:
        cld                                     ;
        mov edi, LB_PAGETABLES                  ;
        mov ecx, (LB_PAGETABLES_END - LB_PAGETABLES) / 4
        xor eax, eax                            ;
        rep stosd                               ;
        mov dword [PML4], PDPT | X86_PTE_P | X86_PTE_W
        mov edi, PDPT                           ;
        mov eax, PD0 | X86_PTE_P | X86_PTE_W    ;
        mov ecx, 4                              ;
.pdpt:  mov [edi], eax                          ; PDPT[i] = PD i (upper dword stays 0)
        add eax, 0x1000                         ;
        add edi, 8                              ;
        loop .pdpt                              ;
        mov edi, PD0                            ;
        mov eax, X86_PTE_P | X86_PTE_W | X86_PTE_PS ; physical 0, 2 MiB page
        xor edx, edx                            ; EDX = bits 63..32 of the physical address
        mov ecx, 4 * 512                        ;
.pd:    mov [edi], eax                          ;
        mov [edi+4], edx                        ;
        add eax, 0x200000                       ; next 2 MiB
        add edi, 8                              ;
        loop .pd                                ;
        ret                                     ;

; serial_puts: write a NUL-terminated string to COM1 (polled, bounded wait for THRE). THRE
; means the transmitter is empty: with the FIFOs on (setup16 turned them on where the UART has
; them; IIR bits 7:6 say so) 16 bytes go out before the next wait, else one.
; IN: ESI = string. OUT: -. Clobbers: EAX, ECX, EDX, ESI.
serial_puts:
        push ebx                                ;
        xor ebx, ebx                            ; BL = bytes the UART takes before the next wait
.next:  lodsb                                   ;
        test al, al                             ;
        jz .done                                ;
        mov ah, al                              ;
        test bl, bl                             ;
        jnz .put                                ;
        mov dx, X86_COM1 + X86_UART_LSR         ; line status register
        mov ecx, 100000                         ; bounded: a missing UART must not hang us
.wait:  in al, dx                               ;
        test al, X86_UART_LSR_THRE              ; THRE
        loopz .wait                             ;
        mov bl, 1                               ;
        mov dx, X86_COM1 + X86_UART_IIR         ;
        in al, dx                               ;
        and al, X86_UART_IIR_FIFO               ;
        cmp al, X86_UART_IIR_FIFO               ;
        jne .put                                ;
        mov bl, X86_UART_FIFO                   ;
.put:   dec bl                                  ;
        mov al, ah                              ;
        mov dx, X86_COM1                        ;
        out dx, al                              ;
        jmp .next                               ;
.done:  pop ebx                                 ;
        ret                                     ;

        bits 64
; pm32_to_lm64: first 64-bit instructions; zero-extends the handoff into RDI and jumps to lm64.
; IN: EBX = handoff. OUT: RDI = handoff, jump to LB_LM64. Clobbers: RAX, RDI.
pm32_to_lm64:
        mov edi, ebx                            ; 32-bit move: bits 63..32 of RDI become 0
        mov eax, LB_LM64                        ;
        jmp rax                                 ; lm64 (linked at LB_LM64)
