/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gnutls-oracle: make the GnuTLS calls QEMU 11.2 makes for DIAG 0x320 and
 * DIAG 0x508 (crypto/x509-utils.c as used by target/s390x/diag.c), so that
 * ref_test can compare the BearSSL reference with what QEMU would answer.
 * Built only when GnuTLS development files are present (optional).
 *
 *   gnutls-oracle verify CERT.pem COMPONENT SIGNATURE.der
 *       DER PKCS#7 -> PEM -> gnutls_pkcs7_verify_direct(signer 0, flags 0)
 *       prints "OK" or "FAIL <gnutls error>"
 *   gnutls-oracle cert CERT.pem
 *       prints "keyid <hex>" (gnutls_x509_crt_get_key_id, SHA-256),
 *       "fingerprint <hex>" (SHA-256), "valid 0|1" (activation <= now <=
 *       expiration, as qcrypto_x509_check_cert_times), "p521 0|1"
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gnutls/gnutls.h>
#include <gnutls/pkcs7.h>
#include <gnutls/x509.h>

static int load(const char *path, gnutls_datum_t *d)
{
	FILE *f = fopen(path, "rb");
	long n;

	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	d->data = malloc(n > 0 ? (size_t)n : 1);
	d->size = (unsigned int)n;
	if (!d->data || fread(d->data, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

static void hex(const char *what, const unsigned char *p, size_t n)
{
	printf("%s ", what);
	for (size_t i = 0; i < n; i++)
		printf("%02x", p[i]);
	printf("\n");
}

static int verify(gnutls_x509_crt_t crt, const char *comp_path, const char *sig_path)
{
	gnutls_datum_t comp, sig, pem = { NULL, 0 };
	gnutls_pkcs7_t p7 = NULL, p7pem = NULL;
	int rc;

	if (load(comp_path, &comp) || load(sig_path, &sig))
		return 2;
	gnutls_pkcs7_init(&p7);
	rc = gnutls_pkcs7_import(p7, &sig, GNUTLS_X509_FMT_DER);
	if (!rc)
		rc = gnutls_pkcs7_export2(p7, GNUTLS_X509_FMT_PEM, &pem);
	if (!rc) {
		gnutls_pkcs7_init(&p7pem);
		rc = gnutls_pkcs7_import(p7pem, &pem, GNUTLS_X509_FMT_PEM);
	}
	if (!rc)
		rc = gnutls_pkcs7_verify_direct(p7pem, crt, 0, &comp, 0);
	if (rc)
		printf("FAIL %s\n", gnutls_strerror(rc));
	else
		printf("OK\n");
	gnutls_pkcs7_deinit(p7);
	if (p7pem)
		gnutls_pkcs7_deinit(p7pem);
	gnutls_free(pem.data);
	free(comp.data);
	free(sig.data);
	return 0;
}

static int cert_info(gnutls_x509_crt_t crt)
{
	unsigned char buf[64];
	size_t len = sizeof(buf);
	time_t now = time(NULL);
	unsigned int bits;
	gnutls_ecc_curve_t curve;
	gnutls_datum_t x = { NULL, 0 }, y = { NULL, 0 };
	int p521 = 0;

	if (gnutls_x509_crt_get_key_id(crt, GNUTLS_KEYID_USE_SHA256, buf, &len) == 0)
		hex("keyid", buf, len);
	else
		printf("keyid none\n");
	len = sizeof(buf);
	if (gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA256, buf, &len) == 0)
		hex("fingerprint", buf, len);
	printf("valid %d\n", !(gnutls_x509_crt_get_expiration_time(crt) < now ||
			       gnutls_x509_crt_get_activation_time(crt) > now));
	if (gnutls_x509_crt_get_pk_algorithm(crt, &bits) == GNUTLS_PK_ECDSA &&
	    gnutls_x509_crt_get_pk_ecc_raw(crt, &curve, &x, &y) == 0)
		p521 = curve == GNUTLS_ECC_CURVE_SECP521R1;
	gnutls_free(x.data);
	gnutls_free(y.data);
	printf("p521 %d\n", p521);
	return 0;
}

int main(int argc, char **argv)
{
	gnutls_x509_crt_t crt;
	gnutls_datum_t pem;
	int rc;

	if (argc < 3 || (strcmp(argv[1], "verify") == 0 && argc != 5) ||
	    (strcmp(argv[1], "cert") == 0 && argc != 3)) {
		fprintf(stderr, "usage: gnutls-oracle verify CERT COMP SIG | cert CERT\n");
		return 2;
	}
	if (gnutls_global_init() < 0 || load(argv[2], &pem))
		return 2;
	gnutls_x509_crt_init(&crt);
	rc = gnutls_x509_crt_import(crt, &pem, GNUTLS_X509_FMT_PEM);
	if (rc) {
		printf("FAIL import certificate: %s\n", gnutls_strerror(rc));
		return 0;
	}
	rc = strcmp(argv[1], "verify") == 0 ? verify(crt, argv[3], argv[4]) : cert_info(crt);
	gnutls_x509_crt_deinit(crt);
	free(pem.data);
	gnutls_global_deinit();
	return rc;
}
