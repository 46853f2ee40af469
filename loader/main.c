// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * secure-ccw boot flow, the table of contents of the firmware:
 *
 *   1. SCLP console; memory size and machine loadparm from Read SCP Info
 *   2. QEMU's IPL parameters at 0xcc and its fallback IPL blocks (9.2+)
 *   3. the IPL block QEMU stored (DIAG 308 store): boot that device, then
 *      each fallback device in boot order; without one, scan for a device
 *   4. nothing booted: say so and stop in a disabled wait
 *
 * This is the only code that halts the machine on a boot failure.
 */
#include "diag/diag.h"
#include "drivers/css/css.h"
#include "drivers/sclp/sclp.h"
#include "fw/dma.h"
#include "fw/err.h"
#include "fw/halt.h"
#include "fw/layout.h"
#include "fw/log.h"
#include "fw/machine.h"
#include "fw/string.h"
#include "iplb/iplb.h"
#include "loader/boot.h"
#include "loader/main.h"
#include "loader/secure.h"

/* The IPL block page QEMU reads and writes, followed by room for the IPL
 * information report of Secure IPL. */
#define IPLB_AREA_PAGES 3

static struct iplb chain[IPLB_CHAIN_MAX];

static FW_NORETURN void halt(uint32_t code, const char *msg)
{
	fw_printf("\nsecure-ccw: %s\n", msg);
	mach_halt(code);
}

/* QEMU 7.2 loads the firmware 2 MiB below the top of (at most 2 GiB of)
 * memory, 9.2+ 3 MiB below; 7.2 has no fallback chain. */
static bool qemu_is_72(uint64_t ram_size, absaddr_t fw_start)
{
	uint64_t top = ram_size < 2 * GiB ? ram_size : 2 * GiB;

	return ram_size && top > fw_start && top - fw_start < FW_QEMU92_WINDOW;
}

/* Try the device of ctx->iplb; returns if it did not boot. */
static void try_iplb(struct boot_ctx *ctx)
{
	struct boot_spec spec;
	int rc;

	rc = iplb_parse(ctx->iplb, &spec);
	if (rc == FW_ENOENT && secure_mode() == IPL_MODE_NORMAL) {
		if (boot_undescribed(ctx) == FW_EACCES)
			halt(HALT_BAD_LOADPARM, "Invalid loadparm: the selected boot entry does "
						"not exist. Halting...");
		return;
	}
	if (rc) {
		fw_printf("boot device %u: unusable IPL block, skipping it\n", ctx->boot_index);
		return;
	}
	rc = boot_device(ctx, &spec);
	if (rc == FW_ESECURITY)
		halt(HALT_SECURE, "Secure IPL refuses to boot. Halting...");
	if (rc == FW_EACCES)
		halt(HALT_BAD_LOADPARM, "Invalid loadparm: the selected boot entry does not exist. "
					"Halting...");
	if (spec.pbt == IPL_PBT_PCI)
		fw_printf("pci 0x%x: boot failed, trying the next device\n", spec.fid);
	else
		fw_printf("0.%u.%04x: boot failed, trying the next device\n", spec.ssid,
			  spec.devno);
}

void fw_main(void)
{
	struct boot_ctx ctx;
	struct sclp_info info;
	struct qipl_info qi;
	absaddr_t fw_start, fw_end;
	uint64_t rc;
	int err;

	if (sclp_console_init())
		mach_halt(HALT_NO_CONSOLE);
	fw_printf("secure-ccw %s\n", FW_VERSION);

	memset(&ctx, 0, sizeof(ctx));
	mach_fw_region(&fw_start, &fw_end);
	if (sclp_read_info(&info)) {
		fw_printf("warning: Read SCP Info failed; assuming memory ends below the firmware\n");
		memset(&info, 0, sizeof(info));
		info.ram_size = fw_start;
	}
	memmap_init(&ctx.mm, info.ram_size);
	memcpy(ctx.sclp_loadparm, info.loadparm, sizeof(ctx.sclp_loadparm));
	qipl_read(&qi, chain, fw_start);
	ctx.qipl_flags = qi.flags;
	ctx.menu_timeout_ms = qi.boot_menu_timeout_ms;
	(void)css_enable_mss();

	ctx.iplb = dma_alloc(IPLB_AREA_PAGES * PAGE_SIZE, PAGE_SIZE);
	rc = diag308_store(ptr_to_abs(ctx.iplb));
	if (rc == DIAG308_RC_OK) {
		struct boot_spec first;
		bool first_ok = iplb_parse(ctx.iplb, &first) == 0;

		/* The mode comes from the first IPL block only, as in QEMU. */
		if (secure_init(secure_mode_of(ctx.iplb), &info, ctx.mm.fw_start,
				FW_BELOW_PAGES * PAGE_SIZE))
			halt(HALT_SECURE, "Secure IPL is not possible. Halting...");

		ctx.boot_index = qi.index;
		try_iplb(&ctx);
		for (unsigned int i = 0; i < qi.chain_len; i++) {
			memcpy(ctx.iplb, &chain[i], sizeof(chain[i]));
			ctx.boot_index++;
			try_iplb(&ctx);
		}
		/* QEMU 7.2 passes only the first boot device: look for others. */
		if (qemu_is_72(info.ram_size, fw_start) && first_ok &&
		    secure_mode() == IPL_MODE_NORMAL) {
			fw_printf("QEMU 7.2 passes no fallback devices; scanning for other boot "
				  "devices\n");
			if (boot_probe(&ctx, &first) == FW_EACCES)
				halt(HALT_BAD_LOADPARM, "Invalid loadparm: the selected boot entry "
							"does not exist. Halting...");
		}
	} else {
		if (rc != DIAG308_RC_NOCONFIG)
			fw_printf("warning: DIAG 308 store IPL block: response 0x%llx\n",
				  (unsigned long long)rc);
		/* no IPL block, no QEMU Secure IPL: an enrolled store still applies */
		if (secure_init(IPL_MODE_NORMAL, &info, ctx.mm.fw_start, FW_BELOW_PAGES * PAGE_SIZE))
			halt(HALT_SECURE, "Secure IPL is not possible. Halting...");
		err = boot_probe(&ctx, NULL);
		if (err == FW_ESECURITY)
			halt(HALT_SECURE, "Secure IPL refuses to boot. Halting...");
		if (err == FW_EACCES)
			halt(HALT_BAD_LOADPARM, "Invalid loadparm: the selected boot entry does "
						"not exist. Halting...");
	}
	halt(HALT_NO_BOOT_DEVICE, "No suitable device for IPL. Halting...");
}
