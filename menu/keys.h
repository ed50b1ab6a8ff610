/* keys.h: key events from the two consoles (pure logic, host-tested): BIOS INT 16h scan/ASCII
 * pairs from the PC keyboard and VT100/xterm byte sequences from a serial terminal on COM1. */
#ifndef SETUP16_KEYS_H
#define SETUP16_KEYS_H
#include <stdint.h>

enum key {
	KEY_NONE = 0,  /* nothing (an ignored key, or a sequence still incomplete) */
	KEY_CHAR,      /* a printable character 0x20..0x7E in .ch */
	KEY_UP, KEY_DOWN, KEY_LEFT, KEY_RIGHT, KEY_HOME, KEY_END,
	KEY_DELETE, KEY_BACKSPACE, KEY_ENTER, KEY_ESC,
};

struct key_event {
	uint8_t key; /* enum key */
	char ch;     /* KEY_CHAR only */
};

/* INT 16h AH=00h/10h result: AH = scan code, AL = ASCII (0x00 or 0xE0 for extended keys). */
struct key_event key_from_bios(uint16_t ax);

/* A lone ESC is taken as the Esc key when no further byte arrives within this time. */
#define KEY_ESC_TIMEOUT_MS 150

/* Decoder of the COM1 byte stream. Zero it to start. */
struct vt_decoder {
	uint8_t state;    /* internal: ground, ESC seen, CSI, SS3 */
	uint8_t param;    /* CSI numeric parameter so far */
	uint8_t last_cr;  /* the previous byte was CR: a following LF is the same Enter */
	uint32_t esc_ms;  /* time the ESC arrived */
};

/* Feeds one byte received at now_ms; writes 0, 1 or 2 events to out[] and returns how many
 * (2: an ESC that turned out to be the Esc key, then the key the byte makes). */
int vt_feed(struct vt_decoder *d, uint8_t byte, uint32_t now_ms, struct key_event out[2]);

/* Called when no byte is waiting: returns 1 with KEY_ESC in *out when an ESC has waited
 * KEY_ESC_TIMEOUT_MS for a continuation, else 0. */
int vt_idle(struct vt_decoder *d, uint32_t now_ms, struct key_event *out);

#endif
