#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""zipl-walk.py - inspect, verify and patch SCSI-scheme zipl boot disks.

Walks a disk image the way an s390 IPL firmware does, independently of any
firmware: block 0 (zipl MBR) -> program table -> component table(s) ->
block-pointer lists -> data blocks. All fields are big-endian.

  block pointer, 16 bytes:  u64 blockno | u16 size (= block size) |
                            u16 blockct (number of blocks - 1) | 4 reserved
  block 0 (MBR):            "zIPL" | u32 version | 8 reserved |
                            pointer to the program table (at 0x10)
  program table (1 block):  "zIPL" + 12 bytes header, then one pointer per
                            program (0 = default, 1.. = menu entries / loadparm);
                            blockno 0 ends the table
  component table:          "zIPL" | u8 type (0 = IPL) | 27 reserved, then
                            32-byte entries: pointer | 7 pad | u8 type
                            (1 EXEC, 2 LOAD, 3 SIGNATURE) | u64 address
                            (LOAD: load address; EXEC: the short PSW)
  pointer list (LOAD):      blocks of pointers to data; blockno 0 ends the
                            list; the last slot of a full list block is a
                            continuation pointer to the next list block.

Sub-commands (IMAGE is a raw disk image):
  show IMAGE [--json]                 print the boot map (debugging aid)
  verify IMAGE [--kernel F] [--initrd F] [--stage3 F] [--program N]
                                      check that what each program loads
                                      equals the files; exit 1 otherwise
  set-mbr-magic IMAGE HEX8            overwrite the MBR magic (4 bytes)
  set-pt-pointer IMAGE BLOCKNO        point the MBR at another program table
  garbage-pt IMAGE                    overwrite the program table block with
                                      deterministic garbage (no "zIPL")
  set-load-address IMAGE ADDR [--program N] [--component kernel|N]
  set-blockptr IMAGE BLOCKNO [--program N] [--component kernel|N] [--slot N]
                                      patch one data pointer of a LOAD list
The patching commands modify IMAGE in place (work on a copy).
"""
import argparse
import hashlib
import json
import os
import signal
import struct
import sys

ENTRY_TYPES = {1: "EXEC", 2: "LOAD", 3: "SIGNATURE"}
KERNEL_ADDR = 0x10000          # zipl's IMAGE_LOAD_ADDRESS
STAGE3_ADDR = 0xA000
STAGE3_PARMS_ADDR = 0x9000


class WalkError(Exception):
    pass


class Disk:
    def __init__(self, path, block_size=None, writable=False):
        self.path = path
        self.f = open(path, "r+b" if writable else "rb")
        self.size = os.fstat(self.f.fileno()).st_size
        self.max_block = 0
        self.bs = block_size or 512
        if block_size is None:
            # the MBR's program-table pointer carries the block size
            head = self._raw(0, 32)
            if head[:4] == b"zIPL":
                size = struct.unpack_from(">H", head, 0x18)[0]
                if size in (512, 1024, 2048, 4096):
                    self.bs = size
        self.nblocks = self.size // self.bs

    def _raw(self, off, n):
        self.f.seek(off)
        return self.f.read(n)

    def read(self, blockno, count=1):
        if blockno + count > self.nblocks:
            raise WalkError(f"block {blockno}+{count} is beyond the end of the disk "
                            f"({self.nblocks} blocks of {self.bs} bytes)")
        self.max_block = max(self.max_block, blockno + count - 1)
        return self._raw(blockno * self.bs, count * self.bs)

    def write(self, off, data):
        self.f.seek(off)
        self.f.write(data)


def ptr(buf, off):
    blockno, size, blockct = struct.unpack_from(">QHH", buf, off)
    return {"blockno": blockno, "size": size, "blockct": blockct}


def parse_mbr(disk):
    b = disk.read(0)
    mbr = {"magic": b[:4].hex(), "version": struct.unpack_from(">I", b, 4)[0],
           "program_table": ptr(b, 0x10)}
    if b[:4] != b"zIPL":
        raise WalkError(f"block 0 has no zIPL magic (found {b[:4].hex()})")
    return mbr


def parse_program_table(disk, blockno):
    b = disk.read(blockno)
    if b[:4] != b"zIPL":
        raise WalkError(f"program table at block {blockno} has no zIPL magic "
                        f"(found {b[:4].hex()})")
    progs = []
    for i, off in enumerate(range(16, disk.bs - 15, 16)):
        p = ptr(b, off)
        if p["blockno"] == 0:
            break
        progs.append(dict(p, index=i, offset=blockno * disk.bs + off))
    return progs


def walk_list(disk, blockno):
    """Return (data pointers, list blocks) of a LOAD entry's pointer list."""
    per_block = disk.bs // 16
    data, lists, seen = [], [], set()
    while blockno:
        if blockno in seen:
            raise WalkError(f"pointer list loops back to block {blockno}")
        seen.add(blockno)
        lists.append(blockno)
        b = disk.read(blockno)
        nxt = 0
        for slot in range(per_block):
            p = ptr(b, slot * 16)
            if p["blockno"] == 0:
                break
            p["at"] = blockno * disk.bs + slot * 16     # byte offset of the slot
            if slot == per_block - 1:
                nxt = p["blockno"]                     # continuation
                break
            data.append(p)
        blockno = nxt
    return data, lists


