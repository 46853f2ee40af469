// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Secure IPL scenarios: the real firmware (fw_main) on the emulated machine
 * with QEMU 11.2's hypervisor side played by the BearSSL reference
 * (tests/ref), on disks from tests/secure/mkdisks.py. Every check of
 * shared/docs/secure-ipl.md section 4 has a disk that breaks it: in audit
 * mode the firmware must warn, record the indicator bit and boot; in secure
 * mode it must print the message and stop without a hand-over.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi/enroll.h"
#include "abi/iplb.h"
#include "abi/secure_ipl.h"
#include "crypto/sigverify.h"
#include "emu.h"
#include "fw/endian.h"
#include "fw/err.h"
#include "fw/halt.h"
#include "fw/layout.h"
#include "drivers/sclp/sclp.h"
#include "loader/secure.h"
#include "ref_glue.h"
#include "testfw.h"

#define PSW 0x000800008000a000ULL
#define DEVNO 0x0001

static const char *cert(const char *name)
{
	return glue_path("keys/certs/%s.pem", name);
}

static void certs1(const char *a)
{
	const char *p[] = { cert(a) };

	glue_certs(p, 1);
}

/* ------------------------------------------------ the enrolled store */

extern uint8_t enroll_section[ENROLL_AREA_SIZE];
static uint8_t pristine[ENROLL_AREA_SIZE];
static bool have_pristine;

/* Put tests/secure/mkdisks.py's store-@name.bin into the firmware's
 * .enroll section (what secure-ccw-enroll does to an image); NULL: the
 * image as built (nothing enrolled). */
static void enroll_file(const char *path);

static void enroll(const char *name)
{
	enroll_file(name ? glue_path("disks/store-%s.bin", name) : NULL);
}

static void enroll_file(const char *path)
{
	FILE *f;

	if (!have_pristine) {
		memcpy(pristine, enroll_section, sizeof(pristine));
		have_pristine = true;
	}
	memcpy(enroll_section, pristine, sizeof(pristine));
	if (!path)
		return;
	f = fopen(path, "rb");
	if (!f || fread(enroll_section, 1, ENROLL_AREA_SIZE, f) != ENROLL_AREA_SIZE) {
		fprintf(stderr, "cannot read store %s\n", path);
		abort();
	}
	fclose(f);
}

/* A machine with one virtio-blk disk and the IPL block for @mode. */
static void machine(struct emu_config *cfg, const char *disk, enum glue_mode mode)
{
	enroll(NULL);
	emu_config_init(cfg, EMU_QEMU_92);
	emu_add_blk(cfg, 0, DEVNO, glue_path("disks/%s.img", disk));
	glue_machine(cfg, mode, DEVNO, false);
	glue_force_rc(0, 0);
	glue_vcb_fault(VCB_OK);
	glue_vcssb_rc(0);
}

struct report {
	const struct iirb_header *hdr;
	const struct iirb_list_header *cl, *kl;
	const struct iirb_component *comp;
	const struct iirb_certificate *cert;
	unsigned int ncomp, ncert;
};

/* Find the IPL information report the firmware wrote after the IPL block. */
static bool report_of_run(struct report *r)
{
	const struct emu_handover *ho = &emu_result()->ho;
	const struct iplb *iplb = emu_mem(ho->lc_iplb_ptr, IPLB_SIZE);
	const uint8_t *p;

	memset(r, 0, sizeof(*r));
	if (!iplb)
		return false;
	p = (const uint8_t *)iplb + ALIGN_UP(be32_to_cpu(iplb->len), 8u);
	r->hdr = (const void *)p;
	r->cl = (const void *)(p + sizeof(*r->hdr));
	if (r->cl->type != IIRB_TYPE_COMPONENTS)
		return false;
	r->comp = (const void *)(r->cl + 1);
	r->ncomp = (be32_to_cpu(r->cl->len) - sizeof(*r->cl)) / sizeof(*r->comp);
	r->kl = (const void *)((const uint8_t *)r->cl + be32_to_cpu(r->cl->len));
	if (r->kl->type != IIRB_TYPE_CERTIFICATES)
		return false;
	r->cert = (const void *)(r->kl + 1);
	r->ncert = (be32_to_cpu(r->kl->len) - sizeof(*r->kl)) / sizeof(*r->cert);
	return be32_to_cpu(r->hdr->len) == sizeof(*r->hdr) + be32_to_cpu(r->cl->len) +
					    be32_to_cpu(r->kl->len);
}

static const struct iirb_component *comp_at(const struct report *r, uint64_t addr)
{
	for (unsigned int i = 0; i < r->ncomp; i++) {
		if (be64_to_cpu(r->comp[i].addr) == addr)
			return &r->comp[i];
	}
	return NULL;
}

/* The DER bytes of certificate file @name (PEM), for comparisons. */
static size_t der_of(const char *name, uint8_t *out, size_t max)
{
	char cmd[1024];
	FILE *f;
	size_t n;

	snprintf(cmd, sizeof(cmd), "openssl x509 -in '%s' -outform DER", cert(name));
	f = popen(cmd, "r");
	if (!f)
		return 0;
	n = fread(out, 1, max, f);
	pclose(f);
	return n;
}

