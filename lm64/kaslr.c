/* kaslr.c: physical slot and virtual offset choice for a relocatable kernel (pure C, any
 * 64-bit environment: lm64 in long mode and the host tests). */
#include "kaslr.h"
#include "mem.h"

int cmdline_has_word(const char *s, const char *word)
{
	size_t n = strlen(word);
	while (*s) {
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		const char *w = s;
		while (*s && *s != ' ' && *s != '\t' && *s != '\n')
			s++;
		size_t len = (size_t)(s - w);
		if (len >= n && !strncmp(w, word, n) && (len == n || w[n] == '='))
			return 1;
	}
	return 0;
}

/* memparse: digits (decimal, or hex after 0x), then an optional K/M/G/T/P/E multiplier. */
static uint64_t parse_size(const char *s, int *ok)
{
	uint64_t v = 0, base = 10;
	int digits = 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16, s += 2;
	for (;; s++, digits++) {
		unsigned d;
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && (*s | 0x20) >= 'a' && (*s | 0x20) <= 'f')
			d = (*s | 0x20) - 'a' + 10;
		else
			break;
		v = v * base + d;
	}
	static const char units[] = "KMGTPE";
	for (int i = 0; units[i]; i++)
		if ((*s | 0x20) == (units[i] | 0x20)) {
			v <<= 10 * (i + 1);
			s++;
			break;
		}
	*ok = digits > 0 && (*s == 0 || *s == ' ' || *s == '\t' || *s == '\n');
	return v;
}

uint64_t cmdline_mem_limit(const char *s)
{
	uint64_t limit = 0;
	while (*s) {
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		if (!strncmp(s, "mem=", 4)) {
			int ok;
			uint64_t v = parse_size(s + 4, &ok);
			if (ok)
				limit = v;
		}
		while (*s && *s != ' ' && *s != '\t' && *s != '\n')
			s++;
	}
	return limit;
}

int kaslr_phys(const struct memmap *m, uint64_t size, uint64_t align, uint64_t min, uint64_t max,
	       uint64_t rnd, uint64_t *slots, uint64_t *out)
{
	uint64_t count = memmap_count_slots(m, size, align, min, max);
	*slots = count;
	if (!count)
		return -1;
	return memmap_nth_slot(m, size, align, min, max, rnd % count, out);
}

uint64_t kaslr_virt(uint64_t link_phys, uint64_t size, uint64_t align, uint64_t rnd,
		    uint64_t *slots)
{
	*slots = 1;
	if (!align || link_phys > KASLR_IMAGE_AREA || size > KASLR_IMAGE_AREA - link_phys)
		return 0;
	*slots = 1 + (KASLR_IMAGE_AREA - link_phys - size) / align;
	return (rnd % *slots) * align;
}
