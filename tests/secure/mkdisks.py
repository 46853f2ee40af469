#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""mkdisks.py OUTDIR KEYDIR - the signed disks of the Secure IPL scenarios.
mkdisks.py --store OUT MODE CERT.pem... - an enrolled store (.enroll area).

Writes zipl SCSI-scheme disks (512-byte blocks) straight from a component
list, so that every malformed arrangement a hostile disk could hold can be
described: signature entries with any format, two in a row, components that
overlap, SCLABs with every rule broken. Signatures are detached DER PKCS#7
made with the openssl CLI exactly like tools/sign-component (Linux
sign-file): cms -sign -binary -noattr -nocerts -nosmimecap.

Synthetic components (the harness never runs them):
  stage3   16 KiB at 0xa000 ending in the global SCLAB zipl's stage3 carries
           (flags OPSW|OLA, load PSW 0x000800008000a000, load address 0xa000)
  kernel   72 KiB at 0x10000 ending in the zero SCLAB of Linux images
  params   512 bytes at 0x9000 (stage3 parameters, unsigned, as zipl does)
  initrd   20 KiB at 0x1000000 (unsigned)

KEYDIR is tests/data/keys/mk-keys.sh's output (keys/NAME.pem, certs/NAME.pem).
Each disk NAME.img comes with NAME.txt listing its components.
"""
import hashlib
import os
import random
import struct
import subprocess
import sys

BS = 512
EXEC, LOAD, SIG = 1, 2, 3
PSW = 0x000800008000A000


def sclab(flags=0, psw=0, addr=0, fmt=0, length=32, magic=b"zIPL"):
    body = struct.pack(">BBHIQQ", fmt, 0, flags, 0, psw, addr)
    body += bytes(max(0, length - 8 - len(body)))
    return body[:max(0, length - 8)] + struct.pack(">HH", 0, length) + magic


def blob(seed, size, trailer=b""):
    data = bytearray(random.Random(seed).randbytes(size - len(trailer)))
    return bytes(data) + trailer


def stage3(**kw):
    args = dict(flags=0xC000, psw=PSW, addr=0xA000)
    args.update(kw)
    return blob(3, 16 * 1024, sclab(**args))


def kernel(**kw):
    return blob(7, 72 * 1024, sclab(**kw))


PARAMS = blob(9, BS)
INITRD = blob(11, 20 * 1024)
LOW = blob(13, 2 * BS)          # unsigned, 0x1e00-0x21ff: half in the lowcore


class Signer:
    def __init__(self, keydir, work):
        self.keydir = keydir
        self.work = work

    def sign(self, data, key="rsa2048", cert=None, md="sha256"):
        cert = cert or key
        src = os.path.join(self.work, "sign-in.bin")
        with open(src, "wb") as f:
            f.write(data)
        out = subprocess.run(
            ["openssl", "cms", "-sign", "-binary", "-noattr", "-nocerts", "-nosmimecap",
             "-md", md, "-in", src, "-outform", "DER",
             "-signer", os.path.join(self.keydir, "certs", cert + ".pem"),
             "-inkey", os.path.join(self.keydir, "keys", key + ".pem")],
            check=True, stdout=subprocess.PIPE).stdout
        return out


def der_of(keydir, name):
    return subprocess.run(["openssl", "x509", "-in", os.path.join(keydir, "certs", name + ".pem"),
                           "-outform", "DER"], check=True, stdout=subprocess.PIPE).stdout


STORE_SIZE = 32 * 1024
MODES = {"none": 0, "audit": 1, "secure": 2, "strict": 3}


def enrolled_store(mode, certs=(), deny_certs=(), deny_sha256=()):
    """The .enroll area of include/abi/enroll.h (what secure-ccw-enroll writes)."""
    body = b""
    for etype, items in ((1, certs), (2, deny_certs), (3, deny_sha256)):
        for data in items:
            body += struct.pack(">B3xI", etype, len(data)) + data
            body += bytes(-len(data) % 8)
    total = 96 + len(body)
    hdr = bytearray(b"sccwSTOR" + struct.pack(">IIIIB3xHHH", 1, 96, total, STORE_SIZE,
                                              MODES[mode], len(certs), len(deny_certs),
                                              len(deny_sha256)))
    hdr += bytes(96 - len(hdr))
    area = bytearray(hdr + body)
    area[0x40:0x60] = hashlib.sha256(bytes(area)).digest()
    return bytes(area) + bytes(STORE_SIZE - len(area))


def write_disk(path, comps, bs=BS):
    """comps: list of (type, data_or_psw, addr, sigfmt, siglen)."""
    blocks = {}
    nxt = [2]                                  # block 0 MBR, 1 program table

    def alloc(n):
        b = nxt[0]
        nxt[0] += n
        return b

    def put(b, data):
        for i in range(0, len(data), bs):
            blocks[b + i // bs] = data[i:i + bs].ljust(bs, b"\0")

    def ptr(blockno, count=1):
        return struct.pack(">QHH4x", blockno, bs, count - 1)

    ctab_blk = alloc(1)
    table = bytearray(b"zIPL" + bytes(28))
    for ctype, data, addr, sigfmt, siglen in comps:
        ent = bytearray(32)
        ent[0x17] = ctype
        if ctype == EXEC:
            struct.pack_into(">Q", ent, 0x18, data)
        else:
            n = max(1, -(-len(data) // bs))
            first = alloc(n)
            put(first, data)
            lst = alloc(1)
            ptrs = b""
            done = 0
            while done < n:
                c = min(n - done, 65536)
                ptrs += ptr(first + done, c)
                done += c
            put(lst, ptrs)
            ent[0:16] = ptr(lst)
            if ctype == LOAD:
                struct.pack_into(">Q", ent, 0x18, addr)
            else:
                struct.pack_into(">B3xI", ent, 0x18, sigfmt,
                                 len(data) if siglen is None else siglen)
        table += ent
    put(ctab_blk, bytes(table))
    put(1, b"zIPL" + bytes(12) + ptr(ctab_blk))
    put(0, b"zIPL" + struct.pack(">I", 1) + bytes(8) + ptr(1))
    size = max(nxt[0] + 16, 8192) * bs
    with open(path, "wb") as f:
        f.truncate(size)
        for b, d in blocks.items():
            f.seek(b * bs)
            f.write(d)


def store_main(argv):
    """--store OUT MODE CERT.pem...: an enrolled store trusting the certificates."""
    out, mode, certs = argv[0], argv[1], argv[2:]
    ders = [subprocess.run(["openssl", "x509", "-in", c, "-outform", "DER"], check=True,
                           stdout=subprocess.PIPE).stdout for c in certs]
    with open(out, "wb") as f:
        f.write(enrolled_store(mode, ders))


def main():
    if sys.argv[1] == "--store":
        store_main(sys.argv[2:])
        return
    out, keydir = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    s = Signer(keydir, out)
    st3, kern = stage3(), kernel()
    sig_st3, sig_kern = s.sign(st3), s.sign(kern)

    def std(st3_data=st3, st3_sig=sig_st3, k_data=kern, k_sig=sig_kern, psw=PSW,
            extra_after=(), sigfmt=1, exec_entry=True):
        c = []
        if st3_sig is not None:
            c.append((SIG, st3_sig, 0, sigfmt, None))
        c.append((LOAD, st3_data, 0xA000, 0, 0))
        c.append((LOAD, PARAMS, 0x9000, 0, 0))
        if k_sig is not None:
            c.append((SIG, k_sig, 0, 1, None))
        c.append((LOAD, k_data, 0x10000, 0, 0))
        c.append((LOAD, INITRD, 0x1000000, 0, 0))
        c.extend(extra_after)
        if exec_entry:
            c.append((EXEC, psw, 0, 0, 0))
        return c

    flip = bytearray(kern)
    flip[1000] ^= 1
    bad_sig = bytearray(sig_kern)
    bad_sig[-10] ^= 0xFF
    disks = {
        "good": std(),
        "good-p256": std(st3_sig=s.sign(st3, "p256"), k_sig=s.sign(kern, "p256")),
        "good-rsa4096-sha512": std(st3_sig=s.sign(st3, "rsa4096", md="sha512"),
                                   k_sig=s.sign(kern, "rsa4096", md="sha512")),
        "mixed-certs": std(k_sig=s.sign(kern, "p384")),
        "good-expired": std(st3_sig=s.sign(st3, "expired"), k_sig=s.sign(kern, "expired")),
        "tampered-kernel": std(k_data=bytes(flip)),
        "tampered-sig": std(k_sig=bytes(bad_sig)),
        "unsigned": std(st3_sig=None, k_sig=None),
        "stage3-unsigned": std(st3_sig=None),
        "sig-not-der": std(sigfmt=2),
        "two-sigs": [(SIG, sig_st3, 0, 1, None)] + std(),
        "sig-then-exec": std(extra_after=[(SIG, sig_kern, 0, 1, None)]),
        "sig-len-too-long": [(SIG, sig_st3, 0, 1, len(sig_st3) + 600)] + std(st3_sig=None),
        "sclab-no-magic": std(st3_data=(st := stage3(magic=b"zIPM")), st3_sig=s.sign(st)),
        "sclab-short": std(st3_data=(st := stage3(length=16)), st3_sig=s.sign(st)),
        "sclab-format": std(st3_data=(st := stage3(fmt=1)), st3_sig=s.sign(st)),
        "sclab-psw-not-zero": std(k_data=(k := kernel(psw=0x1234)), k_sig=s.sign(k)),
        "sclab-global-no-ola": std(st3_data=(st := stage3(flags=0x8000, addr=0)),
                                   st3_sig=s.sign(st)),
        "sclab-addr-not-zero": std(k_data=(k := kernel(addr=0x10000)), k_sig=s.sign(k)),
        "sclab-addr-mismatch": std(st3_data=(st := stage3(addr=0xB000)), st3_sig=s.sign(st)),
        "sclab-nuc-not-global": std(k_data=(k := kernel(flags=0x2000)), k_sig=s.sign(k)),
        "sclab-sc-not-global": std(k_data=(k := kernel(flags=0x1000)), k_sig=s.sign(k)),
        "sclab-two-global": std(k_data=(k := kernel(flags=0xC000, psw=PSW, addr=0x10000)),
                                k_sig=s.sign(k)),
        "sclab-psw-mismatch": std(st3_data=(st := stage3(psw=0x000800008000A100)),
                                  st3_sig=s.sign(st)),
        "psw-outside-signed": std(psw=0x0008000080009000),
        "nuc-unsigned": std(st3_data=(st := stage3(flags=0xE000)), st3_sig=s.sign(st)),
        "sc-two-signed": std(st3_data=(st := stage3(flags=0xD000)), st3_sig=s.sign(st)),
        "sig-len-zero": [(SIG, sig_st3, 0, 1, 0)] + std(st3_sig=None),
        "sig-len-4097": [(SIG, sig_st3, 0, 1, 4097)] + std(st3_sig=None),
        "unsigned-low": std(extra_after=[(LOAD, LOW, 0x1E00, 0, 0)]),
        "bad-type": std(extra_after=[(7, PARAMS, 0, 0, 0)]),
        "no-exec": std(exec_entry=False,
                       extra_after=[(LOAD, PARAMS, 0x2000000 + k * 0x1000, 0, 0)
                                    for k in range(9)]),
        "overlap-signed": std(extra_after=[(SIG, (k2 := s.sign(kernel())), 0, 1, None),
                                           (LOAD, kernel(), 0x18000, 0, 0)]),
        "unsigned-over-signed": std(extra_after=[(LOAD, INITRD, 0x12000, 0, 0)]),
    }
    # strict policy: every component signed (with the zero SCLAB of Linux
    # images), only zipl's all-zero heap buffer unsigned
    params_s = blob(9, BS, sclab())
    initrd_s = blob(11, 20 * 1024, sclab())
    disks["all-signed"] = [(LOAD, bytes(16 * 1024), 0x2000, 0, 0),
                           (SIG, sig_st3, 0, 1, None), (LOAD, st3, 0xA000, 0, 0),
                           (SIG, s.sign(params_s), 0, 1, None), (LOAD, params_s, 0x9000, 0, 0),
                           (SIG, sig_kern, 0, 1, None), (LOAD, kern, 0x10000, 0, 0),
                           (SIG, s.sign(initrd_s), 0, 1, None), (LOAD, initrd_s, 0x1000000, 0, 0),
                           (EXEC, PSW, 0, 0, 0)]
    der = {n: der_of(keydir, n) for n in ("rsa2048", "rsa3072", "p384")}
    sha = {n: hashlib.sha256(d).digest() for n, d in (("kernel", kern), ("initrd", INITRD))}
    stores = {
        "secure": enrolled_store("secure", [der["rsa2048"]]),
        "audit": enrolled_store("audit", [der["rsa2048"]]),
        "strict": enrolled_store("strict", [der["rsa2048"]]),
        "wrong": enrolled_store("secure", [der["rsa3072"]]),
        "two": enrolled_store("secure", [der["rsa3072"], der["p384"], der["rsa2048"]]),
        "deny-cert": enrolled_store("secure", [der["rsa2048"]], [der["rsa2048"]]),
        "audit-deny-cert": enrolled_store("audit", [der["rsa2048"]], [der["rsa2048"]]),
        "deny-kernel": enrolled_store("secure", [der["rsa2048"]], (), [sha["kernel"]]),
        "audit-deny-kernel": enrolled_store("audit", [der["rsa2048"]], (), [sha["kernel"]]),
        "deny-initrd": enrolled_store("secure", [der["rsa2048"]], (), [sha["initrd"]]),
        "other-audit": enrolled_store("audit", [der["rsa3072"]]),
        "other-strict": enrolled_store("strict", [der["rsa3072"]]),
        "qemu-deny-cert": enrolled_store("audit", [der["rsa3072"]], [der["rsa2048"]]),
    }
    damaged = bytearray(stores["secure"])
    damaged[200] ^= 1
    stores["damaged"] = bytes(damaged)
    for name, area in stores.items():
        with open(os.path.join(out, "store-" + name + ".bin"), "wb") as f:
            f.write(area)
    for name, comps in disks.items():
        write_disk(os.path.join(out, name + ".img"), comps)
        with open(os.path.join(out, name + ".txt"), "w") as f:
            for ctype, data, addr, _, _ in comps:
                kind = {EXEC: "EXEC", LOAD: "LOAD", SIG: "SIGNATURE"}.get(ctype, str(ctype))
                if ctype == EXEC:
                    f.write(f"{kind} psw={data:#018x}\n")
                else:
                    f.write(f"{kind} addr={addr:#x} len={len(data)}\n")
    for name, data in (("stage3", st3), ("kernel", kern), ("params", PARAMS),
                       ("initrd", INITRD), ("low", LOW)):
        with open(os.path.join(out, name + ".bin"), "wb") as f:
            f.write(data)
    open(os.path.join(out, "stamp"), "w").close()


if __name__ == "__main__":
    main()
