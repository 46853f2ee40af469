// SPDX-License-Identifier: GPL-2.0-or-later
/* Destination checks for boot components (see memmap.h). */
#include "abi/lowcore.h"
#include "fw/err.h"
#include "fw/layout.h"
#include "fw/machine.h"
#include "loader/memmap.h"

void memmap_init(struct memmap *mm, uint64_t ram_size)
{
	absaddr_t start, end;

	mach_fw_region(&start, &end);
	mm->ram_size = ram_size;
	mm->fw_start = (start & ~(uint64_t)(PAGE_SIZE - 1)) - FW_BELOW_PAGES * PAGE_SIZE;
	mm->fw_end = end;
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

int memmap_check(const struct memmap *mm, uint64_t addr, uint64_t len, const char **whyp)
{
	if (len == 0)
		return 0;
	if (addr + len < addr) {
		*whyp = "wraps around the end of the address space";
		return FW_ERANGE;
	}
	if (addr + len > mm->ram_size) {
		*whyp = "extends beyond the end of memory";
		return FW_ERANGE;
	}
	if (overlaps(addr, len, 0, LC_SIZE)) {
		*whyp = "overlaps the lowcore (below 0x2000)";
		return FW_ERANGE;
	}
	if (overlaps(addr, len, mm->fw_start, mm->fw_end - mm->fw_start)) {
		*whyp = "overlaps the firmware";
		return FW_ERANGE;
	}
	return 0;
}
