; head.asm: the loader image's first sector at 0000:8000, real mode. Holds struct loader_head and
; the code that checks the whole image arrived (the MBR reads what its patch table says, which may
; be too little) before any code past this sector runs; then start16 sets up C.
; Image layout: sector 0 this (setup16.ld.S asserts it fits), sector 1 struct loader_patch
; (patch.c, filled by mkdisk), then code. setup16's .bss is not in the file: start16 zeroes it.
%include "abi.inc"

        bits 16
        section .head progbits alloc exec

; struct loader_head (include/patch.h); mkdisk fills in bytes and the checksum.
        global _start
_start: jmp short head_check                    ; .jump
        times loader_head.magic-($-$$) db 0     ;
        dd LOADER_HEAD_MAGIC                    ; .magic: the MBR checks it before it jumps here
        dd 0                                    ; .bytes: image size (mkdisk)
        dd 0                                    ; .sum_a: checksum of image bytes LOADER_SUM_START..
        dd 0                                    ; .sum_b: (mkdisk; include/patch.h)
        times -((($-$$) != loader_head_size)) db 0 ; error: head.asm and patch.h disagree

HEAD     equ LB_LOADER                          ; struct loader_head, linear = offset (DS = 0)
SUM_FROM equ LB_LOADER + LOADER_SUM_START       ; linear address of the first word the checksum covers

; head_check: the MBR read CX sectors to LB_LOADER (only this one when CX is more than
; LB_LOADER_MAX_SECTORS): they must hold all head.bytes of the image, with the checksum mkdisk
; wrote. Only code and data of this sector run until that holds.
; IN: CX = the MBR patch table's loader_sectors, DL = boot drive, CS = DS = SS = 0, DF = 0,
;     SP = the MBR's stack (all as the MBR leaves them).
; OUT: jumps to start16 with DL kept; on a fault: a message on screen and COM1, then halt.
; Clobbers: EAX, EBX, ECX, ESI, EDI, EBP, flags (DS: 0 again).
head_check:
        xchg bx, bx                             ; Bochs magic breakpoint: the MBR is done
        movzx ecx, cx                           ; ECX = sectors the MBR was told to read
        cmp cx, LB_LOADER_MAX_SECTORS           ; the MBR read only this sector
        ja .toomany                             ;
        mov ebp, [HEAD + loader_head.bytes]     ; EBP = image bytes
        xor ebx, ebx                            ; EBX = a, EDI = b: the checksum
        xor edi, edi                            ; (0:0 in the message below)
        cmp ebp, LOADER_SUM_START               ; no bytes to check: not filled in by mkdisk
        jbe .sum                                ;
        lea eax, [ebp - 1]                      ; (no overflow, whatever the head says)
        shr eax, 9                              ; EAX = sectors the image needs, minus 1
        cmp eax, ecx                            ;
        jae .short                              ;
        lea ecx, [ebp - LOADER_SUM_START + 3]   ;
        shr ecx, 2                              ; ECX = words to add (the last zero-padded)
        mov ax, SUM_FROM >> 4                   ; DS:SI = SUM_FROM
        mov ds, ax                              ;
        mov si, SUM_FROM & 15                   ; (a multiple of 4: SI wraps between words)
.word:  lodsd                                   ;
        add ebx, eax                            ; a += word
        add edi, ebx                            ; b += a
        test si, si                             ; SI wrapped: DS to the next 64 KiB
        jnz .same                               ;
        mov ax, ds                              ;
        add ax, 0x1000                          ;
        mov ds, ax                              ;
.same:  a32 loop .word                           ; ECX words (a32: the whole of ECX)
        xor ax, ax                              ;
        mov ds, ax                              ;
        cmp ebx, [HEAD + loader_head.sum_a]     ;
        jne .sum                                ;
        cmp edi, [HEAD + loader_head.sum_b]     ;
        jne .sum                                ;
        jmp start16                             ; all of the image is here

.toomany:                                       ; "... patch table says CX sectors, at most MAX"
        call incomplete                         ;
        db "patch table says ", 0               ;
        mov eax, ecx                            ;
        call putdec                             ;
        call puts                               ;
        db " sectors, at most ", 0              ;
        mov eax, LB_LOADER_MAX_SECTORS          ;
        jmp .last                               ;
