# SPDX-License-Identifier: GPL-2.0-or-later
#
# libFuzzer targets (clang -fsanitize=fuzzer,address,undefined) for every
# parser of untrusted data in the firmware:
#
#   fuzz_zipl      disk image -> zipl_has_magic/list_entries/zipl_load
#   fuzz_eltorito  ISO image -> iso_has_signature/eltorito_load
#   fuzz_iplb      QIPL + IPL block + fallback chain -> qipl_read,
#                  iplb_parse, loadparm_trim/select, secure_mode_of
#   fuzz_vring     the css/virtio/net drivers against a hostile emulated device
#                  (config space, queue size, used ring, replies)
#   fuzz_pcicaps   PCI configuration space + BAR sizes -> the virtio-pci
#                  capability walk (the PCI IPL block is in fuzz_iplb)
#   fuzz_pxelinux  pxelinux.cfg file -> pxe_parse/select/menu labels, lookup
#                  names, boot file kinds
#   fuzz_ins       .INS file -> ins_parse (with a round trip)
#   fuzz_dhcp      Ethernet frame / DHCP reply -> net_parse_udp,
#                  dhcp_parse_reply, dhcp_parse_options
#   fuzz_tftp      TFTP server packets -> tftp_input (one transfer)
#
# plus the PKCS#7 reader's fuzz-pkcs7 of tests/unit/ref/ref.mk when that
# file is there. Seeds: tests/fuzz/corpus/<target>/ (made by mkcorpus.py;
# runs work on a copy, the committed corpus is never written).
#
#   fuzz        each target FUZZ_SECONDS (default 60) seconds
#   fuzz-check  each target ~FUZZ_CHECK_SECONDS (10) seconds, all at once;
#               "PASS fuzz_x (N runs)" or "FAIL fuzz_x: ..." lines
#   fuzz-build  build only
#
# A crash leaves its input in $(O)/fuzz/<target>-artifacts/; replay it with
# $(O)/fuzz/fuzz_<target> FILE. Included by tests/harness.mk.

FZ_CC ?= clang
FZ_O := $(O)/fuzz
FZ_CHECK_SECONDS := $(or $(FUZZ_CHECK_SECONDS),10)
FZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FZ_BASE := -std=gnu11 -O1 -g $(FZ_SAN) -fsanitize=fuzzer-no-link -fno-strict-aliasing \
	-DFW_HOSTED=1 -I. -Iinclude
FZ_CFLAGS := $(FZ_BASE) $(HARNESS_WARN) -Itests/emu -Itests/fuzz -D_GNU_SOURCE
FZ_FW_CFLAGS := $(FZ_BASE) $(filter-out -Wframe-larger-than=%,$(FW_CFLAGS_COMMON)) \
	-Wno-frame-larger-than -Wno-atomic-alignment
FZ_LDFLAGS := -fsanitize=fuzzer $(FZ_SAN)
FZ_RUN_FLAGS := -rss_limit_mb=2048 -timeout=20 -max_len=65536 -print_final_stats=1

FZ_TARGETS := zipl eltorito iplb vring secure pcicaps pxelinux ins dhcp tftp
FZ_LIB := lib/dma.c lib/printf.c lib/ebcdic.c drivers/blockdev.c
FZ_SRCS_zipl := tests/fuzz/fuzz_zipl.c tests/fuzz/fuzz_machine.c loader/zipl.c \
	loader/memmap.c loader/secure.c $(FZ_LIB)
FZ_SRCS_eltorito := tests/fuzz/fuzz_eltorito.c tests/fuzz/fuzz_machine.c loader/eltorito.c \
	loader/memmap.c $(FZ_LIB)
FZ_SRCS_iplb := tests/fuzz/fuzz_iplb.c tests/fuzz/fuzz_machine.c iplb/iplb.c \
	loader/memmap.c loader/secure.c $(FZ_LIB)
