/* config.c: mkdisk's boot entries from its options (--kernel starts an entry, --title, --initrd
 * and --cmdline follow it; --default, --timeout, --config) and from Boot Loader Specification
 * type #1 files (title, version, linux, initrd, options; timeout and default as loader.conf);
 * every fault is one message naming the option or FILE:LINE (host). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config.h"

static int fail(struct config *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct config *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->err, sizeof c->err, fmt, ap);
	va_end(ap);
	return -1;
}

static char *dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (!p) {
		fputs("mkdisk: out of memory\n", stderr);
		exit(1);
	}
	return memcpy(p, s, n);
}

static char *dup_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *dup_fmt(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *p = malloc((size_t)n + 1);
	if (!p) {
		fputs("mkdisk: out of memory\n", stderr);
		exit(1);
	}
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void config_init(struct config *c)
{
	memset(c, 0, sizeof *c);
	c->cli_entry = -1;
}

void config_free(struct config *c)
{
	for (unsigned i = 0; i < c->count; i++) {
		struct config_entry *e = &c->e[i];
		free(e->title), free(e->version), free(e->kernel), free(e->initrd), free(e->cmdline), free(e->where);
	}
	free(c->def_text), free(c->def_where);
	config_init(c);
}

/* A whole decimal number from min to max; -1 when s is not one. */
static long number(const char *s, long min, long max)
{
	char *end;
	if (*s < '0' || *s > '9')
		return -1;
	long v = strtol(s, &end, 10);
	return *end || v < min || v > max ? -1 : v;
}

static struct config_entry *new_entry(struct config *c, const char *where)
{
	if (c->count == LB_CFG_MAX_ENTRIES) {
		fail(c, "%s: %u entries, at most %u fit in an image", where, c->count + 1, LB_CFG_MAX_ENTRIES);
		return NULL;
	}
	struct config_entry *e = &c->e[c->count++];
	memset(e, 0, sizeof *e);
	e->where = dup_str(where);
	return e;
}

/* Limits shared by both forms; where: "--title of entry 2" or "FILE:LINE: title". */
static int check_title(struct config *c, const char *where, const char *v)
{
	if (!*v)
		return fail(c, "%s is empty", where);
	if (strlen(v) > LB_CFG_TITLE_MAX - 1)
		return fail(c, "%s: %zu bytes, at most %u", where, strlen(v), LB_CFG_TITLE_MAX - 1);
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return fail(c, "%s contains control character 0x%02x", where, (unsigned char)*p);
	return 0;
}

static int check_cmdline(struct config *c, const char *where, const char *v)
{
	if (strlen(v) > LB_CFG_CMDLINE_MAX - 1)
		return fail(c, "%s: %zu bytes, at most %u fit", where, strlen(v), LB_CFG_CMDLINE_MAX - 1);
	return 0;
}

static int set_default(struct config *c, const char *where, const char *v)
{
	free(c->def_text), free(c->def_where);
	c->def_text = dup_str(v);
	c->def_where = dup_str(where);
	c->def_set = 1;
	return 0;
}

static int set_timeout(struct config *c, const char *where, const char *v)
{
	long t = number(v, 0, LB_CFG_TIMEOUT_MAX);
	if (t < 0)
		return fail(c, "%s '%s': need seconds from 0 to %u", where, v, LB_CFG_TIMEOUT_MAX);
	c->timeout = (unsigned)t;
	c->timeout_set = 1;
	return 0;
}

