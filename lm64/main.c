/* main.c: lm64_main (64-bit long mode): check the handoff, the BIOS gate and the boot disk,
 * the configuration table, the TSC rate, map RAM above 4 GiB, choose and load an entry
 * (boot.c: menu, reads, kernel, fallback), jump. */
#include "lm64.h"
#include "serial.h"
#include "gateprobe.h"
#include "patch.h"
#include "unpack.h"

typedef unsigned long long ull;
#define MAX_AVOID 4 /* low memory, the page-table block */

static struct lb_range avoid[MAX_AVOID];
static struct memmap mm;

void lm64_main(const struct handoff *h) __attribute__((noreturn));

/* --test-flag gate-test: setup16's probes again, through the gate (include/gateprobe.h). */
static void gate_test(uint8_t drive)
{
	for (unsigned i = 0; i < GATE_PROBES; i++) {
		struct biosregs r;
		uint8_t v = gate_probe_setup(i, drive, &r);
		uint64_t t0 = rdtsc();
		bios_call(v, &r, &r);
		uint64_t dt = rdtsc() - t0;
		con_printf("gate-test: long %s: cf %u zf %u ax %04x bx %04x cx %04x dx %04x sum %08x, %llu cycles\n",
			   gate_probe_names[i], r.eflags & 1, r.eflags >> 6 & 1, r.ax, r.bx, r.cx, r.dx,
			   gate_probe_sum(i), (ull)dt);
	}
}

static void add_avoid(uint64_t base, uint64_t size)
{
	if (!size)
		return;
	if (mm.navoid == MAX_AVOID)
		fatal("more than %d reserved ranges (internal)", MAX_AVOID);
	avoid[mm.navoid++] = (struct lb_range){ base, size };
}

/* The ranges no payload may take (low memory, the page tables of the identity map above
 * 4 GiB, whose pages come from RAM when the static pool does not suffice, the decoders'
 * workspace). */
static void *reserve_and_map(void)
{
	uint64_t work, size = (UNPACK_WORK_BYTES + 0xfffu) & ~0xfffull;
	add_avoid(0, LB_HIGH_MIN);
	struct lb_range pt = highmap_map_ram(&mm);
	add_avoid(pt.base, pt.size);
	if (memmap_alloc_top(&mm, size, 0x1000, LB_HIGH_MIN, memmap_ram_end(&mm), &work))
		fatal("no %llu KiB of RAM for the decoders' workspace (the E820 map has %llu KiB of RAM)",
		      (ull)(size >> 10), (ull)(memmap_ram_bytes(&mm) >> 10));
	add_avoid(work, size);
	con_note("lm64: decoders' workspace at 0x%llx+0x%llx\n", (ull)work, (ull)size);
	return (void *)(uintptr_t)work;
}

void lm64_main(const struct handoff *h)
{
	static struct boot_params blank; /* for the console when the handoff is bad */
	static struct boot b;
	if (h->magic != HANDOFF_MAGIC || h->size != sizeof *h || h->version != HANDOFF_VERSION) {
		con_init(&blank);
		fatal("handoff at 0x%llx: magic 0x%08x size %u version %u, want 0x%08x size %u version %u",
		      (ull)(uintptr_t)h, h->magic, h->size, h->version, HANDOFF_MAGIC, (unsigned)sizeof *h,
		      HANDOFF_VERSION);
	}
	struct boot_params *bp = (struct boot_params *)(uintptr_t)h->boot_params;
	con_init(bp);
	con_printf("longboot lm64\n");
	if (!bp->e820_entries || bp->e820_entries > E820_MAX_ZEROPAGE)
		fatal("boot_params: %u E820 entries", bp->e820_entries);
	mm = (struct memmap){ bp->e820_table, bp->e820_entries, avoid, 0 };
	b.h = h;

	bios_init(h);
	disk_init(h);
	const struct lb_cfg_header *cfg = config_load(h);  /* sets con_verbose */
	disk_report(h);
	tsc_calibrate(h);                                  /* PIT channel 2 counts since setup16 */
	if (h->test_flags & LBT_GATE_TEST)
		gate_test(h->boot_drive);
	con_note("lm64: tsc %u kHz, BIOS gate at 0x%x\n", tsc_khz, h->gate);
	b.work = reserve_and_map();

	uint64_t entry = boot_choose(&b, &mm, cfg);
	b.t_handoff = rdtsc();
	if (b.timing)
		timing_print(&b);
	con_note("lm64: %u BIOS calls through the gate; masking the PIC and NMI, jumping to the kernel\n",
		 bios_crossings());
	con_sync_cursor(bp);
	serial_drain();
	lm64_handed_off = 1;
	lm64_jump_kernel(entry, (uint64_t)(uintptr_t)bp);
}
