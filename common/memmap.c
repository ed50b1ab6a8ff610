/* memmap.c: usable-RAM questions and payload placement over an E820 map. Pure C, any CPU
 * mode; no 64-bit division (alignments are powers of two, so masks do). */
#include "memmap.h"

#define MAX_SPANS E820_MAX_ZEROPAGE

struct span { uint64_t lo, hi; };

static uint64_t align_down(uint64_t v, uint64_t a) { return v & ~(a - 1); }

static uint64_t end_of(uint64_t base, uint64_t size)
{
	uint64_t e = base + size;
	return e < base ? ~(uint64_t)0 : e; /* saturate entries that wrap */
}

/* RAM entries as sorted, merged [lo, hi) spans clipped to [min, max); returns the count. */
static unsigned ram_spans(const struct memmap *m, uint64_t min, uint64_t max, struct span *s)
{
	unsigned n = 0;
	for (unsigned i = 0; i < m->n && n < MAX_SPANS; i++) {
		const struct e820_entry *x = &m->map[i];
		if (x->type != E820_RAM || !x->size)
			continue;
		struct span v = { x->addr, end_of(x->addr, x->size) };
		unsigned j = n++;
		for (; j > 0 && s[j - 1].lo > v.lo; j--) /* insertion sort by lo */
			s[j] = s[j - 1];
		s[j] = v;
	}
	unsigned out = 0;
	for (unsigned i = 0; i < n; i++) {
		if (out && s[i].lo <= s[out - 1].hi) {
			if (s[i].hi > s[out - 1].hi)
				s[out - 1].hi = s[i].hi;
		} else {
			s[out++] = s[i];
		}
	}
	unsigned k = 0;
	for (unsigned i = 0; i < out; i++) {
		uint64_t lo = s[i].lo < min ? min : s[i].lo, hi = s[i].hi > max ? max : s[i].hi;
		if (lo < hi)
			s[k].lo = lo, s[k].hi = hi, k++;
	}
	return k;
}

/* The lowest-starting range among non-RAM entries (and the avoid list when use_avoid) that
 * overlaps [a, a+size): sets [*lo, *hi). Returns 1 when there is one. */
static int conflict(const struct memmap *m, uint64_t a, uint64_t size, int use_avoid,
		    uint64_t *lo, uint64_t *hi)
{
	uint64_t e = end_of(a, size);
	int hit = 0;
	for (unsigned i = 0; i < m->n + (use_avoid ? m->navoid : 0); i++) {
		uint64_t b, be;
		if (i < m->n) {
			const struct e820_entry *x = &m->map[i];
			if (x->type == E820_RAM || !x->size)
				continue;
			b = x->addr, be = end_of(x->addr, x->size);
		} else {
			const struct lb_range *r = &m->avoid[i - m->n];
			if (!r->size)
				continue;
			b = r->base, be = end_of(r->base, r->size);
		}
		if (b < e && a < be && (!hit || b < *lo || (b == *lo && be > *hi)))
			*lo = b, *hi = be, hit = 1;
	}
	return hit;
}

int memmap_is_ram(const struct memmap *m, uint64_t base, uint64_t size)
{
	struct span s[MAX_SPANS];
	uint64_t lo, hi, e = base + size;
	if (e < base)
		return 0;
	unsigned n = ram_spans(m, 0, ~(uint64_t)0, s);
	for (unsigned i = 0; i < n; i++)
		if (s[i].lo <= base && e <= s[i].hi)
			return !size || !conflict(m, base, size, 0, &lo, &hi);
	return size == 0;
}

/* Highest slot in [lo, hi): 0 and *out, or -1. A conflict moves the candidate below it. */
static int top_in(const struct memmap *m, uint64_t lo, uint64_t hi, uint64_t size,
		  uint64_t align, uint64_t *out)
{
	uint64_t clo, chi;
	if (hi - lo < size)
		return -1;
	uint64_t a = align_down(hi - size, align);
	while (a >= lo) {
		if (!conflict(m, a, size, 1, &clo, &chi))
			return *out = a, 0;
		/* the lowest conflicting range starts at clo: the next candidate ends at or below it */
		if (clo < lo + size)
			return -1;
		uint64_t next = align_down(clo - size, align);
		if (next >= a)
			return -1;
		a = next;
	}
	return -1;
}

