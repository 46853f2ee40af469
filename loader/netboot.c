// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Network boot (see netboot.h). The story: bring up the device, get a
 * lease, fetch the boot file (or find a pxelinux.cfg), pick the entry,
 * fetch kernel and initrd, patch the initrd location and command line into
 * the kernel, reset the device, start the kernel.
 *
 * Every file is written straight to its place in guest memory, checked
 * against the memory map first; the first 8 KiB of an image loaded at 0
 * are held back (they would replace our lowcore) and copied in at the jump.
 */
#include "abi/lowcore.h"
#include "drivers/net/virtio_net.h"
#include "fw/endian.h"
#include "fw/err.h"
#include "fw/log.h"
#include "fw/machine.h"
#include "fw/string.h"
#include "loader/bootfile.h"
#include "loader/insfile.h"
#include "loader/jump.h"
#include "loader/menu.h"
#include "loader/netboot.h"
#include "loader/pxelinux.h"
#include "net/dhcp.h"
#include "net/tftp.h"

#define VIEW_LEN (LINUX_CMDLINE_MAX + 8)       /* what bootfile_* look at */
#define CFG_BUF (MAX(BOOTFILE_CFG_MAX, VIEW_LEN) + 1)

struct netboot {
	struct boot_ctx *ctx;
	const char *lp;                 /* trimmed loadparm */
	const char *name;               /* device name */
	struct vdev *vd;
	struct netdev nd;
	struct net_if nif;
	struct dhcp_lease lease;
	uint8_t low[OS_LOWCORE_IMAGE_SIZE];    /* image bytes for [0, 0x2000) */
	bool low_used;
	uint8_t cfg[CFG_BUF];           /* a config file; the image view */
	struct pxe_cfg pxe;
	struct ins_file ins;
	char path[TFTP_NAME_MAX];
	uint8_t uuid[16];               /* machine UUID (STSI 3.2.2) */
	bool have_uuid;
};

static struct netboot nb;

struct mem_sink_ctx {
	absaddr_t base;
};

/* Guest memory at base + off; the part below the lowcore end goes to nb.low. */
static int mem_write(void *ctx, uint64_t off, const uint8_t *data, size_t len)
{
	absaddr_t addr = ((struct mem_sink_ctx *)ctx)->base + off;

	if (addr < OS_LOWCORE_IMAGE_SIZE) {
		size_t n = (size_t)MIN((uint64_t)len, OS_LOWCORE_IMAGE_SIZE - addr);

		memcpy(nb.low + addr, data, n);
		nb.low_used = true;
		data += n;
		len -= n;
		addr += n;
	}
	if (len)
		memcpy(abs_to_ptr(addr, len), data, len);
	return 0;
}

static int cfg_write(void *ctx, uint64_t off, const uint8_t *data, size_t len)
{
	(void)ctx;
	memcpy(nb.cfg + off, data, len);
	return 0;
}

/* Fetch @file to guest address @addr (up to the firmware or end of memory). */
static int fetch_to(const char *file, absaddr_t addr, uint64_t *sizep)
{
	const struct memmap *mm = &nb.ctx->mm;
	struct mem_sink_ctx mc = { addr };
	struct tftp_sink sink = { mem_write, &mc, 0 };
	uint64_t top = MIN(mm->fw_start, mm->ram_size);
	absaddr_t checked = MAX(addr, (absaddr_t)OS_LOWCORE_IMAGE_SIZE);
	char ip[16];
	const char *why;
	int rc;

	if (addr >= top || (addr < OS_LOWCORE_IMAGE_SIZE && addr % 8)) {
		fw_printf("net %s: %s cannot be loaded at 0x%llx (memory ends at 0x%llx)\n",
			  nb.name, file, (unsigned long long)addr, (unsigned long long)top);
		return FW_ERANGE;
	}
	sink.max = top - addr;
	if (memmap_check(mm, checked, top - checked, &why)) {
		fw_printf("net %s: %s at 0x%llx %s\n", nb.name, file, (unsigned long long)addr,
			  why);
		return FW_ERANGE;
	}
	fw_printf("net %s: loading %s from %s to 0x%llx\n", nb.name, file,
		  net_ntoa(nb.lease.tftp, ip), (unsigned long long)addr);
	rc = tftp_get(&nb.nif, nb.lease.tftp, file, &sink, sizep);
	if (!rc)
		fw_printf("net %s: %s: %llu bytes\n", nb.name, file, (unsigned long long)*sizep);
	if (rc == FW_ENOENT)
		fw_printf("net %s: %s: not found on the server\n", nb.name, file);
	return rc;
}

