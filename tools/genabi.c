/* genabi.c: host tool run by the build. Prints the views of the include/ headers that other languages
 * use, with the values the C compiler computes (it is the only parser of the headers):
 *   genabi inc   NASM include: %define per constant and per struct field   (build/gen/abi.inc)
 *   genabi mk    make fragment: decimal values                           (build/gen/abi.mk)
 *   genabi lds   #define lines for the cpp'd linker scripts              (build/gen/abi.lds.h)
 *   genabi py    Python module: constants and struct layouts             (build/gen/lbabi.py)
 * Each struct's field list below must tile the struct exactly: a field added to a header and
 * not here makes this tool fail, so a view never silently lags its header. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "inflate.h"
#include "layout.h"
#include "patch.h"
#include "config.h"
#include "x86.h"
#include "biosregs.h"
#include "handoff.h"

struct konst {
	const char *name;
	unsigned long long v;
};
#define K(x) { #x, (unsigned long long)(x) }

static const struct konst konsts[] = {
	/* layout.h */
	K(LB_BOOT_PARAMS), K(LB_CMDLINE), K(LB_CMDLINE_MAX), K(LB_SETUP_DATA), K(LB_STACK_BOTTOM),
	K(LB_STACK_TOP), K(LB_MBR), K(LB_LOADER), K(LB_LOADER16_END), K(LB_LM64), K(LB_LM64_END),
	K(LB_BOUNCE), K(LB_BOUNCE_SIZE), K(LB_PAGETABLES), K(LB_PAGETABLES_END), K(LB_LOW_END),
	K(LB_HIGH_MIN), K(LB_SECTOR), K(LB_MAX_XFER_SECTORS), K(LB_LOADER_MAX_SECTORS),
	K(LB_LOG), K(LB_LOG_END), K(LB_LOADER16_MAX), K(BIOSREGS_SIZE), K(GATE_IDLE),
	/* patch.h */
	K(MBR_PATCH_OFFSET), K(MBR_PATCH_MAGIC), K(LOADER_HEAD_MAGIC), K(LOADER_PATCH_OFFSET),
	K(LOADER_PATCH_MAGIC), K(LOADER_PATCH_VERSION), K(LOADER_SUM_START),
	K(LBT_NO_E820), K(LBT_NO_E801), K(LBT_A20_OFF), K(LBT_NO_A20_BIOS), K(LBT_NO_A20_KBC),
	K(LBT_NO_A20_FAST), K(LBT_NO_EDD), K(LBT_XFER_255), K(LBT_GATE_TEST),
	/* config.h */
	K(LB_CFG_MAGIC), K(LB_CFG_VERSION), K(LB_CFG_MAX_ENTRIES), K(LB_CFG_SLOT_SECTORS),
	K(LB_CFG_MAX_BYTES), K(LBC_NO_TIMING), K(LBC_VERBOSE), K(LBC_MENU_ALWAYS), K(LBC_TIMING),
	K(LBK_LINUX), K(LBK_RELOCATABLE), K(LBK_RELOCS), K(LB_VBE_BUF), K(LB_VBE_BUF_END),
	/* x86.h */
	K(X86_SEL_CODE64), K(X86_SEL_DATA), K(X86_SEL_CODE32), K(X86_SEL_CODE16), K(X86_SEL_DATA16),
	K(X86_CR0_PE), K(X86_CR0_MP), K(X86_CR0_EM), K(X86_CR0_NW), K(X86_CR0_CD), K(X86_CR0_PG),
	K(X86_CR4_PAE), K(X86_CR4_OSFXSR), K(X86_CR4_OSXMMEXCPT), K(X86_MSR_EFER), K(X86_EFER_LME), K(X86_EFER_LMA),
	K(X86_EFLAGS_ID), K(X86_PTE_P), K(X86_PTE_W), K(X86_PTE_PS), K(X86_PTE_ADDR),
	K(X86_CPUID_1_EDX_TSC), K(X86_CPUID_1_ECX_RDRAND), K(X86_CPUID_X1_EDX_1GB),
	K(X86_CPUID_X1_EDX_LM), K(X86_COM1), K(X86_UART_LSR), K(X86_UART_LSR_THRE),
	K(X86_UART_LSR_TEMT), K(X86_UART_LSR_DR), K(X86_UART_IIR), K(X86_UART_IIR_FIFO), K(X86_UART_FIFO), K(X86_PIT_HZ), K(X86_PIT_CH0), K(X86_PIT_CH2), K(X86_PIT_CMD),
	K(X86_PORT_B),
	/* inflate/inflate.h: the stack bound make check-inflate-freestanding enforces */
	K(INFLATE_STACK_BYTES),
	/* derived, for the Makefiles */
	{ "LM64_FILE_OFFSET", LB_LM64 - LB_LOADER },
};

