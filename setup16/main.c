/* main.c: setup16's sequence, real mode: checks, memory map, video, A20, placement, payload
 * entry (configuration table, menu, payload reads: boot.c), then pm32_enter() with the handoff
 * for lm64. */
#include "setup16.h"
#include "mem.h"

_Static_assert(sizeof(struct setup_data) + sizeof(struct lb_info) <= LB_SETUP_DATA_SIZE,
	       "the lb_info setup_data node fits its slot at LB_SETUP_DATA");
_Static_assert(LB_CMDLINE + LB_CMDLINE_MAX <= LB_SETUP_DATA && LB_SETUP_DATA + LB_SETUP_DATA_SIZE <= LB_CFG_BUF &&
	       LB_CFG_BUF_END <= LB_STACK_BOTTOM,
	       "command line, setup_data slot, configuration buffer and stack do not overlap");

struct handoff handoff; /* .bss (zeroed by head.asm), below 64 KiB: lm64's one input, read in place */

void pm32_enter(uint32_t handoff_addr) __attribute__((noreturn)); /* pm32/pm32.asm */
void setup16_main(uint32_t drive) __attribute__((noreturn));

static void check_patch(void)
{
	const struct loader_patch *p = &loader_patch;
	if (p->magic != LOADER_PATCH_MAGIC || p->version != LOADER_PATCH_VERSION ||
	    p->size != sizeof(struct loader_patch))
		fatal("loader patch table: magic 0x%08lx version %u size %u, expected 0x%08lx %u %u",
		      (unsigned long)p->magic, p->version, p->size, (unsigned long)LOADER_PATCH_MAGIC,
		      LOADER_PATCH_VERSION, (unsigned)sizeof(struct loader_patch));
}

void setup16_main(uint32_t drive)
{
	console_init();
	printf16("longboot setup16\n");
	tsc_init(cpu_check());                 /* no long mode: halts here, before any disk read */
	check_patch();
	uint32_t tf = loader_patch.test_flags;

	memset(zero_page, 0, sizeof *zero_page);
	handoff.magic = HANDOFF_MAGIC;
	handoff.size = sizeof handoff;
	handoff.boot_params = LB_BOOT_PARAMS;
	handoff.info_node = LB_SETUP_DATA;
	handoff.info_node_size = LB_SETUP_DATA_SIZE;
	handoff.boot_drive = (uint8_t)drive;

	/* The configuration first: it says whether the detail lines below are printed. */
	handoff.disk_method = disk_init((uint8_t)drive, tf);
	const struct lb_cfg_header *h = config_load();
	if (tf)
		note16("test flags: 0x%lx\n", (unsigned long)tf);
	disk_report(tf);
	handoff.mem_method = memory_detect(tf);
	tsc_mark(MARK_E820);
	video_detect();
	handoff.a20_method = a20_enable(tf);
	tsc_mark(MARK_A20);
	highmem_init();
	tsc_calibrate();                     /* PIT channel 2 has been counting since tsc_init() */
	boot_choose(h);                      /* the entry: kernel description, placed[], payloads, cmdline */
	note16("setup16: cpu %s, memory %s, a20 %s, disk %s, copy %s, tsc %lu kHz; entering pm32\n",
	       (const char *)cpu_vendor, lb_mem_name(handoff.mem_method), lb_a20_name(handoff.a20_method),
	       handoff.disk_method == DISK_EDD ? "edd" : "chs", highmem_method(),
	       (unsigned long)handoff.tsc_khz);
	video_save_cursor();
	pm32_enter((uint32_t)(uintptr_t)&handoff);
}
