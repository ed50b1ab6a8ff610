/* fmt.c: the printf core shared by all stages; freestanding, no division of 64-bit values. */
#include <stdint.h>
#include "fmt.h"

/* Divide *v by 10 in place using 32-bit halves only; returns the remainder. */
static unsigned div10(uint64_t *v)
{
	uint32_t hi = (uint32_t)(*v >> 32), lo = (uint32_t)*v;
	uint32_t qhi = hi / 10, r = hi % 10;
	/* (r:lo) / 10 with r < 10: split lo into two 16-bit digits of base 65536. */
	uint32_t mid = (r << 16) | (lo >> 16);
	uint32_t qmid = mid / 10;
	uint32_t low = ((mid % 10) << 16) | (lo & 0xffff);
	uint32_t qlow = low / 10;
	*v = ((uint64_t)qhi << 32) | (qmid << 16) | qlow;
	return low % 10;
}

static int emit_num(fmt_sink sink, void *ctx, uint64_t v, unsigned base, int upper,
		    int neg, int width, char pad)
{
	char tmp[24];
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0, out = 0;
	do {
		if (base == 16) {
			tmp[n++] = digits[v & 15];
			v >>= 4;
		} else {
			tmp[n++] = digits[div10(&v)];
		}
	} while (v);
	if (neg && pad == '0') {
		sink('-', ctx), out++;
		width--;
	} else if (neg) {
		tmp[n++] = '-';
	}
	for (; width > n; width--)
		sink(pad, ctx), out++;
	while (n)
		sink(tmp[--n], ctx), out++;
	return out;
}

int fmt_vformat(fmt_sink sink, void *ctx, const char *f, va_list ap)
{
	int out = 0;
	for (; *f; f++) {
		if (*f != '%') {
			sink(*f, ctx), out++;
			continue;
		}
		char pad = ' ';
		int width = 0, lng = 0;
		f++;
		if (*f == '0')
			pad = '0', f++;
		while (*f >= '0' && *f <= '9')
			width = width * 10 + (*f++ - '0');
		while (*f == 'l')
			lng++, f++;
		if (*f == 'z')
			lng = sizeof(size_t) == 8 ? 2 : 0, f++;
		uint64_t v;
		int neg = 0;
		switch (*f) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			int len = 0;
			while (s[len])
				len++;
			for (; width > len; width--)
				sink(' ', ctx), out++;
			while (*s)
				sink(*s++, ctx), out++;
			break;
		}
		case 'c':
			sink((char)va_arg(ap, int), ctx), out++;
			break;
		case 'd': {
			int64_t sv = lng >= 2 ? va_arg(ap, long long) : lng ? va_arg(ap, long) : va_arg(ap, int);
			neg = sv < 0;
			v = neg ? (uint64_t)0 - (uint64_t)sv : (uint64_t)sv;
			out += emit_num(sink, ctx, v, 10, 0, neg, width, pad);
			break;
		}
		case 'u': case 'x': case 'X':
			v = lng >= 2 ? va_arg(ap, unsigned long long) : lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
			out += emit_num(sink, ctx, v, *f == 'u' ? 10 : 16, *f == 'X', 0, width, pad);
			break;
		case 'p':
			sink('0', ctx), sink('x', ctx), out += 2;
			out += emit_num(sink, ctx, (uintptr_t)va_arg(ap, void *), 16, 0, 0, width, pad);
			break;
		case '%':
			sink('%', ctx), out++;
			break;
		case 0:
			return out;
		default:
			sink('%', ctx), sink(*f, ctx), out += 2;
		}
	}
	return out;
}

struct buf { char *p; size_t n, len; };

static void buf_sink(char c, void *ctx)
{
	struct buf *b = ctx;
	if (b->len + 1 < b->n)
		b->p[b->len] = c;
	b->len++;
}

int fmt_snprintf(char *p, size_t n, const char *f, ...)
{
	struct buf b = { p, n, 0 };
	va_list ap;
	va_start(ap, f);
	int r = fmt_vformat(buf_sink, &b, f, ap);
	va_end(ap);
	if (n)
		p[b.len < n ? b.len : n - 1] = 0;
	return r;
}
