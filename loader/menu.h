/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The interactive boot menu on the SCLP console: lists the boot entries a
 * device offers and reads a number (digits, Backspace, Enter), with an
 * optional timeout after which the default entry (0) is taken.
 */
#ifndef LOADER_MENU_H
#define LOADER_MENU_H

#include "fw/types.h"

#define MENU_MAX_ENTRIES 32

/*
 * menu_choose - print the entries i with @present[i] (0 = default, which
 * is always offered) for device @name and return the chosen entry. Waits at
 * most @timeout_ms for the first key (0: no timeout). Without a console
 * that answers, the default is taken.
 */
unsigned int menu_choose(const char *name, const bool present[MENU_MAX_ENTRIES],
			 uint32_t timeout_ms);

/*
 * menu_choose_labeled - the same with a text per entry: @labels[i] NULL =
 * entry i is not offered; @labels[0] describes the default (NULL: "default").
 * @title is printed above the list (e.g. "pxelinux.cfg boot menu for
 * 0.0.0001"). Returns the chosen index (0 .. MENU_MAX_ENTRIES-1); 0 after
 * the timeout or without console input.
 */
unsigned int menu_choose_labeled(const char *title, const char *const labels[MENU_MAX_ENTRIES],
				 uint32_t timeout_ms);

/*
 * menu_choose_texts - the zipl menu: @texts[i] (NULL = not offered) are
 * printed as they are (zipl's " 1. label" lines), with a blank line after
 * entry 0's, below @title. Returns the chosen index as menu_choose_labeled().
 */
unsigned int menu_choose_texts(const char *title, const char *const texts[MENU_MAX_ENTRIES],
			       uint32_t timeout_ms);

/*
 * menu_wanted - the decision QEMU's BIOS makes for every kind of device:
 * from the trimmed loadparm @lp (ASCII), QEMU's boot-menu flags
 * (QIPL_FLAG_BM_OPTS_*) and its timeout. "PROMPT": menu, no timeout. Any
 * other non-blank loadparm: no menu, *entry = its number (0 when not
 * numeric). Blank: the menu when -boot menu=on (flag CMD), with @timeout_ms
 * (splash-time); else *entry = 0. Returns true when the menu is to be
 * shown, with *timeout_msp (0 = wait for ever).
 */
bool menu_wanted(const char *lp, uint8_t qipl_flags, uint32_t timeout_ms, unsigned int *entry,
		 uint32_t *timeout_msp);

/*
 * menu_wanted_zipl - the same for the zipl menu in stage 2 of ECKD disks,
 * which QEMU also enables with flag ZIPL (set for CCW boot devices when
 * -boot menu is not given): then *zipl_settingsp is set and zipl's own
 * prompt flag and timeout on the disk decide. Otherwise as menu_wanted().
 */
bool menu_wanted_zipl(const char *lp, uint8_t qipl_flags, uint32_t timeout_ms,
		      unsigned int *entry, uint32_t *timeout_msp, bool *zipl_settingsp);

#endif
