/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The emulated machine behind fw/machine.h: guest RAM with QEMU's layout
 * (firmware at fwbase = (min(RAM, 2 GiB) - window) & ~0xffff, the 9.2+
 * fallback IPLB chain in the pages below it, QIPL at 0xcc), a virtual TOD
 * clock that only moves when the firmware looks at it or waits, external
 * interruptions (service signal) for mach_wait_ext(), and the stops that end
 * a run (halt, hand-over, program check, hang) by longjmp.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "abi/iplb.h"
#include "abi/lowcore.h"
#include "abi/qipl.h"
#include "emu_int.h"
#include "fw/endian.h"
#include "fw/layout.h"
#include "fw/machine.h"

struct emu_machine emu_m;

#define EMU_TOD_START 0xdb00000000000000ULL  /* some day in 2022 */
#define EMU_TOD_PER_US 4096ULL
#define EMU_FW_FILL_SEED 0x5eccu
#define EMU_TRAMP_OFFSET 0x400

/* --- stops ------------------------------------------------------------- */

static void emu_vwhy(const char *fmt, va_list ap)
{
	vsnprintf(emu_m.res.why, sizeof(emu_m.res.why), fmt, ap);
}

void emu_stop(enum emu_outcome o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emu_vwhy(fmt, ap);
	va_end(ap);
	emu_finish(o);
}

void emu_finish(enum emu_outcome o)
{
	emu_m.res.outcome = o;
	emu_m.res.virtual_us = emu_now_us();
	if (!emu_m.running) {
		fprintf(stderr, "emu: machine stopped outside a run: %s (%s)\n",
			emu_outcome_name(o), emu_m.res.why);
		abort();
	}
	emu_m.running = false;
	longjmp(emu_m.jb, 1);
}

void emu_pgm(uint16_t code, const char *fmt, ...)
{
	va_list ap;
	uint8_t *lc = emu_m.ram;

	emu_m.res.pgm_code = code;
	put_be16(lc + LC_PGM_CODE, code);
	va_start(ap, fmt);
	emu_vwhy(fmt, ap);
	va_end(ap);
	fprintf(stderr, "emu: program interruption 0x%04x: %s\n", code, emu_m.res.why);
	emu_finish(EMU_OUT_PGM);
}

void emu_violation_add(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fprintf(stderr, "emu: violation: %s\n", buf);
	if (emu_m.nviolations < EMU_MAX_VIOLATIONS)
		emu_m.violations[emu_m.nviolations] = strdup(buf);
	emu_m.nviolations++;
}

/* --- guest memory -------------------------------------------------------- */

bool emu_range_ok(uint64_t addr, uint64_t len)
{
	return len <= emu_m.ram_size && addr <= emu_m.ram_size - len;
}

void *abs_to_ptr(absaddr_t addr, uint64_t len)
{
	if (!emu_m.built || !emu_range_ok(addr, len))
		return NULL;
	return emu_m.ram + addr;
}

absaddr_t ptr_to_abs(const void *p)
{
	const uint8_t *b = p;

	if (!emu_m.built || b < emu_m.ram || b >= emu_m.ram + emu_m.ram_size) {
		fprintf(stderr,
			"\nemu: FATAL: ptr_to_abs(%p): not guest memory. The firmware handed "
			"the machine a pointer outside guest RAM (a stack or .bss/.data "
			"buffer instead of the DMA area); on s390x that address would be "
			"garbage to the channel subsystem.\n", p);
		abort();
	}
	return (absaddr_t)(b - emu_m.ram);
}

static bool emu_in_fw_image(uint64_t addr, uint64_t len, uint64_t *hitp)
{
	uint64_t end = addr + len;
	uint64_t dma_end = emu_m.dma_base + FW_DMA_SIZE;

	if (end <= emu_m.fwbase || addr >= emu_m.fwend)
		return false;
	/* the DMA area is the one part of the firmware devices may write */
	if (addr >= emu_m.dma_base && end <= dma_end)
		return false;
	*hitp = addr < emu_m.fwbase ? emu_m.fwbase : addr;
	if (*hitp >= emu_m.dma_base && *hitp < dma_end)
		*hitp = dma_end;
	return true;
}

bool emu_dma_read(uint64_t addr, void *buf, uint64_t len)
{
	if (!emu_range_ok(addr, len))
		return false;
	memcpy(buf, emu_m.ram + addr, len);
	return true;
}