def parse_component_table(disk, blockno, load_data=True):
    b = disk.read(blockno)
    if b[:4] != b"zIPL":
        raise WalkError(f"component table at block {blockno} has no zIPL magic")
    table = {"block": blockno, "type": b[4], "entries": [], "errors": []}
    if b[4] != 0:
        table["errors"].append(f"component table type {b[4]} is not IPL (0)")
    for i, off in enumerate(range(32, disk.bs - 31, 32)):
        e = {"index": i, "offset": blockno * disk.bs + off,
             "type": ENTRY_TYPES.get(b[off + 23], f"unknown({b[off + 23]})"),
             "ptr": ptr(b, off), "address": struct.unpack_from(">Q", b, off + 24)[0]}
        table["entries"].append(e)
        if e["type"] == "EXEC":
            break
        if e["type"] not in ("LOAD", "SIGNATURE"):
            table["errors"].append(f"entry {i}: unexpected type {b[off + 23]}")
            break
        if e["type"] == "LOAD":
            try:
                ptrs, lists = walk_list(disk, e["ptr"]["blockno"])
                e["list_blocks"] = lists
                e["pointers"] = ptrs
                e["blocks"] = sum(p["blockct"] + 1 for p in ptrs)
                e["length"] = e["blocks"] * disk.bs
                if load_data:
                    e["data"] = b"".join(disk.read(p["blockno"], p["blockct"] + 1) for p in ptrs)
                bad = [p for p in ptrs if p["size"] != disk.bs]
                if bad:
                    table["errors"].append(f"entry {i}: {len(bad)} pointer(s) with size != {disk.bs}")
            except WalkError as ex:
                table["errors"].append(f"entry {i}: {ex}")
    else:
        table["errors"].append("no EXEC entry")
    return table


def walk(disk, load_data=True):
    mbr = parse_mbr(disk)
    progs = parse_program_table(disk, mbr["program_table"]["blockno"])
    out = {"block_size": disk.bs, "blocks": disk.nblocks, "mbr": mbr, "programs": []}
    for p in progs:
        try:
            t = parse_component_table(disk, p["blockno"], load_data)
        except WalkError as ex:
            t = {"block": p["blockno"], "entries": [], "errors": [str(ex)]}
        t["program"] = p["index"]
        out["programs"].append(t)
    return out


def describe(entry, files):
    """Name the file a LOAD segment holds, if any."""
    data = entry.get("data")
    if data is None:
        return ""
    for name, content in files.items():
        if len(data) >= len(content) and len(data) - len(content) < 65536 \
                and data[:len(content)] == content:
            return f"= {name}"
    text = data.split(b"\0", 1)[0]
    if 0 < len(text) < 1024 and all(32 <= c < 127 for c in text):
        return f"text \"{text.decode()}\""
    if entry["address"] == STAGE3_PARMS_ADDR:
        return "stage3 parameters"
    return ""