/* Fetch a config file into nb.cfg (NUL-terminated); quiet about absent ones. */
static int fetch_cfg(const char *file, uint64_t *sizep)
{
	struct tftp_sink sink = { cfg_write, NULL, BOOTFILE_CFG_MAX };
	int rc = tftp_get(&nb.nif, nb.lease.tftp, file, &sink, sizep);

	if (!rc) {
		nb.cfg[*sizep] = 0;
		fw_printf("net %s: loaded %s (%llu bytes)\n", nb.name, file,
			  (unsigned long long)*sizep);
	}
	return rc;
}

/* The first VIEW_LEN bytes of what is at 0 (held-back part first) in nb.cfg. */
static size_t image_view(uint64_t size)
{
	size_t n = (size_t)MIN(size, (uint64_t)VIEW_LEN);

	memcpy(nb.cfg, nb.low, MIN(n, (size_t)OS_LOWCORE_IMAGE_SIZE));
	if (n > OS_LOWCORE_IMAGE_SIZE)
		memcpy(nb.cfg + OS_LOWCORE_IMAGE_SIZE,
		       abs_to_ptr(OS_LOWCORE_IMAGE_SIZE, n - OS_LOWCORE_IMAGE_SIZE),
		       n - OS_LOWCORE_IMAGE_SIZE);
	return n;
}

static void clear_low(void)
{
	memset(nb.low, 0, sizeof(nb.low));
	nb.low_used = false;
	/* a stale "S390EP" from an earlier OS must not decide how we start */
	if (nb.ctx->mm.ram_size > LINUX_S390EP_OFFSET + 6)
		memset(abs_to_ptr(LINUX_S390EP_OFFSET, 6), 0, 6);
}

static int load_kernel(const char *kernel, const char *initrd, const char *append)
{
	struct linux_info li;
	uint64_t ksize, isize = 0;
	size_t vlen;
	int rc;

	clear_low();
	rc = fetch_to(kernel, 0, &ksize);
	if (rc) {
		fw_printf("net %s: cannot load the kernel %s\n", nb.name, kernel);
		return rc;
	}
	vlen = image_view(ksize);
	if (!bootfile_linux_info(nb.cfg, vlen, ksize, &li)) {
		if (initrd || append) {
			fw_printf("net %s: %s is not a Linux kernel image; cannot pass initrd or "
				  "parameters\n", nb.name, kernel);
			return FW_EINVAL;
		}
		return 0;
	}
	absaddr_t at = 0;

	if (initrd && initrd[0]) {
		at = ALIGN_UP(ksize, (uint64_t)PAGE_SIZE);
		rc = fetch_to(initrd, at, &isize);
		if (rc) {
			fw_printf("net %s: cannot load the initrd %s\n", nb.name, initrd);
			return rc;
		}
		put_be64(abs_to_ptr(LINUX_INITRD_START, 8), at);
		put_be64(abs_to_ptr(LINUX_INITRD_SIZE, 8), isize);
	}
	if (append && append[0]) {
		uint64_t max = li.cmdline_max ? li.cmdline_max : LINUX_CMDLINE_DEFAULT;
		size_t n = strlen(append);

		/* a tiny kernel puts the initrd where the command line would end */
		if (isize && at > LINUX_CMDLINE)
			max = MIN(max, at - LINUX_CMDLINE);

		if (n + 1 > max) {
			fw_printf("net %s: command line of %zu bytes exceeds the kernel's %llu\n",
				  nb.name, n, (unsigned long long)max);
			return FW_EINVAL;
		}
		memcpy(abs_to_ptr(LINUX_CMDLINE, n + 1), append, n + 1);
	}
	return 0;
}

