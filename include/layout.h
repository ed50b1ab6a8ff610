/* layout.h: the fixed low-memory map of the loader (everything above 1 MiB comes from E820).
 * Integer constants only: tools/genabi.c turns them into build/gen/abi.{inc,mk,lds.h} and lbabi.py. */
#ifndef LAYOUT_H
#define LAYOUT_H

#define LB_VBE_BUF          0x0600  /* setup16: INT 10h AX=4F00h's 512-byte block, then 4F01h's 256 */
#define LB_VBE_BUF_END      0x0900
#define LB_PROBE_BUF        0x0600  /* --test-flag gate-test: the probes' buffers (include/gateprobe.h), after video */
#define LB_PROBE_BUF_END    0x0A00
#define LB_BOOT_PARAMS      0x1000  /* Linux zero page (struct boot_params), 4 KiB */
#define LB_CMDLINE          0x2000  /* kernel command line, NUL-terminated */
#define LB_CMDLINE_MAX      2048    /* bytes, NUL included (Linux's COMMAND_LINE_SIZE) */
#define LB_SETUP_DATA       0x2800  /* setup_data node carrying struct lb_info */
#define LB_SETUP_DATA_SIZE  0x800
#define LB_LOG              0x3000  /* setup16's detail lines (NUL-terminated), printed by lm64 when verbose */
#define LB_LOG_END          0x5000
#define LB_STACK_BOTTOM     0x5000  /* real-mode and 32-bit stack: 0x5000..0x6FFF; the BIOS gate's later */
/* Its top is not 0x7C00: under QEMU TCG a write into a 4 KiB page that holds translated code
 * (the MBR's, at 0x7C00) takes the self-modifying-code check, hundreds of ns per store; with
 * the stack there, setup16's CRC loop (one spill per 8 bytes) read the kernel 3x slower (the
 * loop is gone; the BIOS's handlers run on this stack through the gate). */
#define LB_STACK_TOP        0x7000
#define LB_MBR              0x7C00  /* where the BIOS loads sector 0 */
#define LB_LOADER           0x8000  /* loader image: setup16 + pm32 + the gate, linked here, segment 0 */
#define LB_LOADER16_END     0x10000 /* setup16 + pm32 + the gate must end below: real mode reaches it with CS=DS=0 */
#define LB_LOADER16_MAX     0x3000  /* setup16 + pm32 + the gate: at most 12 KiB (text + data + bss) */
#define LB_LM64             0xB000  /* lm64 image, linked here, right after setup16's 12 KiB (file offset
                                     * LB_LM64-LB_LOADER: no padding for the MBR to read and the head to sum) */
#define LB_LM64_END         0x60000 /* lm64 text, data, bss and stack end below */
#define LB_BOUNCE           0x60000 /* 64 KiB-aligned bounce buffer of the BIOS gate (INT 13h reads) */
#define LB_BOUNCE_SIZE      0x10000
#define LB_PAGETABLES       0x70000 /* PML4, PDPT, 4 PDs: identity map of the first 4 GiB (24 KiB) */
#define LB_PAGETABLES_END   0x76000
#define LB_LOW_END          0x80000 /* nothing of ours at or above; INT 12h must report at least this */
#define LB_HIGH_MIN         0x100000 /* lowest address the E820 allocator hands out */

#define LB_SECTOR           512
#define LB_MAX_XFER_SECTORS 127     /* sectors per INT 13h call (128 would fill the bounce buffer; some BIOSes cap at 127) */
/* The most sectors the MBR reads to LB_LOADER: the loader image must end below the bounce buffer. */
#define LB_LOADER_MAX_SECTORS ((LB_BOUNCE - LB_LOADER) / LB_SECTOR)

#if LB_MAX_XFER_SECTORS * LB_SECTOR > LB_BOUNCE_SIZE
#error "an INT 13h transfer of LB_MAX_XFER_SECTORS does not fit the bounce buffer"
#endif
#if LB_LOADER + LB_LOADER16_MAX > LB_LM64
#error "setup16's 12 KiB run into lm64"
#endif
#if LB_STACK_TOP > (LB_MBR & ~0xFFF)
#error "the stack shares a page with the MBR's code"
#endif
#if LB_VBE_BUF_END > LB_BOOT_PARAMS || LB_PROBE_BUF_END > LB_BOOT_PARAMS
#error "the VBE buffers run into the zero page"
#endif
#if LB_LM64_END > LB_BOUNCE || LB_BOUNCE + LB_BOUNCE_SIZE > LB_PAGETABLES || LB_PAGETABLES_END > LB_LOW_END
#error "low-memory ranges overlap"
#endif

#endif