static unsigned int count(const char *hay, const char *needle)
{
	unsigned int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

/* ------------------------------------------------------------ good disks */

static void check_good_report(const char *certname)
{
	struct report r;
	const struct iirb_component *c;
	uint8_t der[8192];
	size_t der_len = der_of(certname, der, sizeof(der));
	uint64_t fw = emu_fwbase(), a;

	REQUIRE(report_of_run(&r));
	CHECK_EQ(r.ncomp, 5);                           /* 4 LOADs + the PSW entry */
	CHECK_EQ(be16_to_cpu(r.cl->iiei), 0);
	c = comp_at(&r, 0xa000);
	REQUIRE(c);
	CHECK_EQ(c->flags, IIRB_COMP_SIGNED | IIRB_COMP_VERIFIED);
	CHECK_EQ(be64_to_cpu(c->len), 16 * 1024);
	CHECK_EQ(be16_to_cpu(c->cert_index), 0);
	CHECK_EQ(be32_to_cpu(c->cei), 0);
	c = comp_at(&r, 0x10000);                       /* stage3 checks this one */
	REQUIRE(c);
	CHECK_EQ(c->flags, IIRB_COMP_SIGNED | IIRB_COMP_VERIFIED);
	c = comp_at(&r, 0x9000);
	REQUIRE(c);
	CHECK_EQ(c->flags, 0);
	c = comp_at(&r, 0x1000000);
	REQUIRE(c);
	CHECK_EQ(c->flags, 0);
	c = &r.comp[r.ncomp - 1];                       /* the PSW entry is last */
	CHECK_EQ(be64_to_cpu(c->addr), PSW);
	CHECK_EQ(be64_to_cpu(c->len), 0);
	REQUIRE_EQ(r.ncert, 1);
	a = be64_to_cpu(r.cert[0].addr);
	CHECK(a >= fw - FW_BELOW_PAGES * PAGE_SIZE && a < fw);
	CHECK_EQ(be64_to_cpu(r.cert[0].len), der_len);
	CHECK(der_len && emu_mem_equals(a, der, der_len));
}

TEST(secure_good_disk_boots_with_report)
{
	struct emu_config cfg;

	certs1("rsa2048");
	machine(&cfg, "good", GLUE_SECURE);
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK_EQ(emu_result()->ho.psw, PSW);
		CHECK_EQ(count(emu_console(), "Verified component"), 2);
		CHECK(!strstr(emu_console(), "WARNING"));
		CHECK_STR(emu_console(), "Secure IPL: secure mode");
		check_good_report("rsa2048");
		CHECK(emu_mem_equals_file(0x10000, glue_path("disks/kernel.bin"), 0, 72 * 1024));
	}
}

TEST(audit_good_disk_boots_with_report)
{
	struct emu_config cfg;

	certs1("rsa2048");
	machine(&cfg, "good", GLUE_AUDIT);
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK_EQ(count(emu_console(), "Verified component"), 2);
		CHECK(!strstr(emu_console(), "AUDIT MODE WARNING"));
		check_good_report("rsa2048");
	}
}

TEST(normal_mode_skips_signatures)
{
	struct emu_config cfg;

	certs1("rsa2048");
	machine(&cfg, "good", GLUE_NORMAL);
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK(!strstr(emu_console(), "Verified"));
		CHECK(!strstr(emu_console(), "Secure IPL"));
	}
}

TEST(secure_ecdsa_p256_and_rsa4096_sha512)
{
	struct emu_config cfg;
	const char *p[] = { cert("p256"), cert("rsa4096") };

	glue_certs(p, 2);
	machine(&cfg, "good-p256", GLUE_SECURE);
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK_EQ(count(emu_console(), "Verified component"), 2);
	}
	machine(&cfg, "good-rsa4096-sha512", GLUE_SECURE);
	EMU_RUN(&cfg) {
		struct report r;

		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		REQUIRE(report_of_run(&r));
		CHECK_EQ(r.ncert, 1);   /* only the certificate that verified */
		CHECK_EQ(be16_to_cpu(comp_at(&r, 0x10000)->cert_index), 0);
	}
}

TEST(secure_two_certificates_two_list_entries)
{
	struct emu_config cfg;
	const char *p[] = { cert("rsa2048"), cert("p384") };

	glue_certs(p, 2);
	machine(&cfg, "mixed-certs", GLUE_SECURE);
	EMU_RUN(&cfg) {
		struct report r;
		uint8_t der[8192];
		size_t n = der_of("p384", der, sizeof(der));

		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		REQUIRE(report_of_run(&r));
		REQUIRE_EQ(r.ncert, 2);
		CHECK_EQ(be16_to_cpu(comp_at(&r, 0xa000)->cert_index), 0);
		CHECK_EQ(be16_to_cpu(comp_at(&r, 0x10000)->cert_index), 1);
		CHECK(emu_mem_equals(be64_to_cpu(r.cert[1].addr), der, n));
		CHECK_STR(emu_console(), "with certificate 2");
	}
}

/* ------------------------------------------- verification failures */

/* Secure: the message and a stop; audit: the warning and a boot with the
 * component recorded as signed but not verified. */
static void verify_fails(const char *disk, const char *certname)
{
	struct emu_config cfg;

	certs1(certname);
	machine(&cfg, disk, GLUE_SECURE);
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HALT);
		CHECK_EQ(emu_result()->halt_code, HALT_SECURE);
		CHECK_STR(emu_console(), "ERROR: Could not verify component");
	}
	machine(&cfg, disk, GLUE_AUDIT);
	EMU_RUN(&cfg) {
		struct report r;
		const struct iirb_component *k;

		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK_STR(emu_console(), "AUDIT MODE WARNING: Could not verify component");
		REQUIRE(report_of_run(&r));
		k = comp_at(&r, 0x10000);
		REQUIRE(k);
		CHECK_EQ(k->flags, IIRB_COMP_SIGNED);
	}
}

TEST(tampered_kernel_byte)
{
	verify_fails("tampered-kernel", "rsa2048");
}

TEST(tampered_signature)
{
	verify_fails("tampered-sig", "rsa2048");
}

TEST(wrong_certificate)
{
	struct emu_config cfg;

	certs1("rsa3072");
	machine(&cfg, "good", GLUE_SECURE);
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HALT);
		CHECK_EQ(emu_result()->halt_code, HALT_SECURE);
		CHECK_STR(emu_console(), "ERROR: Could not verify component");
	}
}

TEST(expired_certificate)
{
	verify_fails("good-expired", "expired");
}