static int boot_pxelinux(size_t len, const char *from)
{
	const char *labels[MENU_MAX_ENTRIES];
	unsigned int want, idx;
	uint32_t tmo;
	char title[64], defbuf[32];
	const struct pxe_entry *e;
	int rc;

	rc = pxe_parse((const char *)nb.cfg, len, &nb.pxe);
	if (rc) {
		fw_printf("net %s: %s line %u: %s\n", nb.name, from, nb.pxe.err_line,
			  nb.pxe.err ? nb.pxe.err : "cannot be parsed");
		return rc;
	}
	if (menu_wanted(nb.lp, nb.ctx->qipl_flags, nb.ctx->menu_timeout_ms, &want, &tmo)) {
		want = 0;
		if (pxe_menu_useful(&nb.pxe)) {
			memset(labels, 0, sizeof(labels));
			pxe_menu_labels(&nb.pxe, labels, MENU_MAX_ENTRIES, defbuf, sizeof(defbuf));
			fw_snprintf(title, sizeof(title), "pxelinux.cfg boot menu for %s", nb.name);
			want = menu_choose_labeled(title, labels, tmo);
		}
	}
	rc = pxe_select(&nb.pxe, want, &idx);
	if (rc == FW_EACCES) {
		fw_printf("net %s: loadparm selects entry %u, %s has %u\n", nb.name, want, from,
			  nb.pxe.count);
		return rc;
	}
	if (rc == FW_ENOENT) {
		fw_printf("net %s: %s has no LABEL entries\n", nb.name, from);
		return rc;
	}
	e = &nb.pxe.entries[idx];
	if (rc) {
		fw_printf("net %s: entry %s of %s has no KERNEL\n", nb.name, pxe_str(&nb.pxe, e->label),
			  from);
		return rc;
	}
	fw_printf("net %s: booting entry %u (%s) of %s\n", nb.name, idx + 1,
		  pxe_str(&nb.pxe, e->label), from);
	return load_kernel(pxe_str(&nb.pxe, e->kernel), e->initrd ? pxe_str(&nb.pxe, e->initrd) : NULL,
			   e->append ? pxe_str(&nb.pxe, e->append) : NULL);
}

static int boot_ins(size_t len, const char *from)
{
	int rc = ins_parse((const char *)nb.cfg, len, &nb.ins);

	if (rc) {
		fw_printf("net %s: %s line %u: %s\n", nb.name, from, nb.ins.err_line,
			  nb.ins.err ? nb.ins.err : "cannot be parsed");
		return rc;
	}
	fw_printf("net %s: .INS file %s: %s\n", nb.name, from, nb.ins.title);
	clear_low();
	for (unsigned int i = 0; i < nb.ins.count; i++) {
		const struct ins_entry *e = &nb.ins.entries[i];
		uint64_t size;

		rc = fetch_to(e->name, e->addr, &size);
		if (rc) {
			fw_printf("net %s: %s line %u: cannot load %s\n", nb.name, from, e->line,
				  e->name);
			return rc;
		}
	}
	return 0;
}

/* The pxelinux.cfg lookups in QEMU's order; FW_ENOENT when none exists. */
static int try_lookups(const uint8_t *uuid)
{
	struct pxe_lookup_in in;
	uint64_t size;
	int rc;

	memset(&in, 0, sizeof(in));
	in.bootfile = nb.lease.bootfile;
	in.cfgfile = nb.lease.cfgfile[0] ? nb.lease.cfgfile : NULL;
	in.prefix = nb.lease.prefix[0] ? nb.lease.prefix : NULL;
	in.uuid = uuid;
	memcpy(in.mac, nb.nd.mac, ETH_ALEN);
	in.ipv4 = nb.lease.ip;
	fw_printf("net %s: looking for a pxelinux.cfg file\n", nb.name);
	for (unsigned int i = 0; (rc = pxe_lookup_name(&in, i, nb.path, sizeof(nb.path))) !=
				 FW_ENOENT; i++) {
		if (rc)
			continue;
		rc = fetch_cfg(nb.path, &size);
		if (rc == FW_ENOENT)
			continue;
		if (rc)
			return rc;
		return boot_pxelinux((size_t)size, nb.path);
	}
	fw_printf("net %s: no pxelinux.cfg file found on the server\n", nb.name);
	return FW_ENOENT;
}

