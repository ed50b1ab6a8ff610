/* handoff.h: the setup16 -> lm64 contract. setup16 (real mode) fills one struct handoff with
 * what only real mode could learn before the switch (memory map and video state in the zero
 * page, how A20 and the memory map were obtained, the boot drive, TSC marks and the first
 * calibration sample) and the address of the BIOS gate; pm32 passes its address to lm64 in
 * RDI. It is lm64's only input from setup16: lm64 never reads setup16's image or the loader
 * patch table through anything but this struct, and never writes it.
 * Field comments: W = the stage that writes it, R = the stage that reads it. */
#ifndef HANDOFF_H
#define HANDOFF_H
#include <stdint.h>
#include "lb_info.h"

struct lb_range {
	uint64_t base;
	uint64_t size;
} __attribute__((packed));

/* setup16's timing marks: TSC values taken as each step ends (0: not taken). lm64 keeps its own. */
enum lb_mark {
	MARK_SETUP16 = 0,  /* setup16 entered */
	MARK_E820,         /* memory map read */
	MARK_A20,          /* A20 enabled */
	MARK_PM32,         /* about to leave real mode */
	MARK_COUNT
};

#define HANDOFF_MAGIC 0x46464F48u /* "HOFF" */
#define HANDOFF_VERSION 2

struct handoff {
	uint32_t magic;            /* W setup16, R lm64: HANDOFF_MAGIC */
	uint16_t size;             /* W setup16, R lm64: sizeof(struct handoff) */
	uint16_t version;          /* W setup16, R lm64: HANDOFF_VERSION */
	uint32_t boot_params;      /* W setup16, R lm64: the zero page setup16 started (E820 table,
	                            * screen_info, alt_mem_k); lm64 completes it */
	uint32_t gate;             /* W setup16, R lm64: the BIOS gate's 64-bit entry
	                            * (gate_call, include/biosregs.h), below 64 KiB */
	uint32_t log;              /* W setup16, R lm64: setup16's detail lines, NUL-terminated
	                            * (LB_LOG); lm64 prints them in verbose mode */
	uint32_t log_len;          /* W setup16, R lm64: bytes there, NUL excluded */
	uint64_t config_lba[2];    /* W setup16 (from the loader patch table), R lm64: slots A, B */
	uint32_t test_flags;       /* W setup16 (loader patch table), R lm64: LBT_* */
	uint8_t  boot_drive;       /* W setup16, R lm64 (-> lb_info): DL at boot */
	uint8_t  a20_method;       /* W setup16, R lm64 (-> lb_info): enum lb_a20 */
	uint8_t  mem_method;       /* W setup16, R lm64 (-> lb_info): enum lb_mem */
	uint8_t  have_tsc;         /* W setup16, R lm64: 1 when the CPU has a TSC and the PIT's
	                            * channel 2 counts from tsc_pit_start (calibration continues) */
	uint64_t tsc[MARK_COUNT];  /* W setup16, R lm64 (timing line): enum lb_mark */
	uint64_t cal_tsc;          /* W setup16, R lm64: TSC of the first calibration sample */
	uint32_t cal_ticks;        /* W setup16, R lm64: PIT ticks since channel 2 was loaded, then */
	uint32_t cal_gap;          /* W setup16, R lm64: ticks between that sample's two latches */
} __attribute__((packed));

#endif
