#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""mkdata.py OUTDIR ZIPL_WRITE [ECKD_WRITE] - the disk images of the harness scenarios.

Synthetic boot files (the harness never executes a kernel, it records the
hand-over and compares memory with the files):

  kernel-N.bin   an s390 Linux image layout: the kernel's IPL CCWs and EBCDIC
                 blanks at byte 8 (what El Torito loaders look for), "S390EP"
                 at 0x10008, a 4 KiB command-line limit at 0x10430, zeroed
                 parameter area, patterned bytes elsewhere; ~270 KiB, an odd
                 size so that the last block is partial
  initrd-N.bin   ~70 KiB of patterned bytes
  stage3.bin     12 KiB standing in for s390-tools' stage3.bin
  cdboot*.img    El Torito boot images: a kernel with the initrd appended at
                 512 KiB and the parameter area patched (as mk-s390image or
                 Debian-style cdboot images are); cdboot-psw.img has no
                 S390EP mark but a short PSW at 0

zipl disks (tools/zipl-write, the project's own writer):

  z512 z1k z2k z4k  one section (kernel-1, initrd-1, "scn=one") per block size
  zfrag             512-byte blocks, --fragment 3: many block-pointer list
                    blocks chained by continuation pointers, out-of-order data
  zfrag64           --fragment 64: 32 KiB extents, large enough that the
                    virtio-blk driver keeps two reads in flight
  zmulti            sections 1..4 ("scn=1".."scn=4", kernel-1..4), default 2
  zstage3           --stage3: zipl's real memory layout (0x2000, 0xf000,
                    0xa000, 0x9000, kernel, parmline, initrd)
  zkonly            kernel only (no initrd, no command line)
  zhigh             boot data at block 2^32 (a sparse 2 TiB file)
  z4khigh           4 KiB blocks, data at block 2^29 + 8 (past 2 TiB)

ECKD DASD images (tools/eckd-write, 4 KiB blocks, 15 heads x 12 blocks per
track, 30 cylinders; only with ECKD_WRITE): sections 1..3 ("scn=1".."scn=3",
kernel-1..3), default 2, named s1..s3

  ecdl-menu         CDL with zipl's menu: prompt, timeout 3 s
  ecdl-nomenu       CDL, zipl's prompt off (timeout 3 s)
  eldipl-menu       CDL + List-Directed IPL record, prompt, timeout 2 s
  eldl512-menu      LDL with 512-byte blocks (49 per track), prompt, no timeout
  ecdl-menu-nodata  ecdl-menu with the stage 2 banner zeroed

ISO images (xorriso; skipped with a note when it is missing):

  eltorito.iso      boot catalog: a non-s390 image first, then cdboot.img
                    (entry 1) and cdboot-alt.img (entry 2); a directory tree
  eltorito-psw.iso  one entry, cdboot-psw.img