struct field {
	const char *name;
	size_t off, size;
	const char *fmt; /* Python struct code of one element; "s" for byte arrays */
};
#define FMT(x) _Generic((x), uint8_t: "B", uint16_t: "H", uint32_t: "I", uint64_t: "Q", \
			uint8_t *: "s", char *: "s")
#define F(S, member, pyname) \
	{ pyname, offsetof(struct S, member), sizeof(((struct S *)0)->member), FMT(((struct S *)0)->member) }

static const struct field mbr_patch_fields[] = {
	F(mbr_patch, magic, "magic"), F(mbr_patch, loader_sectors, "loader_sectors"),
	F(mbr_patch, reserved, "reserved"), F(mbr_patch, loader_lba, "loader_lba"),
};
static const struct field loader_head_fields[] = {
	F(loader_head, jump, "jump"), F(loader_head, magic, "magic"), F(loader_head, bytes, "bytes"),
	F(loader_head, sum_a, "sum_a"), F(loader_head, sum_b, "sum_b"),
};
static const struct field loader_patch_fields[] = {
	F(loader_patch, magic, "magic"), F(loader_patch, version, "version"),
	F(loader_patch, size, "size"), F(loader_patch, test_flags, "test_flags"),
	F(loader_patch, reserved, "reserved"), F(loader_patch, config_lba[0], "config_lba_a"),
	F(loader_patch, config_lba[1], "config_lba_b"),
};
static const struct field lb_cfg_header_fields[] = {
	F(lb_cfg_header, magic, "magic"), F(lb_cfg_header, version, "version"),
	F(lb_cfg_header, header_size, "header_size"), F(lb_cfg_header, table_bytes, "table_bytes"),
	F(lb_cfg_header, sequence, "sequence"), F(lb_cfg_header, crc32, "crc32"),
	F(lb_cfg_header, flags, "flags"), F(lb_cfg_header, test_flags, "test_flags"),
	F(lb_cfg_header, timeout, "timeout"), F(lb_cfg_header, default_entry, "default_entry"),
	F(lb_cfg_header, entry_count, "entry_count"), F(lb_cfg_header, entry_size, "entry_size"),
	F(lb_cfg_header, reserved, "reserved"),
};
static const struct field lb_cfg_entry_fields[] = {
	F(lb_cfg_entry, kernel.lba, "kernel_lba"), F(lb_cfg_entry, kernel.bytes, "kernel_bytes"),
	F(lb_cfg_entry, kernel.crc32, "kernel_crc32"),
	F(lb_cfg_entry, initrd.lba, "initrd_lba"), F(lb_cfg_entry, initrd.bytes, "initrd_bytes"),
	F(lb_cfg_entry, initrd.crc32, "initrd_crc32"),
	F(lb_cfg_entry, load_addr, "kernel_load_addr"), F(lb_cfg_entry, window, "kernel_window"),
	F(lb_cfg_entry, align, "kernel_align"), F(lb_cfg_entry, elf_size, "elf_size"),
	F(lb_cfg_entry, reloc_size, "reloc_size"), F(lb_cfg_entry, initrd_addr_max, "initrd_addr_max"),
	F(lb_cfg_entry, kflags, "kflags"), F(lb_cfg_entry, title, "title"),
	F(lb_cfg_entry, version, "version"), F(lb_cfg_entry, cmdline, "cmdline"),
	F(lb_cfg_entry, setup_header, "setup_header"), F(lb_cfg_entry, setup_header_len, "setup_header_len"),
	F(lb_cfg_entry, cmdline_max, "cmdline_max"), F(lb_cfg_entry, reserved, "reserved"),
};

struct layout {
	const char *name;
	size_t size;
	const struct field *f;
	size_t n;
};
#define L(S) { #S, sizeof(struct S), S##_fields, sizeof S##_fields / sizeof S##_fields[0] }
static const struct layout layouts[] = { L(mbr_patch), L(loader_head), L(loader_patch), L(lb_cfg_header), L(lb_cfg_entry) };
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The fields must follow each other without gaps and end at sizeof (packed structs). */
static int check_tiling(const struct layout *l)
{
	size_t at = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (l->f[i].off != at) {
			fprintf(stderr, "genabi: struct %s: field %s at %zu, want %zu (tools/genabi.c's field "
				"list does not match the header)\n", l->name, l->f[i].name, l->f[i].off, at);
			return 1;
		}
		at += l->f[i].size;
	}
	if (at != l->size) {
		fprintf(stderr, "genabi: struct %s: fields end at %zu, sizeof is %zu (a field is missing "
			"from tools/genabi.c)\n", l->name, at, l->size);
		return 1;
	}
	return 0;
}

