/* video.c: the video state the kernel's early console needs, real mode: INT 10h and VBE. */
#include "setup16.h"
#include "biosregs.h"
#include "mem.h"

#define BDA_ROWS    0x484 /* byte: text rows - 1 */
#define BDA_POINTS  0x485 /* word: character height in scan lines */
#define VIDEO_TYPE_VLFB 0x23 /* Linux: VESA linear frame buffer */

struct vbe_info {          /* VBE function 00h: controller information */
	char     signature[4]; /* "VESA" on return ("VBE2" on call asks for VBE 2.0 fields) */
	uint16_t version;
	uint32_t oem_string;
	uint32_t capabilities;
	uint32_t mode_list;
	uint16_t total_memory; /* 64 KiB units */
	uint8_t  rest[512 - 20];
} __attribute__((packed));

struct vbe_mode {          /* VBE function 01h: mode information (the fields used here) */
	uint16_t attributes;   /* bit 4: graphics, bit 7: linear frame buffer */
	uint8_t  _win[14];
	uint16_t pitch;        /* 0x10 bytes per scan line */
	uint16_t width, height; /* 0x12 */
	uint8_t  _cell[3];
	uint8_t  bpp;          /* 0x19 */
	uint8_t  _banks[5];
	uint8_t  red_size, red_pos, green_size, green_pos, blue_size, blue_pos, rsvd_size, rsvd_pos; /* 0x1f */
	uint8_t  _dcm;
	uint32_t lfb;          /* 0x28 physical base */
	uint8_t  rest[256 - 0x2c];
} __attribute__((packed));
_Static_assert(sizeof(struct vbe_info) == 512 && sizeof(struct vbe_mode) == 256, "VBE block sizes");

/* In low memory outside the image (layout.h): 768 bytes less of setup16's 64 KiB. */
#define vbe       (*(struct vbe_info *)LB_VBE_BUF)
#define mode_info (*(struct vbe_mode *)(LB_VBE_BUF + sizeof(struct vbe_info)))
_Static_assert(LB_VBE_BUF + sizeof(struct vbe_info) + sizeof(struct vbe_mode) <= LB_VBE_BUF_END, "VBE buffers");

static void vbe_detect(struct screen_info *si)
{
	struct biosregs r;
	memcpy(vbe.signature, "VBE2", 4);
	initregs(&r);
	r.ax = 0x4f00;
	r.di = (uint16_t)(uintptr_t)&vbe;
	intcall(0x10, &r, &r);
	if (r.ax != 0x004f || memcmp(vbe.signature, "VESA", 4)) {
		note16("video: no VBE\n");
		return;
	}
	si->lfb_size = vbe.total_memory; /* 64 KiB units, as Linux stores it */
	si->capabilities = vbe.capabilities;
	initregs(&r);
	r.ax = 0x4f03;                      /* current mode */
	intcall(0x10, &r, &r);
	uint16_t mode = r.ax == 0x004f ? r.bx & 0x3fff : 0;
	note16("video: VBE %u.%u, %u KiB, mode 0x%x\n", vbe.version >> 8, vbe.version & 0xff,
		 (unsigned)vbe.total_memory * 64, mode);
	if (mode < 0x100)
		return;                         /* a legacy VGA mode: text, described above */
	initregs(&r);
	r.ax = 0x4f01;
	r.cx = mode;
	r.di = (uint16_t)(uintptr_t)&mode_info;
	intcall(0x10, &r, &r);
	if (r.ax != 0x004f || !(mode_info.attributes & 0x90))
		return;                         /* not a graphics mode with a linear frame buffer */
	si->orig_video_isVGA = VIDEO_TYPE_VLFB;
	si->lfb_width = mode_info.width;
	si->lfb_height = mode_info.height;
	si->lfb_depth = mode_info.bpp;
	si->lfb_base = mode_info.lfb;
	si->lfb_linelength = mode_info.pitch;
	si->red_size = mode_info.red_size, si->red_pos = mode_info.red_pos;
	si->green_size = mode_info.green_size, si->green_pos = mode_info.green_pos;
	si->blue_size = mode_info.blue_size, si->blue_pos = mode_info.blue_pos;
	si->rsvd_size = mode_info.rsvd_size, si->rsvd_pos = mode_info.rsvd_pos;
}

/* The cursor as it stands when we leave real mode: the kernel's console continues from there. */
void video_save_cursor(void)
{
	struct screen_info *si = &zero_page->screen_info;
	struct biosregs r;
	initregs(&r);
	r.ah = 0x03;
	r.bh = (uint8_t)si->orig_video_page;
	intcall(0x10, &r, &r);
	si->orig_x = r.dl;
	si->orig_y = r.dh;
}

void video_detect(void)
{
	struct screen_info *si = &zero_page->screen_info;
	struct biosregs r;
	initregs(&r);
	r.ah = 0x0f;                        /* mode, columns, page */
	intcall(0x10, &r, &r);
	if (r.ah < 40) {
		/* No video BIOS answered (AH still holds the function number): say so, and hand
		 * the kernel the power-on text mode rather than a 15-column screen. */
		printf16("video: INT 10h AH=0Fh gave no answer (no video BIOS?); assuming 80x25 text\n");
		r.al = 3, r.ah = 80, r.bh = 0;
	}
	si->orig_video_mode = r.al & 0x7f;
	si->orig_video_cols = r.ah;
	si->orig_video_page = r.bh;
	uint8_t page = r.bh;
	initregs(&r);
	r.ah = 0x03;                        /* cursor position on that page */
	r.bh = page;
	intcall(0x10, &r, &r);
	si->orig_x = r.dl;
	si->orig_y = r.dh;
	si->orig_video_lines = peek8(BDA_ROWS) + 1;
	si->orig_video_points = peek16(BDA_POINTS);
	si->orig_video_isVGA = 1;           /* VGA text; vbe_detect may change it */
	if (si->orig_video_lines < 2)
		si->orig_video_lines = 25;      /* BIOS without the EGA+ BDA fields */
	vbe_detect(si);
	note16("video: mode 0x%x, %ux%u text, font %u, cursor %u,%u\n", si->orig_video_mode,
		 si->orig_video_cols, si->orig_video_lines, si->orig_video_points, si->orig_x, si->orig_y);
}
