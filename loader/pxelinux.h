/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pxelinux.cfg files for network boot: the parser, the entry selection by
 * loadparm, the menu labels, and the list of config file names tried on the
 * TFTP server, all as QEMU's netboot does them (SLOF's pxelinux code in
 * QEMU 3.0 .. 11.x; see shared/docs/s390-ccw-bios.md 6.5). Pure functions:
 * no I/O, no heap, no messages; every error comes back as a code plus a
 * line number and a reason the caller prints.
 *
 * Accepted syntax (keywords case-insensitive, separated from their argument
 * by blanks or tabs; lines end in LF or CRLF; leading and trailing blanks
 * are dropped; a NUL byte ends the file, as in QEMU):
 *
 *   # comment            (also blank lines)
 *   DEFAULT name         the entry whose LABEL is name (case-sensitive, may
 *                        come before or after that LABEL); not found: the
 *                        MENU DEFAULT entry, else the first entry
 *   LABEL name           starts an entry
 *   KERNEL file          \
 *   LINUX file            | the current entry's kernel (LINUX = syslinux
 *   INITRD file           | synonym), initrd and command line; before the
 *   APPEND args          /  first LABEL they are ignored (as in QEMU)
 *   TIMEOUT n, PROMPT n  recorded (tenths of seconds / flag); QEMU ignores
 *                        them and so does the selection here: the menu
 *                        timeout comes from -boot splash-time
 *   MENU DEFAULT         marks the current entry as default (syslinux)
 *   MENU ..., SAY, DISPLAY, ONTIMEOUT, IPAPPEND, ... and any other keyword:
 *                        ignored and counted in ->ignored
 *
 * Limits: PXE_MAX_ENTRIES entries (more LABELs are counted in ->dropped and
 * their lines ignored, as QEMU stops at its limit); a label of at most
 * PXE_LABEL_MAX, file names of at most PXE_NAME_MAX and an APPEND line of
 * at most PXE_APPEND_MAX characters; all strings of a file together at most
 * PXE_POOL_SIZE bytes. A longer field is an error (FW_ENOSPC), never
 * silently truncated. An entry without KERNEL is parsed; selecting it is
 * an error (FW_EINVAL), so the caller can say which entry is broken.
 *
 * The boot flow, as QEMU 10.1+ does it (menu.h has the shared decision):
 *
 *	static struct pxe_cfg cfg;      // ~9 KiB: not on the stack
 *	const char *labels[MENU_MAX_ENTRIES];
 *	char def[24];
 *	unsigned int want, idx;
 *	uint32_t tmo;
 *
 *	if (pxe_parse(buf, len, &cfg)) -> print cfg.err_line, cfg.err; next device
 *	if (menu_wanted(lp, qipl_flags, qipl_timeout_ms, &want, &tmo) &&
 *	    pxe_menu_useful(&cfg)) {
 *		pxe_menu_labels(&cfg, labels, MENU_MAX_ENTRIES, def, sizeof(def));
 *		want = menu_choose_labeled("pxelinux.cfg boot menu", labels, tmo);
 *	}
 *	switch (pxe_select(&cfg, want, &idx)) {
 *	case FW_EACCES: invalid loadparm: stop (boot.h's FW_EACCES contract)
 *	case FW_EINVAL: "entry '%s' has no kernel", pxe_str(&cfg, cfg.entries[idx].label)
 *	case FW_ENOENT: no entries: next device
 *	}
 *
 * (With a loadparm but the menu not wanted, menu_wanted() has put the
 * loadparm's number into want.)
 */
#ifndef LOADER_PXELINUX_H
#define LOADER_PXELINUX_H

#include "fw/compiler.h"
#include "fw/types.h"

#define PXE_MAX_ENTRIES 30      /* loadparm 1..30; menu index 0 = default */
#define PXE_LABEL_MAX 127
#define PXE_NAME_MAX 255        /* KERNEL / INITRD file names */
#define PXE_APPEND_MAX 4095     /* the loader checks the kernel's own limit */
#define PXE_POOL_SIZE 8192

/* One LABEL. Fields are offsets into pxe_cfg.pool; 0 = absent. */
struct pxe_entry {
	uint16_t label, kernel, initrd, append;
	uint16_t line;          /* line number of its LABEL (1-based) */
};

struct pxe_cfg {
	unsigned int count;             /* entries[0..count-1] are valid */
	unsigned int default_index;     /* resolved default entry (< count, or 0) */
	bool default_found;             /* DEFAULT or MENU DEFAULT matched an entry */
	uint32_t timeout_ds;            /* TIMEOUT, 0 = none (informational) */
	bool prompt;                    /* PROMPT 1 (informational) */
	unsigned int ignored;           /* lines with unsupported keywords */
	unsigned int first_ignored_line;/* the first of them, 0 = none */
	unsigned int dropped;           /* LABELs beyond PXE_MAX_ENTRIES */
	unsigned int err_line;          /* on error: the offending line */
	const char *err;                /* on error: a short reason */
	struct pxe_entry entries[PXE_MAX_ENTRIES];
	uint16_t pool_used;
	char pool[PXE_POOL_SIZE];       /* NUL-terminated strings; pool[0] = "" */
};

/*
 * pxe_parse - parse the @len bytes at @buf into *@out (fully overwritten).
 * Returns 0 (out->count may be 0: a file without LABEL), or FW_ENOSPC (a
 * field or the pool overflowed; out->err_line, out->err say where and why).
 * Never reads outside buf[0..len-1].
 */
int pxe_parse(const char *buf, size_t len, struct pxe_cfg *out) FW_MUST_CHECK;

/* pxe_str - the string at pool offset @off ("" for 0 or an invalid offset). */
const char *pxe_str(const struct pxe_cfg *cfg, uint16_t off);

/*
 * pxe_select - the entry to boot for a loadparm number @want (0 = the
 * default entry, n = the n-th entry, 1-based, as QEMU 10.1+): sets *index.
 * Returns 0; FW_ENOENT when the file has no entries; FW_EACCES when @want
 * is larger than the number of entries (an invalid loadparm: the boot
 * stops, as in QEMU); FW_EINVAL when the chosen entry has no KERNEL
 * (*index is set so the caller can name it).
 */
int pxe_select(const struct pxe_cfg *cfg, unsigned int want, unsigned int *index) FW_MUST_CHECK;

/*
 * pxe_menu_labels - fill @labels for menu_choose_labeled() (loader/menu.h):
 * labels[0] = "default (N)" (N = the 1-based default entry, written into
 * @defbuf of @defsize bytes), labels[i] = label of entry i-1 for i = 1..count,
 * NULL for the rest of the @nlabels slots. QEMU shows this menu only with
 * more than one entry (see pxe_menu_useful()).
 */
void pxe_menu_labels(const struct pxe_cfg *cfg, const char **labels, unsigned int nlabels,
		     char *defbuf, size_t defsize);

/* pxe_menu_useful - QEMU's rule: the pxelinux menu needs more than one entry. */
bool pxe_menu_useful(const struct pxe_cfg *cfg);

/*
 * The pxelinux.cfg file names to try when the DHCP boot file is not usable
 * (empty, ends in '/', or failed), in QEMU's order:
 *   0  <base><option 209>                     (only with option 209)
 *   1  <base><uuid>, lower-case 8-4-4-4-12    (only with a non-zero UUID)
 *   2  <base>01-aa-bb-cc-dd-ee-ff             (MAC, lower case)
 *   3..10  <base>C0A80A0F, C0A80A0, ... C     (IPv4 in upper-case hex,
 *                                             8 digits down to 1; only with
 *                                             an address)
 *   11 <base>default
 * <base> is DHCP option 210 (the path prefix, used verbatim) if given, else
 * the directory of the DHCP boot file (up to and including its last '/',
 * nothing if it has none) followed by "pxelinux.cfg/".
 */
#define PXE_LOOKUP_NAMES 12

struct pxe_lookup_in {
	const char *bootfile;   /* DHCP boot file name, NULL or "" = none */
	const char *cfgfile;    /* DHCP option 209, NULL = absent */
	const char *prefix;     /* DHCP option 210, NULL = absent */
	const uint8_t *uuid;    /* 16 bytes (machine UUID, STSI 3.2.2), NULL = none */
	uint8_t mac[6];
	uint32_t ipv4;          /* host order, 0 = no IPv4 address */
};

/*
 * pxe_lookup_name - write lookup name number @i (0 .. PXE_LOOKUP_NAMES-1)
 * into @buf (@size bytes, NUL-terminated). Returns 0; 1 when that name does
 * not apply (no or empty option 209, no UUID, no IPv4): skip it; FW_ENOENT for
 * i >= PXE_LOOKUP_NAMES (the end); FW_ENOSPC when the name does not fit
 * in @size (buf holds "").
 *
 *   for (i = 0; (rc = pxe_lookup_name(&in, i, name, sizeof(name))) != FW_ENOENT; i++)
 *           if (rc == 0) try_tftp(name);
 */
int pxe_lookup_name(const struct pxe_lookup_in *in, unsigned int i, char *buf, size_t size);

/* pxe_is_cfg_file - QEMU's test for a boot file that is a pxelinux.cfg:
 * it starts with "# pxelinux" (case-insensitive). */
bool pxe_is_cfg_file(const void *buf, size_t len);

#endif
