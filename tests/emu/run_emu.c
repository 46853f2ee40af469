/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Scenario API (tests/emu/emu.h): configuration with QEMU's defaults, the
 * forked firmware run with its wall-clock guard and automatic post-run
 * checks, and the helpers tests use on the stopped machine.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "abi/virtio.h"
#include "emu_int.h"
#include "fw/endian.h"
#include "loader/main.h"
#include "testfw.h"

/* The firmware's entry; absent in the emulator's own unit tests. */
extern void fw_main(void) __attribute__((weak));

static const char *emu_run_file = "?";
static int emu_run_line;

/* --- configuration ------------------------------------------------------ */

void emu_config_init(struct emu_config *cfg, enum emu_qemu qemu)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->qemu = qemu;
	cfg->ram_size = 128 * MiB;
	cfg->qipl_flags = -1;
	cfg->tod_step_us = 10;
	cfg->yield_us = 1000;
	cfg->max_virtual_ms = 10 * 60 * 1000;
	cfg->wall_timeout_s = 30;
}

static struct emu_dev_cfg *emu_new_dev(struct emu_config *cfg, enum emu_dev_type type,
				       uint8_t ssid, uint16_t devno)
{
	struct emu_dev_cfg *d;

	if (cfg->ndevs >= EMU_MAX_DEVS) {
		fprintf(stderr, "emu: too many devices\n");
		abort();
	}
	d = &cfg->devs[cfg->ndevs++];
	memset(d, 0, sizeof(*d));
	d->type = type;
	d->ssid = ssid;
	d->devno = devno;
	d->schno = -1;
	d->max_rev = 2;
	d->queue_size = 128;
	d->enforce_limits = true;
	/* ring features every QEMU virtio device offers */
	d->host_features = (1ULL << 24) | (1ULL << 27) | (1ULL << 28) | (1ULL << 29) |
			   (1ULL << VIRTIO_F_VERSION_1);
	return d;
}

struct emu_dev_cfg *emu_add_dev(struct emu_config *cfg, enum emu_dev_type type,
				uint8_t ssid, uint16_t devno)
{
	struct emu_dev_cfg *d = emu_new_dev(cfg, type, ssid, devno);

	if (type == EMU_DEV_VIRTIO_NET)
		d->host_features |= 1ULL << 5 | 1ULL << 16;     /* MAC, STATUS */
	return d;
}

struct emu_dev_cfg *emu_add_blk(struct emu_config *cfg, uint8_t ssid, uint16_t devno,
				const char *image)
{
	struct emu_dev_cfg *d = emu_new_dev(cfg, EMU_DEV_VIRTIO_BLK, ssid, devno);

	d->image = image;
	d->block_size = 512;
	d->seg_max = 126;       /* queue size - 2 */
	d->host_features |= (1ULL << VIRTIO_BLK_F_SEG_MAX) | (1ULL << VIRTIO_BLK_F_GEOMETRY) |
			    (1ULL << VIRTIO_BLK_F_BLK_SIZE) | (1ULL << VIRTIO_BLK_F_TOPOLOGY) |
			    (1ULL << 9) /* FLUSH */;
	return d;
}

struct emu_dev_cfg *emu_add_scsi(struct emu_config *cfg, uint8_t ssid, uint16_t devno)
{
	struct emu_dev_cfg *d = emu_new_dev(cfg, EMU_DEV_VIRTIO_SCSI, ssid, devno);

	d->max_target = 255;
	d->max_lun = 16383;
	d->max_sectors = 0xffff;
	d->seg_max = 126;
	d->num_queues = 1;
	d->initial_ua = true;
	d->host_features |= (1ULL << 1) | (1ULL << 2);  /* HOTPLUG, CHANGE */
	return d;
}

