/* progress.c: mkdisk's progress line on a terminal, --quiet and --version (host). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "progress.h"

#ifndef LONGBOOT_VERSION
#define LONGBOOT_VERSION "unknown"
#endif

static int quiet;
static int shown = -1;       /* -1: not decided yet; 0: silent; 1: a terminal listens */
static const char *step;     /* the step being shown, NULL: none */
static uint64_t step_total;
static int step_pct;         /* last percentage drawn, -1: none yet */

void talk_args(int *argc, char **argv)
{
	int out = 1;
	for (int i = 1; i < *argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--")) { /* the parser sees the rest as it is */
			while (i < *argc)
				argv[out++] = argv[i++];
			break;
		}
		if (!strcmp(a, "--version")) {
			printf("longboot mkdisk %s\n", LONGBOOT_VERSION);
			exit(0);
		}
		if (!strcmp(a, "--quiet")) {
			quiet = 1;
			continue;
		}
		argv[out++] = !strcmp(a, "-h") ? "--help" : argv[i];
	}
	argv[out] = NULL;
	*argc = out;
	if (quiet && !freopen("/dev/null", "w", stdout)) {
		fputs("mkdisk: --quiet: cannot open /dev/null\n", stderr);
		exit(1);
	}
}

static int listening(void)
{
	if (shown < 0)
		shown = !quiet && isatty(STDERR_FILENO);
	return shown;
}

void progress_start(const char *what, uint64_t total)
{
	if (!listening())
		return;
	step = what;
	step_total = total;
	step_pct = -1;
	fprintf(stderr, "\rmkdisk: %s...\033[K", what);
	fflush(stderr);
}

void progress_step(uint64_t done)
{
	if (!step || !step_total)
		return;
	int pct = done >= step_total ? 100 : (int)(done * 100 / step_total);
	if (pct == step_pct)
		return;
	step_pct = pct;
	fprintf(stderr, "\rmkdisk: %s... %d%%\033[K", step, pct);
	fflush(stderr);
}

void progress_done(void)
{
	if (!step)
		return;
	step = NULL;
	fputs("\r\033[K", stderr);
	fflush(stderr);
}
