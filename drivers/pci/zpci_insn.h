/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zPCI instruction seam: CALL LOGICAL PROCESSOR and PCI LOAD / PCI STORE
 * (layouts in include/abi/clp.h). drivers/pci/zpci_s390x.c executes the
 * instructions; the harness implements them in tests/emu/zpci_emu.c. Each
 * returns the condition code.
 */
#ifndef PCI_ZPCI_INSN_H
#define PCI_ZPCI_INSN_H

#include "abi/clp.h"

/* zpci_facility - the CPU has zPCI (facilities 69 and 71): CLP, PCILG and
 * PCISTG exist. Without it they raise an operation exception. */
bool zpci_facility(void);

/* CLP (PCI selector) on the 4 KiB, page-aligned block @blk. */
int zpci_clp(void *blk);

/*
 * PCILG/PCISTG with the request word @req (ZPCI_REQ) and @offset. Data is
 * right-aligned, bytes in address order. On cc 1 *status gets the status.
 */
int zpci_pcilg(uint64_t req, uint64_t offset, uint64_t *data, uint8_t *status);
int zpci_pcistg(uint64_t req, uint64_t offset, uint64_t data, uint8_t *status);

#endif
