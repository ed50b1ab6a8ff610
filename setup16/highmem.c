/* highmem.c: copying above 1 MiB from real mode: unreal mode, or INT 15h AH=87h when the CPU
 * runs in virtual-8086 mode (CR0.PE already set) or the unreal copy does not read back. */
#include "setup16.h"
#include "bios.h"
#include "mem.h"

uint32_t unreal_copy(uint32_t dst, uint32_t src, uint32_t len);

static int use_int15;

/* INT 15h AH=87h descriptor table: null, GDT alias, source, destination, BIOS CS, BIOS SS. */
struct move_desc {
	uint16_t limit;
	uint16_t base_lo;
	uint8_t  base_mid;
	uint8_t  access;     /* 0x93: present, data, writable, accessed */
	uint8_t  limit_hi;   /* 0 (byte granular, 16-bit) */
	uint8_t  base_hi;    /* bits 31..24 (a 286 BIOS ignores it; fine below 16 MiB) */
} __attribute__((packed));

static struct move_desc move_gdt[6];

static void set_desc(struct move_desc *d, uint32_t base, uint32_t len)
{
	d->limit = (uint16_t)(len - 1);
	d->base_lo = (uint16_t)base;
	d->base_mid = (uint8_t)(base >> 16);
	d->base_hi = (uint8_t)(base >> 24);
	d->access = 0x93;
	d->limit_hi = 0;
}

static void int15_copy(uint32_t dst, uint32_t src, uint32_t len)
{
	struct biosregs r;
	uint32_t words = (len + 1) >> 1;       /* at most 0x8000 words (64 KiB) per call */
	memset(move_gdt, 0, sizeof move_gdt);
	set_desc(&move_gdt[2], src, words << 1);
	set_desc(&move_gdt[3], dst, words << 1);
	initregs(&r);
	r.ah = 0x87;
	r.cx = (uint16_t)words;
	r.si = (uint16_t)(uintptr_t)move_gdt;
	intcall(0x15, &r, &r);
	if ((r.eflags & EFLAGS_CF) || r.ah)
		fatal("highmem: INT 15h AH=87h copy to 0x%lx failed: status 0x%02x", (unsigned long)dst, r.ah);
}

void highmem_init(void)
{
	uint16_t msw;
	__asm__ volatile("smsw %0" : "=r"(msw));
	use_int15 = msw & 1;                   /* PE set in "real" mode: V86, unreal is impossible */
}

const char *highmem_method(void)
{
	return use_int15 ? "int15-87h" : "unreal";
}

/* len <= 64 KiB; src below 1 MiB. */
void highmem_copy(uint32_t dst, uint32_t src, uint32_t len)
{
	if (!len)
		return;
	if (!use_int15) {
		if (unreal_copy(dst, src, len) == 0 || len < 4)
			return;
		printf16("highmem: unreal copy did not read back at 0x%lx; using INT 15h AH=87h\n",
			 (unsigned long)dst);
		use_int15 = 1;
	}
	int15_copy(dst, src, len);
}
