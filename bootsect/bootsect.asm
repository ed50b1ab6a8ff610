; bootsect.asm: the 512-byte MBR, real mode at 0000:7C00. Reads the loader image to 0000:8000 and jumps to it.
;
; Layout (pinned, an overflow fails assembly):
;   0 .. MBR_PATCH_OFFSET-1   code and data
;   MBR_PATCH_OFFSET .. 439   struct mbr_patch (include/patch.h), filled in by mkdisk
;   440 .. 445                disk signature  (kept: mkdisk merges it)
;   446 .. 509                partition table (kept: mkdisk merges it)
;   510 .. 511                0x55 0xAA
; Entry (BIOS): CS:IP = 0000:7C00 or 07C0:0000, DL = boot drive.
; Exit: jump to 0000:8000 (struct loader_head, include/patch.h), DL = boot drive, CX = the patch
; table's loader_sectors. The MBR read CX sectors when CX is 1..LB_LOADER_MAX_SECTORS (the image
; must end below the bounce buffer), else only the head's sector: the head checks and reports.
; Reads use INT 13h AH=42h (extensions checked with AH=41h; never for floppies, like GRUB), else CHS
; one sector at a time (AH=08h geometry, AH=02h). Every read is retried 3 times with an AH=00h reset.

%include "abi.inc"

COM1              equ X86_COM1
EDD_CHUNK         equ 127                      ; sectors per AH=42h call (segment advanced each time)
TRIES             equ 3

