/* disk.c: reading payloads from the boot disk, 64-bit, through the BIOS gate: INT 13h AH=42h
 * (AH=41h checked, AH=48h for the size), or CHS with AH=08h/AH=02h; up to LB_MAX_XFER_SECTORS
 * per call into the bounce buffer, then copied anywhere in RAM (above 4 GiB too); the CRC-32
 * (inflate's, with its CPU dispatch) computed as each transfer arrives. */
#include "lm64.h"
#include "biosregs.h"
#include "config.h"
#include "patch.h"
#include "inflate.h"
#include "mem.h"

#define TRIES 3
#define PROGRESS_STEP (1u << 20) /* a dot per MiB */

struct dap {                     /* INT 13h extensions disk address packet */
	uint8_t  size;               /* 16 */
	uint8_t  reserved;
	uint16_t count;              /* sectors */
	uint16_t offset, segment;    /* transfer buffer */
	uint64_t lba;
} __attribute__((packed));

struct edd_params {              /* INT 13h AH=48h result buffer (EDD 1.1 part) */
	uint16_t size;               /* 26 in, what the BIOS filled out */
	uint16_t flags;
	uint32_t cylinders, heads, spt;
	uint64_t sectors;
	uint16_t bytes_per_sector;
} __attribute__((packed));

static struct {
	uint8_t drive;
	uint8_t edd;                 /* 1: AH=42h, 0: CHS */
	uint16_t spt, heads;         /* CHS geometry */
	uint32_t cylinders;
	uint64_t sectors;            /* AH=48h's count (0: not reported) */
	unsigned xfer;               /* sectors per call: LB_MAX_XFER_SECTORS until the BIOS refuses more */
} disk = { .xfer = LB_MAX_XFER_SECTORS };

static struct dap dap;            /* in lm64's image: below 1 MiB, real mode reaches it */
static struct edd_params edd;

static uint8_t bios_status(const struct biosregs *r)
{
	return r->ah ? r->ah : 0xff; /* CF set with AH = 0: report "undefined error" */
}

static void reset_drive(void)
{
	struct biosregs r;
	initregs(&r);
	r.dl = disk.drive;           /* AH = 0: reset */
	bios_call(0x13, &r, 0);
}

void disk_init(const struct handoff *h)
{
	struct biosregs r;
	uint8_t drive = h->boot_drive;
	disk.drive = drive;
	if ((drive & 0x80) && !(h->test_flags & LBT_NO_EDD)) {
		initregs(&r);
		r.ah = 0x41;
		r.bx = 0x55aa;
		r.dl = drive;
		bios_call(0x13, &r, &r);
		disk.edd = !(r.eflags & EFLAGS_CF) && r.bx == 0xaa55 && (r.cx & 1);
	}
	if (disk.edd) {
		memset(&edd, 0, sizeof edd);
		edd.size = sizeof edd;
		initregs(&r);
		r.ah = 0x48;
		r.dl = drive;
		r.ds = rm_seg(&edd);
		r.si = rm_off(&edd);
		bios_call(0x13, &r, &r);
		if (!(r.eflags & EFLAGS_CF) && edd.bytes_per_sector == LB_SECTOR)
			disk.sectors = edd.sectors;
		if (h->test_flags & LBT_XFER_255)
			disk.xfer = 255;     /* test: more than fits a 64 KiB segment; SeaBIOS says 09h */
		return;
	}
	initregs(&r);
	r.ah = 0x08;
	r.dl = drive;
	bios_call(0x13, &r, &r);
	if ((r.eflags & EFLAGS_CF) || !(r.cl & 0x3f))
		fatal("disk: no geometry for drive 0x%02x (int13 ah=08h status 0x%02x)", drive, r.ah);
	disk.spt = r.cl & 0x3f;
	disk.heads = (uint16_t)r.dh + 1;
	disk.cylinders = (((uint32_t)(r.cl & 0xc0) << 2) | r.ch) + 1;
}

enum lb_disk disk_method(void)
{
	return disk.edd ? DISK_EDD : DISK_CHS;
}

