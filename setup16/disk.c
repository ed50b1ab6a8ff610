/* disk.c: reading payloads from the boot disk, real mode: INT 13h AH=42h (AH=41h checked), or CHS
 * with AH=08h/AH=02h; up to LB_MAX_XFER_SECTORS per call into the bounce buffer (fewer when the BIOS
 * refuses), then copied high; the CRC-32 of a payload is computed from the bounce buffer as it
 * arrives. */
#include "setup16.h"
#include "bios.h"
#include "config.h"
#include "crc32.h"

#define TRIES 3
#define PROGRESS_STEP (1u << 20) /* a dot per MiB */

struct dap {                     /* INT 13h extensions disk address packet */
	uint8_t  size;               /* 16 */
	uint8_t  reserved;
	uint16_t count;              /* sectors */
	uint16_t offset, segment;    /* transfer buffer */
	uint64_t lba;
} __attribute__((packed));

static struct {
	uint8_t drive;
	uint8_t edd;                 /* 1: AH=42h, 0: CHS */
	uint16_t spt, heads;         /* CHS geometry */
	uint32_t cylinders;
	unsigned xfer;               /* sectors per call: LB_MAX_XFER_SECTORS until the BIOS refuses */
} disk = { .xfer = LB_MAX_XFER_SECTORS };

static struct dap dap;

static uint8_t bios_status(const struct biosregs *r)
{
	return r->ah ? r->ah : 0xff; /* CF set with AH = 0: report "undefined error" */
}

static void reset_drive(void)
{
	struct biosregs r;
	initregs(&r);
	r.dl = disk.drive;           /* AH = 0: reset */
	intcall(0x13, &r, 0);
}

enum lb_disk disk_init(uint8_t drive, uint32_t test_flags)
{
	struct biosregs r;
	disk.drive = drive;
	if ((drive & 0x80) && !(test_flags & LBT_NO_EDD)) {
		initregs(&r);
		r.ah = 0x41;
		r.bx = 0x55aa;
		r.dl = drive;
		intcall(0x13, &r, &r);
		disk.edd = !(r.eflags & EFLAGS_CF) && r.bx == 0xaa55 && (r.cx & 1);
	}
	if (disk.edd) {
		if (test_flags & LBT_XFER_255)
			disk.xfer = 255;     /* test: more than fits a 64 KiB segment; SeaBIOS says 09h */
		return DISK_EDD;
	}
	initregs(&r);
	r.ah = 0x08;
	r.dl = drive;
	intcall(0x13, &r, &r);
	if ((r.eflags & EFLAGS_CF) || !(r.cl & 0x3f))
		fatal("disk: no geometry for drive 0x%02x (int13 ah=08h status 0x%02x)", drive, r.ah);
	disk.spt = r.cl & 0x3f;
	disk.heads = (uint16_t)r.dh + 1;
	disk.cylinders = (((uint32_t)(r.cl & 0xc0) << 2) | r.ch) + 1;
	return DISK_CHS;
}

void disk_report(uint32_t test_flags)
{
	if (disk.edd)
		note16("disk: drive 0x%02x, edd (int13 ah=42h), %u sectors per read\n", disk.drive, disk.xfer);
	else
		note16("disk: drive 0x%02x, chs %lu/%u/%u%s\n", disk.drive, (unsigned long)disk.cylinders,
		       disk.heads, disk.spt, test_flags & LBT_NO_EDD ? " (test: no edd)" : "");
}

/* Reads up to count sectors at lba into LB_BOUNCE; returns how many it read (CHS stops at the
 * end of a track) or 0 with *status set. */
static unsigned read_once(uint64_t lba, unsigned count, uint8_t *status)
{
	struct biosregs r;
	initregs(&r);
	r.dl = disk.drive;
	if (disk.edd) {
		dap.size = sizeof dap;
		dap.reserved = 0;
		dap.count = (uint16_t)count;
		dap.offset = 0;
		dap.segment = LB_BOUNCE >> 4;
		dap.lba = lba;
		r.ah = 0x42;
		r.si = (uint16_t)(uintptr_t)&dap;
	} else {
		/* lba < cylinders * heads * spt was checked by the caller: 32-bit math suffices */
		uint32_t l = (uint32_t)lba, track = l / disk.spt;
		unsigned sector = l % disk.spt;
		uint32_t cyl = track / disk.heads;
		if (count > disk.spt - sector)
			count = disk.spt - sector;   /* one track per call */
		r.ah = 0x02;
		r.al = (uint8_t)count;
		r.ch = (uint8_t)cyl;
		r.cl = (uint8_t)(sector + 1) | (uint8_t)((cyl >> 2) & 0xc0);
		r.dh = (uint8_t)(track % disk.heads);
		r.es = LB_BOUNCE >> 4;
		r.bx = 0;
	}
	intcall(0x13, &r, &r);
	if (r.eflags & EFLAGS_CF) {
		*status = bios_status(&r);
		return 0;
	}
	if (disk.edd && dap.count < count)
		count = dap.count;           /* AH=42h reports how many sectors it moved */
	if (!count)
		*status = 0xff;
	return count;
}

/* The bounce buffer through FS (its own segment: real mode's DS reaches only the first 64 KiB). */
typedef const __seg_fs uint8_t bounce_t;
static void fs_bounce(void) { __asm__ volatile("movw %w0, %%fs" : : "r"(LB_BOUNCE >> 4)); }

