# SPDX-License-Identifier: GPL-2.0-or-later
#
# crypto/: the enrolled trust store and the in-firmware signature verifier.
# Included by the top-level Makefile after FW_PORTABLE_SRCS is defined.

CRYPTO_SRCS := \
	crypto/enroll_area.c \
	crypto/sigverify.c

FW_PORTABLE_SRCS += $(CRYPTO_SRCS)
