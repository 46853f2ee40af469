/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: the virtio-pci capability walk (vpci_parse_caps) on a
 * hostile PCI configuration space. Input: 6 bytes of BAR sizes (log2, 0 =
 * no BAR, values above 40 clipped to none), then up to 256 bytes of
 * configuration space. Findings: sanitizer reports, a walk that does not
 * end, or an accepted structure that does not lie inside its BAR.
 */
#include <stdint.h>
#include <string.h>

#include "drivers/virtio/virtio_pci.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_region(const struct vpci_region *r, const uint64_t *bar_len)
{
	if (r->bar >= ZPCI_BAR_COUNT || !bar_len[r->bar] || r->off >= bar_len[r->bar] ||
	    r->len > bar_len[r->bar] - r->off)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t cfg[PCI_CFG_SPACE_SIZE];
	uint64_t bar_len[ZPCI_BAR_COUNT];
	struct vpci_caps caps;

	if (size < ZPCI_BAR_COUNT)
		return 0;
	for (unsigned int i = 0; i < ZPCI_BAR_COUNT; i++)
		bar_len[i] = data[i] && data[i] <= 40 ? 1ULL << data[i] : 0;
	data += ZPCI_BAR_COUNT;
	size -= ZPCI_BAR_COUNT;
	memset(cfg, 0, sizeof(cfg));
	memcpy(cfg, data, size < sizeof(cfg) ? size : sizeof(cfg));
	if (vpci_parse_caps("fuzz", cfg, bar_len, &caps) == 0) {
		check_region(&caps.common, bar_len);
		check_region(&caps.notify, bar_len);
		check_region(&caps.device, bar_len);
		if (caps.common.len < VPCI_COMMON_LEN || caps.notify.len < 2)
			__builtin_trap();
		if (caps.found & (1u << VIRTIO_PCI_CAP_ISR))
			check_region(&caps.isr, bar_len);
	}
	return 0;
}