def load_files(args):
    files = {}
    for name in ("kernel", "initrd", "stage3"):
        path = getattr(args, name, None)
        if path:
            with open(path, "rb") as f:
                files[name] = f.read()
    return files


def cmd_show(args):
    disk = Disk(args.image, args.block_size)
    files = load_files(args)
    try:
        m = walk(disk, load_data=not args.json or bool(files))
    except WalkError as ex:
        print(f"ERROR: {ex}")
        return 1
    if args.json:
        for t in m["programs"]:
            for e in t["entries"]:
                if "data" in e:
                    e["matches"] = describe(e, files)
                    e["sha256"] = hashlib.sha256(e.pop("data")).hexdigest()
        print(json.dumps(m, indent=1))
        return 0
    pt = m["mbr"]["program_table"]
    print(f"{args.image}: {disk.nblocks} blocks of {disk.bs} bytes")
    print(f"MBR: zIPL version {m['mbr']['version']}, program table at block "
          f"{pt['blockno']} (size {pt['size']}, blockct {pt['blockct']})")
    rc = 0
    for t in m["programs"]:
        print(f"program {t['program']}{' (default)' if t['program'] == 0 else ''}: "
              f"component table at block {t['block']}")
        for e in t["entries"]:
            if e["type"] == "EXEC":
                print(f"  #{e['index']} EXEC      PSW 0x{e['address']:016x}")
            elif e["type"] == "LOAD" and "pointers" in e:
                end = e["address"] + e["length"] - 1
                print(f"  #{e['index']} LOAD      0x{e['address']:08x}-0x{end:08x} "
                      f"{e['length']:9d} bytes, {len(e['pointers'])} pointer(s) in list "
                      f"block(s) {','.join(map(str, e['list_blocks']))} {describe(e, files)}")
                if args.verbose:
                    for p in e["pointers"]:
                        print(f"        block {p['blockno']:>10} x{p['blockct'] + 1:<5} "
                              f"(size {p['size']})")
            else:
                print(f"  #{e['index']} {e['type']:9s} ptr block {e['ptr']['blockno']} "
                      f"addr/info 0x{e['address']:016x}")
        for err in t["errors"]:
            print(f"  ERROR: {err}")
            rc = 1
    print(f"largest block read: {disk.max_block}")
    return rc


def cmd_verify(args):
    disk = Disk(args.image, args.block_size)
    files = load_files(args)
    try:
        m = walk(disk)
    except WalkError as ex:
        print(f"FAIL: {ex}")
        return 1
    ok = True
    progs = m["programs"] if args.program is None else \
        [t for t in m["programs"] if t["program"] == args.program]
    if not progs:
        print(f"FAIL: no program {args.program}")
        return 1
    for t in progs:
        pok, found, exec_psw = True, set(), None
        for err in t["errors"]:
            print(f"FAIL: program {t['program']}: {err}")
            pok = False
        for e in t["entries"]:
            if e["type"] == "EXEC":
                exec_psw = e["address"]
            what = describe(e, files)
            if what.startswith("= "):
                found.add(what[2:])
                expect = {"kernel": KERNEL_ADDR, "stage3": STAGE3_ADDR}.get(what[2:])
                if expect is not None and e["address"] != expect:
                    print(f"FAIL: program {t['program']}: {what[2:]} loaded at "
                          f"0x{e['address']:x}, expected 0x{expect:x}")
                    pok = False
        missing = sorted(set(files) - found)
        if missing:
            print(f"FAIL: program {t['program']}: no LOAD segment equals {', '.join(missing)}")
            pok = False
        if exec_psw is None:
            pok = False
        elif exec_psw & 0x7FFFFFFF != STAGE3_ADDR and "stage3" in files:
            print(f"FAIL: program {t['program']}: EXEC PSW 0x{exec_psw:016x} does not enter stage3")
            pok = False
        print(f"program {t['program']}: {'OK' if pok else 'FAIL'}: "
              f"{', '.join(sorted(found)) or 'nothing'} verified, EXEC PSW 0x{exec_psw or 0:016x}")
        ok = ok and pok
    print(f"largest block read: {disk.max_block} of {disk.nblocks}")
    print("OK" if ok else "FAIL")
    return 0 if ok else 1


