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

#endif