TEST(each_diag508_error_code)
{
	static const uint64_t codes[] = { DIAG508_RC_NO_CERTS, DIAG508_RC_INVALID_COMP,
					  DIAG508_RC_INVALID_SIG, DIAG508_RC_VERIFY_FAILED,
					  DIAG508_RC_INVALID_LEN };
	struct emu_config cfg;

	certs1("rsa2048");
	for (unsigned int i = 0; i < ARRAY_SIZE(codes); i++) {
		char msg[64];

		machine(&cfg, "good", GLUE_SECURE);
		glue_force_rc(0, codes[i]);
		snprintf(msg, sizeof(msg), "DIAG 508 verification: 0x%llx",
			 (unsigned long long)codes[i]);
		EMU_RUN(&cfg) {
			REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HALT);
			CHECK_EQ(emu_result()->halt_code, HALT_SECURE);
			CHECK_STR(emu_console(), msg);
			CHECK_STR(emu_console(), "ERROR: Could not verify component");
		}
	}
}

TEST(diag320_store_failure_fails_the_device)
{
	struct emu_config cfg;

	certs1("rsa2048");
	machine(&cfg, "good", GLUE_AUDIT);
	glue_force_rc(0x0204, 0);
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HALT);
		CHECK_EQ(emu_result()->halt_code, HALT_NO_BOOT_DEVICE);
		CHECK_STR(emu_console(), "Could not get certificate");
	}
}

static void vcb_fault_case(enum glue_vcb_fault f, uint32_t halt, const char *msg)
{
	struct emu_config cfg;

	certs1("rsa2048");
	machine(&cfg, "good", GLUE_AUDIT);
	glue_vcb_fault(f);
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HALT);
		CHECK_EQ(emu_result()->halt_code, halt);
		CHECK_STR(emu_console(), msg);
		CHECK(!strstr(emu_console(), "starting the OS"));
	}
}

TEST(diag320_remaining_certificate_stops)
{
	vcb_fault_case(VCB_REMAIN, HALT_SECURE,
		       "ERROR: Not enough memory to store requested certificate");
}

TEST(diag320_no_entry_stored)
{
	vcb_fault_case(VCB_NONE_STORED, HALT_NO_BOOT_DEVICE, "No certificate entry");
}

TEST(diag320_invalid_entry)
{
	vcb_fault_case(VCB_INVALID, HALT_NO_BOOT_DEVICE, "Invalid certificate");
}

TEST(diag320_entry_offset_outside)
{
	vcb_fault_case(VCB_BAD_OFFSET, HALT_NO_BOOT_DEVICE, "Invalid certificate");
}

TEST(diag320_query_fails)
{
	struct emu_config cfg;

	certs1("rsa2048");
	machine(&cfg, "good", GLUE_SECURE);
	glue_vcssb_rc(0x0202);
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HALT);
		CHECK_EQ(emu_result()->halt_code, HALT_SECURE);
		CHECK_STR(emu_console(), "Failed to query certificate storage information!");
	}
}

/* ------------------------------------------------- SCLAB and global */

struct rule {
	const char *disk;
	const char *msg;
	uint64_t at;            /* component address with the CEI bit; 0: IIEI */
	uint32_t cei;
	uint16_t iiei;
};

static const struct rule rules[] = {
	{ "sclab-no-magic", "Magic does not match. SCLAB does not exist", 0xa000,
	  CEI_INVALID_SCLAB, 0 },
	{ "sclab-short", "Invalid SCLAB length", 0xa000,
	  CEI_INVALID_SCLAB | CEI_INVALID_SCLAB_LEN, 0 },
	{ "sclab-format", "Format-0 SCLAB is not being used", 0xa000, CEI_INVALID_SCLAB_FORMAT, 0 },
	{ "sclab-psw-not-zero", "Load PSW is not zero when Override PSW bit is zero", 0x10000,
	  CEI_SCLAB_LOAD_PSW_NOT_ZERO, 0 },
	{ "sclab-global-no-ola", "OLA flag is not set to one in the global SCLAB", 0xa000,
	  CEI_SCLAB_OLA_NOT_ONE, 0 },
	{ "sclab-addr-not-zero", "Load Address is not zero when OLA flag is zero", 0x10000,
	  CEI_SCLAB_LOAD_ADDR_NOT_ZERO, 0 },
	{ "sclab-addr-mismatch", "Load Address does not match with component load address",
	  0xa000, CEI_UNMATCHED_SCLAB_LOAD_ADDR, 0 },
	{ "sclab-nuc-not-global", "NUC bit is set, but not in the global SCLAB", 0x10000,
	  CEI_NUC_NOT_IN_GLOBAL_SCLAB, 0 },
	{ "sclab-sc-not-global", "SC bit is set, but not in the global SCLAB", 0x10000,
	  CEI_SC_NOT_IN_GLOBAL_SCLAB, 0 },
	{ "sclab-two-global", "More than one global SCLAB", 0, 0, IIEI_MORE_GLOBAL_SCLAB },
	{ "sclab-psw-mismatch", "Load PSW does not match with PSW in component", PSW,
	  CEI_UNMATCHED_SCLAB_LOAD_PSW, 0 },
	{ "psw-outside-signed", "Invalid PSW", 0x0008000080009000ULL, CEI_INVALID_LOAD_PSW, 0 },
	{ "nuc-unsigned", "Unsigned components are not allowed", 0, 0, IIEI_FOUND_UNSIGNED_COMP },
	{ "sc-two-signed", "Only one signed component is allowed", 0, 0, IIEI_MORE_SIGNED_COMP },
	{ "stage3-unsigned", "Global SCLAB does not exist", 0, 0, IIEI_NO_GLOBAL_SCLAB },
	{ "unsigned", "Secure boot is on, but components are not signed", 0, 0,
	  IIEI_NO_SIGNED_COMP | IIEI_NO_SCLAB | IIEI_NO_GLOBAL_SCLAB },
	{ "unsigned-low", "Load address for unsigned component is less than 0x2000", 0x1e00,
	  CEI_INVALID_UNSIGNED_ADDR, 0 },
	{ "overlap-signed", "Component addresses overlap", 0, 0, 0 },
	{ "unsigned-over-signed", "Component addresses overlap", 0, 0, 0 },
};