static unsigned log2_of(uint64_t a) /* a: a power of two */
{
	unsigned s = 0;
	while ((1ull << s) < a)
		s++;
	return s;
}

/* Slots upward through [lo, hi): with want == NULL adds their number to *count; else finds
 * slot number *count (decremented by the slots passed) and stores it in *want. Each free run
 * between conflicting ranges is counted by arithmetic: the cost grows with the number of
 * ranges, not of slots (alignment 1 on 512 MiB once took minutes). */
static int bottom_in(const struct memmap *m, uint64_t lo, uint64_t hi, uint64_t size,
		     uint64_t align, uint64_t *count, uint64_t *want)
{
	unsigned shift = log2_of(align);
	uint64_t clo, chi, a = align_down(lo + align - 1, align);
	if (a < lo)
		return -1;
	while (a < hi && hi - a >= size) {
		uint64_t run_end = hi; /* slots start in [a, run_end - size] */
		int hit = conflict(m, a, hi - a, 1, &clo, &chi);
		if (hit && clo >= a + size)
			run_end = clo;
		if (!hit || clo >= a + size) {
			uint64_t n = ((run_end - size - a) >> shift) + 1;
			if (want && *count < n)
				return *want = a + (*count << shift), 0;
			if (want)
				*count -= n;
			else
				*count += n;
			if (!hit)
				return -1;
		}
		/* past the end of the lowest conflicting range */
		uint64_t next = align_down(chi + align - 1, align);
		if (next <= a)
			return -1;
		a = next;
	}
	return -1;
}

static int bad_args(uint64_t size, uint64_t align)
{
	return !size || !align || (align & (align - 1));
}

int memmap_alloc_top(const struct memmap *m, uint64_t size, uint64_t align,
		     uint64_t min, uint64_t max, uint64_t *out)
{
	struct span s[MAX_SPANS];
	if (bad_args(size, align))
		return -1;
	unsigned n = ram_spans(m, min, max, s);
	while (n--)
		if (!top_in(m, s[n].lo, s[n].hi, size, align, out))
			return 0;
	return -1;
}

int memmap_alloc_bottom(const struct memmap *m, uint64_t size, uint64_t align,
			uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t zero = 0;
	return memmap_nth_slot(m, size, align, min, max, zero, out);
}

uint64_t memmap_count_slots(const struct memmap *m, uint64_t size, uint64_t align,
			    uint64_t min, uint64_t max)
{
	struct span s[MAX_SPANS];
	uint64_t count = 0;
	if (bad_args(size, align))
		return 0;
	unsigned n = ram_spans(m, min, max, s);
	for (unsigned i = 0; i < n; i++)
		bottom_in(m, s[i].lo, s[i].hi, size, align, &count, 0);
	return count;
}

int memmap_nth_slot(const struct memmap *m, uint64_t size, uint64_t align,
		    uint64_t min, uint64_t max, uint64_t k, uint64_t *out)
{
	struct span s[MAX_SPANS];
	if (bad_args(size, align))
		return -1;
	unsigned n = ram_spans(m, min, max, s);
	for (unsigned i = 0; i < n; i++)
		if (!bottom_in(m, s[i].lo, s[i].hi, size, align, &k, out))
			return 0;
	return -1;
}

uint64_t memmap_ram_bytes(const struct memmap *m)
{
	struct span s[MAX_SPANS];
	uint64_t total = 0;
	unsigned n = ram_spans(m, 0, ~(uint64_t)0, s);
	for (unsigned i = 0; i < n; i++)
		total += s[i].hi - s[i].lo;
	return total;
}

uint64_t memmap_ram_end(const struct memmap *m)
{
	struct span s[MAX_SPANS];
	unsigned n = ram_spans(m, 0, ~(uint64_t)0, s);
	return n ? s[n - 1].hi : 0;
}