struct emu_scsi_lun_cfg *emu_scsi_add_lun(struct emu_dev_cfg *dev, uint16_t target,
					  uint32_t lun, enum emu_scsi_kind kind,
					  const char *image)
{
	struct emu_scsi_lun_cfg *l;

	if (dev->nluns >= EMU_MAX_LUNS) {
		fprintf(stderr, "emu: too many LUNs\n");
		abort();
	}
	l = &dev->luns[dev->nluns++];
	memset(l, 0, sizeof(*l));
	l->target = target;
	l->lun = lun;
	l->kind = kind;
	l->image = image;
	return l;
}

struct emu_fault *emu_add_fault(struct emu_dev_cfg *dev, enum emu_fault_kind kind,
				unsigned int nth, unsigned int count, int match, uint64_t arg)
{
	struct emu_fault *f;

	if (dev->nfaults >= EMU_MAX_FAULTS) {
		fprintf(stderr, "emu: too many faults\n");
		abort();
	}
	f = &dev->faults[dev->nfaults++];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->nth = nth;
	f->count = count;
	f->match = match;
	f->arg = arg;
	return f;
}

static struct emu_boot *emu_new_boot(struct emu_config *cfg)
{
	struct emu_boot *b;

	if (cfg->nboot >= EMU_MAX_BOOT) {
		fprintf(stderr, "emu: QEMU supports at most %d boot devices\n", EMU_MAX_BOOT);
		abort();
	}
	b = &cfg->boot[cfg->nboot++];
	memset(b, 0, sizeof(*b));
	return b;
}

void emu_boot_ccw(struct emu_config *cfg, uint8_t ssid, uint16_t devno)
{
	struct emu_boot *b = emu_new_boot(cfg);

	b->kind = EMU_BOOT_CCW;
	b->ssid = ssid;
	b->devno = devno;
}

void emu_boot_scsi(struct emu_config *cfg, uint8_t ssid, uint16_t devno, uint16_t target,
		   uint32_t lun)
{
	struct emu_boot *b = emu_new_boot(cfg);

	b->kind = EMU_BOOT_SCSI;
	b->ssid = ssid;
	b->devno = devno;
	b->target = target;
	b->lun = lun;
}

void emu_boot_raw(struct emu_config *cfg, const void *iplb, size_t len)
{
	struct emu_boot *b = emu_new_boot(cfg);

	b->kind = EMU_BOOT_RAW;
	b->raw = iplb;
	b->raw_len = len;
}

void emu_add_key(struct emu_config *cfg, uint32_t at_ms, const char *text)
{
	if (cfg->nkeys >= EMU_MAX_KEYS) {
		fprintf(stderr, "emu: too many key presses\n");
		abort();
	}
	cfg->keys[cfg->nkeys].at_ms = at_ms;
	cfg->keys[cfg->nkeys].text = text;
	cfg->nkeys++;
}

/* ASCII -> EBCDIC for the characters QEMU accepts in a loadparm. */
void emu_loadparm_ebcdic(const char *ascii, uint8_t out[8])
{
	memset(out, 0x40, 8);
	for (unsigned int i = 0; ascii && i < 8 && ascii[i]; i++) {
		char c = ascii[i];

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c >= '0' && c <= '9')
			out[i] = (uint8_t)(0xf0 + c - '0');
		else if (c >= 'A' && c <= 'I')
			out[i] = (uint8_t)(0xc1 + c - 'A');
		else if (c >= 'J' && c <= 'R')
			out[i] = (uint8_t)(0xd1 + c - 'J');
		else if (c >= 'S' && c <= 'Z')
			out[i] = (uint8_t)(0xe2 + c - 'S');
		else if (c == '.')
			out[i] = 0x4b;
		else
			out[i] = 0x40;
	}
}

/* --- running -------------------------------------------------------------- */

const char *emu_outcome_name(enum emu_outcome o)
{
	static const char *const names[] = { "NONE", "HALT", "HANDOVER", "PGM", "HANG",
					     "RETURNED" };

	return (unsigned int)o < sizeof(names) / sizeof(names[0]) ? names[o] : "?";
}

