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