static void check_rule(const struct rule *ru)
{
	struct emu_config cfg;
	char warn[160], err[160];

	snprintf(err, sizeof(err), "ERROR: %s", ru->msg);
	snprintf(warn, sizeof(warn), "AUDIT MODE WARNING: %s", ru->msg);
	certs1("rsa2048");
	machine(&cfg, ru->disk, GLUE_SECURE);
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HALT);
		CHECK_EQ(emu_result()->halt_code, HALT_SECURE);
		CHECK_STR(emu_console(), err);
		CHECK(!strstr(emu_console(), "starting the OS"));
	}
	machine(&cfg, ru->disk, GLUE_AUDIT);
	EMU_RUN(&cfg) {
		struct report r;

		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK_STR(emu_console(), warn);
		REQUIRE(report_of_run(&r));
		if (ru->at) {
			const struct iirb_component *c = comp_at(&r, ru->at);

			REQUIRE(c);
			CHECK_EQ(be32_to_cpu(c->cei) & ru->cei, ru->cei);
		}
		CHECK_EQ(be16_to_cpu(r.cl->iiei) & ru->iiei, ru->iiei);
		if (!ru->at && !ru->iiei) {     /* overlaps record no indicator */
			CHECK_EQ(be16_to_cpu(r.cl->iiei), 0);
			for (unsigned int i = 0; i < r.ncomp; i++)
				CHECK_EQ(be32_to_cpu(r.comp[i].cei), 0);
		}
	}
}

#define RULE_TEST(n, i) \
	TEST(n) { check_rule(&rules[i]); }
RULE_TEST(sclab_no_magic, 0)
RULE_TEST(sclab_short, 1)
RULE_TEST(sclab_format_not_0, 2)
RULE_TEST(sclab_psw_without_opsw, 3)
RULE_TEST(sclab_global_without_ola, 4)
RULE_TEST(sclab_addr_without_ola, 5)
RULE_TEST(sclab_addr_mismatch, 6)
RULE_TEST(sclab_nuc_not_global, 7)
RULE_TEST(sclab_sc_not_global, 8)
RULE_TEST(sclab_two_global, 9)
RULE_TEST(global_psw_mismatch, 10)
RULE_TEST(exec_psw_outside_signed, 11)
RULE_TEST(global_nuc_with_unsigned, 12)
RULE_TEST(global_sc_with_two_signed, 13)
RULE_TEST(missing_stage3_signature, 14)
RULE_TEST(unsigned_disk, 15)
RULE_TEST(unsigned_component_below_0x2000, 16)
RULE_TEST(overlapping_signed_components, 17)
RULE_TEST(unsigned_component_over_signed, 18)

/* Audit mode boots the component below 0x2000 (its lowcore part copied in
 * at the jump, the rest loaded directly); normal mode refuses the device
 * rather than load over the firmware's own lowcore. */
TEST(unsigned_low_component_loaded_in_audit_refused_in_normal)
{
	struct emu_config cfg;

	certs1("rsa2048");
	machine(&cfg, "unsigned-low", GLUE_AUDIT);
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK(emu_mem_equals_file(0x1e00, glue_path("disks/low.bin"), 0, 1024));
		CHECK_EQ(emu_result()->ho.psw, PSW);
	}
	machine(&cfg, "unsigned-low", GLUE_NORMAL);
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HALT);
		CHECK_EQ(emu_result()->halt_code, HALT_NO_BOOT_DEVICE);
		CHECK_STR(emu_console(), "overlaps the lowcore (below 0x2000)");
		CHECK_STR(emu_console(), "Failed to IPL from this SCSI device!");
	}
}

/* ------------------------------------------------ malformed records */

static void device_fails(const char *disk, const char *msg)
{
	struct emu_config cfg;
	enum glue_mode modes[] = { GLUE_AUDIT, GLUE_SECURE };

	certs1("rsa2048");
	for (unsigned int i = 0; i < 2; i++) {
		machine(&cfg, disk, modes[i]);
		EMU_RUN(&cfg) {
			REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HALT);
			CHECK_EQ(emu_result()->halt_code, HALT_NO_BOOT_DEVICE);
			CHECK_STR(emu_console(), msg);
			CHECK_STR(emu_console(), "Failed to IPL from this SCSI device!");
			CHECK_STR(emu_console(), "boot failed, trying the next device");
		}
	}
}

TEST(signature_format_not_der)
{
	device_fails("sig-not-der", "Signature is not in DER format");
}

TEST(two_signatures_in_a_row)
{
	device_fails("two-sigs", "a second signature entry before the signed component");
}

TEST(signature_before_exec)
{
	device_fails("sig-then-exec", "a signature entry is followed by the EXEC entry");
}

TEST(unknown_component_type)
{
	device_fails("bad-type", "Unknown component entry type");
}

TEST(component_table_without_exec)
{
	device_fails("no-exec", "Wrong entry value");
}

/* A signature length DIAG 0x508 refuses fails the verification (QEMU:
 * "Could not verify component"): stop, or warn and boot unverified. */
static void sig_len_case(const char *disk, const char *detail)
{
	struct emu_config cfg;

	certs1("rsa2048");
	machine(&cfg, disk, GLUE_SECURE);
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HALT);
		CHECK_EQ(emu_result()->halt_code, HALT_SECURE);
		CHECK_STR(emu_console(), detail);
		CHECK_STR(emu_console(), "ERROR: Could not verify component");
	}
	machine(&cfg, disk, GLUE_AUDIT);
	EMU_RUN(&cfg) {
		struct report r;

		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK_STR(emu_console(), "AUDIT MODE WARNING: Could not verify component");
		REQUIRE(report_of_run(&r));
		REQUIRE(comp_at(&r, 0xa000));
		CHECK_EQ(comp_at(&r, 0xa000)->flags, IIRB_COMP_SIGNED);
		CHECK_EQ(comp_at(&r, 0x10000)->flags, IIRB_COMP_SIGNED | IIRB_COMP_VERIFIED);
	}
}

TEST(signature_longer_than_its_data)
{
	sig_len_case("sig-len-too-long", "but only 512 loaded");
}

TEST(signature_length_zero)
{
	sig_len_case("sig-len-zero", "signature length 0 is not 1..4096");
}

