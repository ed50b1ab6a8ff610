/* poweroff.c: how the test kernel ends (64-bit long mode): QEMU's isa-debug-exit (port 0xf4),
 * then Bochs' "Shutdown" port 0x8900, then ACPI S5 through the FADT's PM1a control block,
 * then cli; hlt forever. */
#include "tk.h"
#include "io.h"
#include "mem.h"
#include "serial.h"

#define DEBUG_EXIT_PORT 0xf4
#define BOCHS_SHUTDOWN_PORT 0x8900
#define SLP_EN (1u << 13)

static uint32_t rd32(uint64_t a) { return *(volatile uint32_t *)(uintptr_t)a; }

/* The RSDP: in the EBDA's first KiB or 0xE0000..0xFFFFF, on 16-byte boundaries. */
static uint64_t find_rsdp(void)
{
	uintptr_t bda_ebda = 0x40E;
	__asm__("" : "+r"(bda_ebda)); /* a BIOS data area address, not a null-page slip */
	uint64_t ebda = (uint64_t)*(volatile uint16_t *)bda_ebda << 4;
	uint64_t ranges[2][2] = { { ebda, ebda ? ebda + 1024 : 0 }, { 0xE0000, 0x100000 } };
	for (int r = 0; r < 2; r++)
		for (uint64_t a = ranges[r][0]; a + 20 <= ranges[r][1]; a += 16)
			if (!memcmp((const void *)(uintptr_t)a, "RSD PTR ", 8))
				return a;
	return 0;
}

/* SLP_TYPa of \_S5 from the DSDT's AML: NameOp "_S5_" PackageOp PkgLength NumElements elem. */
static int s5_type(uint64_t dsdt)
{
	uint32_t len = rd32(dsdt + 4);
	const uint8_t *p = (const uint8_t *)(uintptr_t)dsdt;
	for (uint32_t i = 36; i + 12 < len; i++) {
		if (memcmp(p + i, "_S5_", 4) || p[i + 4] != 0x12)
			continue;
		const uint8_t *q = p + i + 5;
		q += 1 + (q[0] >> 6); /* PkgLength: lead byte plus 0..3 more */
		q++;                  /* NumElements */
		if (*q == 0x0A)       /* BytePrefix */
			return q[1];
		return *q == 0x01 ? 1 : 0; /* OneOp / ZeroOp */
	}
	return 0;
}

static void acpi_s5(void)
{
	uint64_t rsdp = find_rsdp();
	if (!rsdp)
		return;
	uint64_t rsdt = rd32(rsdp + 16);
	uint32_t n = (rd32(rsdt + 4) - 36) / 4;
	for (uint32_t i = 0; i < n && i < 64; i++) {
		uint64_t t = rd32(rsdt + 36 + 4 * i);
		if (memcmp((const void *)(uintptr_t)t, "FACP", 4))
			continue;
		uint32_t smi_cmd = rd32(t + 48), pm1a = rd32(t + 64);
		uint8_t enable = *(volatile uint8_t *)(uintptr_t)(t + 52);
		if (!pm1a)
			return;
		if (smi_cmd && enable && !(inb(pm1a) & 1)) { /* SCI_EN clear: switch to ACPI mode */
			outb(smi_cmd, enable);
			for (int k = 0; k < 100000 && !(inb(pm1a) & 1); k++)
				io_delay();
		}
		outw(pm1a, (uint16_t)((s5_type(rd32(t + 40)) << 10) | SLP_EN));
		return;
	}
}

void tk_exit(int pass)
{
	serial_drain();
	outb(DEBUG_EXIT_PORT, pass ? 0x10 : 0x11);
	for (const char *s = "Shutdown"; *s; s++)
		outb(BOCHS_SHUTDOWN_PORT, *s);
	acpi_s5();
	for (;;)
		__asm__ volatile("cli; hlt");
}
