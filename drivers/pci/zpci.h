/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zPCI functions: finding them (CLP List PCI Functions), learning their BARs
 * and DMA range (Query PCI Function / Function Group), enabling and
 * disabling them (Set PCI Function), and PCI Load/Store to configuration
 * space and BARs. Every answer of the machine is checked; failures print
 * the function and the reason and return an FW_E* code.
 */
#ifndef PCI_ZPCI_H
#define PCI_ZPCI_H

#include "abi/clp.h"
#include "fw/compiler.h"

#define ZPCI_MAX_FNS 64                 /* functions we look at */

struct zpci_fn {
	uint32_t fid;
	uint32_t fh;                    /* current handle (enabled bit) */
	uint16_t vendor_id, device_id;
	bool configured;
	uint8_t pfgid;
	uint8_t bar_size[ZPCI_BAR_COUNT]; /* log2, 0 = no BAR */
	uint64_t sdma, edma;            /* DMA addresses the function may use */
	char name[16];                  /* "pci 0x<fid>" */
};

/*
 * zpci_list - the functions of the machine, in CLP order (at most
 * ZPCI_MAX_FNS), in a table of zpci.c that *fnsp points to afterwards (valid
 * until the next call). Returns the number found (>= 0) or FW_E* when CLP
 * fails (FW_ENOTSUP: the machine has no zPCI at all).
 */
int zpci_list(const struct zpci_fn **fnsp);

/* zpci_find - the function with id @fid. FW_ENODEV when there is none. */
int zpci_find(uint32_t fid, struct zpci_fn *fn) FW_MUST_CHECK;

/*
 * zpci_enable - query the function and its group, then enable it with one
 * DMA address space. A function in standby, in error, or one CLP refuses
 * gives FW_ENODEV / FW_EIO with a message.
 */
int zpci_enable(struct zpci_fn *fn) FW_MUST_CHECK;
/* zpci_disable - disable the function (QEMU resets it). */
void zpci_disable(struct zpci_fn *fn);

/* zpci_bar_len - the size of BAR @bar in bytes, 0 when it has none. */
uint64_t zpci_bar_len(const struct zpci_fn *fn, unsigned int bar);

/*
 * Little-endian loads and stores of 1, 2, 4 (and for BARs 8) bytes.
 * Config space: @off < 4096, naturally aligned. BARs: checked against the
 * BAR size. Return 0, FW_EIO (function in error / blocked), FW_ENODEV
 * (handle no longer valid), FW_ERANGE (outside the BAR), FW_ETIMEDOUT
 * (busy for too long).
 */
int zpci_cfg_read(struct zpci_fn *fn, uint32_t off, unsigned int len, uint32_t *val)
	FW_MUST_CHECK;
int zpci_cfg_write(struct zpci_fn *fn, uint32_t off, unsigned int len, uint32_t val)
	FW_MUST_CHECK;
int zpci_bar_read(struct zpci_fn *fn, unsigned int bar, uint64_t off, unsigned int len,
		  uint64_t *val) FW_MUST_CHECK;
int zpci_bar_write(struct zpci_fn *fn, unsigned int bar, uint64_t off, unsigned int len,
		   uint64_t val) FW_MUST_CHECK;

#endif