void disk_report(const struct handoff *h)
{
	if (disk.edd)
		con_note("disk: drive 0x%02x, edd (int13 ah=42h), %u sectors per read, %llu sectors\n",
			 disk.drive, disk.xfer, (unsigned long long)disk.sectors);
	else
		con_note("disk: drive 0x%02x, chs %u/%u/%u%s\n", disk.drive, disk.cylinders, disk.heads,
			 disk.spt, h->test_flags & LBT_NO_EDD ? " (test: no edd)" : "");
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
		r.ds = rm_seg(&dap);
		r.si = rm_off(&dap);
	} else {
		/* lba < cylinders * heads * spt was checked by the caller */
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
	bios_call(0x13, &r, &r);
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

/* Statuses with which a BIOS refuses a transfer's size, not its sectors: 01h invalid
 * parameter, 09h a transfer across a 64 KiB boundary (SeaBIOS for more than 128 sectors). */
static int size_refused(uint8_t status)
{
	return status == 0x01 || status == 0x09;
}

/* Reads one transfer of up to want sectors at lba, retrying and halving on failure: a BIOS
 * that refuses the size (size_refused) keeps the smaller size for the rest of the boot; a bad
 * sector is narrowed down to one sector, so the message names it, and the reads after the
 * range the narrowing covered (*narrow_end) go back to the full size. *cap: the size that
 * worked, for the rest of that range. */
static unsigned read_chunk(uint64_t lba, unsigned want, uint8_t *status, uint64_t *narrow_end,
			   unsigned *cap)
{
	for (int t = 0;; t++) {
		unsigned got = read_once(lba, want, status);
		if (got) {
			if (want < *cap)
				*cap = want;
			if (size_refused(*status) && want < disk.xfer)
				disk.xfer = want;
			return got;
		}
		reset_drive();
		if (t + 1 < TRIES)
			continue;
		if (want == 1)
			return 0;
		if (lba + want > *narrow_end)
			*narrow_end = lba + want;
		want = (want + 1) / 2;
		t = -1;
		con_printf("[status 0x%02x: %u-sector reads]", *status, want);
	}
}

static void progress(uint32_t done, uint32_t *next_dot)
{
	if (done < *next_dot)
		return;
	if (*next_dot == PROGRESS_STEP)
		con_putc(' ');
	con_putc('.');
	*next_dot += PROGRESS_STEP;
}

int disk_load(const char *what, uint64_t lba, uint32_t bytes, uint64_t dest, const uint32_t *crc_want)
{
	uint32_t done = 0, next_dot = PROGRESS_STEP, crc = 0;
	uint32_t sectors = (bytes + LB_SECTOR - 1) / LB_SECTOR;
	uint64_t t0 = rdtsc(), narrow_end = 0, lba0 = lba;
	if (crc_want) {        /* a payload; the configuration's reads are named by config_load() */
		con_printf("%s:", what);
		con_note(" %u bytes from lba 0x%llx to 0x%llx", bytes, (unsigned long long)lba,
			 (unsigned long long)dest);
	}
	if (!disk.edd && (lba >> 32 || (uint64_t)lba + sectors >
			  (uint64_t)disk.cylinders * disk.heads * disk.spt))
		return entry_fail("disk read failed: lba 0x%llx (end of the %s) is beyond the CHS geometry %u/%u/%u",
		      (unsigned long long)(lba + sectors), what, disk.cylinders, disk.heads, disk.spt);
	if (disk.sectors && lba + sectors > disk.sectors)
		return entry_fail("disk read failed: lba 0x%llx (end of the %s) is beyond the disk's %llu sectors "
				  "(int13 ah=48h)", (unsigned long long)(lba + sectors), what,
				  (unsigned long long)disk.sectors);
	unsigned cap = disk.xfer, reads = 0;
	while (done < bytes) {
		uint32_t left = (bytes - done + LB_SECTOR - 1) / LB_SECTOR;
		if (lba >= narrow_end && cap < disk.xfer) { /* past the range a failure was narrowed in */
			cap = disk.xfer;
			con_printf("[%u-sector reads again]", cap);
		}
		unsigned want = left > cap ? cap : left;
		uint8_t status = 0;
		unsigned got = read_chunk(lba, want, &status, &narrow_end, &cap);
		reads++;
		if (!got)
			return entry_fail("disk read failed: lba 0x%llx status 0x%02x (%s, %s)", (unsigned long long)lba,
			      status, what, disk.edd ? "int13 ah=42h" : "int13 ah=02h");
		uint32_t n = got * LB_SECTOR;
		if (n > bytes - done)
			n = bytes - done;
		memcpy((void *)(uintptr_t)(dest + done), (const void *)(uintptr_t)LB_BOUNCE, n);
		if (crc_want)
			crc = crc32_update(crc, (const void *)(uintptr_t)LB_BOUNCE, n);
		done += n;
		lba += got;
		if (crc_want)
			progress(done, &next_dot);
	}
	uint32_t ms = tsc_ms_since(t0);
	if (crc_want && crc != *crc_want)
		return entry_fail("%s: CRC-32 0x%08x of the %u bytes read from lba 0x%llx does not match the "
				  "0x%08x mkdisk recorded (damaged on disk)", what, crc, bytes,
				  (unsigned long long)lba0, *crc_want);
	if (!crc_want)
		return 0;
	con_printf(" ok");
	if (ms)
		con_note(", %u ms", ms);
	con_note(", %u reads", reads);
	con_printf("\n");
	return 0;
}
