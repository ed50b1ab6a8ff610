/* halt.h: the last line of every halt of the loader (setup16 and lm64), after the message that
 * says what failed. */
#ifndef LB_HALT_H
#define LB_HALT_H

#define LB_HALT_LINE "The machine is halted: fix the cause, then press Ctrl-Alt-Del (or reset)."

#endif
