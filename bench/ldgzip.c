/* ldgzip.c: `ldgzip LEVEL < in > out.gz`: gzip with libdeflate at LEVEL (1..12), the benchmark's
 * "libdeflate -12" streams (Debian's libdeflate-gzip is not always installed). */
#include <stdio.h>
#include <stdlib.h>
#include <libdeflate.h>

int main(int argc, char **argv)
{
	size_t n = 0, cap = 1 << 20, z;
	unsigned char *in = malloc(cap), *out;
	struct libdeflate_compressor *c;
	int level = argc > 1 ? atoi(argv[1]) : 12;

	for (size_t got; in && (got = fread(in + n, 1, cap - n, stdin)) > 0;)
		if ((n += got) == cap)
			in = realloc(in, cap *= 2);
	c = libdeflate_alloc_compressor(level);
	if (!in || !c || ferror(stdin)) {
		fprintf(stderr, "ldgzip: cannot read input or level %d unsupported\n", level);
		return 1;
	}
	out = malloc(z = libdeflate_gzip_compress_bound(c, n));
	if (!out || !(z = libdeflate_gzip_compress(c, in, n, out, z)) || fwrite(out, 1, z, stdout) != z) {
		fprintf(stderr, "ldgzip: compression failed\n");
		return 1;
	}
	return 0;
}
