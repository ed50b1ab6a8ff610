/* bootparams.c: completing the Linux zero page for the kernel (64-bit long mode): setup
 * header, loader type, command line, initrd, and the longboot setup_data node. setup16 has
 * filled the E820 table, screen_info and alt_mem_k; boot.c copied a bzImage's setup header. */
#include "lm64.h"
#include "mem.h"
#include "config.h"

#define LOADFLAGS_KASLR 0x02 /* KASLR_FLAG: the loader randomized the kernel's placement */

/* A setup header for a kernel that brought none (a plain ELF file). */
static void fill_own_header(struct setup_header *hdr, const struct boot *b)
{
	memset(hdr, 0, sizeof *hdr);
	hdr->boot_flag = 0xAA55;
	hdr->header = SETUP_HDR_MAGIC;
	hdr->version = 0x020f;
	hdr->kernel_alignment = (uint32_t)b->kernel_align;
	hdr->xloadflags = XLF_KERNEL_64;
	hdr->cmdline_size = LB_CMDLINE_MAX - 1;
	hdr->pref_address = b->kernel_load_addr;
	hdr->init_size = (uint32_t)b->kernel_window;
}

/* The lb_info node, in the slot setup16 set aside for it: the only setup_data node. */
static uint64_t info_node(const struct boot *b, uint64_t load_addr, uint64_t virt_offset)
{
	struct setup_data *node = (struct setup_data *)(uintptr_t)LB_SETUP_DATA;
	struct lb_info *info = (struct lb_info *)node->data;
	_Static_assert(sizeof *node + sizeof *info <= LB_SETUP_DATA_SIZE, "the lb_info node fits its slot");
	node->next = 0;
	node->type = SETUP_LONGBOOT_INFO;
	node->len = sizeof *info;
	info->version = LB_INFO_VERSION;
	info->a20_method = b->h->a20_method;
	info->mem_method = b->h->mem_method;
	info->disk_method = disk_method();
	info->boot_drive = b->h->boot_drive;
	info->kernel_load_addr = load_addr;
	info->virt_offset = virt_offset;
	return LB_SETUP_DATA;
}

void bootparams_fill(struct boot_params *bp, const struct boot *b, uint64_t load_addr,
		     uint64_t virt_offset, int kaslr)
{
	if (!(b->kflags & LBK_LINUX))
		fill_own_header(&bp->hdr, b);
	struct setup_header *hdr = &bp->hdr;
	hdr->type_of_loader = LOADER_TYPE_UNKNOWN;
	hdr->loadflags |= LOADFLAGS_LOADED_HIGH;
	hdr->loadflags &= ~LOADFLAGS_CAN_USE_HEAP; /* no heap: setup16's code is gone */
	if (kaslr)
		hdr->loadflags |= LOADFLAGS_KASLR;
	else
		hdr->loadflags &= ~LOADFLAGS_KASLR;
	hdr->cmd_line_ptr = b->cmdline;
	bp->ext_cmd_line_ptr = 0;
	hdr->code32_start = (uint32_t)load_addr;
	uint64_t rd = b->initrd_bytes ? b->placed[PLACED_INITRD].base : 0, rd_size = rd ? b->initrd_bytes : 0;
	hdr->ramdisk_image = (uint32_t)rd;
	bp->ext_ramdisk_image = (uint32_t)(rd >> 32);
	hdr->ramdisk_size = (uint32_t)rd_size;
	bp->ext_ramdisk_size = (uint32_t)(rd_size >> 32);
	bp->sentinel = 0;
	hdr->setup_data = info_node(b, load_addr, virt_offset);
}