; BP points at the patch table for the whole run; it becomes the INT 13h disk address packet
; (8-byte header over magic/loader_sectors/reserved, then loader_lba in place as the DAP's LBA).
; Variables live just past the sector (0x7E00..), below the loader at 0x8000.
PATCH    equ LB_MBR + MBR_PATCH_OFFSET
DAP_SIZE equ 0                                 ; byte 16, byte 0
DAP_CNT  equ 2                                 ; word: sectors this call
DAP_OFF  equ 4                                 ; word: offset 0
DAP_SEG  equ 6                                 ; word: segment, advanced per chunk
DAP_LBA  equ mbr_patch.loader_lba            ; qword: the LBA in place (offset 8)
V_DRIVE  equ 0x7E00 - PATCH                    ; byte: boot drive
V_CHUNK  equ V_DRIVE + 1                       ; byte: sectors per call: 127 (AH=42h) or 1 (CHS)
V_SPT    equ V_DRIVE + 4                       ; dword: sectors per track
V_HEADS  equ V_DRIVE + 8                       ; dword: heads
V_LEFT   equ V_DRIVE + 12                      ; word: sectors still to read

        bits 16
        org LB_MBR

start:  xor ax, ax                              ; CS may be 0 or 0x7C0: only relative jumps use it
        mov ds, ax                              ; DS = SS = 0: every address is linear
        mov ss, ax                              ; (ES: only AH=02h uses it, and sets it first)
        mov sp, LB_STACK_TOP                    ; stack grows down from LB_STACK_TOP
        cld                                     ; string ops go up
        mov bp, PATCH                           ; BP: patch table / DAP / variables base
        mov dh, 1                               ; V_CHUNK = 1: CHS until extensions are confirmed
        mov [bp+V_DRIVE], dx                    ; keep the boot drive (V_DRIVE, V_CHUNK adjacent)
        mov dx, COM1+3                          ; COM1 115200 8N1 (Bochs: 5 bits unless LCR set)
        mov al, 0x80                            ; LCR: DLAB on
        out dx, al                              ;
        mov dl, COM1 & 0xFF                     ; DLL = 1 (115200 baud)
        mov al, 1                               ;
        out dx, al                              ;
        inc dx                                  ; DLM = 0
        dec ax                                  ;
        out dx, al                              ;
        mov dl, (COM1+3) & 0xFF                 ; LCR: DLAB off, 8 data bits, no parity, 1 stop
        mov al, 3                               ;
        out dx, al                              ;
        call puts                               ; stage marker
        db "longboot mbr", 13, 10, 0            ;

        mov ax, [bp+mbr_patch.loader_sectors]   ; (0 if mkdisk never ran: "no loader" below)
        push ax                                 ; for the loader head: CX = this count
        cmp ax, LB_LOADER_MAX_SECTORS + 1       ; more than fits below the bounce buffer:
        jb .sane                                ; read only the head, which says so
        mov ax, 1                               ; (no room here for the message)
.sane:  mov [bp+V_LEFT], ax                     ;
        mov word [bp+DAP_SIZE], 16              ; DAP header over the magic: size 16, reserved 0
        mov dword [bp+DAP_OFF], (LB_LOADER >> 4) << 16 ; offset 0, segment 0x800

        test byte [bp+V_DRIVE], 0x80            ; floppies always use CHS (like GRUB)
        jz chs_setup                            ;
        mov ah, 0x41                            ; INT 13h AH=41h: EDD installation check
        mov bx, 0x55AA                          ;
        call int13                              ;
        jc chs_setup                            ; CF: no extensions
        cmp bx, 0xAA55                          ;
        jne chs_setup                           ;
        test cl, 1                              ; bit 0: packet (AH=42h) access
        jz chs_setup                            ;
        mov byte [bp+V_CHUNK], EDD_CHUNK        ;

read_loop:                                      ; while sectors are left:
        mov di, TRIES                           ; DI: tries left for this chunk (INT 13h keeps DI)
.try:   mov cx, [bp+V_LEFT]                     ; (AH=42h rewrites DAP_CNT on errors: set it anew)
        jcxz loaded                             ;
        movzx ax, byte [bp+V_CHUNK]             ; this call: min(chunk, left)
        cmp cx, ax                              ;
        jae .count                              ;
        mov ax, cx                              ; last, shorter chunk
.count: mov [bp+DAP_CNT], ax                    ;
        call read_chunk                         ; CF on error, AH = status
        jnc .ok                                 ;
        dec di                                  ;
        jz read_fail                            ; AH = status of the last try
        xor ah, ah                              ; AH=00h: reset the drive, try again
        call int13                              ;
        jmp .try                                ;
.ok:    movzx eax, word [bp+DAP_CNT]            ; advance: sectors left, LBA, segment
        sub [bp+V_LEFT], ax                     ;
        add [bp+DAP_LBA], eax                   ; 64-bit add
        adc dword [bp+DAP_LBA+4], 0             ;
        shl ax, 5                               ; sectors * 512 / 16 = paragraphs
        add [bp+DAP_SEG], ax                    ;
        jmp read_loop                           ;

loaded: cmp dword [LB_LOADER+loader_head.magic], LOADER_HEAD_MAGIC
        jne err_loader                          ; the loader's head must be there
        pop cx                                  ; CX = loader_sectors (the head checks it)
        mov dl, [bp+V_DRIVE]                    ; DL = boot drive for setup16
        jmp 0:LB_LOADER                         ;

chs_setup:                                      ; AH=08h: CL[5:0] = sectors/track, DH = max head
        mov ah, 0x08                            ;
        call int13                              ;
        jc read_fail                            ;
        and ecx, 0x3F                           ; ECX = sectors per track
        jz read_fail                            ; no geometry
        mov [bp+V_SPT], ecx                     ;
        movzx edx, dh                           ;
        inc dx                                  ;
        mov [bp+V_HEADS], edx                   ; heads = max head + 1
        jmp read_loop                           ;

read_fail:                                      ; AH = BIOS status
        shl eax, 16                             ; status (AH) to the top byte for puthex
        call puts                               ; (puts keeps EAX[31:8])
        db "LB: read err 0x", 0                 ;
        mov cx, 2                               ; two hex digits
        call puthex                             ;
        call puts                               ;
        db " lba 0x", 0                         ;
        mov eax, [bp+DAP_LBA+4]                 ; the whole 64-bit LBA: high dword ...
        mov cl, 8                               ;
        call puthex                             ;
        mov eax, [bp+DAP_LBA]                   ; ... and low dword
        mov cl, 8                               ;
        call puthex                             ;
        call puts                               ;
        db 13, 10, 0                            ;
        jmp halt                                ;
err_loader:
        call puts                               ;
        db "LB: no loader", 13, 10, 0           ;
halt:   cli                                     ; stop here for good (never reboot)
        hlt                                     ;
        jmp halt                                ;

; read_chunk: read DAP_CNT sectors at DAP_LBA to DAP_SEG:0000.
; IN: BP, DAP, V_CHUNK (1: CHS), V_SPT/V_HEADS (CHS). OUT: CF set on error, AH = BIOS status.
; Clobbers: EAX, BX, CX, EDX, SI.
read_chunk:
        cmp byte [bp+V_CHUNK], 1                ;
        je .chs                                 ;
        mov si, bp                              ; INT 13h AH=42h, DS:SI = DAP
        mov ah, 0x42                            ;
        jmp int13                               ;
.chs:   mov eax, [bp+DAP_LBA]                   ; LBA / spt -> quotient, sector - 1
        xor edx, edx                            ;
        div dword [bp+V_SPT]                    ;
        mov cl, dl                              ;
        inc cx                                  ; CL = sector (1-based)
        xor edx, edx                            ; quotient / heads -> cylinder, head
        div dword [bp+V_HEADS]                  ;
        mov dh, dl                              ; DH = head
        mov ch, al                              ; CH = cylinder bits 7:0
        shl ah, 6                               ; CL[7:6] = cylinder bits 9:8
        or cl, ah                               ;
        mov es, [bp+DAP_SEG]                    ; ES:BX = destination
        xor bx, bx                              ;
        mov ax, 0x0201                          ; AH=02h, one sector (falls into int13)

; int13: INT 13h on the boot drive.
; IN: AH function, other registers per function. OUT: per function. Clobbers: DL (AH=08h: ES, DI).
int13:  mov dl, [bp+V_DRIVE]                    ;
        int 0x13                                ;
        ret                                     ;

; puthex: print the top CX nibbles of EAX, most significant first.
; IN: EAX value, CX digits. Clobbers: EAX, CX.
puthex: rol eax, 4                              ;
        push ax                                 ; (only AL changes below)
        and al, 0x0F                            ;
        cmp al, 10                              ; 0-9 -> '0'-'9', 10-15 -> 'A'-'F'
        sbb al, 0x69                            ;
        das                                     ;
        call putc                               ;
        pop ax                                  ;
        loop puthex                             ;
        ret                                     ;

; puts: print the NUL-terminated string that follows the call, return past it.
; IN: the string after the CALL. OUT: -. Clobbers: SI, AL.
puts:   pop si                                  ; SI = the string
.next:  lodsb                                   ;
        test al, al                             ;
        jz .done                                ;
        call putc                               ;
        jmp .next                               ;
.done:  push si                                 ; return to the byte after the NUL
        ret                                     ;

; putc: print AL on the screen (INT 10h AH=0Eh) and on COM1 (bounded wait for THRE).
; IN: AL. Clobbers: nothing.
putc:   pusha                                   ;
        push ax                                 ;
        mov ah, 0x0E                            ; teletype output
        xor bx, bx                              ; page 0
        int 0x10                                ;
        mov dx, COM1+5                          ; line status register
        xor cx, cx                              ; at most 65536 polls (no UART: no hang)
.wait:  in al, dx                               ;
        test al, 0x20                           ; THRE
        loopz .wait                             ;
        pop ax                                  ;
        mov dl, COM1 & 0xFF                     ; data register
        out dx, al                              ;
        popa                                    ;
        ret                                     ;


        times MBR_PATCH_OFFSET-($-$$) db 0      ; code overflow -> negative count -> assembly error
        dd MBR_PATCH_MAGIC                      ; struct mbr_patch: magic
        dw 0                                    ; loader_sectors (mkdisk)
        dw 0                                    ; reserved
        dq 0                                    ; loader_lba (mkdisk)
        times -(($-$$) != MBR_PATCH_OFFSET + mbr_patch_size) db 0 ; error: differs from patch.h
        times 510-($-$$) db 0                   ; disk signature + partition table: zero (kept by mkdisk)
        dw 0xAA55                               ; boot signature