const struct emu_result *emu_result(void)
{
	return &emu_m.res;
}

void emu_machine_start(const struct emu_config *cfg)
{
	emu_build(cfg);
}

enum emu_outcome emu_call(void (*fn)(void))
{
	memset(&emu_m.res, 0, sizeof(emu_m.res));
	if (setjmp(emu_m.jb) == 0) {
		emu_m.running = true;
		fn();
		emu_m.running = false;
		return EMU_OUT_NONE;
	}
	return emu_m.res.outcome;
}

static void emu_entry_returned(void)
{
	void (*entry)(void) = emu_m.cfg.entry ? emu_m.cfg.entry : fw_main;

	if (!entry) {
		fprintf(stderr, "emu: no entry function (fw_main not linked)\n");
		abort();
	}
	entry();
	emu_stop(EMU_OUT_RETURNED, "entry function returned");
}

static void emu_child_run(const struct emu_config *cfg)
{
	emu_build(cfg);
	if (cfg->prepare)
		cfg->prepare(cfg->prepare_ctx);
	alarm(cfg->wall_timeout_s ? cfg->wall_timeout_s : 30);
	emu_call(emu_entry_returned);
	alarm(0);
	if (getenv("EMU_VERBOSE"))
		fprintf(stderr, "emu: run ended: %s (%s), %llu us virtual\n",
			emu_outcome_name(emu_m.res.outcome), emu_m.res.why,
			(unsigned long long)emu_m.res.virtual_us);
}

int emu_run_begin_at(const struct emu_config *cfg, const char *file, int line)
{
	pid_t pid;
	int status;

	emu_run_file = file;
	emu_run_line = line;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		tf_fail(file, line, true, "fork: %s", strerror(errno));
		return 0;
	}
	if (pid == 0) {
		tf_enter_child();
		emu_child_run(cfg);
		return 1;
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);

		tf_fail(file, line, false, "firmware run died by signal %d (%s)%s", sig,
			strsignal(sig), sig == SIGALRM ? ": wall-clock timeout, a real hang"
				: sig == SIGABRT ? ": abort (sanitizer or emulator report above)"
				: "");
	} else if (WEXITSTATUS(status) != 0) {
		tf_fail(file, line, false, "firmware run: checks failed (see above)");
	}
	return 0;
}

static void emu_auto_checks(void)
{
	char why[256];
	enum emu_outcome o = emu_m.res.outcome;

	if (!emu_m.cfg.allow_abnormal &&
	    (o == EMU_OUT_PGM || o == EMU_OUT_HANG || o == EMU_OUT_RETURNED))
		tf_fail(emu_run_file, emu_run_line, false, "firmware run ended in %s: %s",
			emu_outcome_name(o), emu_m.res.why);
	if (emu_m.nviolations && !emu_m.cfg.allow_violations)
		tf_fail(emu_run_file, emu_run_line, false,
			"%u protocol violation(s), first: %s", emu_m.nviolations,
			emu_m.violations[0] ? emu_m.violations[0] : "?");
	if (!emu_m.cfg.keep_fw_region && !emu_fw_region_intact(why, sizeof(why)))
		tf_fail(emu_run_file, emu_run_line, false, "%s", why);
}

int emu_run_end(void)
{
	emu_auto_checks();
	tf_exit(tf_failures() ? 1 : 0);
}

int emu_run(const struct emu_config *cfg, void (*check)(void *ctx), void *ctx)
{
	unsigned int before = tf_failures();

	EMU_RUN(cfg) {
		if (check)
			check(ctx);
	}
	return tf_failures() != before;
}

/* --- inspection -------------------------------------------------------------- */

uint64_t emu_ram_size(void)
{
	return emu_m.ram_size;
}

void *emu_mem(uint64_t addr, uint64_t len)
{
	return emu_range_ok(addr, len) ? emu_m.ram + addr : NULL;
}