TEST(signature_length_over_4096)
{
	sig_len_case("sig-len-4097", "signature length 4097 is not 1..4096");
}

/* DIAG 308 set refused: Secure IPL stops ("Failed to IPL block" would leave
 * Linux without the report); normal mode warns (tests/scenario/iplb_test.c). */
TEST(set_iplb_refused_stops)
{
	struct emu_config cfg;
	enum glue_mode modes[] = { GLUE_AUDIT, GLUE_SECURE };

	certs1("rsa2048");
	for (unsigned int i = 0; i < 2; i++) {
		machine(&cfg, "good", modes[i]);
		cfg.diag308_set_rc = 0x0402;
		EMU_RUN(&cfg) {
			REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HALT);
			CHECK_EQ(emu_result()->halt_code, HALT_SECURE);
			CHECK_STR(emu_console(), "ERROR: Failed to set IPLB");
			CHECK(!strstr(emu_console(), "starting the OS"));
		}
	}
}

/* -------------------------------------------------- machine checks */

TEST(empty_certificate_store)
{
	struct emu_config cfg;

	glue_certs(NULL, 0);
	machine(&cfg, "good", GLUE_SECURE);
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HALT);
		CHECK_EQ(emu_result()->halt_code, HALT_SECURE);
		CHECK_STR(emu_console(), "Need at least one certificate for secure boot!");
	}
}

TEST(facilities_missing)
{
	struct emu_config cfg;

	certs1("rsa2048");
	machine(&cfg, "good", GLUE_AUDIT);
	cfg.scp_byte136 = 0x10;         /* SCLAF without SIPL */
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HALT);
		CHECK_EQ(emu_result()->halt_code, HALT_SECURE);
		CHECK_STR(emu_console(), "Secure IPL Facility is not supported by the hypervisor!");
		CHECK_STR(emu_console(), "Unable to boot in secure/audit mode");
	}
	machine(&cfg, "good", GLUE_AUDIT);
	cfg.scp_byte134 = 0;
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HALT);
		CHECK_STR(emu_console(), "Certificate Store Facility is not supported");
	}
	machine(&cfg, "good", GLUE_AUDIT);
	cfg.scp_byte136 = 0x40;         /* SIPL without SCLAF */
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HALT);
		CHECK_STR(emu_console(), "Code Loading Attributes Facility is not supported");
	}
}

TEST(secure_refuses_eckd_and_blank_disks)
{
	struct emu_config cfg;

	certs1("rsa2048");
	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 0, DEVNO, emu_image_create("blank", 1 << 20, NULL, 0));
	glue_machine(&cfg, GLUE_AUDIT, DEVNO, false);
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HALT);
		CHECK_EQ(emu_result()->halt_code, HALT_SECURE);
		CHECK_STR(emu_console(), "Secure boot with the ECKD scheme is not supported!");
	}
}

/* ------------------------------------------- limits, unit level */

static int limit_rc;

static void fill_component_list(void)
{
	struct sclp_info info = { .ram_size = 128 * MiB, .fac134 = 0x04, .fac_ipl = 0x5000 };

	if (sclp_console_init())
		return;
	if (secure_init(IPL_MODE_AUDIT, &info, emu_fwbase() - 7 * PAGE_SIZE, 7 * PAGE_SIZE))
		return;
	secure_walk_begin();
	for (unsigned int i = 0; i < IIRB_MAX_COMPONENTS; i++) {
		limit_rc = secure_on_load(i, 0x100000 + i * 0x1000ULL, 0x1000);
		if (limit_rc)
			return;
	}
	limit_rc = secure_on_load(IIRB_MAX_COMPONENTS, 0x800000, 0x1000);
}

TEST(more_than_127_components)
{
	struct emu_config cfg;

	certs1("rsa2048");
	emu_config_init(&cfg, EMU_QEMU_92);
	emu_machine_start(&cfg);
	REQUIRE_EQ(emu_call(fill_component_list), EMU_OUT_NONE);
	CHECK_EQ(limit_rc, FW_ESECURITY);
	CHECK_STR(emu_console(), "only 127 component entries are supported");
	CHECK_STR(emu_console(), "The device component list has reached its maximum capacity");
}

static struct iplb odd_iplb;
static int report_rc;

static void report_odd_len(void)
{
	if (sclp_console_init())
		return;
	odd_iplb.len = cpu_to_be32(4092);
	report_rc = secure_write_report(&odd_iplb);
}

TEST(iplb_length_not_multiple_of_8)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_machine_start(&cfg);
	REQUIRE_EQ(emu_call(report_odd_len), EMU_OUT_NONE);
	CHECK_EQ(report_rc, FW_ESECURITY);
	CHECK_STR(emu_console(), "not multiple of 8 bytes");
}

/* ------------------------------------- a disk written by the real zipl */

TEST(real_zipl_signed_disk_verifies)
{
	const char *disk = getenv("SECURE_REAL_DISK");
	const char *pem = getenv("SECURE_REAL_CERT");
	struct emu_config cfg;
	FILE *f;

	if (!disk || !pem || !(f = fopen(disk, "r"))) {
		printf("SKIP real_zipl_signed_disk_verifies: no disk signed by the real zipl "
		       "(SECURE_REAL_DISK/SECURE_REAL_CERT; built by tests/e2e/mk-signed-disk.sh)\n");
		return;
	}
	fclose(f);
	glue_certs(&pem, 1);
	emu_config_init(&cfg, EMU_QEMU_92);
	cfg.ram_size = 512 * MiB;
	emu_add_blk(&cfg, 0, DEVNO, disk);
	glue_machine(&cfg, GLUE_SECURE, DEVNO, false);
	EMU_RUN(&cfg) {
		struct report r;

		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK_EQ(count(emu_console(), "Verified component"), 2);
		REQUIRE(report_of_run(&r));
		REQUIRE(comp_at(&r, 0x10000));
		CHECK_EQ(comp_at(&r, 0x10000)->flags, IIRB_COMP_SIGNED | IIRB_COMP_VERIFIED);
		REQUIRE(comp_at(&r, 0xa000));
		CHECK_EQ(comp_at(&r, 0xa000)->flags, IIRB_COMP_SIGNED | IIRB_COMP_VERIFIED);
		CHECK_EQ(be16_to_cpu(r.cl->iiei), 0);
	}
}