A stamp file (OUTDIR/stamp) is written last.
"""
import os
import random
import shutil
import struct
import subprocess
import sys

S390_MAGIC = bytes([0x02, 0x00, 0x00, 0x18, 0x60, 0x00, 0x00, 0x50,
                    0x02, 0x00, 0x00, 0x68, 0x60, 0x00, 0x00, 0x50]) + b"\x40" * 8


def pattern(seed, n):
    return random.Random(seed).randbytes(n)


def kernel(seed, size=0x10000 + 200 * 1024 + 4321, s390ep=True):
    k = bytearray(pattern(seed, size))
    k[0:8] = b"\x00" * 8
    k[8:32] = S390_MAGIC
    k[0x10008:0x1000e] = b"S390EP" if s390ep else b"NOEP!!"
    k[0x10400:0x10480] = b"\x00" * 0x80
    struct.pack_into(">Q", k, 0x10430, 4096)
    k[0x10480:0x10480 + 4096] = b"\x00" * 4096
    return k


def cdboot(seed, cmdline, s390ep=True, psw=None):
    k = kernel(seed, s390ep=s390ep)
    rd = pattern(seed + 100, 70 * 1024 + 99)
    off = 0x80000
    img = bytearray(k) + b"\x00" * (off - len(k)) + rd
    struct.pack_into(">Q", img, 0x10408, off)
    struct.pack_into(">Q", img, 0x10410, len(rd))
    c = cmdline.encode()
    img[0x10480:0x10480 + len(c)] = c
    if psw is not None:
        struct.pack_into(">Q", img, 0, psw)
    return img


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        sys.exit("mkdata: %s failed:\n%s" % (" ".join(cmd), r.stdout))


def zipl(tool, out, sections, *opts, size="4M"):
    if os.path.exists(out):
        os.unlink(out)
    cmd = [tool, "-o", out, "--size", size] + list(opts)
    for s in sections:
        cmd += ["--section", s]
    run(cmd)


def eckd(tool, out, p, *opts):
    if os.path.exists(out):
        os.unlink(out)
    cmd = [tool, "-o", out, "--cylinders", "30", "--default", "2"] + list(opts)
    for n in range(1, 4):
        cmd += ["--section", "kernel=%s,initrd=%s,cmdline=scn=%d,name=s%d" %
                (p("kernel-%d.bin" % n), p("initrd-%d.bin" % n), n, n)]
    run(cmd)


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    out, tool = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    stamp = os.path.join(out, "stamp")
    if os.path.exists(stamp):
        os.unlink(stamp)
    p = lambda name: os.path.join(out, name)

    for n in range(1, 5):
        write(p("kernel-%d.bin" % n), kernel(n))
        write(p("initrd-%d.bin" % n), pattern(1000 + n, 70 * 1024 + 11 * n))
    write(p("stage3.bin"), pattern(77, 12 * 1024))

    one = "kernel=%s,initrd=%s,cmdline=scn=one" % (p("kernel-1.bin"), p("initrd-1.bin"))
    for name, bs in (("z512", 512), ("z1k", 1024), ("z2k", 2048), ("z4k", 4096)):
        zipl(tool, p(name + ".img"), [one], "--block-size", str(bs))
    zipl(tool, p("zfrag.img"), [one], "--fragment", "3")
    zipl(tool, p("zfrag64.img"), [one], "--fragment", "64")
    zipl(tool, p("zmulti.img"),
         ["kernel=%s,initrd=%s,cmdline=scn=%d" % (p("kernel-%d.bin" % n), p("initrd-%d.bin" % n), n)
          for n in range(1, 5)], "--default", "2")
    zipl(tool, p("zstage3.img"), [one], "--stage3", p("stage3.bin"))
    zipl(tool, p("zkonly.img"), ["kernel=%s" % p("kernel-1.bin")])
    zipl(tool, p("zhigh.img"), [one], "--data-lba", str(1 << 32), size="2049G")
    zipl(tool, p("z4khigh.img"), [one], "--block-size", "4096", "--data-lba",
         str((1 << 29) + 8), size="2049G")

    if len(sys.argv) == 4:
        etool = sys.argv[3]
        eckd(etool, p("ecdl-menu.img"), p, "--menu-prompt", "--menu-timeout", "3")
        eckd(etool, p("ecdl-nomenu.img"), p, "--menu-timeout", "3")
        eckd(etool, p("eldipl-menu.img"), p, "--ldipl", "--menu-prompt", "--menu-timeout", "2")
        eckd(etool, p("eldl512-menu.img"), p, "--layout", "ldl", "--block-size", "512",
             "--menu-prompt")
        eckd(etool, p("ecdl-menu-nodata.img"), p, "--menu-prompt", "--menu-timeout", "3",
             "--corrupt", "stage2-banner")

    iso_root = p("iso-root")
    xorriso = shutil.which("xorriso")
    if xorriso:
        env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
        for iso, files, entries in (
                ("eltorito.iso",
                 {"boot/x86.img": pattern(5, 4096),
                  "boot/cdboot.img": cdboot(11, "scn=iso"),
                  "boot/cdboot-alt.img": cdboot(12, "scn=iso-alt"),
                  "docs/a/b/c/readme.txt": b"nested directories\n" * 100},
                 ["boot/x86.img", "boot/cdboot.img", "boot/cdboot-alt.img"]),
                ("eltorito-psw.iso",
                 {"boot/cdboot-psw.img": cdboot(13, "scn=psw", s390ep=False,
                                                psw=0x0008000080010000)},
                 ["boot/cdboot-psw.img"])):
            shutil.rmtree(iso_root, ignore_errors=True)
            for rel, data in files.items():
                os.makedirs(os.path.dirname(os.path.join(iso_root, rel)), exist_ok=True)
                write(os.path.join(iso_root, rel), data)
                if rel.endswith(".img"):
                    write(p(os.path.basename(rel)), data)
            cmd = [xorriso, "-as", "mkisofs", "-quiet", "-o", p(iso), "-V", "SCN",
                   "-R", "-J", "-c", "boot/boot.cat"]
            for i, e in enumerate(entries):
                if i:
                    cmd.append("-eltorito-alt-boot")
                cmd += ["-b", e, "-no-emul-boot"]
            cmd.append(iso_root)
            r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, env=env)
            if r.returncode != 0:
                sys.exit("mkdata: xorriso failed:\n" + r.stdout)
        shutil.rmtree(iso_root, ignore_errors=True)
    else:
        print("mkdata: xorriso not found: the El Torito scenarios will be skipped",
              file=sys.stderr)
    write(stamp, b"ok\n")


if __name__ == "__main__":
    main()
