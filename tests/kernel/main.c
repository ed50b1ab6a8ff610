/* main.c: the test kernel (64-bit long mode): reports on COM1 what the loader handed over,
 * one "key: value" per line, checks it, and ends with "testkernel: PASS" or "FAIL <reason>". */
#include <stdarg.h>
#include "tk.h"
#include "fmt.h"
#include "lb_info.h"
#include "serial.h"

typedef unsigned long long ull;
extern char __kernel_start[], __kernel_end[];
void kmain(struct boot_params *bp) __attribute__((noreturn));

static char reason[160];
static int failed;

static void serial_sink(char c, void *ctx)
{
	(void)ctx;
	serial_putc(c);
}

void tk_printf(const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	fmt_vformat(serial_sink, 0, f, ap);
	va_end(ap);
}

struct buf { char *p; size_t n, len; };
static void buf_sink(char c, void *ctx)
{
	struct buf *b = ctx;
	if (b->len + 1 < b->n)
		b->p[b->len++] = c;
}

void tk_fail(const char *f, ...)
{
	if (failed++)
		return;
	struct buf b = { reason, sizeof reason, 0 };
	va_list ap;
	va_start(ap, f);
	fmt_vformat(buf_sink, &b, f, ap);
	va_end(ap);
	reason[b.len] = 0;
}

static const char *cmdline(const struct boot_params *bp)
{
	uint64_t ptr = bp->hdr.cmd_line_ptr | (uint64_t)bp->ext_cmd_line_ptr << 32;
	if (!ptr) {
		tk_fail("cmd_line_ptr is 0");
		return "";
	}
	const char *s = (const char *)(uintptr_t)ptr;
	unsigned n = 0;
	while (n < 2048 && s[n])
		n++;
	if (n == 2048) {
		tk_fail("command line at 0x%llx is not NUL-terminated within 2048 bytes", (ull)ptr);
		return "";
	}
	if (!n)
		tk_fail("command line at 0x%llx is empty", (ull)ptr);
	return s;
}

static const struct lb_info *longboot_node(const struct boot_params *bp)
{
	uint64_t at = bp->hdr.setup_data;
	for (int i = 0; at && i < 32; i++) {
		const struct setup_data *d = (const struct setup_data *)(uintptr_t)at;
		if (d->type == SETUP_LONGBOOT_INFO && d->len >= sizeof(struct lb_info))
			return (const struct lb_info *)d->data;
		at = d->next;
	}
	tk_fail("no SETUP_LONGBOOT_INFO node in the setup_data chain");
	return 0;
}

static void report_initrd(const struct boot_params *bp)
{
	uint64_t addr = bp->hdr.ramdisk_image | (uint64_t)bp->ext_ramdisk_image << 32;
	uint64_t size = bp->hdr.ramdisk_size | (uint64_t)bp->ext_ramdisk_size << 32;
	uint32_t crc = 0;
	if (size && !tk_range_is_ram(bp, addr, size))
		tk_fail("initrd at 0x%llx+0x%llx is not in E820 RAM", (ull)addr, (ull)size);
	else if (size)
		crc = tk_crc32((const uint8_t *)(uintptr_t)addr, size);
	tk_printf("initrd_addr: 0x%llx\ninitrd_size: %llu\ninitrd_crc32: 0x%08x\n", (ull)addr,
		  (ull)size, crc);
}

void kmain(struct boot_params *bp)
{
	serial_init();
	tk_printf("testkernel: start\n");
	uint64_t start = (uint64_t)(uintptr_t)__kernel_start, end = (uint64_t)(uintptr_t)__kernel_end;
	tk_printf("load_address: 0x%llx\nboot_params: 0x%llx\n", (ull)start, (ull)(uintptr_t)bp);
	for (unsigned i = 0; i < bp->e820_entries && i < E820_MAX_ZEROPAGE; i++) {
		const struct e820_entry *e = &bp->e820_table[i];
		tk_printf("e820: 0x%016llx 0x%016llx %u\n", (ull)e->addr, (ull)e->size, e->type);
	}
	tk_check_e820(bp);
	if (!tk_range_is_ram(bp, start, end - start))
		tk_fail("kernel at 0x%llx..0x%llx is not in E820 RAM", (ull)start, (ull)end);
	tk_printf("cmdline: %s\n", cmdline(bp));
	const struct screen_info *si = &bp->screen_info;
	tk_printf("video_mode: %u\nvideo_cols: %u\nvideo_lines: %u\n", si->orig_video_mode,
		  si->orig_video_cols, si->orig_video_lines);
	const struct lb_info *info = longboot_node(bp);
	tk_printf("a20: %s\n", lb_a20_name(info ? info->a20_method : 0));
	tk_printf("memory_method: %s\n", lb_mem_name(info ? info->mem_method : 0));
	if (!bp->hdr.type_of_loader)
		tk_fail("type_of_loader is 0");
	report_initrd(bp);
	const char *high = tk_high_memory_check(bp);
	tk_printf("high_memory_check: %s\n", high ? high : "failed");
	if (failed)
		tk_printf("testkernel: FAIL %s\n", reason);
	else
		tk_printf("testkernel: PASS\n");
	tk_exit(!failed);
}
