/* filters.c: the .xz non-last filters (xz file format 5.3.2, 5.3.3), decoded in place over a
 * whole block's output: Delta and the BCJ branch converters x86, PowerPC, IA-64, ARM,
 * ARM-Thumb, SPARC and ARM64 (addresses made absolute by the encoder back to relative). The
 * whole block is one call, so the streaming decoders' carried state is just locals here; the
 * last bytes too short for an instruction stay as they are, as they do there. Freestanding. */
#include "xz_internal.h"

/* Delta (5.3.3): out[i] += out[i - distance], the bytes before the block counting as 0. */
static void delta(uint8_t *buf, size_t n, uint32_t dist)
{
	for (size_t i = dist; i < n; i++)
		buf[i] = (uint8_t)(buf[i] + buf[i - dist]);
}

/* x86 (5.3.2): E8/E9 (CALL/JMP rel32) whose 32-bit operand's top byte is 00 or FF; prev_mask
 * remembers which of the 3 bytes before were E8/E9 candidates, to skip what is likely not code. */
static int x86_ms_byte(uint8_t b) { return b == 0x00 || b == 0xFF; }

static void bcj_x86(uint8_t *buf, size_t n, uint32_t now)
{
	static const uint8_t mask_allowed[8] = { 1, 1, 1, 0, 1, 0, 0, 0 };
	static const uint8_t mask_bit[8] = { 0, 1, 2, 2, 3, 3, 3, 3 };
	uint32_t prev_mask = 0;
	size_t prev_pos = (size_t)0 - 5, i = 0; /* as if the last candidate were 5 bytes back */

	if (n < 5)
		return;
	while (i <= n - 5) {
		uint8_t b = buf[i];
		size_t off;

		if (b != 0xE8 && b != 0xE9) {
			i++;
			continue;
		}
		off = i - prev_pos;
		prev_pos = i;
		if (off > 5) {
			prev_mask = 0;
		} else {
			for (size_t k = 0; k < off; k++)
				prev_mask = (prev_mask & 0x77) << 1;
		}
		b = buf[i + 4];
		if (x86_ms_byte(b) && mask_allowed[(prev_mask >> 1) & 7] && (prev_mask >> 1) < 0x10) {
			uint32_t src = xz_le32(buf + i + 1), dest;
			for (;;) {
				unsigned k;
				dest = src - (now + (uint32_t)i + 5);
				if (prev_mask == 0)
					break;
				k = mask_bit[prev_mask >> 1];
				if (!x86_ms_byte((uint8_t)(dest >> (24 - k * 8))))
					break;
				src = dest ^ ((1u << (32 - k * 8)) - 1);
			}
			dest = (dest & 0x01FFFFFF) | (0u - ((dest >> 24) & 1)) << 24; /* bit 24 to 25-31 */
			xz_put_le32(buf + i + 1, dest);
			i += 5;
			prev_mask = 0;
		} else {
			i++;
			prev_mask |= 1;
			if (x86_ms_byte(b))
				prev_mask |= 0x10;
		}
	}
}

/* PowerPC (big endian): "bl" = 010010 (24-bit word offset) 01. */
static void bcj_powerpc(uint8_t *buf, size_t n, uint32_t now)
{
	for (size_t i = 0; i + 4 <= n; i += 4) {
		if ((buf[i] >> 2) == 0x12 && (buf[i + 3] & 3) == 1) {
			uint32_t src = xz_be32(buf + i) & 0x03FFFFFC;
			uint32_t dest = src - (now + (uint32_t)i);
			xz_put_be32(buf + i, 0x48000000 | (dest & 0x03FFFFFC) | 1);
		}
	}
}

/* IA-64: 16-byte bundles; the template says which of the 3 41-bit slots hold branches. */
static void bcj_ia64(uint8_t *buf, size_t n, uint32_t now)
{
	static const uint8_t branch[32] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		4, 4, 6, 6, 0, 0, 7, 7, 4, 4, 0, 0, 4, 4, 0, 0 };

	for (size_t i = 0; i + 16 <= n; i += 16) {
		uint32_t mask = branch[buf[i] & 0x1F];
		for (unsigned slot = 0, bit = 5; slot < 3; slot++, bit += 41) {
			size_t at = i + bit / 8;
			unsigned sh = bit % 8;
			uint64_t ins = 0, norm;
			if (!((mask >> slot) & 1))
				continue;
			for (unsigned j = 0; j < 6; j++)
				ins |= (uint64_t)buf[at + j] << (8 * j);
			norm = ins >> sh;
			if (((norm >> 37) & 0xF) == 0x5 && ((norm >> 9) & 0x7) == 0) {
				uint32_t src = (uint32_t)((norm >> 13) & 0xFFFFF);
				uint32_t dest;
				src |= (uint32_t)((norm >> 36) & 1) << 20;
				dest = ((src << 4) - (now + (uint32_t)i)) >> 4;
				norm &= ~((uint64_t)0x8FFFFF << 13);
				norm |= (uint64_t)(dest & 0xFFFFF) << 13;
				norm |= (uint64_t)(dest & 0x100000) << (36 - 20);
				ins = (ins & ((1u << sh) - 1)) | (norm << sh);
				for (unsigned j = 0; j < 6; j++)
					buf[at + j] = (uint8_t)(ins >> (8 * j));
			}
		}
	}
}

