// SPDX-License-Identifier: GPL-2.0-or-later
/* Boot menu (see menu.h). */
#include "drivers/sclp/sclp.h"
#include "fw/err.h"
#include "fw/log.h"
#include "fw/machine.h"
#include "loader/menu.h"

#define MENU_MAX_DIGITS 10
#define MENU_TYPING_TIMEOUT_MS (5 * 60 * 1000)  /* once typing has started */

static void show(const char *name, const bool present[MENU_MAX_ENTRIES], uint32_t timeout_ms)
{
	fw_printf("\nsecure-ccw boot menu for %s\n\n", name);
	fw_printf(" [0] default\n");
	for (unsigned int i = 1; i < MENU_MAX_ENTRIES; i++) {
		if (present[i])
			fw_printf(" [%u]\n", i);
	}
	if (timeout_ms)
		fw_printf("\nPlease choose (default will boot in %u seconds):\n",
			  (timeout_ms + 999) / 1000);
	else
		fw_printf("\nPlease choose:\n");
}

unsigned int menu_choose(const char *name, const bool present[MENU_MAX_ENTRIES],
			 uint32_t timeout_ms)
{
	show(name, present, timeout_ms);
	for (;;) {
		uint64_t deadline = timeout_ms ? mach_tod() + timeout_ms * TOD_PER_MS : ~0ULL;
		char digits[MENU_MAX_DIGITS];
		unsigned int n = 0, v = 0;

		for (;;) {
			int key = sclp_read_key(deadline);

			if (key < 0) {
				if (key == FW_ETIMEDOUT)
					fw_printf("\nNo choice made, booting the default entry\n");
				else
					fw_printf("\nConsole input unavailable, booting the default "
						  "entry\n");
				return 0;
			}
			deadline = mach_tod() + MENU_TYPING_TIMEOUT_MS * TOD_PER_MS;
			if (key == '\r' || key == '\n')
				break;
			if ((key == 0x7f || key == 0x08) && n > 0) {
				n--;
				fw_printf("\b \b");
			} else if (key >= '0' && key <= '9' && n < MENU_MAX_DIGITS) {
				digits[n++] = (char)key;
				fw_printf("%c", key);
			}
		}
		fw_printf("\n");
		for (unsigned int i = 0; i < n; i++)
			v = v * 10 + (unsigned int)(digits[i] - '0');
		if (n == 0 || v == 0)
			return 0;
		if (n <= 2 && v < MENU_MAX_ENTRIES && present[v])
			return v;
		fw_printf("Error: undefined configuration %u, choose again:\n", v);
		timeout_ms = 0;
	}
}
