/* menuio.h: the boot menu's devices (lm64): a struct con drawing on the VGA text screen and on
 * a VT100 terminal on COM1 at once, and a poll of both keyboards (INT 16h through the BIOS
 * gate, and COM1 bytes through keys.c) with a millisecond clock. */
#ifndef LM64_MENUIO_H
#define LM64_MENUIO_H
#include <stdint.h>
#include "con.h"
#include "keys.h"

extern const struct con menuio_con;

/* Clears both screens (menu start, and before the boot log goes on). */
void menuio_clear(void);

/* A key from either console (KEY_NONE after idling until the next interrupt when none waits);
 * *now_ms: milliseconds from the BIOS tick count, monotonic across midnight. The signature of
 * struct bootmenu_io's poll (ctx unused). */
struct key_event menuio_poll(void *ctx, uint32_t *now_ms);

/* The poll's clock now (for bootmenu_init and menu_fail). */
uint32_t menuio_clock(void);

/* For --timeout 0 with several entries: 1 when a key waits on either console or Shift is held. */
int menuio_wants_menu(void);

#endif