int config_option(struct config *c, const char *name, const char *v)
{
	char where[64];
	if (!strcmp(name, "kernel")) {
		snprintf(where, sizeof where, "--kernel #%u", c->count + 1);
		struct config_entry *e = new_entry(c, where);
		if (!e)
			return -1;
		if (!*v)
			return fail(c, "%s: the file name is empty", where);
		e->kernel = dup_str(v);
		c->cli_entry = (int)(c->count - 1);
		return 0;
	}
	if (!strcmp(name, "title") || !strcmp(name, "initrd") || !strcmp(name, "cmdline")) {
		if (c->cli_entry < 0)
			return fail(c, "--%s '%s' comes before any --kernel (each --kernel starts an entry; "
				    "--%s belongs to the one before it)", name, v, name);
		struct config_entry *e = &c->e[c->cli_entry];
		char **slot = name[0] == 't' ? &e->title : name[0] == 'i' ? &e->initrd : &e->cmdline;
		snprintf(where, sizeof where, "--%s of entry %d", name, c->cli_entry + 1);
		if (*slot)
			return fail(c, "%s given twice", where);
		if (name[0] == 't' && check_title(c, where, v))
			return -1;
		if (name[0] == 'c' && check_cmdline(c, where, v))
			return -1;
		if (name[0] == 'i' && !*v)
			return fail(c, "%s: the file name is empty", where);
		*slot = dup_str(v);
		return 0;
	}
	if (!strcmp(name, "default"))
		return number(v, 1, LB_CFG_MAX_ENTRIES) < 0
			? fail(c, "--default '%s': need an entry number from 1 to %u", v, LB_CFG_MAX_ENTRIES)
			: set_default(c, "--default", v);
	if (!strcmp(name, "timeout"))
		return set_timeout(c, "--timeout", v);
	if (!strcmp(name, "config")) {
		c->cli_entry = -1;
		return config_file(c, v);
	}
	return 1;
}

/* ---- --config FILE: BLS type #1 "key value" lines; blank lines separate entries ---- */

struct parse {
	struct config *c;
	const char *path;
	char *dir;                  /* the file's folder with '/', for relative paths ("" if none) */
	struct config_entry *e;     /* the entry of the current block, NULL between entries */
	unsigned line, e_line;      /* current line, the line that started e */
	unsigned line_of[4];        /* where title, version, linux, initrd were given in e */
};

static const char *const entry_keys[] = { "title", "version", "linux", "initrd" };

static char *path_in(struct parse *p, const char *v)
{
	return v[0] == '/' ? dup_str(v) : dup_fmt("%s%s", p->dir, v);
}

static int end_block(struct parse *p)
{
	if (p->e && !p->e->kernel)
		return fail(p->c, "%s:%u: entry without a 'linux' line (entries are separated by blank lines)",
			    p->path, p->e_line);
	p->e = NULL;
	return 0;
}

static int file_key(struct parse *p, const char *key, const char *v)
{
	struct config *c = p->c;
	char where[CONFIG_ERR_MAX];
	snprintf(where, sizeof where, "%s:%u: %s", p->path, p->line, key);
	if (!strcmp(key, "timeout"))
		return set_timeout(c, where, v);
	if (!strcmp(key, "default")) {
		snprintf(where, sizeof where, "%s:%u: default", p->path, p->line);
		return set_default(c, where, v);
	}
	if (!strcmp(key, "machine-id") || !strcmp(key, "sort-key"))
		return 0; /* BLS keys that do not matter to one loader on one disk */
	if (!strcmp(key, "architecture"))
		return strcmp(v, "x64") ? fail(c, "%s '%s': longboot boots x86-64 kernels only (x64)", where, v) : 0;
	if (!strcmp(key, "efi") || !strncmp(key, "devicetree", 10))
		return fail(c, "%s: not for a legacy-BIOS loader; longboot boots Linux kernels ('linux')", where);
	if (!strcmp(key, "options")) {
		if (!p->e)
			goto start;
	} else {
		unsigned k;
		for (k = 0; k < 4 && strcmp(key, entry_keys[k]); k++)
			;
		if (k == 4)
			return fail(c, "%s:%u: unknown key '%s' (longboot reads title, version, linux, initrd, "
				    "options, timeout, default)", p->path, p->line, key);
		if (!p->e)
			goto start;
		if (p->line_of[k])
			return fail(c, "%s: a second '%s' in the entry of line %u (one kernel and one initrd "
				    "per entry; entries are separated by blank lines)", where, key, p->e_line);
	}
	goto set;
start:
	snprintf(where, sizeof where, "%s:%u", p->path, p->line);
	if (!(p->e = new_entry(c, where)))
		return -1;
	p->e_line = p->line;
	memset(p->line_of, 0, sizeof p->line_of);
	snprintf(where, sizeof where, "%s:%u: %s", p->path, p->line, key);
set:
	if (!strcmp(key, "options")) {
		char *o = p->e->cmdline ? dup_fmt("%s %s", p->e->cmdline, v) : dup_str(v);
		free(p->e->cmdline);
		p->e->cmdline = o; /* BLS: several options lines are joined with spaces */
		return check_cmdline(c, where, o);
	}
	if (!*v && strcmp(key, "title"))
		return fail(c, "%s: needs a value", where);
	switch (key[0]) {
	case 't': p->line_of[0] = p->line; p->e->title = dup_str(v); return check_title(c, where, v);
	case 'v': p->line_of[1] = p->line; p->e->version = dup_str(v);
		return strlen(v) > LB_CFG_VERSION_MAX - 1
			? fail(c, "%s: %zu bytes, at most %u", where, strlen(v), LB_CFG_VERSION_MAX - 1) : 0;
	case 'l': p->line_of[2] = p->line; p->e->kernel = path_in(p, v); return 0;
	default:  p->line_of[3] = p->line; p->e->initrd = path_in(p, v); return 0;
	}
}

