/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Messages for the reference's error codes (enum ref_err). */
#include "ref_int.h"

const char *ref_strerror(int err)
{
	switch (err) {
	case REF_OK: return "success";
	case REF_ETRUNC: return "length beyond the enclosing data";
	case REF_EINDEF: return "indefinite length";
	case REF_ENONMIN: return "non-minimal encoding";
	case REF_ETAG: return "unexpected tag";
	case REF_ETRAIL: return "trailing data";
	case REF_ETYPE: return "wrong content type";
	case REF_EALG: return "unknown or unsupported algorithm";
	case REF_EVERSION: return "unsupported version";
	case REF_ECONTENT: return "content is not detached";
	case REF_EATTR: return "malformed signed attributes";
	case REF_ENOSIGNER: return "no signer";
	case REF_EKEY: return "key unsupported or of the wrong type";
	case REF_EKEYSIZE: return "RSA key size outside 2048..4096 bits";
	case REF_EDIGEST: return "messageDigest mismatch";
	case REF_ESIG: return "signature does not verify";
	case REF_EEXPIRED: return "certificate expired";
	case REF_ENOTYET: return "certificate not yet valid";
	case REF_EKEYUSAGE: return "keyUsage lacks digitalSignature";
	case REF_ENOMEM: return "out of memory";
	case REF_EIO: return "I/O error";
	case REF_ECERT: return "not a PEM X.509 certificate";
	case REF_EFULL: return "limit exceeded";
	case REF_ETIME: return "malformed time";
	case REF_EVALUE: return "malformed value";
	}
	return "unknown error";
}
