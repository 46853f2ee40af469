// SPDX-License-Identifier: GPL-2.0-or-later
/* Boot menu (see menu.h). */
#include "abi/qipl.h"
#include "drivers/sclp/sclp.h"
#include "fw/err.h"
#include "fw/log.h"
#include "fw/machine.h"
#include "iplb/iplb.h"
#include "loader/menu.h"

#define MENU_MAX_DIGITS 10
#define MENU_TYPING_TIMEOUT_MS (5 * 60 * 1000)  /* once typing has started */

static void show_prompt(uint32_t timeout_ms)
{
	if (timeout_ms)
		fw_printf("\nPlease choose (default will boot in %u seconds):\n",
			  (timeout_ms + 999) / 1000);
	else
		fw_printf("\nPlease choose:\n");
}

/* Read entry numbers until one of @present is chosen; 0 on timeout. */
static unsigned int read_choice(const bool present[MENU_MAX_ENTRIES], uint32_t timeout_ms)
{
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

unsigned int menu_choose(const char *name, const bool present[MENU_MAX_ENTRIES],
			 uint32_t timeout_ms)
{
	fw_printf("\nsecure-ccw boot menu for %s\n\n", name);
	fw_printf(" [0] default\n");
	for (unsigned int i = 1; i < MENU_MAX_ENTRIES; i++) {
		if (present[i])
			fw_printf(" [%u]\n", i);
	}
	show_prompt(timeout_ms);
	return read_choice(present, timeout_ms);
}

unsigned int menu_choose_labeled(const char *title, const char *const labels[MENU_MAX_ENTRIES],
				 uint32_t timeout_ms)
{
	bool present[MENU_MAX_ENTRIES];

	fw_printf("\n%s\n\n", title);
	fw_printf(" [0] %s\n", labels[0] ? labels[0] : "default");
	present[0] = true;
	for (unsigned int i = 1; i < MENU_MAX_ENTRIES; i++) {
		present[i] = labels[i] != NULL;
		if (present[i])
			fw_printf(" [%u] %s\n", i, labels[i]);
	}
	show_prompt(timeout_ms);
	return read_choice(present, timeout_ms);
}

unsigned int menu_choose_texts(const char *title, const char *const texts[MENU_MAX_ENTRIES],
			       uint32_t timeout_ms)
{
	bool present[MENU_MAX_ENTRIES];

	fw_printf("\n%s\n\n", title);
	for (unsigned int i = 0; i < MENU_MAX_ENTRIES; i++) {
		present[i] = i == 0 || texts[i] != NULL;
		if (texts[i])
			fw_printf("%s\n%s", texts[i], i == 0 ? "\n" : "");
	}
	show_prompt(timeout_ms);
	return read_choice(present, timeout_ms);
}

bool menu_wanted_zipl(const char *lp, uint8_t qipl_flags, uint32_t timeout_ms,
		      unsigned int *entry, uint32_t *timeout_msp, bool *zipl_settingsp)
{
	bool prompt;

	loadparm_select(lp, entry, &prompt);
	*timeout_msp = 0;
	*zipl_settingsp = false;
	if (prompt)
		return true;    /* QEMU: menu, no timeout, zipl's settings ignored */
	if (lp[0])
		return false;
	if (qipl_flags & QIPL_FLAG_BM_OPTS_CMD) {
		*timeout_msp = timeout_ms;
		return true;
	}
	if (qipl_flags & QIPL_FLAG_BM_OPTS_ZIPL) {
		*zipl_settingsp = true;
		return true;
	}
	return false;
}

bool menu_wanted(const char *lp, uint8_t qipl_flags, uint32_t timeout_ms, unsigned int *entry,
		 uint32_t *timeout_msp)
{
	bool zipl;

	return menu_wanted_zipl(lp, (uint8_t)(qipl_flags & ~QIPL_FLAG_BM_OPTS_ZIPL), timeout_ms, entry,
				timeout_msp, &zipl);
}
