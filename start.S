/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * secure-ccw entry and the few routines that must be assembly.
 *
 * QEMU loads the ELF relocated to fwbase (top of the first 2 GiB minus its
 * firmware window), applies the R_390_RELATIVE relocations and starts the
 * IPL CPU at _start in 64-bit mode with all interruptions disabled.
 * _start is at offset 0 of the image: QEMU puts its fallback IPLB chain in
 * the pages below the entry page.
 *
 * Everything here is position independent (larl, no absolute addresses
 * except lowcore, which is absolute by definition).
 */

#define LC_EXT_INT_CODE 0x86
#define LC_EXT_NEW_PSW 0x1b0
#define LC_SVC_NEW_PSW 0x1c0
#define LC_PGM_NEW_PSW 0x1d0
#define LC_MCCK_NEW_PSW 0x1e0
#define LC_IO_NEW_PSW 0x1f0

#define STACK_SIZE 65536        /* FW_STACK_SIZE in include/fw/layout.h */
#define EMERGENCY_STACK_SIZE 8192
#define FRAME 160               /* s390x ELF ABI register save area */

	.section .text.start, "ax"
	.globl	_start
_start:
	larl	%r15, fw_stack_top
	aghi	%r15, -FRAME

	/* Clear .bss (which also holds the stacks): MVCLE pads with 0. */
	larl	%r2, __bss_start
	larl	%r3, _end
	sgr	%r3, %r2
	lghi	%r4, 0
	lghi	%r5, 0
0:	mvcle	%r2, %r4, 0
	jo	0b

	/* Every new PSW leads to a diagnostic and a disabled wait. */
	larl	%r2, psw_mask_64
	larl	%r3, ext_unexpected
	mvc	LC_EXT_NEW_PSW(8), 0(%r2)
	stg	%r3, LC_EXT_NEW_PSW + 8
	larl	%r3, svc_unexpected
	mvc	LC_SVC_NEW_PSW(8), 0(%r2)
	stg	%r3, LC_SVC_NEW_PSW + 8
	larl	%r3, pgm_unexpected
	mvc	LC_PGM_NEW_PSW(8), 0(%r2)
	stg	%r3, LC_PGM_NEW_PSW + 8
	larl	%r3, mcck_unexpected
	mvc	LC_MCCK_NEW_PSW(8), 0(%r2)
	stg	%r3, LC_MCCK_NEW_PSW + 8
	larl	%r3, io_unexpected
	mvc	LC_IO_NEW_PSW(8), 0(%r2)
	stg	%r3, LC_IO_NEW_PSW + 8

	/* All I/O interruption subclasses on, for TPI and the enabled waits
	 * for I/O of mach_enabled_wait (the I/O mask is off everywhere else). */
	larl	%r2, cr6_all_iscs
	lctlg	%c6, %c6, 0(%r2)

	lghi	%r14, 0
	brasl	%r14, fw_main
	/* fw_main does not return; if it did, stop. */
	lghi	%r2, 0x7f00
	sllg	%r2, %r2, 8
	brasl	%r14, mach_halt

/*
 * int mach_enabled_wait(uint64_t deadline, uint64_t cr0_bits, uint64_t mask)
 * Enabled wait with PSW mask @mask (external and/or I/O enabled), the
 * external subclasses @cr0_bits added to CR0 for the wait, and the clock
 * comparator set to @deadline. Returns 0 after an external interruption
 * (its code in lowcore at 0x86), 1 after an I/O interruption (its
 * identification at 0xb8).
 */
	.text
	.globl	mach_enabled_wait
mach_enabled_wait:
	aghi	%r15, -(FRAME + 32)
	stg	%r2, FRAME(%r15)
	sckc	FRAME(%r15)
	stctg	%c0, %c0, FRAME(%r15)
	lg	%r1, FRAME(%r15)
	ogr	%r1, %r3
	stg	%r1, FRAME + 8(%r15)
	lctlg	%c0, %c0, FRAME + 8(%r15)
	stg	%r4, FRAME + 16(%r15)   /* the wait PSW: @mask, address 0 */
	xc	FRAME + 24(8, %r15), FRAME + 24(%r15)
	larl	%r1, 1f
	stg	%r1, LC_EXT_NEW_PSW + 8
	larl	%r1, 2f
	stg	%r1, LC_IO_NEW_PSW + 8
	lpswe	FRAME + 16(%r15)
1:	lghi	%r2, 0
	j	3f
2:	lghi	%r2, 1
3:	lctlg	%c0, %c0, FRAME(%r15)
	larl	%r1, ext_unexpected
	stg	%r1, LC_EXT_NEW_PSW + 8
	larl	%r1, io_unexpected
	stg	%r1, LC_IO_NEW_PSW + 8
	aghi	%r15, FRAME + 32
	br	%r14

/* void mach_halt(uint32_t code): disabled wait with @code as address. */
	.globl	mach_halt
mach_halt:
	aghi	%r15, -(FRAME + 16)
	larl	%r1, psw_mask_wait
	mvc	FRAME(8, %r15), 0(%r1)
	llgfr	%r2, %r2
	stg	%r2, FRAME + 8(%r15)
	lpswe	FRAME(%r15)

/*
 * The re-entry stub for images started at an address other than the one in
 * their PSW: DIAG 308 load-normal starts the CPU here (64-bit mode); restore
 * the 8 bytes at absolute 0 and branch to the target.
 */
	.globl	mach_trampoline_code
mach_trampoline_code:
	larl	%r1, mach_trampoline_data
	mvc	0(8), 0(%r1)
	lg	%r1, 8(%r1)
	br	%r1

/* Unexpected interruptions: report on a separate stack, then halt. */
ext_unexpected:
	lghi	%r2, 1
	j	unexpected
svc_unexpected:
	lghi	%r2, 2
	j	unexpected
pgm_unexpected:
	lghi	%r2, 3
	j	unexpected
mcck_unexpected:
	lghi	%r2, 4
	j	unexpected
io_unexpected:
	lghi	%r2, 5
unexpected:
	larl	%r15, emergency_stack_top
	aghi	%r15, -FRAME
	brasl	%r14, mach_unexpected_interrupt
	j	unexpected

	.section .rodata
	.balign	8
psw_mask_64:
	.quad	0x0000000180000000
psw_mask_wait:
	.quad	0x0002000180000000
cr6_all_iscs:
	.quad	0x00000000ff000000

	.section .bss
	.balign	16
	.globl	mach_trampoline_data
mach_trampoline_data:
	.skip	16
	.balign	4096
fw_stack:
	.skip	STACK_SIZE
fw_stack_top:
	.balign	16
emergency_stack:
	.skip	EMERGENCY_STACK_SIZE
emergency_stack_top:

	.section .note.GNU-stack, "", @progbits