uint64_t emu_fwbase(void)
{
	return emu_m.fwbase;
}

uint64_t emu_dma_base(void)
{
	return emu_m.dma_base;
}

uint64_t emu_trampoline_addr(void)
{
	return emu_m.tramp;
}

bool emu_mem_equals(uint64_t addr, const void *data, size_t len)
{
	return emu_range_ok(addr, len) && memcmp(emu_m.ram + addr, data, len) == 0;
}

bool emu_mem_equals_file(uint64_t addr, const char *path, uint64_t offset, size_t len)
{
	uint8_t buf[65536];
	size_t done = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool ok = fd >= 0 && emu_range_ok(addr, len);

	while (ok && done < len) {
		size_t n = len - done < sizeof(buf) ? len - done : sizeof(buf);

		if (pread(fd, buf, n, (off_t)(offset + done)) != (ssize_t)n ||
		    memcmp(emu_m.ram + addr + done, buf, n) != 0) {
			ok = false;
			break;
		}
		done += n;
	}
	if (fd >= 0)
		close(fd);
	return ok;
}

unsigned int emu_violation_count(void)
{
	return emu_m.nviolations;
}

const char *emu_violation(unsigned int i)
{
	return i < emu_m.nviolations && i < EMU_MAX_VIOLATIONS ? emu_m.violations[i] : NULL;
}

static struct emu_dev *emu_dev_by(uint8_t ssid, uint16_t devno)
{
	struct emu_dev *d = emu_find_devno(ssid, devno);

	if (!d) {
		fprintf(stderr, "emu: no device 0.%u.%04x\n", ssid, devno);
		abort();
	}
	return d;
}

unsigned int emu_dev_requests(uint8_t ssid, uint16_t devno)
{
	return emu_dev_by(ssid, devno)->requests;
}

unsigned int emu_ssch_count(uint8_t ssid, uint16_t devno)
{
	return emu_dev_by(ssid, devno)->ssch_count;
}

int emu_dev_revision(uint8_t ssid, uint16_t devno)
{
	return emu_dev_by(ssid, devno)->revision;
}

uint8_t emu_dev_status(uint8_t ssid, uint16_t devno)
{
	return emu_dev_by(ssid, devno)->status;
}

uint64_t emu_dev_guest_features(uint8_t ssid, uint16_t devno)
{
	return emu_dev_by(ssid, devno)->guest_features;
}

unsigned int emu_scsi_opcode_count(uint8_t ssid, uint16_t devno, uint8_t opcode)
{
	return emu_dev_by(ssid, devno)->scsi_ops[opcode];
}

uint64_t emu_dev_max_block_end(uint8_t ssid, uint16_t devno)
{
	return emu_dev_by(ssid, devno)->max_block_end;
}

/* --- images ------------------------------------------------------------------ */

char *emu_image_create(const char *tag, uint64_t size, const void *data, size_t len)
{
	const char *dir = getenv("EMU_TMPDIR");
	char *path;
	int fd;

	if (!dir)
		dir = "build/host/tmp";
	mkdir(dir, 0777);
	if (asprintf(&path, "%s/%s-%ld.img", dir, tag, (long)getpid()) < 0)
		abort();
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || ftruncate(fd, (off_t)size) != 0 ||
	    (len && pwrite(fd, data, len, 0) != (ssize_t)len)) {
		fprintf(stderr, "emu: cannot create %s: %s\n", path, strerror(errno));
		abort();
	}
	close(fd);
	return path;
}

char *emu_image_pattern(const char *tag, uint64_t size, uint32_t seed)
{
	uint8_t *buf = malloc(size);
	char *path;

	if (!buf)
		abort();
	for (uint64_t i = 0; i < size; i++)
		buf[i] = emu_pattern_byte(seed, i);
	path = emu_image_create(tag, size, buf, size);
	free(buf);
	return path;
}
