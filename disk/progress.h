/* progress.h: what mkdisk says while it works (host). Progress lines go to stderr, only when
 * stderr is a terminal and --quiet was not given; each is redrawn in place and erased when its
 * step ends, so a terminal keeps only the summary lines (stdout) and errors (stderr). */
#ifndef PROGRESS_H
#define PROGRESS_H
#include <stdint.h>

/* Takes mkdisk's own talking options out of argv before the option parser sees it:
 * --quiet (no progress, no summary lines: stdout goes to /dev/null; errors still on stderr),
 * --version (prints it, exits 0), -h (the same as --help). */
void talk_args(int *argc, char **argv);

/* One step: "mkdisk: <what>" then " NN%" as done/total grows (total 0: no percentage). */
void progress_start(const char *what, uint64_t total);
void progress_step(uint64_t done);
void progress_done(void);

#endif