bool emu_dma_write(uint64_t addr, const void *buf, uint64_t len)
{
	uint64_t hit;

	if (!emu_range_ok(addr, len))
		return false;
	if (len && emu_in_fw_image(addr, len, &hit))
		emu_violation_add("device/DMA write of %llu bytes at 0x%llx hits the firmware "
				  "image at 0x%llx (outside the DMA area)",
				  (unsigned long long)len, (unsigned long long)addr,
				  (unsigned long long)hit);
	memcpy(emu_m.ram + addr, buf, len);
	return true;
}

void mach_fw_region(absaddr_t *startp, absaddr_t *endp)
{
	*startp = emu_m.fwbase;
	*endp = emu_m.fwend;
}

void *mach_dma_area(size_t *sizep)
{
	*sizep = FW_DMA_SIZE;
	return emu_m.ram + emu_m.dma_base;
}

/* --- clock and interruptions --------------------------------------------- */

uint64_t emu_now_us(void)
{
	return (emu_m.tod - emu_m.tod_start) / EMU_TOD_PER_US;
}

void emu_tick(void)
{
	if (emu_m.cfg.max_virtual_ms &&
	    emu_now_us() > emu_m.cfg.max_virtual_ms * 1000ULL)
		emu_stop(EMU_OUT_HANG, "virtual time budget of %llu ms exceeded (firmware "
			 "polls forever?)", (unsigned long long)emu_m.cfg.max_virtual_ms);
	for (unsigned int i = 0; i < emu_m.ndevs; i++) {
		struct emu_dev *d = &emu_m.devs[i];

		for (unsigned int q = 0; q < EMU_VQ_MAX; q++) {
			if (d->kick_due[q] && d->kick_due[q] <= emu_m.tod) {
				d->kick_due[q] = 0;
				emu_vccw_process(d, q);
			}
		}
		if (d->ops && d->ops->tick && d->present)
			d->ops->tick(d);
	}
	emu_sclp_tick();
}

void emu_advance_us(uint64_t us)
{
	emu_m.tod += us * EMU_TOD_PER_US;
	emu_tick();
}

bool mach_vm_uuid(uint8_t uuid[16])
{
	if (!emu_m.cfg.uuid)
		return false;
	memcpy(uuid, emu_m.cfg.uuid, 16);
	return true;
}

uint64_t mach_tod(void)
{
	emu_advance_us(emu_m.cfg.tod_step_us);
	return emu_m.tod;
}

/* Earliest TOD at which something can happen on its own. */
static uint64_t emu_next_event(void)
{
	uint64_t next = UINT64_MAX;

	for (unsigned int i = 0; i < emu_m.ndevs; i++)
		for (unsigned int q = 0; q < EMU_VQ_MAX; q++)
			if (emu_m.devs[i].kick_due[q] && emu_m.devs[i].kick_due[q] < next)
				next = emu_m.devs[i].kick_due[q];
	if (emu_m.next_key < emu_m.cfg.nkeys) {
		uint64_t t = emu_m.tod_start +
			     emu_m.cfg.keys[emu_m.next_key].at_ms * 1000ULL * EMU_TOD_PER_US;

		if (t < next)
			next = t;
	}
	return next;
}

/*
 * An enabled wait found nothing pending: move the TOD clock to the next
 * event, or to @deadline when nothing happens before it (a deadline beyond
 * the virtual-time budget is a hang). Returns false once the clock has
 * reached the deadline (the clock-comparator interruption).
 */
static bool emu_wait_advance(uint64_t deadline)
{
	uint64_t next;

	if (emu_m.tod >= deadline)
		return false;
	next = emu_next_event();
	if (next >= deadline) {
		uint64_t budget = emu_m.cfg.max_virtual_ms * 1000ULL * EMU_TOD_PER_US;

		if (deadline - emu_m.tod > budget)
			emu_stop(EMU_OUT_HANG, "enabled wait with nothing pending and no "
				 "reachable deadline (%llu us ahead)",
				 (unsigned long long)((deadline - emu_m.tod) / EMU_TOD_PER_US));
		next = deadline;
	}
	if (next > emu_m.tod)
		emu_m.tod = next;
	return true;
}

uint16_t mach_wait_ext(uint64_t deadline)
{
	uint8_t *lc = emu_m.ram;

	for (;;) {
		emu_tick();
		if (emu_m.sig_pending) {
			emu_m.sig_pending = false;
			put_be32(lc + 0x80, emu_m.sig_param);
			put_be16(lc + LC_EXT_INT_CODE, EXT_CODE_SERVICE_SIGNAL);
			return EXT_CODE_SERVICE_SIGNAL;
		}
		if (!emu_wait_advance(deadline))
			return 0;
	}
}