int config_file(struct config *c, const char *path)
{
	struct parse p = { c, path, NULL, NULL, 0, 0, { 0 } };
	FILE *f = fopen(path, "r");
	if (!f)
		return fail(c, "%s: cannot open: %s", path, strerror(errno));
	const char *slash = strrchr(path, '/');
	p.dir = slash ? dup_fmt("%.*s", (int)(slash - path + 1), path) : dup_str("");
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n;
	int r = 0, keys = 0;
	while (!r && (n = getline(&buf, &cap, f)) >= 0) {
		p.line++;
		if (memchr(buf, 0, (size_t)n)) {
			r = fail(c, "%s:%u: a NUL byte: not a text file", path, p.line);
			break;
		}
		char *s = buf, *end = buf + n;
		while (end > s && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
			*--end = 0;
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s) {
			r = end_block(&p);
			continue;
		}
		if (*s == '#')
			continue;
		char *v = s + strcspn(s, " \t");
		if (*v)
			*v++ = 0;
		v += strspn(v, " \t");
		keys++;
		r = file_key(&p, s, v);
	}
	if (!r && ferror(f))
		r = fail(c, "%s: read error: %s", path, strerror(errno));
	if (!r)
		r = end_block(&p);
	if (!r && !keys)
		r = fail(c, "%s: no entry and no setting in the file", path);
	free(buf);
	free(p.dir);
	fclose(f);
	return r;
}

int config_finish(struct config *c)
{
	if (c->count == 0)
		return fail(c, "no entry: give --kernel FILE or --config FILE");
	for (unsigned i = 0; i < c->count; i++) {
		struct config_entry *e = &c->e[i];
		if (!e->title) {
			const char *base = strrchr(e->kernel, '/');
			e->title = dup_str(base ? base + 1 : e->kernel);
			if (strlen(e->title) > LB_CFG_TITLE_MAX - 1)
				e->title[LB_CFG_TITLE_MAX - 1] = 0;
		}
	}
	c->def = 0;
	if (c->def_set) {
		long n = number(c->def_text, 1, LB_CFG_MAX_ENTRIES);
		unsigned i;
		if (n > 0 && (unsigned long)n > c->count)
			return fail(c, "%s %ld: there %s only %u entr%s", c->def_where, n,
				    c->count == 1 ? "is" : "are", c->count, c->count == 1 ? "y" : "ies");
		if (n > 0) {
			c->def = (unsigned)n - 1;
		} else {
			for (i = 0; i < c->count && strcmp(c->e[i].title, c->def_text); i++)
				;
			if (i == c->count)
				return fail(c, "%s '%s': no entry has this number or title", c->def_where, c->def_text);
			c->def = i;
		}
	}
	if (!c->timeout_set)
		c->timeout = c->count == 1 ? 0 : 5;
	return 0;
}

int config_from_args(struct config *c, int argc, char *const argv[])
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *eq, *v;
		char name[32];
		if (strncmp(a, "--", 2))
			return fail(c, "unexpected argument '%s'", a);
		a += 2;
		eq = strchr(a, '=');
		size_t n = eq ? (size_t)(eq - a) : strlen(a);
		if (n >= sizeof name)
			return fail(c, "unknown option '%s'", argv[i]);
		memcpy(name, a, n);
		name[n] = 0;
		if (eq)
			v = eq + 1;
		else if (i + 1 < argc)
			v = argv[++i];
		else
			return fail(c, "option '--%s' needs a value", name);
		int r = config_option(c, name, v);
		if (r < 0)
			return -1;
		if (r > 0)
			return fail(c, "unknown option '--%s'", name);
	}
	return config_finish(c);
}
