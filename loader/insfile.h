/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * .INS files for network boot (the "file address" lists on s390 install
 * media, e.g. generic.ins): QEMU's netboot treats a DHCP boot file that
 * starts with "* " as one and loads each listed file to its address
 * (shared/docs/s390-ccw-bios.md 6.5). Pure parser: no I/O, no heap.
 *
 *   * Title line: the first line, starting with "* "
 *   kernel.img 0x00000000
 *   initrd.off 0x0001040c        (a small file patched into the kernel)
 *   parmfile   0x00010480
 *   initrd.img 0x02000000
 *
 * Each further line is a file name, blanks or tabs, and an address: hex
 * with 0x/0X, or decimal. Lines end in LF or CRLF, blank lines and lines
 * starting with '*' are skipped (QEMU would try to load a file named "*").
 * Errors (QEMU stops at the first bad line, and so does this parser; the
 * boot then fails with the message):
 *   - the file does not start with "* " or has no line end after the title
 *   - a line without a blank between name and address ("missing address")
 *   - an address that is not a number, has trailing garbage, or does not
 *     fit in 64 bits
 *   - a name longer than INS_NAME_MAX, more than INS_MAX_ENTRIES files
 *   - no file at all
 * Whether an address may be written (firmware, lowcore, memory size) is
 * the loader's check (loader/memmap.h), as is the size of each file, which
 * QEMU limits to the space up to the firmware.
 *
 * How QEMU's netboot uses the list (netmain.c handle_ins_cfg, 3.0 .. 11.x):
 * no entry has a special meaning; each file is fetched by TFTP, in file
 * order, to its address (the name as written, relative to the TFTP root),
 * a later file overwriting an earlier one where they overlap (that is how
 * the small initrd address/size files patch 0x10408/0x10410 of the kernel
 * loaded at 0, and the parmfile lands at 0x10480); a failed or empty
 * transfer ends the list and the boot fails. Then the image at 0 is started
 * as any netboot kernel (loader/bootfile.h bootfile_start_addr()). QEMU
 * parses the address with atol(); real .INS files write 0x-hex addresses,
 * so both hex and decimal are accepted here.
 */
#ifndef LOADER_INSFILE_H
#define LOADER_INSFILE_H

#include "fw/compiler.h"
#include "fw/types.h"

#define INS_MAX_ENTRIES 16
#define INS_NAME_MAX 255
#define INS_TITLE_MAX 79        /* longer titles are cut (display only) */

struct ins_entry {
	char name[INS_NAME_MAX + 1];
	uint64_t addr;
	unsigned int line;      /* 1-based line number in the file */
};

struct ins_file {
	char title[INS_TITLE_MAX + 1];  /* first line without "* " */
	unsigned int count;
	struct ins_entry entries[INS_MAX_ENTRIES];  /* in file order */
	unsigned int err_line;          /* on error: the offending line, 0 = whole file */
	const char *err;                /* on error: a short reason */
};

/* ins_is_ins_file - QEMU's test: the file starts with "* ". */
bool ins_is_ins_file(const void *buf, size_t len);

/*
 * ins_parse - parse the @len bytes at @buf into *@out (fully overwritten).
 * A NUL byte ends the file. Returns 0 (out->count >= 1), FW_EINVAL (bad
 * syntax or address) or FW_ENOSPC (too many files, name too long); out->err
 * and out->err_line say why and where. Never reads outside buf[0..len-1].
 */
int ins_parse(const char *buf, size_t len, struct ins_file *out) FW_MUST_CHECK;

#endif