.short: push eax                                ; "... read CX of its EAX+1 sectors"
        call incomplete                         ;
        db "read ", 0                           ;
        mov eax, ecx                            ;
        call putdec                             ;
        call puts                               ;
        db " of its ", 0                        ;
        pop eax                                 ;
        inc eax                                 ;
        call putdec                             ;
        call puts                               ;
        db " sectors", 0                        ;
        jmp .eol                                ;
.sum:   call loadermsg                          ; "checksum 0xB:A over N bytes, mkdisk wrote 0xB:A"
        db "damaged: checksum 0x", 0
        mov eax, edi                            ;
        call puthex                             ;
        mov eax, ebx                            ;
        call puthex                             ;
        call puts                               ;
        db " over ", 0                          ;
        mov eax, ebp                            ;
        call putdec                             ;
        call puts                               ;
        db " bytes, mkdisk wrote 0x", 0         ;
        mov eax, [HEAD + loader_head.sum_b]     ;
        call puthex                             ;
        mov eax, [HEAD + loader_head.sum_a]     ;
        call puthex                             ;
        jmp .eol                                ;
.last:  call putdec                             ;
.eol:   call puts                               ;
        db 13, 10, 0                            ;
halt:   cli                                     ; stop here for good (never reboot)
        hlt                                     ;
        jmp halt                                ;

; incomplete: print "setup16: loader incomplete: the MBR ", then (like puts) the string that
; follows the call, return past it. IN: the string after the CALL. Clobbers: SI, AL.
incomplete:
        call loadermsg                          ;
        db "incomplete: the MBR ", 0            ;
        jmp puts                                ; our return address: the caller's string

; loadermsg: print "setup16: loader ", then (like puts) the string after the call.
; IN: the string after the CALL. Clobbers: SI, AL.
loadermsg:
        call puts                               ;
        db "setup16: loader ", 0                ;
        jmp puts                                ;

; putdec: print EAX in decimal. IN: EAX. Clobbers: EAX, EBX, CX, EDX.
putdec: mov ebx, 10                             ;
        xor cx, cx                              ; CX = digits pushed
.div:   xor edx, edx                            ;
        div ebx                                 ;
        push dx                                 ; remainder: next digit, least significant first
        inc cx                                  ;
        test eax, eax                           ;
        jnz .div                                ;
.out:   pop ax                                  ;
        add al, '0'                             ;
        call putc                               ;
        loop .out                               ;
        ret                                     ;

; puthex: print EAX as 8 hex digits. IN: EAX. Clobbers: EAX, CX, EDX.
puthex: mov cx, 8                               ;
        mov edx, eax                            ;
.dig:   rol edx, 4                              ;
        mov al, dl                              ;
        and al, 0x0F                            ;
        cmp al, 10                              ; 0-9 -> '0'-'9', 10-15 -> 'A'-'F'
        sbb al, 0x69                            ;
        das                                     ;
        call putc                               ;
        loop .dig                               ;
        ret                                     ;

; puts: print the NUL-terminated string that follows the call, return past it.
; IN: the string after the CALL (DS = 0). Clobbers: SI, AL.
puts:   pop si                                  ;
.next:  lodsb                                   ;
        test al, al                             ;
        jz .done                                ;
        call putc                               ;
        jmp .next                               ;
.done:  push si                                 ;
        ret                                     ;

; putc: print AL on the screen (INT 10h AH=0Eh) and on COM1 (bounded wait for THRE; the MBR
; set the line up). IN: AL. Clobbers: nothing.
putc:   pusha                                   ;
        push ax                                 ;
        mov ah, 0x0E                            ; teletype output, page 0
        xor bx, bx                              ;
        int 0x10                                ;
        mov dx, X86_COM1 + X86_UART_LSR         ;
        xor cx, cx                              ; at most 65536 polls (no UART: no hang)
.wait:  in al, dx                               ;
        test al, X86_UART_LSR_THRE              ;
        loopz .wait                             ;
        pop ax                                  ;
        mov dx, X86_COM1                        ;
        out dx, al                              ;
        popa                                    ;
        ret                                     ;

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
