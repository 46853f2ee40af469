# SPDX-License-Identifier: GPL-2.0-or-later
"""Independent reader for zipl SCSI-scheme boot records (test helper).

Walks a raw disk image the way a loader does and returns what it would load.
Written from the on-disk format (s390-tools include/boot/boot_defs.h, QEMU
pc-bios/s390-ccw/bootmap.c), not from tools/zipl-write.c, so that the two
check each other.

Block-pointer lists are walked twice and the results compared:
  * "bios" rules (QEMU's stock BIOS): the block is read into a 4096-byte
    buffer pre-filled with 0xAA; blockno 0 ends the list; slot 255 is always
    a continuation; a pointer with blockct 0 followed by an all-0xAA slot is a
    continuation;
  * "block" rules: the last slot of each list block is the continuation
    pointer (or zero), the other slots are data pointers.
It also checks zipl's format invariants (sizes, unused slots zero, no block
used twice). Any violation raises ZiplError.

Usage as a program: zipl_read.py DISK --block-size N   (prints the layout)
"""
import struct
import sys

MAGIC = b"zIPL"
FILL = b"\xaa" * 16


class ZiplError(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise ZiplError(msg)


class Disk:
    def __init__(self, path, bs):
        self.f = open(path, "rb")
        self.bs = bs
        self.f.seek(0, 2)
        self.nblocks = self.f.tell() // bs
        self.used = {}  # block -> what

    def block(self, lba):
        check(0 < lba < self.nblocks or lba == 0, "block %d beyond the disk (%d blocks)" % (lba, self.nblocks))
        self.f.seek(lba * self.bs)
        data = self.f.read(self.bs)
        check(len(data) == self.bs, "short read at block %d" % lba)
        return data

    def claim(self, lba, count, what):
        for b in range(lba, lba + count):
            check(b not in self.used, "block %d used by %s and %s" % (b, self.used.get(b), what))
            self.used[b] = what


def ptr(buf, off):
    blockno, size, ct, res = struct.unpack_from(">QHH4s", buf, off)
    return blockno, size, ct, res


def walk_bios(disk, first):
    """QEMU 7.2 zipl_load_segment rules; returns [(lba, count)]."""
    out, blockno, seen = [], first, set()
    while blockno:
        check(blockno not in seen, "list loop at block %d" % blockno)
        seen.add(blockno)
        buf = bytearray(b"\xaa" * 4096)
        buf[: disk.bs] = disk.block(blockno)
        i = 0
        while True:
            blockno, size, ct, _ = ptr(buf, i * 16)
            if not blockno:
                break
            if i == 4096 // 16 - 1:
                break
            if ct == 0 and bytes(buf[(i + 1) * 16:(i + 2) * 16]) == FILL:
                break
            out.append((blockno, ct + 1, size))
            i += 1
    return out


def walk_blocks(disk, first, what):
    """Per-block rules plus zipl format checks; claims the list blocks."""
    out, blockno = [], first
    slots = disk.bs // 16
    while blockno:
        disk.claim(blockno, 1, what + " list")
        buf = disk.block(blockno)
        ended = False
        for i in range(slots - 1):
            b, size, ct, res = ptr(buf, i * 16)
            if not b:
                check(buf[i * 16:(i + 1) * 16] == bytes(16), "%s: unused slot %d of list block %d not zero" % (what, i, blockno))
                ended = True
                continue
            check(not ended, "%s: data pointer after an empty slot in list block %d" % (what, blockno))
            check(size == disk.bs, "%s: pointer size %d != block size" % (what, size))
            check(res == bytes(4), "%s: reserved bytes set" % what)
            out.append((b, ct + 1, size))
        b, size, ct, res = ptr(buf, (slots - 1) * 16)
        if b:
            check(not ended, "%s: continuation after a short list block %d" % (what, blockno))
            check(ct == 0 and size == disk.bs and res == bytes(4), "%s: bad continuation pointer in block %d" % (what, blockno))
        else:
            check(buf[-16:] == bytes(16), "%s: last slot of block %d not zero" % (what, blockno))
        blockno = b
    return out


def read_extents(disk, ext, what):
    parts = []
    for lba, count, _ in ext:
        check(lba > 0 and lba + count <= disk.nblocks, "%s: extent %d+%d outside the disk" % (what, lba, count))
        disk.claim(lba, count, what)
        disk.f.seek(lba * disk.bs)
        parts.append(disk.f.read(count * disk.bs))
    return b"".join(parts), len(ext)


def read_disk(path, bs):
    """Returns {'pt_lba', 'entries': [table_lba,...], 'sections': {table_lba: [comp]}}.

    comp = dict(type='LOAD'|'SIGNATURE'|'EXEC', addr|psw, data, nptrs, lists)."""
    disk = Disk(path, bs)
    mbr = disk.block(0)
    check(mbr[:4] == MAGIC, "no zIPL magic in block 0")
    check(struct.unpack_from(">I", mbr, 4)[0] == 1, "MBR version != 1")
    check(mbr[8:16] == bytes(8), "MBR reserved bytes set")
    pt_lba, size, ct, _ = ptr(mbr, 0x10)
    check(pt_lba and size == bs and ct == 0, "bad program table pointer")
    disk.claim(0, 1, "MBR")
    disk.claim(pt_lba, 1, "program table")
    pt = disk.block(pt_lba)
    check(pt[:4] == MAGIC and pt[4:16] == bytes(12), "bad program table header")
    entries = []
    for i in range(31):
        b, size, ct, _ = ptr(pt, 16 + 16 * i)
        if not b:
            check(pt[16 + 16 * i:32 + 16 * i] == bytes(16), "program table slot %d not zero" % i)
            entries.append(None)
            continue
        check(size == bs and ct == 0, "program table entry %d: size %d blockct %d" % (i, size, ct))
        entries.append(b)
    check(pt[16 + 16 * 31:] == bytes(bs - 16 - 16 * 31), "program table has data beyond entry 30")
    live = [e for e in entries if e is not None]
    check(live, "empty program table")
    first_empty = entries.index(None) if None in entries else len(entries)
    check(first_empty == len(live), "program table has holes")
    sections = {}
    for tlba in dict.fromkeys(live):
        disk.claim(tlba, 1, "component table %d" % tlba)
        t = disk.block(tlba)
        check(t[:4] == MAGIC and t[4] == 0 and t[5:32] == bytes(27), "bad component header in block %d" % tlba)
        comps, off = [], 32
        while True:
            check(off + 32 <= bs, "component table %d has no EXEC" % tlba)
            data_ptr = t[off:off + 16]
            pad, typ = t[off + 16:off + 23], t[off + 23]
            check(pad == bytes(7), "component entry padding set")
            if typ == 1:
                check(data_ptr == bytes(16), "EXEC entry with a data pointer")
                comps.append(dict(type="EXEC", psw=struct.unpack_from(">Q", t, off + 24)[0]))
                check(t[off + 32:] == bytes(bs - off - 32), "data after EXEC in table %d" % tlba)
                break
            check(typ in (2, 3), "unknown component type %d" % typ)
            first, size, ct, _ = ptr(t, off)
            check(first and size == bs and ct == 0, "bad list pointer in component entry")
            what = "table %d comp %d" % (tlba, len(comps))
            ext_b = walk_bios(disk, first)
            ext_k = walk_blocks(disk, first, what)
            check(ext_b == ext_k, "%s: BIOS and per-block list walks differ" % what)
            data, nptrs = read_extents(disk, ext_k, what)
            nlists = 0
            c = dict(data=data, nptrs=nptrs, nblocks=len(data) // bs, extents=[e[:2] for e in ext_k])
            if typ == 2:
                c.update(type="LOAD", addr=struct.unpack_from(">Q", t, off + 24)[0])
            else:
                fmt, res, ln = struct.unpack_from(">B3sI", t, off + 24)
                c.update(type="SIGNATURE", format=fmt, length=ln)
            # count the list blocks
            b = first
            while b:
                nlists += 1
                b = ptr(disk.block(b), bs - 16)[0]
            c["nlists"] = nlists
            comps.append(c)
            off += 32
        sections[tlba] = comps
    return dict(pt_lba=pt_lba, entries=entries, sections=sections, used=disk.used)


def main(argv):
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("disk")
    ap.add_argument("--block-size", type=int, default=512)
    a = ap.parse_args(argv)
    try:
        r = read_disk(a.disk, a.block_size)
    except ZiplError as e:
        print("FAIL: %s" % e)
        return 1
    print("program table at block %d" % r["pt_lba"])
    for i, e in enumerate(r["entries"]):
        if e is None:
            continue
        print("entry %d -> component table %d" % (i, e))
    for tlba, comps in r["sections"].items():
        print("component table %d" % tlba)
        for c in comps:
            if c["type"] == "EXEC":
                print("  EXEC 0x%016x" % c["psw"])
            elif c["type"] == "LOAD":
                print("  LOAD 0x%08x %d blocks, %d pointers, %d list blocks" % (c["addr"], c["nblocks"], c["nptrs"], c["nlists"]))
            else:
                print("  SIGNATURE format %d length %d" % (c["format"], c["length"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
