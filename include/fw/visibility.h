/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Force-included into every firmware object: all symbols are hidden, so the
 * PIE image reaches its own data PC-relatively instead of through a GOT.
 */
#pragma GCC visibility push(hidden)
