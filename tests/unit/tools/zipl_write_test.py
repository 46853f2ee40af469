# SPDX-License-Identifier: GPL-2.0-or-later
"""Unit test for tools/zipl-write: writes disks from synthetic inputs and
checks them with the independent reader zipl_read.py.

usage: zipl_write_test.py ZIPL_WRITE_BINARY [WORKDIR]
Prints one line per case and "N passed, N failed, N skipped" last; exit 1 if
anything failed.
"""
import hashlib
import os
import random
import struct
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import zipl_read  # noqa: E402

TOOL = None
WORK = None
RESULTS = {"passed": 0, "failed": 0, "skipped": 0}

PSW_KERNEL = 0x0008000080010000
PSW_STAGE3 = 0x000800008000A000
SIG_MAGIC = b"~Module signature appended~\n"


class Skip(Exception):
    pass


def rnd_bytes(seed, n):
    r = random.Random(seed)
    return r.getrandbits(8 * n).to_bytes(n, "little") if n else b""


def make_kernel(path, seed, size, max_cmd=0x1000):
    """A fake s390 Linux image: random bytes with the head marks set."""
    k = bytearray(rnd_bytes(seed, size))
    k[0:8] = struct.pack(">Q", 0x0008000080000200)
    k[0x10008:0x1000E] = b"S390EP"
    k[0x10400:0x10580] = bytes(0x180)
    struct.pack_into(">Q", k, 0x10428, 0x182B0)   # kernel_version pointer
    struct.pack_into(">Q", k, 0x10430, max_cmd)
    k[0x10480:0x10492] = b"root=/dev/ram0 ro\0"
    with open(path, "wb") as f:
        f.write(k)
    return bytes(k)


def make_file(path, seed, size):
    d = rnd_bytes(seed, size)
    with open(path, "wb") as f:
        f.write(d)
    return d


def sign(data, siglen=300):
    """Append a fake module signature trailer (as Linux sign-file does)."""
    sig = rnd_bytes(siglen, siglen)
    info = struct.pack(">BBBBB3sI", 0, 0, 2, 0, 0, b"\0\0\0", siglen)
    return data + sig + info + SIG_MAGIC


