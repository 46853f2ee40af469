/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internals of the Secure IPL reference hypervisor: the strict DER, CMS and
 * X.509 readers it shares with the firmware (crypto/der.h, crypto/pkcs7.h,
 * crypto/x509.h).
 */
#ifndef TESTS_REF_REF_INT_H
#define TESTS_REF_REF_INT_H

#include "ref.h"

#include "crypto/der.h"
#include "crypto/pkcs7.h"
#include "crypto/x509.h"

#endif
