; head.asm: the loader image's first sector at 0000:8000, real mode. Holds struct loader_head and
; the code that checks the whole image arrived (the MBR reads what its patch table says, which may
; be too little) before any code past this sector runs; then start16 sets up C.
; Image layout: sector 0 this (setup16.ld.S asserts it fits), sector 1 struct loader_patch
; (patch.c, filled by mkdisk), then code. setup16's .bss is not in the file: start16 zeroes it.
%include "abi.inc"

CRC32_POLY equ 0xEDB88320                       ; CRC-32 (gzip), reflected

        bits 16
        section .head progbits alloc exec

; struct loader_head (include/patch.h); mkdisk fills in bytes and crc32.
        global _start
_start: jmp short head_check                    ; .jump
        times loader_head.magic-($-$$) db 0     ;
        dd LOADER_HEAD_MAGIC                    ; .magic: the MBR checks it before it jumps here
        dd 0                                    ; .bytes: image size (mkdisk)
        dd 0                                    ; .crc32: of image bytes LOADER_CRC_START.. (mkdisk)
        times -((($-$$) != loader_head_size)) db 0 ; error: head.asm and patch.h disagree

HEAD     equ LB_LOADER                          ; struct loader_head, linear = offset (DS = 0)
CRC_FROM equ LB_LOADER + LOADER_CRC_START       ; linear address of the first byte the CRC covers
CRC_TABLE equ LB_BOUNCE                         ; 256 dwords, built here (the bounce buffer is
                                                ; unused until setup16 reads the kernel)

; head_check: the MBR read CX sectors to LB_LOADER (only this one when CX is more than
; LB_LOADER_MAX_SECTORS): they must hold all head.bytes of the image, with the CRC-32 mkdisk
; wrote. Only code and data of this sector run until that holds.
; IN: CX = the MBR patch table's loader_sectors, DL = boot drive, CS = DS = SS = 0, DF = 0,
;     SP = the MBR's stack (all as the MBR leaves them).
; OUT: jumps to start16 with DL kept; on a fault: a message on screen and COM1, then halt.
; Clobbers: EAX, EBX, ECX, ESI, EDI, EBP, ES, flags (DS: 0 again).
head_check:
        xchg bx, bx                             ; Bochs magic breakpoint: the MBR is done
        movzx ecx, cx                           ; ECX = sectors the MBR was told to read
        cmp cx, LB_LOADER_MAX_SECTORS           ; the MBR read only this sector
        ja .toomany                             ;
        mov ebp, [HEAD + loader_head.bytes]     ; EBP = image bytes
        xor ebx, ebx                            ; (CRC "0" in the message below)
        cmp ebp, LOADER_CRC_START               ; no bytes to check: not filled in by mkdisk
        jbe .crc                                ;
        lea eax, [ebp - 1]                      ; (no overflow, whatever the head says)
        shr eax, 9                              ; EAX = sectors the image needs, minus 1
        cmp eax, ecx                            ;
        jae .short                              ;
        push CRC_TABLE >> 4                     ; ES:DI = CRC_TABLE[BL], BX = 0 here
        pop es                                  ;
        xor di, di                              ;
.entry: movzx eax, bl                           ; table[n]: n, reduced bit by bit
        mov cx, 8                               ;
.bit:   shr eax, 1                              ; LSB first
        jnc .next                               ;
        xor eax, CRC32_POLY                     ;
.next:  loop .bit                               ;
        stosd                                   ;
        inc bl                                  ;
        jnz .entry                              ;
        lea ecx, [ebp - LOADER_CRC_START]       ; ECX = bytes to check
        mov ax, CRC_FROM >> 4                   ; DS:SI = CRC_FROM
        mov ds, ax                              ;
        mov si, CRC_FROM & 15                   ;
        dec ebx                                 ; EBX = CRC register, all ones
.byte:  lodsb                                   ; one byte through the table
        xor al, bl                              ;
        movzx di, al                            ;
        shl di, 2                               ;
        shr ebx, 8                              ;
        xor ebx, [es:di]                        ;
        test si, si                             ; SI wrapped: DS to the next 64 KiB
        jnz .same                               ;
        mov ax, ds                              ;
        add ax, 0x1000                          ;
        mov ds, ax                              ;
.same:  dec ecx                                 ;
        jnz .byte                               ;
        not ebx                                 ; EBX = CRC-32
        xor ax, ax                              ;
        mov ds, ax                              ;
        cmp ebx, [HEAD + loader_head.crc32]     ;
        jne .crc                                ;
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
.crc:   call loadermsg                          ; "CRC-32 0x... over N bytes, mkdisk wrote 0x..."
        db "damaged: CRC-32 0x", 0
        mov eax, ebx                            ;
        call puthex                             ;
        call puts                               ;
        db " over ", 0                          ;
        mov eax, ebp                            ;
        call putdec                             ;
        call puts                               ;
        db " bytes, mkdisk wrote 0x", 0         ;
        mov eax, [HEAD + loader_head.crc32]     ;
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