/* ARM (little endian): BL = cond 1011, 24-bit word offset from pc + 8. */
static void bcj_arm(uint8_t *buf, size_t n, uint32_t now)
{
	for (size_t i = 0; i + 4 <= n; i += 4) {
		if (buf[i + 3] == 0xEB) {
			uint32_t src = (xz_le32(buf + i) & 0x00FFFFFF) << 2;
			uint32_t dest = (src - (now + (uint32_t)i + 8)) >> 2;
			buf[i] = (uint8_t)dest;
			buf[i + 1] = (uint8_t)(dest >> 8);
			buf[i + 2] = (uint8_t)(dest >> 16);
		}
	}
}

/* ARM-Thumb: the BL pair F000+hi / F800+lo, a 22-bit halfword offset from pc + 4. */
static void bcj_armthumb(uint8_t *buf, size_t n, uint32_t now)
{
	for (size_t i = 0; i + 4 <= n; i += 2) {
		if ((buf[i + 1] & 0xF8) == 0xF0 && (buf[i + 3] & 0xF8) == 0xF8) {
			uint32_t src = ((uint32_t)(buf[i + 1] & 7) << 19) | ((uint32_t)buf[i] << 11) |
				       ((uint32_t)(buf[i + 3] & 7) << 8) | buf[i + 2];
			uint32_t dest = ((src << 1) - (now + (uint32_t)i + 4)) >> 1;
			buf[i + 1] = (uint8_t)(0xF0 | ((dest >> 19) & 7));
			buf[i] = (uint8_t)(dest >> 11);
			buf[i + 3] = (uint8_t)(0xF8 | ((dest >> 8) & 7));
			buf[i + 2] = (uint8_t)dest;
			i += 2;
		}
	}
}

/* SPARC (big endian): CALL with a 30-bit word offset whose top bits are a sign extension. */
static void bcj_sparc(uint8_t *buf, size_t n, uint32_t now)
{
	for (size_t i = 0; i + 4 <= n; i += 4) {
		if ((buf[i] == 0x40 && (buf[i + 1] & 0xC0) == 0x00) ||
		    (buf[i] == 0x7F && (buf[i + 1] & 0xC0) == 0xC0)) {
			uint32_t src = xz_be32(buf + i) << 2;
			uint32_t dest = (src - (now + (uint32_t)i)) >> 2;
			dest = (((0u - ((dest >> 22) & 1)) << 22) & 0x3FFFFFFF) | (dest & 0x3FFFFF) |
			       0x40000000;
			xz_put_be32(buf + i, dest);
		}
	}
}

/* ARM64: BL (26-bit word offset) and ADRP (21-bit page offset; converted only when the offset
 * is within +-512 MiB, i.e. its bits 18-20 are a sign extension of bit 17). */
static void bcj_arm64(uint8_t *buf, size_t n, uint32_t now)
{
	for (size_t i = 0; i + 4 <= n; i += 4) {
		uint32_t pc = now + (uint32_t)i, ins = xz_le32(buf + i);
		if ((ins >> 26) == 0x25) {
			ins = 0x94000000 | ((ins - (pc >> 2)) & 0x03FFFFFF);
			xz_put_le32(buf + i, ins);
		} else if ((ins & 0x9F000000) == 0x90000000) {
			uint32_t src = ((ins >> 29) & 3) | ((ins >> 3) & 0x001FFFFC), dest;
			if ((src + 0x00020000) & 0x001C0000)
				continue;
			dest = src - (pc >> 12);
			ins &= 0x9000001F;
			ins |= (dest & 3) << 29;
			ins |= (dest & 0x0003FFFC) << 3;
			ins |= (0u - (dest & 0x00020000)) & 0x00E00000;
			xz_put_le32(buf + i, ins);
		}
	}
}

void xz_unfilter(uint64_t id, uint32_t arg, uint8_t *buf, size_t n)
{
	switch (id) {
	case XZ_FILTER_DELTA:    delta(buf, n, arg); break;
	case XZ_FILTER_X86:      bcj_x86(buf, n, arg); break;
	case XZ_FILTER_POWERPC:  bcj_powerpc(buf, n, arg); break;
	case XZ_FILTER_IA64:     bcj_ia64(buf, n, arg); break;
	case XZ_FILTER_ARM:      bcj_arm(buf, n, arg); break;
	case XZ_FILTER_ARMTHUMB: bcj_armthumb(buf, n, arg); break;
	case XZ_FILTER_SPARC:    bcj_sparc(buf, n, arg); break;
	case XZ_FILTER_ARM64:    bcj_arm64(buf, n, arg); break;
	default: break;
	}
}
