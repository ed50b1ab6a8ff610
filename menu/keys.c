/* keys.c: key events from INT 16h scan/ASCII pairs and from a VT100 byte stream on COM1.
 * Pure: no BIOS call, no port access; time is an argument (setup16 real mode and host tests). */
#include "keys.h"

enum { VT_GROUND, VT_ESC, VT_CSI, VT_CSI_MOD, VT_SS3 };

static struct key_event ev(enum key k, char ch)
{
	struct key_event e = { (uint8_t)k, ch };
	return e;
}

/* A control or printable byte outside any sequence (shared by both consoles). */
static struct key_event from_ascii(uint8_t c)
{
	switch (c) {
	case 0x0D: case 0x0A: return ev(KEY_ENTER, 0);
	case 0x08: case 0x7F: return ev(KEY_BACKSPACE, 0);
	case 0x1B:            return ev(KEY_ESC, 0);
	}
	if (c >= 0x20 && c < 0x7F)
		return ev(KEY_CHAR, (char)c);
	return ev(KEY_NONE, 0);
}

struct key_event key_from_bios(uint16_t ax)
{
	uint8_t scan = (uint8_t)(ax >> 8), ascii = (uint8_t)ax;
	if (ascii != 0x00 && ascii != 0xE0)
		return from_ascii(ascii);
	switch (scan) { /* grey keys and the keypad with NumLock off */
	case 0x48: return ev(KEY_UP, 0);
	case 0x50: return ev(KEY_DOWN, 0);
	case 0x4B: return ev(KEY_LEFT, 0);
	case 0x4D: return ev(KEY_RIGHT, 0);
	case 0x47: return ev(KEY_HOME, 0);
	case 0x4F: return ev(KEY_END, 0);
	case 0x53: return ev(KEY_DELETE, 0);
	}
	return ev(KEY_NONE, 0);
}

/* The final byte of ESC [ ... (CSI) or ESC O ... (SS3). */
static struct key_event final_key(uint8_t c, uint8_t param)
{
	switch (c) {
	case 'A': return ev(KEY_UP, 0);
	case 'B': return ev(KEY_DOWN, 0);
	case 'C': return ev(KEY_RIGHT, 0);
	case 'D': return ev(KEY_LEFT, 0);
	case 'H': return ev(KEY_HOME, 0);
	case 'F': return ev(KEY_END, 0);
	case '~':
		switch (param) { /* VT220 editing keys: 1/7 Home, 4/8 End (rxvt), 3 Delete */
		case 1: case 7: return ev(KEY_HOME, 0);
		case 4: case 8: return ev(KEY_END, 0);
		case 3:         return ev(KEY_DELETE, 0);
		}
	}
	return ev(KEY_NONE, 0);
}

int vt_feed(struct vt_decoder *d, uint8_t c, uint32_t now_ms, struct key_event out[2])
{
	int n = 0;
	uint8_t was_cr = d->last_cr;
	d->last_cr = 0;
	switch (d->state) {
	case VT_ESC:
		if (c == '[' && now_ms - d->esc_ms < KEY_ESC_TIMEOUT_MS) {
			d->state = VT_CSI;
			d->param = 0;
			return 0;
		}
		if (c == 'O' && now_ms - d->esc_ms < KEY_ESC_TIMEOUT_MS) {
			d->state = VT_SS3;
			return 0;
		}
		out[n++] = ev(KEY_ESC, 0); /* a lone ESC, then c on its own */
		d->state = VT_GROUND;
		break;
	case VT_CSI:
	case VT_CSI_MOD:
		if (c >= '0' && c <= '9') {
			if (d->state == VT_CSI)
				d->param = (uint8_t)(d->param < 25 ? d->param * 10 + (c - '0') : 255);
			return 0;
		}
		if (c == ';') { /* modifiers (ESC [ 1 ; 5 C, ESC [ 3 ; 5 ~): the key stays the same */
			d->state = VT_CSI_MOD;
			return 0;
		}
		d->state = VT_GROUND;
		if (c >= 0x40 && c <= 0x7E) { /* a final byte; unknown ones are dropped */
			out[0] = final_key(c, d->param);
			return out[0].key != KEY_NONE;
		}
		break; /* not part of a sequence: treat c as a key of its own */
	case VT_SS3:
		d->state = VT_GROUND;
		out[0] = final_key(c, 0);
		return out[0].key != KEY_NONE;
	}
	if (c == 0x1B) {
		d->state = VT_ESC;
		d->esc_ms = now_ms;
		return n;
	}
	if (c == 0x0A && was_cr) /* CR LF: one Enter */
		return n;
	d->last_cr = c == 0x0D;
	out[n] = from_ascii(c);
	if (out[n].key != KEY_NONE)
		n++;
	return n;
}

int vt_idle(struct vt_decoder *d, uint32_t now_ms, struct key_event *out)
{
	if (d->state != VT_ESC || now_ms - d->esc_ms < KEY_ESC_TIMEOUT_MS)
		return 0;
	d->state = VT_GROUND;
	*out = ev(KEY_ESC, 0);
	return 1;
}
