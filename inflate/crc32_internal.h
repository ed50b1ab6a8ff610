/* crc32_internal.h: the CRC-32 back ends shared by crc32.c and crc32_clmul.c. Any 64-bit mode. */
#ifndef CRC32_INTERNAL_H
#define CRC32_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

/* Below this many bytes the table version is faster than setting up the folds. */
#define CRC32_CLMUL_MIN 256
#define CPU_PCLMUL 1u
#define CPU_BMI2   2u
#define CPU_VPCLMUL512 4u /* VPCLMULQDQ + AVX-512F, ZMM state enabled by the OS */
/* From this size on the 512-bit folding is used. */
#define CRC32_VPCLMUL_MIN 1024
/* CPU_* bits of the running CPU: CPUID is asked on the first call only, the answer is kept. */
unsigned inflate_cpu_features(void);
/* Keep only the CPU_* bits in mask from now on (0: force the generic loop and slice-by-16;
 * tests, benchmarks and `INFLATE_CPU=generic` in host tools). */
void inflate_cpu_restrict(unsigned mask);
/* "bmi2" or "generic": the literal/match loop the features select. */
const char *inflate_loop_name(unsigned features);
/* "vpclmul512", "pclmul" or "slice16": the back end crc32_update_cpu uses for n bytes. */
const char *crc32_path_name(size_t n, unsigned features);
/* CRC-32 update (pre/post inverted like crc32_update) with features already known. */
uint32_t crc32_update_cpu(uint32_t crc, const void *p, size_t n, unsigned features);

/* Raw CRC state (already inverted) in and out. */
uint32_t crc32_table_raw(uint32_t s, const uint8_t *p, size_t n);
/* n >= 64; only call when inflate_cpu_features() has CPU_PCLMUL. */
uint32_t crc32_clmul_raw(uint32_t s, const uint8_t *p, size_t n);
/* n >= 256; only call when inflate_cpu_features() has CPU_VPCLMUL512 (and CPU_PCLMUL). */
uint32_t crc32_vpclmul_raw(uint32_t s, const uint8_t *p, size_t n);

#endif