/* ------------------------------------- the enrolled store, no QEMU Secure IPL */

/* The in-firmware verifier is there (not crypto/'s placeholder): it parses
 * the empty store of the image as built. */
static bool verifier_built(void)
{
	static struct trust_store ts;

	enroll(NULL);
	return trust_store_parse(&ts, pristine, sizeof(pristine), NULL) == 0;
}

#define NEED_VERIFIER()                                                                  \
	do {                                                                             \
		if (!verifier_built())                                                   \
			SKIP("the in-firmware verifier is crypto/'s placeholder");       \
	} while (0)

/* A machine without Secure IPL (QEMU 7.2..11.1: no IPL block flags, no
 * facilities) booting @disk with store @store enrolled in the image. */
static void enrolled(struct emu_config *cfg, const char *disk, const char *store)
{
	machine(cfg, disk, GLUE_NORMAL);
	cfg->scp_byte134 = 0;
	cfg->scp_byte136 = 0;
	glue_certs(NULL, 0);
	enroll(store);
}

static void expect_secure_stop(const char *msg)
{
	char err[160];

	snprintf(err, sizeof(err), "ERROR: %s", msg);
	REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HALT);
	CHECK_EQ(emu_result()->halt_code, HALT_SECURE);
	CHECK_STR(emu_console(), err);
	CHECK(!strstr(emu_console(), "starting the OS"));
}

TEST(enrolled_secure_good_disk_boots_with_report)
{
	struct emu_config cfg;
	const struct iplb *set;

	NEED_VERIFIER();
	enrolled(&cfg, "good", "secure");
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK_EQ(emu_result()->ho.psw, PSW);
		CHECK_EQ(count(emu_console(), "Verified component"), 2);
		CHECK_STR(emu_console(), "Secure IPL: secure mode (signatures: enrolled store)");
		CHECK(!strstr(emu_console(), "WARNING"));
		check_good_report("rsa2048");
		/* the block QEMU keeps says secure + report, as QEMU 11.2's would */
		set = (const void *)emu_result()->ho.iplb;
		CHECK(emu_result()->ho.iplb_was_set);
		CHECK_EQ(set->hdr_flags & (IPLB_HDR_FLAG_SIPL | IPLB_HDR_FLAG_IPLIR),
			 IPLB_HDR_FLAG_SIPL | IPLB_HDR_FLAG_IPLIR);
		CHECK_EQ(be32_to_cpu(set->len), IPLB_SIZE);
	}
}

TEST(enrolled_audit_flags_and_warning)
{
	struct emu_config cfg;

	NEED_VERIFIER();
	enrolled(&cfg, "tampered-kernel", "audit");
	EMU_RUN(&cfg) {
		struct report r;
		const struct iplb *set = (const void *)emu_result()->ho.iplb;

		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK_STR(emu_console(), "AUDIT MODE WARNING: Could not verify component");
		CHECK_EQ(set->hdr_flags & (IPLB_HDR_FLAG_SIPL | IPLB_HDR_FLAG_IPLIR),
			 IPLB_HDR_FLAG_IPLIR);
		REQUIRE(report_of_run(&r));
		CHECK_EQ(comp_at(&r, 0x10000)->flags, IIRB_COMP_SIGNED);
		CHECK_EQ(comp_at(&r, 0xa000)->flags, IIRB_COMP_SIGNED | IIRB_COMP_VERIFIED);
	}
}

TEST(enrolled_secure_refuses_tampered_wrong_cert_unsigned)
{
	static const struct {
		const char *disk, *store, *msg;
	} c[] = {
		{ "tampered-kernel", "secure", "Could not verify component" },
		{ "tampered-sig", "secure", "Could not verify component" },
		{ "good", "wrong", "Could not verify component" },
		{ "unsigned", "secure", "Secure boot is on, but components are not signed" },
		{ "sig-len-zero", "secure", "Could not verify component" },
	};
	struct emu_config cfg;

	NEED_VERIFIER();
	for (unsigned int i = 0; i < ARRAY_SIZE(c); i++) {
		enrolled(&cfg, c[i].disk, c[i].store);
		EMU_RUN(&cfg) {
			expect_secure_stop(c[i].msg);
		}
	}
}

/* Every SCLAB, global and overlap rule, with the enrolled verifier. */
TEST(enrolled_every_rule)
{
	struct emu_config cfg;

	NEED_VERIFIER();
	for (unsigned int i = 0; i < ARRAY_SIZE(rules); i++) {
		enrolled(&cfg, rules[i].disk, "secure");
		EMU_RUN(&cfg) {
			expect_secure_stop(rules[i].msg);
		}
		enrolled(&cfg, rules[i].disk, "audit");
		EMU_RUN(&cfg) {
			struct report r;
			char warn[160];

			snprintf(warn, sizeof(warn), "AUDIT MODE WARNING: %s", rules[i].msg);
			REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
			CHECK_STR(emu_console(), warn);
			REQUIRE(report_of_run(&r));
			CHECK_EQ(be16_to_cpu(r.cl->iiei) & rules[i].iiei, rules[i].iiei);
			if (rules[i].at) {
				REQUIRE(comp_at(&r, rules[i].at));
				CHECK_EQ(be32_to_cpu(comp_at(&r, rules[i].at)->cei) & rules[i].cei,
					 rules[i].cei);
			}
		}
	}
}

TEST(enrolled_second_and_third_certificate)
{
	struct emu_config cfg;

	NEED_VERIFIER();
	enrolled(&cfg, "mixed-certs", "two");       /* stage3 rsa2048 (3rd), kernel p384 (2nd) */
	EMU_RUN(&cfg) {
		struct report r;

		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		REQUIRE(report_of_run(&r));
		REQUIRE_EQ(r.ncert, 2);
		CHECK_EQ(be16_to_cpu(comp_at(&r, 0xa000)->cert_index), 0);
		CHECK_EQ(be16_to_cpu(comp_at(&r, 0x10000)->cert_index), 1);
		CHECK_STR(emu_console(), "with certificate 3");
		CHECK_STR(emu_console(), "with certificate 2");
	}
}