/* The device whose I/O interruption is delivered next (oldest first). */
static struct emu_dev *emu_io_next(void)
{
	struct emu_dev *best = NULL;

	for (unsigned int i = 0; i < emu_m.ndevs; i++) {
		struct emu_dev *d = &emu_m.devs[i];

		if (d->io_pending && (!best || d->io_seq < best->io_seq))
			best = d;
	}
	return best;
}

/*
 * The enabled wait for I/O: time jumps to the next event (a delayed
 * completion, a key) until an I/O interruption is pending, which is then
 * delivered (lowcore identification, queue entry consumed; the subchannel
 * stays status pending), or to the deadline (clock comparator).
 */
bool mach_wait_io(uint64_t deadline, uint32_t *schidp)
{
	uint8_t *lc = emu_m.ram;

	emu_m.res.io_waits++;
	for (;;) {
		struct emu_dev *d;

		emu_tick();
		d = emu_io_next();
		if (d) {
			uint32_t schid = SCHID_MAKE(d->ssid, d->schno);

			d->io_pending = false;
			put_be32(lc + LC_SUBCHANNEL_ID, schid);
			put_be32(lc + LC_IO_INT_PARM, d->intparm);
			if (schidp)
				*schidp = schid;
			return true;
		}
		if (!emu_wait_advance(deadline))
			return false;
	}
}

FW_NORETURN void mach_halt(uint32_t code)
{
	emu_m.res.halt_code = code;
	emu_stop(EMU_OUT_HALT, "halt 0x%x", code);
}

absaddr_t mach_trampoline(uint64_t saved_psw, uint64_t target)
{
	emu_m.tramp_set = true;
	emu_m.tramp_psw = saved_psw;
	emu_m.tramp_target = target;
	return emu_m.tramp;
}

/* Record the hand-over DIAG 308 load normal performs (QEMU: subsystem
 * reset, initial CPU reset, PSW from absolute 0). */
FW_NORETURN void emu_handover(void)
{
	struct emu_handover *ho = &emu_m.res.ho;
	uint8_t *lc = emu_m.ram;
	uint64_t psw = get_be64(lc);
	uint64_t mask = psw & 0xffffffff80000000ULL;

	ho->psw = psw;
	ho->psw_valid = (psw & PSW_SHORT_FORMAT) != 0;
	ho->entry = psw & PSW_SHORT_ADDR_MASK;
	ho->entry_64bit = (mask & PSW_MASK_64) == PSW_MASK_64;
	ho->lc_iplb_ptr = get_be32(lc + LC_IPLB_PTR);
	ho->lc_schid = get_be16(lc + LC_SUBCHANNEL_ID);
	ho->lc_schno = get_be16(lc + LC_SUBCHANNEL_NR);
	ho->lc_intparm = get_be32(lc + LC_IO_INT_PARM);
	ho->iplb_valid = emu_m.iplb_valid;
	ho->iplb_was_set = emu_m.iplb_was_set;
	memcpy(ho->iplb, emu_m.iplb, sizeof(ho->iplb));
	if (emu_m.tramp_set && ho->entry == emu_m.tramp) {
		/* what the trampoline does once the CPU runs it */
		ho->via_trampoline = true;
		ho->saved_psw = emu_m.tramp_psw;
		ho->entry = emu_m.tramp_target;
		ho->entry_64bit = ho->entry_64bit; /* trampoline keeps the mode */
		put_be64(lc, emu_m.tramp_psw);
	}
	if (!ho->psw_valid)
		fprintf(stderr, "emu: hand-over PSW %016llx lacks the short-PSW bit: the "
			"CPU would take a specification exception\n", (unsigned long long)psw);
	emu_stop(EMU_OUT_HANDOVER, "PSW %016llx entry 0x%llx", (unsigned long long)psw,
		 (unsigned long long)ho->entry);
}

/* --- building the machine ------------------------------------------------ */

uint8_t emu_pattern_byte(uint32_t seed, uint64_t off)
{
	uint64_t x = (off >> 3) * 0x9e3779b97f4a7c15ULL + seed;

	x ^= x >> 29;
	return (uint8_t)(x >> (8 * (off & 7)));
}

/* The pattern of the firmware image area (the same for every machine). */
static const uint8_t *emu_fw_pattern(void)
{
	static uint8_t *pat;

	if (!pat) {
		pat = malloc(FW_MAX_FOOTPRINT);
		if (!pat)
			abort();
		for (uint64_t i = 0; i < FW_MAX_FOOTPRINT; i++)
			pat[i] = emu_pattern_byte(EMU_FW_FILL_SEED, i);
	}
	return pat;
}

