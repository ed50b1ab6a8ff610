/* bootparams.c: completing the Linux zero page for the kernel (64-bit long mode): setup
 * header, loader type, command line, initrd, and the longboot setup_data node. setup16 has
 * filled the E820 table, screen_info, alt_mem_k and the command line at LB_CMDLINE. */
#include "lm64.h"
#include "mem.h"

#define LOADFLAGS_KASLR 0x02 /* KASLR_FLAG: the loader randomized the kernel's placement */
#define SETUP_CHAIN_MAX 64   /* a longer setup_data chain is taken as a loop */

static void fill_own_header(struct setup_header *hdr, const struct loader_patch *p)
{
	memset(hdr, 0, sizeof *hdr);
	hdr->boot_flag = 0xAA55;
	hdr->header = SETUP_HDR_MAGIC;
	hdr->version = 0x020f;
	hdr->kernel_alignment = (uint32_t)p->kernel_align;
	hdr->xloadflags = XLF_KERNEL_64;
	hdr->cmdline_size = LB_CMDLINE_MAX - 1;
	hdr->pref_address = p->kernel_load_addr;
	hdr->init_size = (uint32_t)p->kernel_window;
}

/* The setup_data chain starting at head with node appended (unless it is in it already). */
static uint64_t chain_append(uint64_t head, struct setup_data *node)
{
	uint64_t at = (uint64_t)(uintptr_t)node;
	if (!head)
		return at;
	struct setup_data *d = (struct setup_data *)(uintptr_t)head;
	for (int i = 0; (uint64_t)(uintptr_t)d != at; i++) {
		if (i == SETUP_CHAIN_MAX)
			fatal("boot_params: setup_data chain longer than %d nodes (a loop?) from 0x%llx",
			      SETUP_CHAIN_MAX, (unsigned long long)head);
		if (!d->next) {
			d->next = at;
			break;
		}
		d = (struct setup_data *)(uintptr_t)d->next;
	}
	return head;
}

void bootparams_fill(struct boot_params *bp, const struct handoff *h, const struct loader_patch *p,
		     uint64_t load_addr, uint64_t virt_offset, int kaslr)
{
	uint64_t chain = bp->hdr.setup_data; /* nodes setup16 may have added */
	if (p->flags & LBF_LINUX) {
		unsigned len = p->setup_header_len;
		if (len > sizeof bp->hdr)
			len = sizeof bp->hdr;
		memset(&bp->hdr, 0, sizeof bp->hdr);
		memcpy(&bp->hdr, p->setup_header, len);
	} else {
		fill_own_header(&bp->hdr, p);
	}
	struct setup_header *hdr = &bp->hdr;
	hdr->type_of_loader = LOADER_TYPE_UNKNOWN;
	hdr->loadflags |= LOADFLAGS_LOADED_HIGH;
	hdr->loadflags &= ~LOADFLAGS_CAN_USE_HEAP; /* no heap: setup16's code is gone */
	if (kaslr)
		hdr->loadflags |= LOADFLAGS_KASLR;
	else
		hdr->loadflags &= ~LOADFLAGS_KASLR;
	hdr->cmd_line_ptr = LB_CMDLINE;
	bp->ext_cmd_line_ptr = 0;
	hdr->code32_start = (uint32_t)load_addr;
	uint64_t rd = p->initrd.bytes ? h->initrd : 0, rd_size = rd ? p->initrd.bytes : 0;
	hdr->ramdisk_image = (uint32_t)rd;
	bp->ext_ramdisk_image = (uint32_t)(rd >> 32);
	hdr->ramdisk_size = (uint32_t)rd_size;
	bp->ext_ramdisk_size = (uint32_t)(rd_size >> 32);
	bp->sentinel = 0;

	struct setup_data *node = (struct setup_data *)(uintptr_t)LB_SETUP_DATA;
	struct lb_info *info = (struct lb_info *)node->data;
	_Static_assert(sizeof(struct setup_data) + sizeof(struct lb_info) <= LB_STACK_BOTTOM - LB_SETUP_DATA,
		       "the setup_data node fits its slot LB_SETUP_DATA..LB_STACK_BOTTOM");
	node->next = 0;
	node->type = SETUP_LONGBOOT_INFO;
	node->len = sizeof *info;
	info->version = 1;
	info->a20_method = h->a20_method;
	info->mem_method = h->mem_method;
	info->disk_method = h->disk_method;
	info->boot_drive = h->boot_drive;
	info->kernel_load_addr = load_addr;
	info->virt_offset = virt_offset;
	hdr->setup_data = chain_append(chain, node);
}