TEST(enrolled_strict_policy)
{
	struct emu_config cfg;

	NEED_VERIFIER();
	enrolled(&cfg, "good", "strict");           /* parameters and initrd unsigned */
	EMU_RUN(&cfg) {
		expect_secure_stop("Unsigned component is not allowed by the strict policy");
		CHECK_STR(emu_console(), "component at 0x9000 (512 bytes) is not signed");
	}
	enrolled(&cfg, "all-signed", "strict");     /* only a zero heap buffer unsigned */
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK_EQ(count(emu_console(), "Verified component"), 4);
		CHECK_STR(emu_console(), "strict policy");
	}
	enrolled(&cfg, "all-signed", "secure");     /* secure mode verifies them all too */
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK_EQ(count(emu_console(), "Verified component"), 4);
	}
}

TEST(enrolled_deny_list)
{
	struct emu_config cfg;

	NEED_VERIFIER();
	enrolled(&cfg, "good", "deny-cert");        /* the only certificate is denied */
	EMU_RUN(&cfg) {
		expect_secure_stop("Component is signed by a denied certificate");
	}
	enrolled(&cfg, "good", "audit-deny-cert");
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK_STR(emu_console(),
			  "AUDIT MODE WARNING: Component is signed by a denied certificate");
	}
	enrolled(&cfg, "good", "deny-kernel");      /* signed, but its digest is denied */
	EMU_RUN(&cfg) {
		expect_secure_stop("Component is denied");
		CHECK_STR(emu_console(), "component at 0x10000: its SHA-256 is on the deny list");
	}
	enrolled(&cfg, "good", "audit-deny-kernel");
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK_STR(emu_console(), "AUDIT MODE WARNING: Component is denied");
	}
	enrolled(&cfg, "good", "deny-initrd");      /* an unsigned component's digest */
	EMU_RUN(&cfg) {
		expect_secure_stop("Component is denied");
		CHECK_STR(emu_console(), "component at 0x1000000: its SHA-256 is on the deny list");
	}
}

/* QEMU offers Secure IPL: its mode and store decide; the enrolled deny list
 * and strict policy apply on top. */
TEST(qemu_decides_enrolled_policy_on_top)
{
	struct emu_config cfg;

	NEED_VERIFIER();
	certs1("rsa2048");
	machine(&cfg, "good", GLUE_SECURE);
	enroll("other-audit");                      /* other mode, other certificate */
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK_EQ(count(emu_console(), "Verified component"), 2);
		CHECK_STR(emu_console(), "signatures: DIAG 0x508");
		CHECK_STR(emu_console(), "QEMU's mode and store decide");
	}
	machine(&cfg, "good", GLUE_SECURE);
	enroll("qemu-deny-cert");                   /* QEMU's certificate is denied */
	EMU_RUN(&cfg) {
		expect_secure_stop("Component is signed by a denied certificate");
		CHECK_STR(emu_console(), "certificate 1 is denied");
	}
	machine(&cfg, "good", GLUE_SECURE);
	enroll("deny-initrd");                      /* a denied digest, hashed by the firmware */
	EMU_RUN(&cfg) {
		expect_secure_stop("Component is denied");
		CHECK_STR(emu_console(), "component at 0x1000000: its SHA-256 is on the deny list");
	}
	machine(&cfg, "good", GLUE_AUDIT);
	enroll("qemu-deny-cert");                   /* QEMU's audit mode: reported */
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK_EQ(count(emu_console(),
			       "AUDIT MODE WARNING: Component is signed by a denied certificate"), 2);
	}
	machine(&cfg, "good", GLUE_SECURE);
	enroll("other-strict");                     /* strict on top of QEMU's secure mode */
	EMU_RUN(&cfg) {
		expect_secure_stop("Unsigned component is not allowed by the strict policy");
	}
}

/* A re-IPL on a machine without Secure IPL finds the flags the enrolled
 * boot set: the enrolled store still decides. Without an IPL block at all
 * (no bootindex) the store applies to the scanned devices. */
TEST(enrolled_stale_flags_and_no_iplb)
{
	struct emu_config cfg;

	NEED_VERIFIER();
	machine(&cfg, "tampered-kernel", GLUE_SECURE);
	cfg.scp_byte134 = 0;
	cfg.scp_byte136 = 0;
	enroll("secure");
	EMU_RUN(&cfg) {
		expect_secure_stop("Could not verify component");
		CHECK_STR(emu_console(), "signatures: enrolled store");
	}
	enroll(NULL);
	emu_config_init(&cfg, EMU_QEMU_72);
	emu_add_blk(&cfg, 0, DEVNO, glue_path("disks/tampered-kernel.img"));
	enroll("secure");
	EMU_RUN(&cfg) {
		expect_secure_stop("Could not verify component");
		CHECK_STR(emu_console(), "No boot device specified, scanning for one");
	}
}

TEST(enrolled_store_damaged_stops)
{
	struct emu_config cfg;

	NEED_VERIFIER();
	enrolled(&cfg, "good", "damaged");
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HALT);
		CHECK_EQ(emu_result()->halt_code, HALT_SECURE);
		CHECK_STR(emu_console(), "the enrolled certificate store is damaged");
	}
}

/* The disk the real zipl --secure 1 wrote, verified by the enrolled store
 * on a machine without Secure IPL (what tests/e2e/secure-enrolled.sh boots
 * under QEMU 7.2 and 11.1). */
