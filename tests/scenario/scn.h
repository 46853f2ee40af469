/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers shared by the scenario tests: the disk images tests/scenario/
 * mkdata.py made (build/host/scenario-data), patched copies of them for the
 * negative cases, an independent reader of zipl SCSI-scheme boot maps (not
 * loader/zipl.c) that says which bytes belong at which address, and the
 * usual expectations on a finished run.
 */
#ifndef TESTS_SCENARIO_SCN_H
#define TESTS_SCENARIO_SCN_H

#include <stdbool.h>
#include <stdint.h>

#include "emu.h"
#include "fw/halt.h"
#include "testfw.h"

#define SCN_MAX_COMP 160
#define SCN_MAX_LIST 65536     /* list blocks per component */

/* build/host/scenario-data/@name; the test is SKIPped when it is missing */
const char *scn_data(const char *name);
/* a private copy of data image @name (sparse), for patching */
char *scn_copy(const char *name);
/* a real-zipl fixture of tests/e2e under build/e2e, or SKIP */
const char *scn_e2e(const char *name);

void scn_patch(const char *path, uint64_t off, const void *data, size_t len);
void scn_patch_u8(const char *path, uint64_t off, uint8_t v);
void scn_patch_be16(const char *path, uint64_t off, uint16_t v);
void scn_patch_be64(const char *path, uint64_t off, uint64_t v);
void scn_read(const char *path, uint64_t off, void *buf, size_t len);
uint64_t scn_file_size(const char *path);

/* --- reference zipl reader ------------------------------------------------ */

struct zref_ptr {
	uint64_t blockno;
	uint16_t size, blockct;
	uint64_t at;            /* byte offset of the pointer on the disk */
};

struct zref_comp {
	uint8_t type;           /* 1 EXEC, 2 LOAD, 3 SIGNATURE */
	uint64_t addr;          /* LOAD: address; EXEC: PSW */
	uint64_t entry_at;      /* byte offset of the component entry */
	uint64_t *list;         /* list blocks in chain order */
	unsigned int nlist;
	struct zref_ptr *ptr;   /* data pointers in order */
	unsigned int nptr;
	uint64_t len;           /* bytes loaded */
};

struct zref {
	const char *path;
	unsigned int bs;
	uint64_t blocks;
	uint64_t pt_block;      /* program table */
	uint64_t pt_at;         /* byte offset of the program table */
	uint64_t ct_block;      /* component table of the program walked */
	uint64_t ct_at;
	unsigned int ncomp;
	struct zref_comp comp[SCN_MAX_COMP];
	uint64_t psw;           /* the EXEC entry's */
};

/* Walk program @program of the disk (block size @bs); false on any error. */
bool zref_walk(const char *path, unsigned int bs, unsigned int program, struct zref *z);
/* index of the first LOAD component at @addr, or -1 */
int zref_find(const struct zref *z, uint64_t addr);
/* In an EMU_RUN body: guest memory holds every LOAD component byte for
 * byte at its address (where components overlap, the later one's bytes). */
void zref_check_memory(const struct zref *z);

/* --- expectations (in an EMU_RUN body) -------------------------------- */

/* halt with @code and @msg on the console (NULL: any) */
void scn_expect_halt(uint32_t code, const char *msg);
/* a zipl boot of program @program of @path handed over: PSW, lowcore,
 * memory */
void scn_expect_zipl_boot(const char *path, unsigned int bs, unsigned int program,
			  uint8_t ssid, uint16_t schno);
/* the console shows @s */
#define SCN_CONSOLE(s) CHECK_STR(emu_console(), s)
#define SCN_NO_CONSOLE(s) CHECK(!strstr(emu_console(), s))

/* the IPL block at lowcore 0x14 is the one QEMU holds (re-IPL) */
void scn_check_lowcore_iplb(void);
/* the command line a zipl-write section put at 0x10480 */
bool scn_cmdline_is(const char *s);

#endif
