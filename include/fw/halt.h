/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Halt codes: the address field of the final disabled-wait PSW ("info
 * registers" in QEMU's monitor shows it). None ends in 0xfff, so QEMU
 * reports every halt as a guest panic (exit status 1 with
 * -action panic=exit-failure). Listed in README.md.
 */
#ifndef FW_HALT_H
#define FW_HALT_H

#define HALT_NO_BOOT_DEVICE 0x00010000  /* every candidate device failed */
#define HALT_BAD_LOADPARM 0x00020000    /* loadparm selects nothing valid */
#define HALT_JUMP_FAILED 0x00030000     /* DIAG 308 set/load refused */
#define HALT_NO_CONSOLE 0x00040000      /* SCLP console unusable */
#define HALT_SECURE 0x00050000          /* secure IPL check failed */
#define HALT_INTERRUPT 0x000e0000       /* + kind: unexpected interruption */
#define HALT_ASSERT 0x000f0000          /* internal consistency check */
#define HALT_MAIN_RETURNED 0x007f0000   /* set in start.S */

#endif