def find_entry(disk, program, component):
    m = walk(disk, load_data=False)
    progs = [t for t in m["programs"] if t["program"] == program]
    if not progs:
        raise WalkError(f"no program {program}")
    loads = [e for e in progs[0]["entries"] if e["type"] == "LOAD"]
    if component == "kernel":
        sel = [e for e in loads if e["address"] == KERNEL_ADDR]
    else:
        sel = [e for e in progs[0]["entries"] if e["index"] == int(component)]
    if not sel:
        raise WalkError(f"program {program} has no component {component}")
    return sel[0]


def cmd_set_mbr_magic(args):
    disk = Disk(args.image, args.block_size, writable=True)
    disk.write(0, bytes.fromhex(args.magic))
    return 0


def cmd_set_pt_pointer(args):
    disk = Disk(args.image, args.block_size, writable=True)
    disk.write(0x10, struct.pack(">Q", args.blockno))
    return 0


def cmd_garbage_pt(args):
    disk = Disk(args.image, args.block_size, writable=True)
    blk = parse_mbr(disk)["program_table"]["blockno"]
    junk = b"".join(hashlib.sha256(b"secure-ccw-e2e %d" % i).digest()
                    for i in range(disk.bs // 32))
    junk = b"JUNK" + junk[4:]
    disk.write(blk * disk.bs, junk)
    print(f"program table block {blk} overwritten")
    return 0


def cmd_set_load_address(args):
    disk = Disk(args.image, args.block_size, writable=True)
    e = find_entry(disk, args.program, args.component)
    if e["type"] != "LOAD":
        raise WalkError(f"component {args.component} is a {e['type']} entry")
    old = e["address"]
    disk.write(e["offset"] + 24, struct.pack(">Q", args.address))
    print(f"program {args.program} component #{e['index']}: load address "
          f"0x{old:x} -> 0x{args.address:x} (segment {e['length']} bytes)")
    return 0


def cmd_set_blockptr(args):
    disk = Disk(args.image, args.block_size, writable=True)
    e = find_entry(disk, args.program, args.component)
    ptrs = e.get("pointers") or []
    if args.slot >= len(ptrs):
        raise WalkError(f"component #{e['index']} has only {len(ptrs)} data pointer(s)")
    p = ptrs[args.slot]
    disk.write(p["at"], struct.pack(">Q", args.blockno))
    print(f"program {args.program} component #{e['index']} pointer {args.slot}: "
          f"block {p['blockno']} -> {args.blockno} (disk has {disk.nblocks} blocks)")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--block-size", type=int, default=None,
                    help="disk block size (default: taken from the MBR, else 512)")
    sub = ap.add_subparsers(dest="cmd", required=True)

    def add(name, fn, files=False):
        p = sub.add_parser(name)
        p.add_argument("image")
        p.set_defaults(fn=fn)
        if files:
            for n in ("kernel", "initrd", "stage3"):
                p.add_argument(f"--{n}")
        return p

    p = add("show", cmd_show, files=True)
    p.add_argument("--json", action="store_true")
    p.add_argument("-v", "--verbose", action="store_true", help="list every data pointer")
    p = add("verify", cmd_verify, files=True)
    p.add_argument("--program", type=int)
    p = add("set-mbr-magic", cmd_set_mbr_magic)
    p.add_argument("magic", help="4 bytes in hex, e.g. 00000000")
    p = add("set-pt-pointer", cmd_set_pt_pointer)
    p.add_argument("blockno", type=lambda s: int(s, 0))
    add("garbage-pt", cmd_garbage_pt)
    for name, fn in (("set-load-address", cmd_set_load_address),
                     ("set-blockptr", cmd_set_blockptr)):
        p = add(name, fn)
        p.add_argument("address" if name == "set-load-address" else "blockno",
                       type=lambda s: int(s, 0))
        p.add_argument("--program", type=int, default=0)
        p.add_argument("--component", default="kernel")
        if name == "set-blockptr":
            p.add_argument("--slot", type=int, default=0)
    args = ap.parse_args()
    try:
        return args.fn(args)
    except WalkError as ex:
        print(f"ERROR: {ex}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)    # quiet when piped into head
    sys.exit(main())
