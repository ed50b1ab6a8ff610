/* memory.c: the memory map, real mode: INT 15h E820 (fallback E801, then AH=88h), INT 12h. */
#include "setup16.h"
#include "biosregs.h"
#include "mem.h"

#define SMAP 0x534d4150u /* "SMAP" */

/* An E820 entry as the BIOS may return it: 20 bytes, or 24 with ACPI 3.0 extended attributes. */
struct e820_buf {
	struct e820_entry e;
	uint32_t ext;        /* bit 0: entry valid (when 24 bytes came back) */
} __attribute__((packed));

uint8_t e820_buf[24]; /* ES:DI of the call: in .bss, below 64 KiB, so ES = 0 */

static unsigned e820_add(uint64_t addr, uint64_t size, uint32_t type)
{
	struct boot_params *bp = zero_page;
	if (bp->e820_entries >= E820_MAX_ZEROPAGE || !size)
		return bp->e820_entries;
	struct e820_entry *e = &bp->e820_table[bp->e820_entries++];
	e->addr = addr;
	e->size = size;
	e->type = type;
	return bp->e820_entries;
}

/* INT 15h AX=E820h, EBX continuation until 0. Returns the number of entries kept. */
static unsigned detect_e820(void)
{
	struct biosregs r;
	struct e820_buf buf;
	uint32_t next = 0;
	unsigned calls = 0;
	do {
		initregs(&r);
		r.eax = 0xe820;
		r.edx = SMAP;
		r.ecx = sizeof buf;
		r.ebx = next;
		r.di = (uint16_t)(uintptr_t)e820_buf;
		memset(&buf, 0, sizeof buf);
		buf.ext = 1; /* a BIOS that writes only 20 bytes leaves the entry "valid" */
		memcpy(e820_buf, &buf, sizeof buf);
		intcall(0x15, &r, &r);
		memcpy(&buf, e820_buf, sizeof buf);
		/* CF set or no "SMAP": end of list (some BIOSes signal the end this way) or unsupported */
		if ((r.eflags & EFLAGS_CF) || r.eax != SMAP)
			break;
		next = r.ebx;
		if (r.ecx < 20 || r.ecx > sizeof buf)
			continue;                  /* malformed entry: skip it */
		if (r.ecx >= 24 && !(buf.ext & 1))
			continue;                  /* ACPI 3.0: "ignore this entry" */
		uint64_t end = buf.e.addr + buf.e.size;
		if (!buf.e.size)
			continue;
		if (end < buf.e.addr)              /* wraps past 2^64: clip */
			buf.e.size = (uint64_t)0 - buf.e.addr;
		e820_add(buf.e.addr, buf.e.size, buf.e.type);
	} while (next && ++calls < 2 * E820_MAX_ZEROPAGE && zero_page->e820_entries < E820_MAX_ZEROPAGE);
	return zero_page->e820_entries;
}

/* INT 15h AX=E801h: KiB between 1 and 16 MiB, 64 KiB blocks above 16 MiB. Returns 0 if absent. */
static int detect_e801(uint32_t *k_1_16, uint32_t *blocks_16)
{
	struct biosregs r;
	initregs(&r);
	r.ax = 0xe801;
	intcall(0x15, &r, &r);
	if (r.eflags & EFLAGS_CF)
		return 0;
	/* Some BIOSes answer in AX/BX, others in CX/DX: prefer CX/DX when set. */
	uint16_t lo = r.cx ? r.cx : r.ax, hi = r.cx ? r.dx : r.bx;
	if (lo > 15 * 1024)
		return 0;                          /* nonsense: more than 15 MiB below 16 MiB */
	*k_1_16 = lo;
	*blocks_16 = hi;
	return 1;
}

/* INT 15h AH=88h: KiB above 1 MiB (at most 64 MiB). Returns 0 if absent. */
static int detect_88(uint32_t *k)
{
	struct biosregs r;
	initregs(&r);
	r.ah = 0x88;
	intcall(0x15, &r, &r);
	if (r.eflags & EFLAGS_CF)
		return 0;
	*k = r.ax;
	return 1;
}

/* INT 12h: KiB of conventional memory (below the EBDA). */
static uint32_t low_kib(void)
{
	struct biosregs r;
	initregs(&r);
	intcall(0x12, &r, &r);
	return r.ax;
}

enum lb_mem memory_detect(uint32_t test_flags)
{
	struct boot_params *bp = zero_page;
	enum lb_mem how = MEM_UNKNOWN;
	uint32_t k_1_16 = 0, blocks_16 = 0, k88 = 0;
	uint32_t low = low_kib();
	int have_e801 = !(test_flags & LBT_NO_E801) && detect_e801(&k_1_16, &blocks_16);
	int have_88 = detect_88(&k88);

	if (low * 1024 < LB_LOW_END)
		fatal("memory: INT 12h reports %u KiB of conventional memory; the loader needs %u KiB",
		      (unsigned)low, LB_LOW_END / 1024);
	if (have_e801)
		bp->alt_mem_k = k_1_16 + (blocks_16 << 6);
	if (have_88)
		bp->screen_info.ext_mem_k = (uint16_t)k88;

	bp->e820_entries = 0;
	if (!(test_flags & LBT_NO_E820) && detect_e820())
		how = MEM_E820;
	if (how == MEM_UNKNOWN && have_e801) {
		/* synthesize a map the kernel and the allocator can use */
		e820_add(0, (uint64_t)low << 10, E820_RAM);
		e820_add(0x100000, (uint64_t)k_1_16 << 10, E820_RAM);
		e820_add(0x1000000, (uint64_t)blocks_16 << 16, E820_RAM);
		how = MEM_E801;
	}
	if (how == MEM_UNKNOWN && have_88) {
		e820_add(0, (uint64_t)low << 10, E820_RAM);
		e820_add(0x100000, (uint64_t)k88 << 10, E820_RAM);
		how = MEM_88;
	}
	if (how == MEM_UNKNOWN)
		fatal("memory: no memory map: E820, E801 and AH=88h all failed%s",
		      test_flags & (LBT_NO_E820 | LBT_NO_E801) ? " (test flags skipped some)" : "");

	note16("memory: %s, %u entries, low %u KiB, e801 %u KiB, 88h %u KiB\n", lb_mem_name(how),
		 bp->e820_entries, (unsigned)low, (unsigned)bp->alt_mem_k, (unsigned)k88);
	for (unsigned i = 0; i < bp->e820_entries; i++) {
		const struct e820_entry *e = &bp->e820_table[i];
		note16("  e820: 0x%016llx 0x%016llx %u\n", (unsigned long long)e->addr,
			 (unsigned long long)e->size, (unsigned)e->type);
	}
	return how;
}
