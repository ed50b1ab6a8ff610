/* mem.c: mem* and str* for the freestanding stages (-m16, -m64, test kernel).
 * Copies and fills go by the widest word (rep movsq/stosq in 64-bit code, movsl/stosl in
 * 16- and 32-bit code), then rep movsb/stosb for the bytes left: fast on every CPU since the P6;
 * a rep step is one instruction for Bochs and one iteration for QEMU's TCG. */
#include <stdint.h>
#include "mem.h"

void *memcpy(void *dst, const void *src, size_t n)
{
	void *d = dst;
#ifdef __x86_64__
	/* 8 bytes a step for the large copies (the bounce buffer's 64 KiB): a rep step is one
	 * instruction for Bochs and one iteration for QEMU's TCG, whatever its width */
	size_t q = n >> 3;
	n &= 7;
	__asm__ volatile("rep movsq" : "+D"(d), "+S"(src), "+c"(q) : : "memory");
#else
	size_t q = n >> 2; /* 4 bytes a step (setup16: the 386's widest) */
	n &= 3;
	__asm__ volatile("rep movsl" : "+D"(d), "+S"(src), "+c"(q) : : "memory");
#endif
	__asm__ volatile("rep movsb" : "+D"(d), "+S"(src), "+c"(n) : : "memory");
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	if ((const char *)dst <= (const char *)src || (const char *)dst >= (const char *)src + n)
		return memcpy(dst, src, n);
	/* Overlap with dst above src: copy backwards. */
	void *d = (char *)dst + n - 1;
	const void *s = (const char *)src + n - 1;
	__asm__ volatile("std; rep movsb; cld" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	void *d = dst;
#ifdef __x86_64__
	size_t q = n >> 3;
	uint64_t v = (uint8_t)c * 0x0101010101010101ull;
	n &= 7;
	__asm__ volatile("rep stosq" : "+D"(d), "+c"(q) : "a"(v) : "memory");
#else
	size_t q = n >> 2;
	uint32_t v = (uint8_t)c * 0x01010101u;
	n &= 3;
	__asm__ volatile("rep stosl" : "+D"(d), "+c"(q) : "a"(v) : "memory");
#endif
	__asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			return 0;
	}
	return 0;
}
