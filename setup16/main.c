/* main.c: setup16's sequence, real mode: what must run before the switch (Linux's setup keeps
 * the same): CPU check, console, the start of the TSC calibration, E820, video, A20; then
 * pm32_enter() with the handoff for lm64, which reads the configuration and the disk through
 * the BIOS gate. */
#include "setup16.h"
#include "mem.h"
#include "serial.h"
#include "gateprobe.h"

_Static_assert(sizeof(struct setup_data) + sizeof(struct lb_info) <= LB_SETUP_DATA_SIZE,
	       "the lb_info setup_data node fits its slot at LB_SETUP_DATA");
_Static_assert(LB_CMDLINE + LB_CMDLINE_MAX <= LB_SETUP_DATA && LB_SETUP_DATA + LB_SETUP_DATA_SIZE <= LB_LOG &&
	       LB_LOG_END <= LB_STACK_BOTTOM,
	       "command line, setup_data slot, log and stack do not overlap");

struct handoff handoff; /* .bss (zeroed by head.asm), below 64 KiB: lm64's one input, read in place */

void pm32_enter(uint32_t handoff_addr) __attribute__((noreturn)); /* pm32/pm32.asm */
void gate_call(void);                                             /* pm32/gate.asm */
void setup16_main(uint32_t drive) __attribute__((noreturn));

/* --test-flag gate-test: the BIOS services lm64 calls through the gate, called here in real
 * mode, their answers into the log (lm64 prints its own beside them). */
static void gate_test(uint8_t drive)
{
	for (unsigned i = 0; i < GATE_PROBES; i++) {
		struct biosregs r;
		uint8_t v = gate_probe_setup(i, drive, &r);
		intcall(v, &r, &r);
		note16("gate-test: real %s: cf %u zf %u ax %04x bx %04x cx %04x dx %04x sum %08lx\n",
		       gate_probe_names[i], (unsigned)(r.eflags & 1), (unsigned)(r.eflags >> 6 & 1), r.ax, r.bx,
		       r.cx, r.dx, (unsigned long)gate_probe_sum(i));
	}
}

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
	*(char *)LB_LOG = 0;
	tsc_init(cpu_check());                 /* no long mode: halts here, before any disk read */
	check_patch();
	uint32_t tf = loader_patch.test_flags;

	memset(zero_page, 0, sizeof *zero_page);
	handoff.magic = HANDOFF_MAGIC;
	handoff.size = sizeof handoff;
	handoff.version = HANDOFF_VERSION;
	handoff.boot_params = LB_BOOT_PARAMS;
	handoff.gate = (uint32_t)(uintptr_t)gate_call;
	handoff.log = LB_LOG;
	handoff.boot_drive = (uint8_t)drive;
	handoff.test_flags = tf;
	handoff.config_lba[0] = loader_patch.config_lba[0];
	handoff.config_lba[1] = loader_patch.config_lba[1];

	if (tf)
		note16("test flags: 0x%lx\n", (unsigned long)tf);
	handoff.mem_method = memory_detect(tf);
	tsc_mark(MARK_E820);
	video_detect();
	if (tf & LBT_GATE_TEST)
		gate_test(handoff.boot_drive);
	handoff.a20_method = a20_enable(tf);
	tsc_mark(MARK_A20);
	note16("setup16: cpu %s, memory %s, a20 %s; entering pm32\n", (const char *)cpu_vendor,
	       lb_mem_name(handoff.mem_method), lb_a20_name(handoff.a20_method));
	video_save_cursor();
	serial_flush();                        /* pm32's marker then fits the empty FIFO at once */
	tsc_mark(MARK_PM32);
	pm32_enter((uint32_t)(uintptr_t)&handoff);
}