static void emu_fill_fw_image(void)
{
	uint64_t dma = emu_m.dma_base - emu_m.fwbase;

	memcpy(emu_m.ram + emu_m.fwbase, emu_fw_pattern(), dma);
	memcpy(emu_m.ram + emu_m.dma_base + FW_DMA_SIZE, emu_fw_pattern() + dma + FW_DMA_SIZE,
	       FW_MAX_FOOTPRINT - dma - FW_DMA_SIZE);
}

bool emu_fw_region_intact(char *why, size_t whylen)
{
	const uint8_t *pat = emu_fw_pattern();
	uint64_t dma = emu_m.dma_base - emu_m.fwbase;

	if (!memcmp(emu_m.ram + emu_m.fwbase, pat, dma) &&
	    !memcmp(emu_m.ram + emu_m.dma_base + FW_DMA_SIZE, pat + dma + FW_DMA_SIZE,
		    FW_MAX_FOOTPRINT - dma - FW_DMA_SIZE))
		return true;
	for (uint64_t a = emu_m.fwbase; a < emu_m.fwend; a++) {
		if (a >= emu_m.dma_base && a < emu_m.dma_base + FW_DMA_SIZE)
			continue;
		if (emu_m.ram[a] != pat[a - emu_m.fwbase]) {
			snprintf(why, whylen, "firmware image overwritten at 0x%llx "
				 "(fwbase 0x%llx + 0x%llx)", (unsigned long long)a,
				 (unsigned long long)emu_m.fwbase,
				 (unsigned long long)(a - emu_m.fwbase));
			return false;
		}
	}
	return true;
}

bool emu_chain_intact(char *why, size_t whylen)
{
	uint64_t len = (uint64_t)emu_m.chain_len * EMU_PAGE;

	if (len && memcmp(emu_m.ram + emu_m.chain_base, emu_m.chain_copy, len) != 0) {
		for (uint64_t i = 0; i < len; i++) {
			if (emu_m.ram[emu_m.chain_base + i] != emu_m.chain_copy[i]) {
				snprintf(why, whylen, "IPLB chain modified at 0x%llx",
					 (unsigned long long)(emu_m.chain_base + i));
				break;
			}
		}
		return false;
	}
	return true;
}

static uint8_t emu_qipl_flags(const struct emu_config *cfg)
{
	uint8_t pbt;

	if (cfg->qipl_flags >= 0)
		return (uint8_t)cfg->qipl_flags;
	if (!cfg->nboot)
		return 0;
	pbt = emu_m.iplb[offsetof(struct iplb, pbt)];
	if (pbt == IPL_PBT_CCW && cfg->menu == EMU_MENU_UNSET)
		return QIPL_FLAG_BM_OPTS_ZIPL;
	if ((pbt == IPL_PBT_CCW || pbt == IPL_PBT_QEMU_SCSI) && cfg->menu == EMU_MENU_ON)
		return QIPL_FLAG_BM_OPTS_CMD;
	return 0;
}

static void emu_die_config(const char *msg)
{
	fprintf(stderr, "emu: bad scenario: %s\n", msg);
	abort();
}

/* RAM of a machine torn down by emu_machine_reset(), kept for the next */
static uint8_t *emu_spare_ram;
static uint64_t emu_spare_size;

void emu_machine_reset(void)
{
	if (!emu_m.built)
		return;
	for (unsigned int i = 0; i < emu_m.ndevs; i++) {
		struct emu_dev *d = &emu_m.devs[i];

		if (d->cfg.type == EMU_DEV_VIRTIO_BLK && d->cfg.image && d->fd > 0)
			close(d->fd);
		for (unsigned int j = 0; j < d->cfg.nluns; j++)
			if (d->luns[j].fd >= 0 && d->luns[j].cfg.image)
				close(d->luns[j].fd);
	}
	free(emu_m.console);
	free(emu_m.console_text);
	for (unsigned int i = 0; i < emu_m.nviolations && i < EMU_MAX_VIOLATIONS; i++)
		free(emu_m.violations[i]);
	madvise(emu_m.ram, emu_m.ram_size, MADV_DONTNEED);
	emu_spare_ram = emu_m.ram;
	emu_spare_size = emu_m.ram_size;
	memset(&emu_m, 0, sizeof(emu_m));
}