TEST(enrolled_real_zipl_signed_disk)
{
	const char *disk = getenv("SECURE_REAL_DISK");
	const char *pem = getenv("SECURE_REAL_CERT");
	const char *store = glue_path("real-store.bin");
	struct emu_config cfg;
	char cmd[2048];
	FILE *f;

	NEED_VERIFIER();
	if (!disk || !pem || !(f = fopen(disk, "r")))
		SKIP("no disk signed by the real zipl (SECURE_REAL_DISK/SECURE_REAL_CERT; built by "
		     "tests/e2e/mk-signed-disk.sh)");
	fclose(f);
	snprintf(cmd, sizeof(cmd), "python3 tests/secure/mkdisks.py --store '%s' secure '%s'",
		 store, pem);
	REQUIRE_EQ(system(cmd), 0);
	glue_certs(NULL, 0);                        /* QEMU 7.2: no Secure IPL */
	emu_config_init(&cfg, EMU_QEMU_72);
	cfg.ram_size = 512 * MiB;
	emu_add_blk(&cfg, 0, DEVNO, disk);
	emu_boot_ccw(&cfg, 0, DEVNO);
	enroll_file(store);
	EMU_RUN(&cfg) {
		struct report r;

		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK_EQ(count(emu_console(), "Verified component"), 2);
		CHECK_STR(emu_console(), "signatures: enrolled store");
		REQUIRE(report_of_run(&r));
		REQUIRE(comp_at(&r, 0x10000));
		CHECK_EQ(comp_at(&r, 0x10000)->flags, IIRB_COMP_SIGNED | IIRB_COMP_VERIFIED);
		CHECK_EQ(be16_to_cpu(r.cl->iiei), 0);
		CHECK_EQ(r.ncert, 1);
	}
}

/* virtio-scsi on QEMU 7.2, which refuses a QEMU-SCSI (0xff) block: the
 * controller's CCW block reaches the machine, with the secure and report
 * flags. (QEMU 9.2+ rebuilds a 0xff block over the one set and keeps its
 * header flags; tests/e2e/secure-enrolled.sh boots that on 11.1: the
 * emulated rebuild starts from zeros.) */
TEST(enrolled_scsi_iplb_flags_72)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d;

	NEED_VERIFIER();
	glue_certs(NULL, 0);
	emu_config_init(&cfg, EMU_QEMU_72);
	d = emu_add_scsi(&cfg, 0, 0x0002);
	emu_scsi_add_lun(d, 0, 0, EMU_SCSI_HD, glue_path("disks/good.img"));
	emu_boot_scsi(&cfg, 0, 0x0002, 0, 0);
	enroll("secure");
	EMU_RUN(&cfg) {
		const struct iplb *set = (const void *)emu_result()->ho.iplb;

		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK_EQ(count(emu_console(), "Verified component"), 2);
		CHECK(emu_result()->ho.iplb_was_set);
		CHECK_EQ(set->pbt, IPL_PBT_CCW);
		CHECK_EQ(set->hdr_flags & (IPLB_HDR_FLAG_SIPL | IPLB_HDR_FLAG_IPLIR),
			 IPLB_HDR_FLAG_SIPL | IPLB_HDR_FLAG_IPLIR);
		CHECK_EQ(be32_to_cpu(set->len), IPLB_SIZE);
	}
}

/* ------------------------------------------------- Secure IPL over PCI */

#define PCI_FID 0x21

/* As machine(), with the disk on a virtio-blk-pci function and the IPL
 * block of type 0x04 (QEMU 11.x) carrying the same mode flags. */
static void pci_machine(struct emu_config *cfg, const char *disk, enum glue_mode mode)
{
	static uint8_t b[IPLB_SIZE];
	struct iplb *p = (struct iplb *)b;

	emu_config_init(cfg, EMU_QEMU_92);
	emu_add_pci_blk(cfg, PCI_FID, glue_path("disks/%s.img", disk));
	glue_machine(cfg, mode, DEVNO, false);
	memcpy(b, cfg->boot[cfg->nboot - 1].raw, sizeof(b));
	p->pbt = IPL_PBT_PCI;
	p->blk0_len = cpu_to_be32(IPLB_LEN_PCI - IPLB_HDR_LEN);
	if (mode == GLUE_NORMAL)
		p->len = cpu_to_be32(IPLB_LEN_PCI);
	memset(&p->ccw, 0, sizeof(p->ccw));
	p->pci.fid = cpu_to_be32(PCI_FID);
	cfg->boot[cfg->nboot - 1].raw = b;
	glue_force_rc(0, 0);
	glue_vcb_fault(VCB_OK);
	glue_vcssb_rc(0);
}

TEST(secure_pci_good_disk_boots_with_report)
{
	struct emu_config cfg;

	certs1("rsa2048");
	pci_machine(&cfg, "good", GLUE_SECURE);
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK_EQ(emu_result()->ho.psw, PSW);
		CHECK_EQ(count(emu_console(), "Verified component"), 2);
		CHECK_STR(emu_console(), "pci 0x21: virtio-blk (virtio-pci revision 1)");
		CHECK(!strstr(emu_console(), "WARNING"));
		check_good_report("rsa2048");
		CHECK_EQ(emu_result()->ho.iplb[0x0c], IPL_PBT_PCI);
	}
}

TEST(audit_pci_good_disk_boots_with_report)
{
	struct emu_config cfg;

	certs1("rsa2048");
	pci_machine(&cfg, "good", GLUE_AUDIT);
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK_EQ(count(emu_console(), "Verified component"), 2);
		CHECK(!strstr(emu_console(), "AUDIT MODE WARNING"));
		check_good_report("rsa2048");
	}
}

TEST(secure_pci_tampered_kernel)
{
	struct emu_config cfg;

	certs1("rsa2048");
	pci_machine(&cfg, "tampered-kernel", GLUE_SECURE);
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HALT);
		CHECK_EQ(emu_result()->halt_code, HALT_SECURE);
		CHECK_STR(emu_console(), "ERROR: Could not verify component");
	}
	pci_machine(&cfg, "tampered-kernel", GLUE_AUDIT);
	EMU_RUN(&cfg) {
		struct report r;

		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK_STR(emu_console(), "AUDIT MODE WARNING: Could not verify component");
		REQUIRE(report_of_run(&r));
		REQUIRE(comp_at(&r, 0x10000));
		CHECK_EQ(comp_at(&r, 0x10000)->flags, IIRB_COMP_SIGNED);
	}
}