/* The DHCP boot file: FW_ENOENT when it does not exist (try the lookups). */
static int try_bootfile(void)
{
	const char *f = nb.lease.bootfile;
	enum bootfile_kind kind;
	uint64_t size;
	size_t vlen;
	int rc;

	clear_low();
	rc = fetch_to(f, 0, &size);
	if (rc)
		return rc;
	vlen = image_view(size);
	kind = bootfile_classify(nb.cfg, vlen, size);
	fw_printf("net %s: %s is a %s\n", nb.name, f, bootfile_kind_name(kind));
	switch (kind) {
	case BOOTFILE_TOO_SMALL:
		return FW_EINVAL;
	case BOOTFILE_INS:
	case BOOTFILE_PXELINUX:
		/* a config file is small: all of it is in the view */
		if (size > BOOTFILE_CFG_MAX || size > vlen)
			return FW_ENOSPC;
		nb.cfg[size] = 0;
		rc = kind == BOOTFILE_INS ? boot_ins((size_t)size, f)
					   : boot_pxelinux((size_t)size, f);
		return rc == FW_ENOENT ? FW_EINVAL : rc;
	default:
		return 0;
	}
}

static uint64_t go(uint32_t schid)
{
	struct os_start start;
	uint64_t at;
	size_t vlen;

	vlen = image_view(VIEW_LEN);
	at = bootfile_start_addr(nb.cfg, vlen);
	memset(&start, 0, sizeof(start));
	if (nb.low_used) {
		start.lowcore_image = nb.low;
		start.lowcore_len = OS_LOWCORE_IMAGE_SIZE;
	}
	if (at) {
		start.via_trampoline = true;
		start.target = at;
	} else {
		start.psw = get_be64(nb.low);
	}
	virtio_reset(nb.vd);
	fw_printf("Network loading done, starting kernel...\n");
	return jump_to_os(&start, nb.ctx->iplb, schid, nb.ctx->boot_index);
}

int netboot(struct boot_ctx *ctx, struct vdev *vd, uint32_t schid, const char *lp)
{
	char a[16], s[16];
	uint64_t rc64;
	int rc;

	memset(&nb, 0, sizeof(nb));
	nb.ctx = ctx;
	nb.lp = lp;
	nb.vd = vd;
	nb.name = vd->name;
	rc = virtio_net_open(vd, &nb.nd);
	if (rc)
		return rc;
	fw_printf("net %s: virtio-net, MAC %02x:%02x:%02x:%02x:%02x:%02x\n", nb.name,
		  nb.nd.mac[0], nb.nd.mac[1], nb.nd.mac[2], nb.nd.mac[3], nb.nd.mac[4],
		  nb.nd.mac[5]);
	net_init(&nb.nif, &nb.nd);
	nb.have_uuid = mach_vm_uuid(nb.uuid);
	rc = dhcp_run(&nb.nif, nb.have_uuid ? nb.uuid : NULL, &nb.lease);
	if (rc)
		goto out;
	fw_printf("net %s: address %s, TFTP server %s, boot file '%s'\n", nb.name,
		  net_ntoa(nb.lease.ip, a), net_ntoa(nb.lease.tftp, s), nb.lease.bootfile);
	rc = FW_ENOENT;
	if (nb.lease.bootfile[0] && nb.lease.bootfile[strlen(nb.lease.bootfile) - 1] != '/')
		rc = try_bootfile();
	if (rc == FW_ENOENT)
		rc = try_lookups(nb.have_uuid ? nb.uuid : NULL);
	if (rc)
		goto out;
	rc64 = go(schid);
	fw_printf("net %s: the machine refused to start the OS (DIAG 308 load: 0x%llx)\n",
		  nb.name, (unsigned long long)rc64);
	return FW_EIO;
out:
	virtio_reset(nb.vd);
	fw_printf("net %s: Failed to load OS from network.\n", nb.name);
	return rc;
}
