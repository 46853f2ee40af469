/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The zipl SCSI-scheme boot-record loader: validates every record, length
 * and address it reads from the disk before using it (include/abi/zipl.h
 * has the layouts).
 */
#ifndef LOADER_ZIPL_H
#define LOADER_ZIPL_H

#include "abi/zipl.h"
#include "drivers/blockdev.h"
#include "loader/memmap.h"

#define ZIPL_MAX_COMPONENTS 128
#define ZIPL_MAX_ENTRY 30       /* program-table entries 0..30 */

struct zipl_component {
	uint64_t addr;
	uint64_t len;           /* whole blocks loaded */
	uint8_t type;           /* ZIPL_COMP_LOAD / ZIPL_COMP_SIGNATURE */
};

struct zipl_result {
	uint64_t psw;           /* EXEC entry's short PSW */
	/* audit mode: the data of unsigned components for below 0x2000, to be
	 * copied to absolute 0 at the jump (LC_SIZE bytes); NULL if none */
	const uint8_t *lowcore_image;
	unsigned int nr_components;
	struct zipl_component comp[ZIPL_MAX_COMPONENTS];
};

/* Does @target (a PSW address) lie inside a loaded (not signature) component? */
static inline bool zipl_psw_in_component(const struct zipl_result *res, uint64_t target)
{
	for (unsigned int i = 0; i < res->nr_components; i++) {
		const struct zipl_component *c = &res->comp[i];

		if (c->type == ZIPL_COMP_LOAD && target >= c->addr && target < c->addr + c->len)
			return true;
	}
	return false;
}

/*
 * zipl_has_magic - does block 0 of @bd start with the zipl MBR magic?
 * Returns 1, 0, or a negative FW_E* on a read error.
 */
int zipl_has_magic(struct blockdev *bd);

/*
 * zipl_list_entries - which program-table entries of @bd are in use.
 * Returns 0, or what zipl_load would return for a broken disk.
 */
int zipl_list_entries(struct blockdev *bd, bool present[ZIPL_MAX_ENTRY + 1]) FW_MUST_CHECK;

/*
 * zipl_load - load boot configuration @entry (0 = default) of the SCSI-scheme
 * disk @bd into memory allowed by @mm. Prints a specific reason on failure.
 * Returns 0 (result in *res), FW_ENOENT (not a zipl disk), FW_EINVAL (bad
 * boot records), FW_ERANGE (address or block outside what is allowed),
 * FW_EACCES (@entry selects an empty or invalid program-table entry), or a
 * device error.
 */
int zipl_load(struct blockdev *bd, const struct memmap *mm, unsigned int entry,
	      struct zipl_result *res) FW_MUST_CHECK;

#endif
