/* bootparams.c: completing the Linux zero page for the kernel (64-bit long mode): setup
 * header, loader type, command line, initrd, and the longboot setup_data node. setup16 has
 * filled the E820 table, screen_info, alt_mem_k and, for a bzImage, the setup header. */
#include "lm64.h"
#include "mem.h"

#define LOADFLAGS_KASLR 0x02 /* KASLR_FLAG: the loader randomized the kernel's placement */

/* A setup header for a kernel that brought none (a plain ELF file). */
static void fill_own_header(struct setup_header *hdr, const struct handoff *h)
{
	memset(hdr, 0, sizeof *hdr);
	hdr->boot_flag = 0xAA55;
	hdr->header = SETUP_HDR_MAGIC;
	hdr->version = 0x020f;
	hdr->kernel_alignment = (uint32_t)h->kernel_align;
	hdr->xloadflags = XLF_KERNEL_64;
	hdr->cmdline_size = LB_CMDLINE_MAX - 1;
	hdr->pref_address = h->kernel_load_addr;
	hdr->init_size = (uint32_t)h->kernel_window;
}

/* The lb_info node, in the slot setup16 set aside for it: the only setup_data node. */
static uint64_t info_node(const struct handoff *h, uint64_t load_addr, uint64_t virt_offset)
{
	struct setup_data *node = (struct setup_data *)(uintptr_t)h->info_node;
	struct lb_info *info = (struct lb_info *)node->data;
	if (sizeof *node + sizeof *info > h->info_node_size)
		fatal("handoff: setup_data slot at 0x%x holds %u bytes, the node needs %u", h->info_node,
		      h->info_node_size, (unsigned)(sizeof *node + sizeof *info));
	node->next = 0;
	node->type = SETUP_LONGBOOT_INFO;
	node->len = sizeof *info;
	info->version = LB_INFO_VERSION;
	info->a20_method = h->a20_method;
	info->mem_method = h->mem_method;
	info->disk_method = h->disk_method;
	info->boot_drive = h->boot_drive;
	info->kernel_load_addr = load_addr;
	info->virt_offset = virt_offset;
	return h->info_node;
}

void bootparams_fill(struct boot_params *bp, const struct handoff *h, uint64_t load_addr,
		     uint64_t virt_offset, int kaslr)
{
	if (!(h->flags & LBF_LINUX))
		fill_own_header(&bp->hdr, h);
	struct setup_header *hdr = &bp->hdr;
	hdr->type_of_loader = LOADER_TYPE_UNKNOWN;
	hdr->loadflags |= LOADFLAGS_LOADED_HIGH;
	hdr->loadflags &= ~LOADFLAGS_CAN_USE_HEAP; /* no heap: setup16's code is gone */
	if (kaslr)
		hdr->loadflags |= LOADFLAGS_KASLR;
	else
		hdr->loadflags &= ~LOADFLAGS_KASLR;
	hdr->cmd_line_ptr = h->cmdline;
	bp->ext_cmd_line_ptr = 0;
	hdr->code32_start = (uint32_t)load_addr;
	uint64_t rd = h->initrd_bytes ? h->placed[PLACED_INITRD].base : 0, rd_size = rd ? h->initrd_bytes : 0;
	hdr->ramdisk_image = (uint32_t)rd;
	bp->ext_ramdisk_image = (uint32_t)(rd >> 32);
	hdr->ramdisk_size = (uint32_t)rd_size;
	bp->ext_ramdisk_size = (uint32_t)(rd_size >> 32);
	bp->sentinel = 0;
	hdr->setup_data = info_node(h, load_addr, virt_offset);
}