void emu_build(const struct emu_config *cfg)
{
	struct qipl *q;
	uint64_t top;

	if (emu_m.built)
		emu_die_config("machine already built in this process");
	memset(&emu_m, 0, sizeof(emu_m));
	emu_m.cfg = *cfg;
	if (!emu_m.cfg.tod_step_us)
		emu_m.cfg.tod_step_us = 10;
	if (!emu_m.cfg.yield_us)
		emu_m.cfg.yield_us = 1000;
	if (!emu_m.cfg.max_virtual_ms)
		emu_m.cfg.max_virtual_ms = 10 * 60 * 1000;

	emu_m.window = cfg->qemu == EMU_QEMU_72 ? FW_QEMU72_WINDOW : FW_QEMU92_WINDOW;
	if (cfg->qemu != EMU_QEMU_72 && cfg->qemu != EMU_QEMU_92)
		emu_die_config("qemu model must be EMU_QEMU_72 or EMU_QEMU_92");
	if (cfg->ram_size < emu_m.window + 64 * KiB || (cfg->ram_size & 0xfffff))
		emu_die_config("RAM too small for the BIOS window or not a MiB multiple "
			       "(QEMU: not enough RAM to load the BIOS file)");
	emu_m.ram_size = cfg->ram_size;
	if (emu_spare_ram && emu_spare_size == cfg->ram_size) {
		emu_m.ram = emu_spare_ram;      /* zeroed by emu_machine_reset() */
	} else {
		if (emu_spare_ram)
			munmap(emu_spare_ram, emu_spare_size);
		emu_m.ram = mmap(NULL, emu_m.ram_size, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (emu_m.ram == MAP_FAILED)
			emu_die_config("cannot map guest RAM");
	}
	emu_spare_ram = NULL;
	emu_spare_size = 0;
	emu_m.built = true;

	emu_m.fwbase = fw_qemu_base(emu_m.ram_size, emu_m.window);
	emu_m.fwend = emu_m.fwbase + FW_MAX_FOOTPRINT;
	top = emu_m.ram_size < 2 * GiB ? emu_m.ram_size : 2 * GiB;
	if (emu_m.fwend > top)
		emu_die_config("firmware footprint does not fit below min(RAM, 2 GiB)");
	/* DMA area in the middle of the footprint: stray device writes on
	 * either side land in the pattern-filled image part. */
	emu_m.dma_base = emu_m.fwbase + ALIGN_UP((FW_MAX_FOOTPRINT - FW_DMA_SIZE) / 2,
						 (uint64_t)EMU_PAGE);
	emu_m.tramp = emu_m.fwbase + EMU_TRAMP_OFFSET;
	emu_fill_fw_image();

	emu_m.tod = emu_m.tod_start = EMU_TOD_START;
	emu_m.console = calloc(1, EMU_CONSOLE_MAX);
	if (!emu_m.console)
		emu_die_config("out of memory");

	/* devices */
	for (unsigned int i = 0; i < cfg->ndevs; i++) {
		struct emu_dev *d = &emu_m.devs[emu_m.ndevs++];

		d->cfg = cfg->devs[i];
		if (d->cfg.pci)
			emu_zpci_add(d);
		else
			emu_css_add(d);
	}

	/* IPL blocks: QEMU's boot order; 7.2 builds only the first */
	if (cfg->nboot) {
		emu_iplb_build(&cfg->boot[0], emu_m.iplb);
		emu_m.iplb_valid = true;
	}
	q = (struct qipl *)(emu_m.ram + LC_QIPL);
	memset(q, 0, sizeof(*q));
	q->flags = emu_qipl_flags(cfg);
	if (q->flags & QIPL_FLAG_BM_OPTS_CMD)
		q->boot_menu_timeout = cpu_to_be32(cfg->splash_ms);
	if (cfg->qemu == EMU_QEMU_92 && cfg->nboot > 1) {
		unsigned int n = cfg->nboot - 1;

		if (n > FW_BELOW_PAGES)
			n = FW_BELOW_PAGES;
		emu_m.chain_len = n;
		emu_m.chain_base = (emu_m.fwbase & ~(uint64_t)(EMU_PAGE - 1)) -
				   (uint64_t)n * EMU_PAGE;
		for (unsigned int i = 0; i < n; i++)
			emu_iplb_build(&cfg->boot[i + 1],
				       emu_m.ram + emu_m.chain_base + (uint64_t)i * EMU_PAGE);
		memcpy(emu_m.chain_copy, emu_m.ram + emu_m.chain_base, (size_t)n * EMU_PAGE);
		q->index = 0;
		q->chain_len = cpu_to_be16((uint16_t)n);
		q->next_iplb = cpu_to_be64(emu_m.chain_base);
	}
}
