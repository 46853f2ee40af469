/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The machine seam: everything the portable firmware needs from the machine
 * that is not a DIAGNOSE, a channel-subsystem instruction or an SCLP call
 * (those have their own seams in diag/diag.h, drivers/css/css_insn.h and
 * drivers/sclp/sclp_insn.h).
 *
 * Implemented twice:
 *   lib/machine_s390x.c + start.S   the real machine (identity-mapped memory)
 *   tests/emu/machine_emu.c         the host harness (guest RAM is a buffer)
 *
 * Guest memory rule: portable code reaches guest memory only through
 * abs_to_ptr() / ptr_to_abs(); never by casting an integer to a pointer.
 */
#ifndef FW_MACHINE_H
#define FW_MACHINE_H

#include "fw/compiler.h"
#include "fw/types.h"

/*
 * abs_to_ptr - a CPU pointer to @len bytes of guest memory at @addr.
 * Returns NULL when the range is not guest memory (wraps, or beyond the RAM
 * the machine knows). The firmware build only checks for wrap-around; the
 * caller validates ranges against mach_ram_size() beforehand.
 */
void *abs_to_ptr(absaddr_t addr, uint64_t len);

/* ptr_to_abs - the absolute address of firmware-owned memory at @p. */
absaddr_t ptr_to_abs(const void *p);

/*
 * mach_fw_region - the guest memory the firmware owns while it runs: image,
 * bss, stack and DMA area ([*startp, *endp)). Boot components may not be
 * loaded there.
 */
void mach_fw_region(absaddr_t *startp, absaddr_t *endp);

/*
 * mach_dma_area - page-aligned firmware memory below 2 GiB that the channel
 * subsystem, virtio devices, SCLP and DIAGs may access (the only memory
 * handed to them). Its size is returned in *sizep.
 */
void *mach_dma_area(size_t *sizep);

/*
 * mach_vm_uuid - the machine's UUID (QEMU -uuid) from STSI 3.2.2 (first
 * virtual machine level, bytes 80..95 of the SYSIB). False when the machine
 * does not report one or it is all zero.
 */
bool mach_vm_uuid(uint8_t uuid[16]);
#define SYSIB322_VM0_UUID 80

/* mach_tod - the TOD clock (STCK). Bit 51 ticks once per microsecond. */
uint64_t mach_tod(void);

#define TOD_PER_MS (1000ULL << 12)

/*
 * mach_wait_ext - wait in an enabled wait for a service-signal or clock-
 * comparator external interruption, until the TOD clock reaches @deadline.
 * Returns the external interruption code (EXT_CODE_*), or 0 on timeout.
 */
uint16_t mach_wait_ext(uint64_t deadline);

/*
 * mach_wait_io - wait in an enabled wait for an I/O interruption (from any
 * subchannel whose interruption subclass CR6 enables) or until the TOD clock
 * reaches @deadline, whichever comes first. Returns true when an I/O
 * interruption ended the wait, with its subsystem-identification word in
 * *schidp (may be NULL); the subchannel stays status pending until the
 * caller clears it with TEST SUBCHANNEL. This is the one way the firmware
 * waits for a device: channel programs and virtqueue completions alike.
 */
bool mach_wait_io(uint64_t deadline, uint32_t *schidp);

#define EXT_CODE_CLOCK_COMP 0x1004
#define EXT_CODE_SERVICE_SIGNAL 0x2401

/*
 * mach_halt - stop the CPU in a disabled wait whose PSW address is @code
 * (visible in QEMU's "info registers"). QEMU reports it as a guest panic
 * unless the low 12 bits are 0xfff.
 */
FW_NORETURN void mach_halt(uint32_t code);

/*
 * mach_trampoline - the absolute address of the firmware's re-entry stub:
 * when the CPU starts there in 64-bit mode after DIAG 308 load-normal, it
 * restores the 8 bytes at address 0 from @saved_psw and branches to @target.
 */
absaddr_t mach_trampoline(uint64_t saved_psw, uint64_t target);

#endif
