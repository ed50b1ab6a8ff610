/* install.c: installs the loader into an existing MBR-partitioned raw image (host). */
#include "mkdisk.h"

void image_install(const struct options *o, const struct stages *s, const struct kernel *k,
		   const struct buf *initrd)
{
	(void)s; (void)k; (void)initrd;
	die("install", "%s: not implemented yet", o->output);
}