def run(args, expect_rc=0):
    p = subprocess.run([TOOL] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != expect_rc:
        raise AssertionError("zipl-write %s: rc %d (expected %d)\nstdout: %s\nstderr: %s" % (
            " ".join(args), p.returncode, expect_rc, p.stdout.decode(), p.stderr.decode()))
    return p


def eq(a, b, what):
    if a != b:
        if isinstance(a, int) and isinstance(b, int):
            raise AssertionError("%s: 0x%x != 0x%x" % (what, a, b))
        raise AssertionError("%s differs" % what)


def padded(data, bs):
    return data + bytes(-len(data) % bs)


def align(x, a):
    return (x + a - 1) // a * a


def verify(disk, bs, sections, default=1, stage3=None, data_lba=None, fragment=0):
    """sections: list of dict(kernel=bytes, initrd=bytes|None, cmdline=str|None)."""
    r = zipl_read.read_disk(disk, bs)
    data_lba = (1 << 20) // bs if data_lba is None else data_lba
    eq(r["pt_lba"], data_lba, "program table block")
    ent = r["entries"]
    eq(len([e for e in ent if e is not None]), len(sections) + 1, "program table entries")
    eq(ent[0], ent[default], "entry 0 = default section")
    for b in r["used"]:
        if b != 0 and b < data_lba:
            raise AssertionError("block %d used below --data-lba" % b)
    for i, s in enumerate(sections):
        comps = r["sections"][ent[i + 1]]
        check_section(comps, bs, s, stage3, fragment, "section %d" % (i + 1))
    return r


def payload(data):
    if data.endswith(SIG_MAGIC):
        siglen = struct.unpack(">I", data[-32:-28])[0]
        return data[:len(data) - 40 - siglen]
    return data


def check_section(comps, bs, s, stage3, fragment, what):
    kernel = payload(s["kernel"])
    initrd = payload(s["initrd"]) if s.get("initrd") is not None else None
    cmdline = s.get("cmdline")
    loads = [c for c in comps if c["type"] == "LOAD"]
    eq(comps[-1]["type"], "EXEC", what + " last entry")
    if fragment:
        for c in loads:
            want = -(-c["nblocks"] // fragment)
            eq(c["nptrs"], want, what + " pointers with --fragment")
            eq(c["nlists"], -(-want // (bs // 16 - 1)), what + " list blocks")
            ext = c["extents"]
            for (a, n), (b, _) in zip(ext, ext[1:]):
                if a + n == b:
                    raise AssertionError(what + ": --fragment extents are adjacent")
            if len(ext) >= 3 and sorted(ext) == ext:
                raise AssertionError(what + ": --fragment extents are in disk order")
    kfile_end = 0x10000 + align(len(s["kernel"]), 0x1000)
    if stage3 is None:
        eq(comps[-1]["psw"], PSW_KERNEL, what + " EXEC PSW")
        names = ["kernel"] + (["parm"] if initrd is not None or cmdline is not None else []) + \
                (["initrd"] if initrd is not None else [])
        eq(len(loads), len(names), what + " number of LOADs")
        c = dict(zip(names, loads))
        eq(c["kernel"]["addr"], 0x10000, what + " kernel address")
        eq(c["kernel"]["data"], padded(kernel[0x10000:], bs), what + " kernel data")
        initrd_addr = 0
        if initrd is not None:
            initrd_addr = c["initrd"]["addr"]
            eq(initrd_addr, align(kfile_end, 0x10000), what + " initrd address")
            eq(c["initrd"]["data"], padded(initrd, bs), what + " initrd data")
        if "parm" in c:
            p = c["parm"]
            eq(p["addr"], 0x10400, what + " parameter area address")
            # simulate the loads in order and look at the kernel's view
            mem = bytearray(max(x["addr"] + len(x["data"]) for x in loads))
            for x in loads:
                mem[x["addr"]:x["addr"] + len(x["data"])] = x["data"]
            max_cmd = struct.unpack_from(">Q", kernel, 0x10430)[0] or 896
            if initrd is not None:
                eq(struct.unpack_from(">QQ", mem, 0x10408), (initrd_addr, len(initrd)), what + " initrd start/size")
            else:
                eq(mem[0x10408:0x10418], kernel[0x10408:0x10418], what + " initrd fields untouched")
            if cmdline is not None:
                cl = mem[0x10480:0x10480 + max_cmd]
                eq(bytes(cl), cmdline.encode() + bytes(max_cmd - len(cmdline)), what + " command line")
                skip = [(0x10408, 0x10418), (0x10480, 0x10480 + max_cmd)]
            else:
                eq(mem[0x10480:0x10492], b"root=/dev/ram0 ro\0", what + " built-in command line kept")
                skip = [(0x10408, 0x10418)]
            # everything else the parameter block covers is the kernel's own
            end = 0x10400 + len(p["data"])
            for a in range(0x10000, min(end, len(kernel))):
                if any(lo <= a < hi for lo, hi in skip):
                    continue
                if mem[a] != kernel[a]:
                    raise AssertionError("%s: kernel byte 0x%x changed by the parameter block" % (what, a))
        if initrd is not None:
            if initrd_addr < 0x10000 + len(kernel):
                raise AssertionError(what + " initrd overlaps the kernel")
    else:
        eq(comps[-1]["psw"], PSW_STAGE3, what + " EXEC PSW")
        names = ["heap", "stack", "stage3", "parms", "kernel"] + (["parmline"] if cmdline is not None else []) + \
                (["initrd"] if initrd is not None else [])
        eq(len(loads), len(names), what + " number of LOADs")
        c = dict(zip(names, loads))
        eq((c["heap"]["addr"], c["heap"]["data"]), (0x2000, bytes(0x4000)), what + " heap dummy")
        eq((c["stack"]["addr"], c["stack"]["data"]), (0xF000, bytes(0x1000)), what + " stack dummy")
        eq(c["stage3"]["addr"], 0xA000, what + " stage3 address")
        eq(c["stage3"]["data"], padded(payload(stage3), bs), what + " stage3 data")
        eq(c["parms"]["addr"], 0x9000, what + " stage3 parameter address")
        eq(c["kernel"]["addr"], 0x10000, what + " kernel address")
        eq(c["kernel"]["data"], padded(kernel, bs), what + " kernel data")
        parms = struct.unpack_from(">10Q", c["parms"]["data"])
        eq(c["parms"]["data"][80:], bytes(len(c["parms"]["data"]) - 80), what + " stage3 parameter padding")
        next_addr = kfile_end
        parm_addr = 0xFFFFFFFFFFFFFFFF
        if cmdline is not None:
            parm_addr = next_addr
            eq(c["parmline"]["addr"], parm_addr, what + " parmline address")
            eq(c["parmline"]["data"], padded(cmdline.encode() + b"\0", bs), what + " parmline")
            next_addr += align(max(len(cmdline) + 1, 0x380), 0x1000)
        initrd_addr, initrd_len = 0, 0
        if initrd is not None:
            initrd_addr, initrd_len = align(next_addr, 0x10000), len(initrd)
            eq(c["initrd"]["addr"], initrd_addr, what + " initrd address")
            eq(c["initrd"]["data"], padded(initrd, bs), what + " initrd data")
        want = (parm_addr, initrd_addr, initrd_len, PSW_KERNEL, 0, 0x0001000000000000,
                len(kernel), 0x10000, 0, 0)
        eq(parms, want, what + " stage3 parameters")


def tool_args(disk, bs, sections, default=None, stage3=None, extra=()):
    a = ["-o", disk, "--block-size", str(bs)] + list(extra)
    if stage3:
        a += ["--stage3", stage3]
    for s in sections:
        spec = "kernel=" + s["kernel_path"]
        if s.get("initrd_path"):
            spec += ",initrd=" + s["initrd_path"]
        if s.get("cmdline") is not None:
            spec += ",cmdline=" + s["cmdline"]
        a += ["--section", spec]
    if default:
        a += ["--default", str(default)]
    return a


def case(name):
    def deco(fn):
        fn.case_name = name
        CASES.append(fn)
        return fn
    return deco


CASES = []
F = {}


def setup_inputs():
    F["k1"] = make_kernel(os.path.join(WORK, "k1"), 1, 0x10000 + 1234567)
    F["k2"] = make_kernel(os.path.join(WORK, "k2"), 2, 0x10000 + 300001, max_cmd=0)
    F["i1"] = make_file(os.path.join(WORK, "i1"), 3, 100001)
    F["i2"] = make_file(os.path.join(WORK, "i2"), 4, 4096 * 3)
    F["s3"] = make_file(os.path.join(WORK, "s3"), 5, 0x4000)
    with open(os.path.join(WORK, "k1s"), "wb") as f:
        F["k1s"] = sign(F["k1"])
        f.write(F["k1s"])
    with open(os.path.join(WORK, "i1s"), "wb") as f:
        F["i1s"] = sign(F["i1"], 500)
        f.write(F["i1s"])


def sec(k, i=None, cmdline=None):
    return dict(kernel=F[k], kernel_path=os.path.join(WORK, k),
                initrd=F[i] if i else None, initrd_path=os.path.join(WORK, i) if i else None,
                cmdline=cmdline)


def disk_path(name):
    p = os.path.join(WORK, name + ".img")
    if os.path.exists(p):
        os.unlink(p)
    return p


def simple_case(name, bs, secs, stage3=None, fragment=0, default=None, data_lba=None):
    d = disk_path(name)
    ex = (["--fragment", str(fragment)] if fragment else []) + \
         (["--data-lba", str(data_lba)] if data_lba is not None else [])
    run(tool_args(d, bs, secs, default, os.path.join(WORK, stage3) if stage3 else None, ex))
    verify(d, bs, secs, default or 1, F[stage3] if stage3 else None, data_lba=data_lba,
           fragment=fragment)
    return d


for _bs in (512, 4096):
    for _frag in (0, 1, 3):
        for _s3 in (None, "s3"):
            def _mk(bs=_bs, frag=_frag, s3=_s3):
                def fn():
                    simple_case("m-%d-%d-%s" % (bs, frag, s3), bs,
                                [sec("k1", "i1", "console=ttysclp0 a,b=c x=1"), sec("k2", None, None),
                                 sec("k2", "i2", ""), sec("k1", None, "only cmdline")],
                                stage3=s3, fragment=frag, default=3)
                return fn
            case("bs=%d fragment=%d %s, 4 sections" % (_bs, _frag, "stage3" if _s3 else "direct"))(_mk())


@case("2048-byte blocks, stage3")
def _():
    simple_case("bs2048", 2048, [sec("k1", "i1", "x")], stage3="s3", fragment=2)


@case("deterministic output")
def _():
    secs = [sec("k1", "i1", "console=ttysclp0"), sec("k2", "i2", "y")]
    h = []
    for n in ("det1", "det2"):
        d = disk_path(n)
        run(tool_args(d, 512, secs, 2, os.path.join(WORK, "s3"), ["--fragment", "2"]))
        h.append(hashlib.sha256(open(d, "rb").read()).hexdigest())
    eq(h[0], h[1], "image hashes")
    # rewriting the same disk gives the same bytes again
    run(tool_args(d, 512, secs, 2, os.path.join(WORK, "s3"), ["--fragment", "2"]))
    eq(hashlib.sha256(open(d, "rb").read()).hexdigest(), h[0], "image hash after rewrite")


@case("msdos partition table kept, block 0 beyond 0x98 untouched")
def _():
    d = disk_path("msdos")
    blk0 = bytearray(rnd_bytes(9, 512))
    for i in range(4):
        blk0[0x1BE + 16 * i:0x1CE + 16 * i] = bytes(16)
    blk0[0x1BE + 4] = 0x83
    struct.pack_into("<II", blk0, 0x1BE + 8, 4096, 8192)   # partition at 2 MiB
    blk0[510:512] = b"\x55\xaa"
    with open(d, "wb") as f:
        f.write(blk0)
        f.truncate(16 << 20)
    run(tool_args(d, 512, [sec("k2", "i2", "z")]))
    new = open(d, "rb").read(512)
    eq(new[0x98:], bytes(blk0[0x98:]), "block 0 after the MBR structure")
    eq(os.path.getsize(d), 16 << 20, "existing image not grown without need")
    verify(d, 512, [sec("k2", "i2", "z")])


@case("boot data over a partition is refused")
def _():
    d = disk_path("overlap")
    blk0 = bytearray(512)
    blk0[0x1BE + 4] = 0x83
    struct.pack_into("<II", blk0, 0x1BE + 8, 2048, 8192)
    blk0[510:512] = b"\x55\xaa"
    with open(d, "wb") as f:
        f.write(blk0)
        f.truncate(16 << 20)
    p = run(tool_args(d, 512, [sec("k2")]), expect_rc=1)
    assert b"partition" in p.stderr, p.stderr
    eq(open(d, "rb").read(512), bytes(blk0), "block 0 unchanged after a refusal")
    run(tool_args(d, 512, [sec("k2")], extra=["--data-lba", "10240"]))
    verify(d, 512, [sec("k2")], data_lba=10240)


@case("GPT partitions are respected")
def _():
    d = disk_path("gpt")
    bs = 4096
    img = bytearray(bs * 8)
    img[0x1BE + 4] = 0xEE
    struct.pack_into("<II", img, 0x1BE + 8, 1, 0xFFFFFFFF)
    img[510:512] = b"\x55\xaa"
    hdr = bytearray(92)
    hdr[0:8] = b"EFI PART"
    struct.pack_into("<QQ", hdr, 0x28, 6, 16000)          # usable blocks 6..16000
    struct.pack_into("<QII", hdr, 0x48, 2, 4, 128)        # 4 entries of 128 bytes at block 2
    img[bs:bs + 92] = hdr
    e = bytearray(128)
    e[0:16] = b"\x11" * 16
    struct.pack_into("<QQ", e, 0x20, 256, 2047)          # partition at blocks 256..2047
    img[2 * bs:2 * bs + 128] = e
    with open(d, "wb") as f:
        f.write(img)
        f.truncate(bs * 16384)
    run(tool_args(d, bs, [sec("k2")]), expect_rc=1)          # default data-lba 256
    run(tool_args(d, bs, [sec("k2")], extra=["--data-lba", "15990"]), expect_rc=1)  # past usable
    run(tool_args(d, bs, [sec("k2")], extra=["--data-lba", "2048"]))
    verify(d, bs, [sec("k2")], data_lba=2048)


@case("data above 2^32 blocks (sparse 2 TiB image)")
def _():
    d = disk_path("high")
    lba = 1 << 32
    try:
        with open(d, "wb") as f:
            f.truncate(lba * 512 + (64 << 20))
    except OSError as e:
        raise Skip("filesystem cannot hold a 2 TiB sparse file: %s" % e)
    os.unlink(d)
    try:
        simple_case("high", 512, [sec("k1", "i1", "hi")], stage3="s3", fragment=5,
                    data_lba=lba)
        r = zipl_read.read_disk(d, 512)
        if min(b for b in r["used"] if b) < lba:
            raise AssertionError("boot data below 2^32")
        eq(struct.unpack_from(">Q", open(d, "rb").read(32), 0x10)[0], lba, "program table block")
    finally:
        if os.path.exists(d):
            os.unlink(d)


@case("more than 65536 blocks in one extent are split")
def _():
    big = make_kernel(os.path.join(WORK, "kbig"), 7, 0x10000 + (65536 + 1000) * 512)
    F["kbig"] = big
    d = simple_case("big", 512, [sec("kbig", None, "big")])
    r = zipl_read.read_disk(d, 512)
    k = [c for c in r["sections"][r["entries"][1]] if c["type"] == "LOAD"][0]
    eq(k["nptrs"], 2, "kernel pointers")
    os.unlink(os.path.join(WORK, "kbig"))
    os.unlink(d)


@case("appended signatures are left out of the loaded data")
def _():
    simple_case("signed", 4096, [sec("k1s", "i1s", "s")], stage3="s3")
    simple_case("signed2", 512, [sec("k1s", "i1s", "s")])


def cms_verifies(sig, data, cert):
    """openssl cms -verify of a detached DER signature with @cert as signer."""
    sp, dp = os.path.join(WORK, "v.sig"), os.path.join(WORK, "v.dat")
    with open(sp, "wb") as f:
        f.write(sig)
    with open(dp, "wb") as f:
        f.write(data)
    return subprocess.run(["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", sp,
                           "-content", dp, "-noverify", "-nointern", "-certfile", cert,
                           "-out", os.devnull], capture_output=True).returncode == 0


@case("--sign-key: stage3 parameters and command line signed, padded, zero SCLAB; "
      "a SCLAB initrd's size leaves the trailer out")
def _():
    key, cert = os.path.join(WORK, "key.pem"), os.path.join(WORK, "cert.pem")
    if subprocess.run(["openssl", "req", "-new", "-x509", "-newkey", "rsa:2048", "-nodes",
                       "-days", "30", "-subj", "/CN=zipl-write test/", "-keyout", key,
                       "-out", cert], capture_output=True).returncode:
        raise Skip("openssl cannot make a key")
    signer = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                          "tools", "sign-component")
    i1s = os.path.join(WORK, "i1sclab")
    subprocess.run([signer, "--sclab", key, cert, os.path.join(WORK, "i1"), i1s], check=True)
    d = disk_path("signkey")
    s = dict(kernel_path=os.path.join(WORK, "k1"), initrd_path=i1s, cmdline="console=x")
    run(tool_args(d, 512, [s], stage3=os.path.join(WORK, "s3"),
                  extra=["--sign-key", key, "--sign-cert", cert]))
    comps = list(zipl_read.read_disk(d, 512)["sections"].values())[0]
    signed = {}
    for a, b in zip(comps, comps[1:]):
        if a["type"] == "SIGNATURE" and b["type"] == "LOAD":
            signed[b["addr"]] = (a["data"][:a["length"]], b["data"])
    assert 0x9000 in signed, "stage3 parameters not signed"
    sig, params = signed[0x9000]
    eq(len(params), 512, "parameters padded to a block")
    eq(params[-8:], b"\0\0\0\x20zIPL", "parameters end in a zero SCLAB locator")
    eq(params[-32:-8], bytes(24), "zero SCLAB")
    assert cms_verifies(sig, params, cert), "parameter signature does not verify"
    parm_addr, initrd_addr, initrd_size = struct.unpack_from(">QQQ", params, 0)
    assert parm_addr in signed, "command line not signed"
    sig, line = signed[parm_addr]
    eq(line[:10], b"console=x\0", "command line")
    eq(line[-8:], b"\0\0\0\x20zIPL", "command line ends in a SCLAB locator")
    assert cms_verifies(sig, line, cert), "command line signature does not verify"
    assert initrd_addr in signed, "signed initrd without its signature"
    payload = signed[initrd_addr][1]
    i1 = F["i1"]
    eq(payload[:len(i1)], i1, "initrd data")
    eq(initrd_size, -(-(len(i1) + 32) // 4096) * 4096 - 32, "initrd size without the SCLAB")
    # the key without the certificate is a usage error
    run(tool_args(d, 512, [s], stage3=os.path.join(WORK, "s3"), extra=["--sign-key", key]),
        expect_rc=2)


@case("--size: too small is refused, larger grows, never shrinks")
def _():
    d = disk_path("size")
    run(tool_args(d, 512, [sec("k1")]))
    eq(os.path.getsize(d), 64 << 20, "new image gets 64 MiB")
    with open(d, "r+b") as f:
        f.truncate(1 << 20)
    run(tool_args(d, 512, [sec("k1")]))
    # program table, component table, kernel data (file minus 64 KiB), its list
    eq(os.path.getsize(d), 512 * (2048 + 1 + 1 + -(-1234567 // 512) + 1),
       "existing image grown to what the boot data needs")
    os.unlink(d)
    run(tool_args(d, 512, [sec("k1")], extra=["--size", "1M"]), expect_rc=1)
    run(tool_args(d, 512, [sec("k1")], extra=["--size", "100M"]))
    eq(os.path.getsize(d), 100 << 20, "size")
    run(tool_args(d, 512, [sec("k1")], extra=["--size", "8M"]))
    eq(os.path.getsize(d), 100 << 20, "size after a smaller --size")


@case("30 sections accepted, 31 refused")
def _():
    d = disk_path("many")
    secs = [sec("k2", None, "n%d" % i) for i in range(30)]
    run(tool_args(d, 512, secs, default=30))
    verify(d, 512, secs, default=30)
    run(tool_args(d, 512, secs + [sec("k2")]), expect_rc=2)


@case("input errors")
def _():
    d = disk_path("err")
    k = os.path.join(WORK, "k2")
    run(["-o", d, "--section", "kernel=" + os.path.join(WORK, "missing")], expect_rc=1)
    run(["-o", d, "--section", "kernel=" + k + ",initrd=" + os.path.join(WORK, "missing")], expect_rc=1)
    run(["-o", d, "--section", "kernel=" + os.path.join(WORK, "i1")], expect_rc=1)  # too small
    run(["-o", d, "--section", "kernel=" + k + ",cmdline=" + "x" * 896], expect_rc=1)  # legacy 896
    run(["-o", d, "--section", "kernel=" + k + ",cmdline=" + "x" * 895])
    run(["-o", d, "--stage3", os.path.join(WORK, "k2"), "--section", "kernel=" + k], expect_rc=1)
    empty = os.path.join(WORK, "empty")
    open(empty, "wb").close()
    run(["-o", d, "--section", "kernel=" + k + ",initrd=" + empty], expect_rc=1)
    for bad in (["--section", "kernel=" + k],                       # no -o
                ["-o", d],                                            # no section
                ["-o", d, "--section", "initrd=" + k],                # no kernel
                ["-o", d, "--section", "kernel=" + k + ",bogus=1"],
                ["-o", d, "--section", "kernel=" + k, "--default", "2"],
                ["-o", d, "--section", "kernel=" + k, "--block-size", "8192"],
                ["-o", d, "--section", "kernel=" + k, "--fragment", "0"],
                ["-o", d, "--section", "kernel=" + k, "--data-lba", "0"],
                ["-o", d, "--section", "kernel=" + k, "--size", "12Q"],
                ["-o", d, "--section", "kernel=" + k, "--frobnicate", "1"],
                ["-o", d, "--section", "kernel=" + k, "--fragment"]):
        p = run(bad, expect_rc=2)
        assert p.stderr, "no message for %s" % bad
    p = run(["--help"])
    assert b"usage:" in p.stdout


def main():
    global TOOL, WORK
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    TOOL = os.path.abspath(sys.argv[1])
    tmp = None
    if len(sys.argv) > 2:
        WORK = sys.argv[2]
        os.makedirs(WORK, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="zipl-write-test.")
        WORK = tmp.name
    setup_inputs()
    for fn in CASES:
        try:
            fn()
            RESULTS["passed"] += 1
            print("PASS %s" % fn.case_name)
        except Skip as e:
            RESULTS["skipped"] += 1
            print("SKIP %s: %s" % (fn.case_name, e))
        except (AssertionError, zipl_read.ZiplError) as e:
            RESULTS["failed"] += 1
            print("FAIL %s: %s" % (fn.case_name, e))
        sys.stdout.flush()
        for name in os.listdir(WORK):       # keep the work area small
            if name.endswith(".img"):
                os.unlink(os.path.join(WORK, name))
    print("%d passed, %d failed, %d skipped" % (RESULTS["passed"], RESULTS["failed"], RESULTS["skipped"]))
    if tmp:
        tmp.cleanup()
    return 1 if RESULTS["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