/* Python struct format: "<" then each field ("128s" for a byte array). */
static void py_format(const struct layout *l, char *out, size_t cap)
{
	size_t n = (size_t)snprintf(out, cap, "<");
	for (size_t i = 0; i < l->n && n < cap; i++) {
		const struct field *f = &l->f[i];
		if (strcmp(f->fmt, "s") == 0)
			n += (size_t)snprintf(out + n, cap - n, "%zus", f->size);
		else
			n += (size_t)snprintf(out + n, cap - n, "%s", f->fmt);
	}
}

static void upper(const char *s, char *out, size_t cap)
{
	size_t i = 0;
	for (; s[i] && i + 1 < cap; i++)
		out[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i]);
	out[i] = 0;
}

static const char head_note[] = "generated by tools/genabi.c from include/*.h: do not edit";

static void emit_inc(void)
{
	printf("; abi.inc: %s\n", head_note);
	for (size_t i = 0; i < COUNT(konsts); i++)
		printf("%%define %s 0x%llX\n", konsts[i].name, konsts[i].v);
	for (size_t i = 0; i < COUNT(layouts); i++) {
		const struct layout *l = &layouts[i];
		/* like a NASM struc (name.field offsets, name_size), as macros: no symbols in objects */
		for (size_t j = 0; j < l->n; j++)
			printf("%%define %s.%s %zu\n", l->name, l->f[j].name, l->f[j].off);
		printf("%%define %s_size %zu\n", l->name, l->size);
	}
}

static void emit_mk(void)
{
	printf("# abi.mk: %s\n", head_note);
	for (size_t i = 0; i < COUNT(konsts); i++)
		printf("%s := %llu\n", konsts[i].name, konsts[i].v);
}

static void emit_lds(void)
{
	printf("/* abi.lds.h: %s */\n", head_note);
	for (size_t i = 0; i < COUNT(konsts); i++)
		printf("#define %s 0x%llX\n", konsts[i].name, konsts[i].v);
	for (size_t i = 0; i < COUNT(layouts); i++) {
		char up[64];
		upper(layouts[i].name, up, sizeof up);
		printf("#define SIZEOF_%s %zu\n", up, layouts[i].size);
	}
}

static void emit_py(void)
{
	printf("\"\"\"lbabi.py: %s.\n\nConstants by their C names; per struct NAME: NAME_SIZE, "
	       "NAME_FORMAT (struct module,\nlittle-endian, packed) and NAME_FIELDS ((name, offset, "
	       "size, format) in order).\"\"\"\n\n", head_note);
	for (size_t i = 0; i < COUNT(konsts); i++)
		printf("%s = 0x%llX\n", konsts[i].name, konsts[i].v);
	for (size_t i = 0; i < COUNT(layouts); i++) {
		const struct layout *l = &layouts[i];
		char up[64], fmt[256];
		upper(l->name, up, sizeof up);
		py_format(l, fmt, sizeof fmt);
		printf("\n%s_SIZE = %zu\n%s_FORMAT = \"%s\"\n%s_FIELDS = (\n", up, l->size, up, fmt, up);
		for (size_t j = 0; j < l->n; j++)
			printf("    (\"%s\", %zu, %zu, \"%s\"),\n", l->f[j].name, l->f[j].off, l->f[j].size,
			       l->f[j].fmt);
		printf(")\n");
	}
}

int main(int argc, char **argv)
{
	for (size_t i = 0; i < COUNT(layouts); i++)
		if (check_tiling(&layouts[i]))
			return 1;
	const char *mode = argc == 2 ? argv[1] : "";
	if (!strcmp(mode, "inc"))
		emit_inc();
	else if (!strcmp(mode, "mk"))
		emit_mk();
	else if (!strcmp(mode, "lds"))
		emit_lds();
	else if (!strcmp(mode, "py"))
		emit_py();
	else {
		fprintf(stderr, "usage: genabi inc|mk|lds|py\n");
		return 1;
	}
	return fflush(stdout) || ferror(stdout) ? 1 : 0;
}