/* The slice-by-8 tables through GS: t[k][b] is byte b's CRC followed by k zero bytes. Eight
 * bytes cost eight table loads instead of eight dependent byte steps (about a third of the
 * instructions per byte of the plain table: the payload CRC no longer doubles the read time). */
typedef __seg_gs uint32_t slices_t;
static void gs_slices(void) { __asm__ volatile("movw %w0, %%gs" : : "r"(LB_CRC_SLICES >> 4)); }

static uint32_t crc_bounce(uint32_t crc, uint32_t n)
{
	const slices_t *t = 0;
	const __seg_fs uint32_t *w = 0;
	bounce_t *p = 0;
	uint32_t i = 0;
	crc = ~crc;
	fs_bounce();
	gs_slices();
	for (; i + 8 <= n; i += 8) {
		uint32_t a = w[i / 4] ^ crc, b = w[i / 4 + 1];
		crc = t[7 * 256 + (a & 0xff)] ^ t[6 * 256 + (a >> 8 & 0xff)] ^ t[5 * 256 + (a >> 16 & 0xff)] ^
		      t[4 * 256 + (a >> 24)] ^ t[3 * 256 + (b & 0xff)] ^ t[2 * 256 + (b >> 8 & 0xff)] ^
		      t[256 + (b >> 16 & 0xff)] ^ t[b >> 24];
	}
	for (; i < n; i++)
		crc = t[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
	return ~crc;
}

void disk_crc_init(void)
{
	slices_t *t = 0;
	gs_slices();
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = c >> 1 ^ (CRC32_POLY & -(c & 1));
		t[i] = c;
	}
	for (uint32_t i = 0; i < 7 * 256; i++)
		t[i + 256] = t[i] >> 8 ^ t[t[i] & 0xff];
}

int disk_load(const char *what, uint64_t lba, uint32_t bytes, uint32_t dest, const uint32_t *crc_want)
{
	uint32_t done = 0, next_dot = PROGRESS_STEP, crc = 0;
	uint32_t sectors = (bytes + LB_SECTOR - 1) / LB_SECTOR;
	uint64_t t0 = tsc_now();
	if (crc_want) {        /* a payload; the configuration's reads are named by config_load() */
		printf16("%s:", what);
		note16(" %lu bytes from lba 0x%llx to 0x%lx", (unsigned long)bytes, (unsigned long long)lba,
		       (unsigned long)dest);
	}
	if (!disk.edd && (lba >> 32 || (uint64_t)lba + sectors >
			  (uint64_t)disk.cylinders * disk.heads * disk.spt))
		return entry_fail("disk read failed: lba 0x%llx (end of the %s) is beyond the CHS geometry %lu/%u/%u",
		      (unsigned long long)(lba + sectors), what, (unsigned long)disk.cylinders, disk.heads,
		      disk.spt);
	while (done < bytes) {
		uint32_t left = (bytes - done + LB_SECTOR - 1) / LB_SECTOR;
		unsigned want = left > disk.xfer ? disk.xfer : left, got = 0;
		uint8_t status = 0;
		for (int t = 0; !got; t++) {
			got = read_once(lba, want, &status);
			if (got)
				break;
			reset_drive();
			if (t + 1 < TRIES)
				continue;
			if (want == 1)
				break;
			/* TRIES failures: the BIOS may refuse transfers this large (SeaBIOS says 09h when one
			 * would wrap its 64 KiB segment) or a sector in the range is bad. Halve the transfer and
			 * keep the smaller size: a refusal costs one fallback, and a bad sector is narrowed down
			 * until the message can name it exactly. */
			want = (want + 1) / 2;
			disk.xfer = want;
			t = -1;
			printf16("[status 0x%02x: %u-sector reads]", status, want);
		}
		if (!got)
			return entry_fail("disk read failed: lba 0x%llx status 0x%02x (%s, %s)", (unsigned long long)lba,
			      status, what, disk.edd ? "int13 ah=42h" : "int13 ah=02h");
		uint32_t n = got * LB_SECTOR;
		if (n > bytes - done)
			n = bytes - done;
		if (dest < LB_HIGH_MIN) {          /* the configuration table, below 64 KiB */
			const __seg_fs uint32_t *src = 0;
			uint32_t *d = (uint32_t *)(uintptr_t)(dest + done);
			fs_bounce();
			_Static_assert(LB_CFG_MAX_BYTES % LB_SECTOR == 0, "whole sectors: whole words");
			for (uint32_t i = 0; i < n / 4; i++)
				d[i] = src[i];
		} else {
			highmem_copy(dest + done, LB_BOUNCE, n);
		}
		if (crc_want)
			crc = crc_bounce(crc, n);
		done += n;
		lba += got;
		if (done >= next_dot) {
			if (next_dot == PROGRESS_STEP)
				putchar16(' ');
			putchar16('.');
			next_dot += PROGRESS_STEP;
		}
	}
	uint32_t ms = tsc_ms_since(t0);
	if (crc_want && crc != *crc_want)
		return entry_fail("%s: CRC-32 0x%08lx of the %lu bytes read from lba 0x%llx does not match the "
				  "0x%08lx mkdisk recorded (damaged on disk)", what, (unsigned long)crc,
				  (unsigned long)bytes, (unsigned long long)(lba - sectors), (unsigned long)*crc_want);
	if (!crc_want)
		return 0;
	printf16(" ok");
	if (ms)
		note16(", %lu ms", (unsigned long)ms);
	printf16("\n");
	return 0;
}
