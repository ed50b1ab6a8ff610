/* kernel_elf.c: moving a checked ELF64 kernel's segments into place (pure C, any 64-bit
 * environment: lm64 in long mode and the host tests). The checks: common/elfcheck.c. */
#include "kernel_elf.h"
#include "mem.h"

/* memmove for dst < src in 8-byte words (emulators such as QEMU TCG and Bochs run rep movsb
 * a byte at a time; this is several times faster there). Forward word copies are safe for
 * any overlap when dst < src. */
__attribute__((optimize("no-tree-loop-distribute-patterns")))
static void copy_down(uint8_t *dst, const uint8_t *src, uint64_t n)
{
	if (((uintptr_t)dst | (uintptr_t)src) & 15) {
		memmove(dst, src, n);
		return;
	}
	typedef uint64_t v2 __attribute__((vector_size(16)));
	v2 *d = (v2 *)dst;
	const v2 *s = (const v2 *)src;
	uint64_t blocks = n / 16, i = 0;
	for (; i + 4 <= blocks; i += 4) { /* all four loads before the stores: still dst < src safe */
		v2 a = s[i], b = s[i + 1], c = s[i + 2], e = s[i + 3];
		d[i] = a, d[i + 1] = b, d[i + 2] = c, d[i + 3] = e;
	}
	for (; i < blocks; i++)
		d[i] = s[i];
	for (uint64_t i = n & ~15ull; i < n; i++)
		dst[i] = src[i];
}

void kelf_move(uint8_t *dest, const struct kimage *ki)
{
	for (unsigned i = 0; i < ki->nseg; i++) {
		const struct kseg *s = &ki->seg[i];
		uint64_t to = s->paddr - ki->link_base;
		if (s->filesz && to != s->offset)
			copy_down(dest + to, dest + s->offset, s->filesz);
	}
}

void kelf_zero_bss(uint8_t *dest, const struct kimage *ki)
{
	for (unsigned i = 0; i < ki->nseg; i++) {
		const struct kseg *s = &ki->seg[i];
		if (s->memsz > s->filesz)
			memset(dest + (s->paddr - ki->link_base) + s->filesz, 0, s->memsz - s->filesz);
	}
}