FZ_SRCS_vring := tests/fuzz/fuzz_vring.c $(filter-out tests/emu/testfw_main.c,$(HARNESS_EMU_SRCS)) \
	drivers/css/css.c drivers/virtio/virtio_ccw.c drivers/virtio/virtqueue.c \
	drivers/virtio/virtio_blk.c drivers/net/virtio_net.c \
	drivers/virtio/virtio_scsi.c $(FZ_LIB)

FZ_SRCS_pcicaps := tests/fuzz/fuzz_pcicaps.c \
	$(filter-out tests/emu/testfw_main.c,$(HARNESS_EMU_SRCS)) drivers/pci/zpci.c \
	drivers/virtio/virtio_pci.c drivers/virtio/virtqueue.c $(FZ_LIB)
FZ_LDLIBS_pcicaps := -latomic

FZ_SRCS_secure := tests/fuzz/fuzz_secure.c tests/fuzz/fuzz_machine.c loader/secure.c \
	loader/memmap.c $(FZ_LIB)

FZ_SRCS_pxelinux := tests/fuzz/fuzz_pxelinux.c loader/pxelinux.c loader/bootfile.c \
	loader/insfile.c lib/printf.c
FZ_SRCS_ins := tests/fuzz/fuzz_ins.c loader/insfile.c
FZ_SRCS_dhcp := tests/fuzz/fuzz_dhcp.c tests/fuzz/fuzz_machine.c net/net.c net/dhcp.c \
	loader/memmap.c $(FZ_LIB)
FZ_SRCS_tftp := tests/fuzz/fuzz_tftp.c tests/fuzz/fuzz_machine.c net/net.c net/tftp.c \
	loader/memmap.c $(FZ_LIB)

# crypto/: the enrolled-store parser and the in-firmware verifier (crypto/crypto.mk)
FZ_TARGETS += store sigverify
FZ_CRYPTO := crypto/der.c crypto/x509.c crypto/store.c crypto/enroll_area.c
FZ_SRCS_store := tests/fuzz/fuzz_store.c $(FZ_CRYPTO)
FZ_SRCS_sigverify := tests/fuzz/fuzz_sigverify.c crypto/pkcs7.c crypto/sigverify.c $(FZ_CRYPTO)
$(FZ_O)/fuzz_store $(FZ_O)/fuzz_sigverify: $(BEARSSL_HOST_LIB)
$(FZ_O)/obj/crypto/%.o $(FZ_O)/obj/tests/fuzz/fuzz_store.o $(FZ_O)/obj/tests/fuzz/fuzz_sigverify.o: \
	FZ_FW_CFLAGS += $(CRYPTO_BEARSSL_INC)
$(FZ_O)/obj/tests/fuzz/fuzz_store.o $(FZ_O)/obj/tests/fuzz/fuzz_sigverify.o: \
	FZ_CFLAGS += $(CRYPTO_BEARSSL_INC)
$(FZ_O)/obj/crypto/%.o: | $(BEARSSL_STAMP)

# clang calls libatomic for the packed used-ring index
FZ_LDLIBS_vring := -latomic

# loader/secure.c verifies with crypto/ (the enrolled store) on BearSSL
FZ_SECURE_USERS := zipl iplb secure
$(foreach t,$(FZ_SECURE_USERS),$(eval FZ_SRCS_$(t) += $(CRYPTO_SRCS)))
$(patsubst %.c,$(FZ_O)/obj/%.o,$(CRYPTO_SRCS)): FZ_FW_CFLAGS += $(CRYPTO_BEARSSL_INC)
$(patsubst %.c,$(FZ_O)/obj/%.o,$(CRYPTO_SRCS)): | $(BEARSSL_STAMP)
$(foreach t,$(FZ_SECURE_USERS),$(FZ_O)/fuzz_$(t)): $(BEARSSL_HOST_LIB)

FZ_BINS := $(foreach t,$(FZ_TARGETS),$(FZ_O)/fuzz_$(t))

.PHONY: fuzz fuzz-check fuzz-build

fuzz-build: $(FZ_BINS)

