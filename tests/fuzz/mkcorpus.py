#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""mkcorpus.py ZIPL_WRITE [OUTDIR] - (re)make the seed corpora of tests/fuzz.

The seeds are committed (tests/fuzz/corpus/<target>/); run this only to
change them. Input formats: see the comment at the top of each fuzz_*.c.

  zipl      disks from tools/zipl-write (boot data from block 1, tiny
            synthetic kernel/initrd): 512 and 4096-byte blocks, fragmented
            block lists, several sections
  eltorito  hand-made ISO images from sector 16: primary volume descriptor,
            El Torito boot record, terminator, a directory tree, the boot
            catalog and two small s390 boot images
  iplb      QEMU IPL parameters + CCW / QEMU-SCSI / PCI / FCP IPL blocks,
            with and without a fallback chain
  vring     device settings and hook streams for fuzz_vring
  pxelinux  pxelinux.cfg files: QEMU's test file, CRLF and tabs, MENU
            DEFAULT, many entries, long APPEND, a lookup-name header
  ins       .INS files: generic.ins style, decimal, CRLF, comments
"""
import os
import random
import struct
import subprocess
import sys
import tempfile

S390_MAGIC = bytes([0x02, 0x00, 0x00, 0x18, 0x60, 0x00, 0x00, 0x50,
                    0x02, 0x00, 0x00, 0x68, 0x60, 0x00, 0x00, 0x50]) + b"\x40" * 8


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


# ---------------------------------------------------------------- zipl
def zipl_seeds(tool, out):
    with tempfile.TemporaryDirectory() as tmp:
        rnd = random.Random(1)
        kernel = bytearray(rnd.randbytes(0x10438 + 700))
        kernel[0x10008:0x1000e] = b"S390EP"
        kernel[0x10400:0x10480] = bytes(0x80)
        struct.pack_into(">Q", kernel, 0x10430, 256)
        k = os.path.join(tmp, "k")
        r = os.path.join(tmp, "r")
        write(k, kernel)
        write(r, rnd.randbytes(1500))
        sec = "kernel=%s,initrd=%s,cmdline=fuzz" % (k, r)
        cases = (
            ("direct-512", 0, 0, 1, ["--section", sec]),
            ("direct-4k", 3, 0, 0, ["--block-size", "4096", "--section", sec]),
            ("direct-1k", 1, 1, 0, ["--block-size", "1024", "--section", sec]),
            ("frag-512", 0, 0, 0, ["--fragment", "1", "--section", sec]),
            ("frag-2k", 2, 0, 0, ["--block-size", "2048", "--fragment", "1",
                                  "--section", sec]),
            ("multi-512", 0, 2, 1, ["--default", "2", "--section", sec,
                                    "--section", "kernel=%s" % k, "--section", sec]),
        )
        for name, bsel, entry, flags, args in cases:
            img = os.path.join(tmp, name)
            subprocess.run([tool, "-o", img, "--data-lba", "1"] + args,
                           check=True, stdout=subprocess.DEVNULL)
            with open(img, "rb") as f:
                disk = f.read(1 << 20).rstrip(b"\0")
            bs = 512 << bsel
            disk += bytes(-len(disk) % bs)      # whole blocks, no zero tail
            write(os.path.join(out, "zipl", name), bytes([bsel, entry, flags]) + disk)


# ------------------------------------------------------------ eltorito
SEC = 2048


def both16(v):
    return struct.pack("<H", v) + struct.pack(">H", v)


def both32(v):
    return struct.pack("<I", v) + struct.pack(">I", v)


def dirrec(extent, size, name, is_dir):
    n = name if isinstance(name, bytes) else name.encode()
    rec = bytearray(33 + len(n) + (1 - len(n) % 2))
    rec[0] = len(rec)
    rec[2:10] = both32(extent)
    rec[10:18] = both32(size)
    rec[25] = 2 if is_dir else 0
    rec[28:32] = both16(1)
    rec[32] = len(n)
    rec[33:33 + len(n)] = n
    return bytes(rec)


def iso_image():
    """Sectors 16.. of a tiny El Torito ISO (sector numbers absolute)."""
    pvd, brvd, term, root, boot, cat, img1, img2 = 16, 17, 18, 19, 20, 21, 22, 24
    end = 26
    s = {n: bytearray(SEC) for n in range(16, end)}
    s[pvd][0:7] = b"\x01CD001\x01"
    s[pvd][80:88] = both32(end)
    s[pvd][156:156 + 34] = dirrec(root, SEC, b"\x00", True)
    s[brvd][0:7] = b"\x00CD001\x01"
    s[brvd][7:7 + 23] = b"EL TORITO SPECIFICATION"
    s[brvd][0x47:0x4b] = struct.pack("<I", cat)
    s[term][0:7] = b"\xffCD001\x01"
    r = dirrec(root, SEC, b"\x00", True) + dirrec(root, SEC, b"\x01", True) + \
        dirrec(boot, SEC, "BOOT", True)
    s[root][0:len(r)] = r
    b = dirrec(boot, SEC, b"\x00", True) + dirrec(root, SEC, b"\x01", True) + \
        dirrec(img1, 4000, "A.IMG;1", False) + dirrec(img2, 3000, "B.IMG;1", False) + \
        dirrec(cat, SEC, "BOOT.CAT;1", False)
    s[boot][0:len(b)] = b
    c = s[cat]
    c[0] = 1
    c[30:32] = b"\x55\xaa"
    c[28:30] = struct.pack("<H", (-sum(struct.unpack("<16H", bytes(c[0:32])))) & 0xffff)
    for i, (img, count) in enumerate(((img1, 8), (img2, 6))):
        e = 32 * (i + 1)
        c[e] = 0x88
        c[e + 6:e + 8] = struct.pack("<H", count)
        c[e + 8:e + 12] = struct.pack("<I", img)
    for img in (img1, img2):
        s[img][8:32] = S390_MAGIC
        s[img][0:8] = struct.pack(">Q", 0x0008000080010000)
    return b"".join(bytes(s[n]) for n in range(16, end))


def eltorito_seeds(out):
    iso = iso_image()
    write(os.path.join(out, "eltorito", "cd-entry1"), bytes([2, 1, 1]) + iso)
    write(os.path.join(out, "eltorito", "blk512-entry2"), bytes([0, 2, 0]) + iso)
    write(os.path.join(out, "eltorito", "blk2k-default"), bytes([2, 0, 0]) + iso)


# ---------------------------------------------------------------- iplb
FZ_RAM = 32 << 20
FW_BASE = (FZ_RAM - (3 << 20)) & ~0xffff
CHAIN = (FW_BASE & ~0xfff) - 7 * 4096


def ebcdic_lp(s):
    t = {c: 0xf0 + i for i, c in enumerate("0123456789")}
    t.update({c: 0xc1 + i for i, c in enumerate("ABCDEFGHI")})
    t.update({c: 0xd1 + i for i, c in enumerate("JKLMNOPQR")})
    t.update({c: 0xe2 + i for i, c in enumerate("STUVWXYZ")})
    return bytes(t.get(c, 0x40) for c in s.ljust(8))


def iplb(pbt, length=200, devno=1, lp="", target=0, lun=0, flags=0x80):
    b = bytearray(4096)
    struct.pack_into(">I", b, 0, length)
    struct.pack_into(">I", b, 8, length - 8)
    b[0x0c] = pbt
    b[0x0d] = flags
    b[0x10:0x18] = ebcdic_lp(lp)
    if pbt == 0xff:
        struct.pack_into(">IHH", b, 0x18, lun, target, 0)
    b[0x6d] = 0
    struct.pack_into(">H", b, 0x6e, devno)
    return bytes(b)


def qipl(flags=0, index=0, timeout=0, chain_len=0, next_iplb=0):
    return struct.pack(">BBxxQIxxHQ", flags, index, 0, timeout, chain_len, next_iplb)


def iplb_seeds(out):
    d = os.path.join(out, "iplb")
    write(os.path.join(d, "ccw"), qipl(0x40) + iplb(2, lp="1"))
    write(os.path.join(d, "scsi-menu"), qipl(0x80, timeout=5000) + iplb(0xff, target=2, lun=3,
                                                                          lp="PROMPT"))
    write(os.path.join(d, "pci"), qipl() + iplb(4, length=336))
    write(os.path.join(d, "fcp"), qipl() + iplb(0, length=384))
    write(os.path.join(d, "chain2"), qipl(0x40, chain_len=2, next_iplb=CHAIN) + iplb(2) +
          iplb(2, devno=2, lp="LINUX") + iplb(0xff, devno=3, lun=1))
    write(os.path.join(d, "chain-bad"), qipl(chain_len=8, next_iplb=CHAIN + 16) + iplb(2))


# --------------------------------------------------------------- vring
def vring_seeds(out):
    d = os.path.join(out, "vring")
    # byte 0: bit0 scsi, bits1-2 max_rev, bit3 modern-only, bit4 scan
    write(os.path.join(d, "blk-rev1"), bytes([0x04, 7, 126, 0]))
    write(os.path.join(d, "blk-legacy"), bytes([0x00, 7, 126, 0]))
    write(os.path.join(d, "scsi-rev1"), bytes([0x05, 7, 126, 0]))
    write(os.path.join(d, "scsi-scan"), bytes([0x15, 7, 126, 0]))
    write(os.path.join(d, "blk-hostile"), bytes([0x04, 3, 2, 0x85]) +
          bytes([0x81, 20, 0x10]) + bytes([0x80, 0, 8]) + bytes([1, 3, 2, 0, 0, 0, 1, 0]))
    write(os.path.join(d, "scsi-hostile"), bytes([0x05, 7, 126, 0]) +
          bytes([0, 0, 0, 0, 0, 4, 11, 2, 0x70, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0x29]))


# --------------------------------------------------------------- pcicaps
def pci_cfg(loop=False):
    c = bytearray(256)
    struct.pack_into("<HH", c, 0, 0x1af4, 0x1001)
    struct.pack_into("<H", c, 6, 0x10)
    c[0x34] = 0x40
    c[0x40:0x42] = bytes([0x11, 0x50])
    caps = ((0x50, 0x60, 16, 1, 0x0000), (0x60, 0x70, 16, 3, 0x1000),
            (0x70, 0x80, 16, 4, 0x2000), (0x80, 0x50 if loop else 0, 20, 2, 0x3000))
    for pos, nxt, ln, typ, off in caps:
        struct.pack_into("<BBBBBxxxII", c, pos, 9, nxt, ln, typ, 4, off, 0x1000)
    struct.pack_into("<I", c, 0x90, 4)
    return bytes(c)


def pcicaps_seeds(out):
    d = os.path.join(out, "pcicaps")
    bars = bytes([0, 0, 0, 0, 14, 0])
    write(os.path.join(d, "qemu"), bars + pci_cfg())
    write(os.path.join(d, "loop"), bars + pci_cfg(loop=True))
    write(os.path.join(d, "small-bar"), bytes([0, 0, 0, 0, 12, 0]) + pci_cfg())


# ---------------------------------------------------------------- netboot config
def pxelinux_seeds(out):
    d = os.path.join(out, "pxelinux")
    write(os.path.join(d, "qemu-test"),
          b"# pxelinux.cfg style file\ndefault Debian\nlabel Nonexisting\n"
          b"kernel kernel.notavailable\ninitrd initrd.notavailable\nlabel Debian\n"
          b"kernel vmlinuz\ninitrd initrd.img\nappend testoption=teststring\n"
          b"label Fedora\nkernel fedora.vmlinuz\n")
    write(os.path.join(d, "crlf-tabs"),
          b"  DEFAULT\tb \r\n\tLABEL a\r\nKERNEL /boot/k1\r\nLINUX k\r\nLaBeL b\r\n"
          b"  Kernel\t\tk2\t\r\nINITRD i2\r\nAPPEND root=/dev/vda  x\r\n")
    write(os.path.join(d, "menu-default"),
          b"default vesamenu.c32\ntimeout 50\nprompt 1\nmenu title T\nlabel a\n"
          b" menu label ^A\n kernel ka\nlabel b\n menu default\n kernel kb\n"
          b"say hi\ninclude x.cfg\n")
    many = b"".join(b"label l%d\nkernel k%d\ninitrd i%d\n" % (i, i, i) for i in range(34))
    write(os.path.join(d, "many"), many + b"default l29\n")
    write(os.path.join(d, "long-append"),
          b"label a\nkernel k\nappend " + b"x" * 4095 + b"\nlabel b\n")
    # bytes 0..34 also feed the lookup names (see fuzz_pxelinux.c)
    hdr = bytes([20]) + b"dir/sub/boot.img" + bytes(range(1, 18)) + bytes([15, 200, 1])
    write(os.path.join(d, "names"), hdr + b"\nlabel a\nkernel k\n")


def ins_seeds(out):
    d = os.path.join(out, "ins")
    write(os.path.join(d, "generic"),
          b"* Debian GNU/Linux for zSeries (boot from network)\n"
          b"kernel.debian 0x00000000\nparmfile.debian 0x00010480\n"
          b"initrd.siz 0x00010414\ninitrd.debian 0x01000000\n")
    write(os.path.join(d, "mixed"),
          b"* title\r\n\r\n  images/kernel.img\t0X10000  \r\n* comment\r\n"
          b"initrd 16777216\r\nx 0xFFFFFFFFFFFFFFFF")
    write(os.path.join(d, "bad-addr"), b"* t\nk 0x10000000000000000\nj 12ab\n")


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    tool = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) == 3 else os.path.join(os.path.dirname(__file__),
                                                              "corpus")
    zipl_seeds(tool, out)
    eltorito_seeds(out)
    iplb_seeds(out)
    vring_seeds(out)
    pcicaps_seeds(out)
    pxelinux_seeds(out)
    ins_seeds(out)


if __name__ == "__main__":
    main()