$(FZ_O)/obj/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	$(Q)$(FZ_CC) $(FZ_CFLAGS) -MMD -MP -c -o $@ $<

$(FZ_O)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	$(Q)$(FZ_CC) $(FZ_FW_CFLAGS) -MMD -MP -c -o $@ $<

define fz_target
$(FZ_O)/fuzz_$(1): $(patsubst %.c,$(FZ_O)/obj/%.o,$(FZ_SRCS_$(1)))
	@echo "  FUZZLD  $$@"
	$(Q)$(FZ_CC) $(FZ_LDFLAGS) -o $$@ $$^ $(FZ_LDLIBS_$(1))
endef
$(foreach t,$(FZ_TARGETS),$(eval $(call fz_target,$(t))))

-include $(patsubst %.c,$(FZ_O)/obj/%.d,$(sort $(foreach t,$(FZ_TARGETS),$(FZ_SRCS_$(t)))))

# fz_run TARGET SECONDS: fuzz a copy of the corpus; print PASS/FAIL.
define fz_run
	rm -rf $(FZ_O)/$(1)-corpus $(FZ_O)/$(1)-artifacts; \
	mkdir -p $(FZ_O)/$(1)-corpus $(FZ_O)/$(1)-artifacts; \
	cp tests/fuzz/corpus/$(1)/* $(FZ_O)/$(1)-corpus/ 2>/dev/null; \
	if $(FZ_O)/fuzz_$(1) -max_total_time=$(2) $(FZ_RUN_FLAGS) \
		-artifact_prefix=$(FZ_O)/$(1)-artifacts/ $(FZ_O)/$(1)-corpus \
		> $(FZ_O)/fuzz_$(1).log 2>&1; then \
		echo "PASS fuzz_$(1) ($$(sed -n 's/^stat::number_of_executed_units: *//p' \
			$(FZ_O)/fuzz_$(1).log) runs in $(2) s)"; \
	else \
		echo "FAIL fuzz_$(1): crash, input in $(FZ_O)/$(1)-artifacts/" \
			"(log: $(FZ_O)/fuzz_$(1).log)"; \
		grep -E '^==.*ERROR|^SUMMARY|^fuzz[_a-z]*: |^emu: ' $(FZ_O)/fuzz_$(1).log | head -n 8 | \
			sed 's/^/  | /'; \
		exit 1; \
	fi
endef

# the PKCS#7 fuzzer of tests/unit/ref/ref.mk, if that file is there
define fz_pkcs7
	if $(MAKE) -s -n fuzz-pkcs7 >/dev/null 2>&1; then \
		$(MAKE) --no-print-directory -s fuzz-pkcs7 FUZZ_SECONDS=$(1); \
	else echo "SKIP fuzz-pkcs7: tests/unit/ref/ref.mk or tests/fuzz/fuzz_pkcs7.c" \
		"not present"; fi
endef

fuzz: $(FZ_BINS)
	$(Q)rc=0; for t in $(FZ_TARGETS); do \
		( $(call fz_run,$$t,$(or $(FUZZ_SECONDS),60)) ) || rc=1; \
	done; \
	( $(call fz_pkcs7,$(or $(FUZZ_SECONDS),60)) ) || rc=1; exit $$rc

# All targets at once (each gets its time box); output in a fixed order.
fuzz-check: $(FZ_BINS)
	$(Q)rc=0; for t in $(FZ_TARGETS); do \
		( $(call fz_run,$$t,$(FZ_CHECK_SECONDS)) ) > $(FZ_O)/$$t.result 2>&1 & \
	done; \
	( $(call fz_pkcs7,$(FZ_CHECK_SECONDS)) ) > $(FZ_O)/pkcs7.result 2>&1 & \
	wait; \
	for t in $(FZ_TARGETS) pkcs7; do \
		cat $(FZ_O)/$$t.result; \
		grep -q '^FAIL' $(FZ_O)/$$t.result && rc=1; \
	done; exit $$rc
