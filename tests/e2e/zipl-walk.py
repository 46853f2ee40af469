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
                            (LOAD: load address; EXEC: the short PSW;
                            SIGNATURE: u8 format (1 = PKCS#7 DER) | 3 pad |
                            u32 signature length)
  pointer list (LOAD, SIGNATURE): blocks of pointers to data; blockno 0
                            ends the list; the last slot of a full list block
                            is a continuation pointer to the next list block.

Secure IPL (zipl --secure 1): a SIGNATURE entry holds the detached PKCS#7 of
the LOAD entry right after it; zipl takes both from a file signed in Linux
sign-file format (file = payload + PKCS#7 + 12-byte info + the 28-byte magic
"~Module signature appended~\n"). Files given with --kernel/--initrd/--stage3
that carry such a signature are compared by their payload.

Sub-commands (IMAGE is a raw disk image):
  show IMAGE [--json]                 print the boot map (debugging aid)
  verify IMAGE [--kernel F] [--initrd F] [--stage3 F] [--program N] [--secure]
                                      check that what each program loads
                                      equals the files; exit 1 otherwise.
                                      --secure: also check the Secure IPL
                                      records: every signed file's LOAD is
                                      preceded by a SIGNATURE entry holding
                                      exactly its PKCS#7, its data is exactly
                                      the payload (block-aligned), stage3 and
                                      kernel are signed, and the SCLAB /
                                      global-SCLAB / overlap / unsigned-address
                                      rules a Secure IPL firmware applies hold
  extract IMAGE INDEX OUT [--program N]
                                      write component entry INDEX's data to
                                      OUT (a SIGNATURE: its sig_len bytes)
  flip-byte IMAGE [--program N] [--component kernel|N] [--offset N]
                                      invert one byte of a component's data on
                                      disk (offset < 0 counts from the end)
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
SIG_MAGIC = b"~Module signature appended~\n"
SIG_FORMAT_PKCS7 = 1
PKEY_ID_PKCS7 = 2
UNSIGNED_MIN_ADDR = 0x2000
SCLAB_OPSW, SCLAB_OLA, SCLAB_NUC, SCLAB_SC = 0x8000, 0x4000, 0x2000, 0x1000


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
        if e["type"] == "SIGNATURE":
            e["sig_format"] = b[off + 24]
            e["sig_len"] = struct.unpack_from(">I", b, off + 28)[0]
        if e["type"] in ("LOAD", "SIGNATURE"):
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


def split_signed(content):
    """(payload, pkcs7) of a file in Linux sign-file format, else (content, None)."""
    if len(content) < 40 or content[-28:] != SIG_MAGIC:
        return content, None
    info = content[-40:-28]
    sig_len = struct.unpack_from(">I", info, 8)[0]
    if info[2] != PKEY_ID_PKCS7:
        raise WalkError(f"signature id_type {info[2]} is not PKCS#7 ({PKEY_ID_PKCS7})")
    if sig_len == 0 or sig_len + 40 > len(content):
        raise WalkError(f"signature length {sig_len} does not fit the file")
    end = len(content) - 40 - sig_len
    return content[:end], content[end:end + sig_len]


def sclab_of(data):
    """The SCLAB at the end of a loaded component, or None (no locator)."""
    if len(data) < 8 or data[-4:] != b"zIPL":
        return None
    length = struct.unpack_from(">H", data, len(data) - 6)[0]
    if length < 32 or length > len(data):
        return {"len": length, "valid": False}
    s = data[len(data) - length:]
    return {"len": length, "valid": True, "format": s[0],
            "flags": struct.unpack_from(">H", s, 2)[0],
            "load_psw": struct.unpack_from(">Q", s, 8)[0],
            "load_addr": struct.unpack_from(">Q", s, 16)[0]}


def describe(entry, files, sigs=None):
    """Name the file a LOAD segment (or signature a SIGNATURE) holds, if any."""
    data = entry.get("data")
    if data is None:
        return ""
    if entry["type"] == "SIGNATURE":
        sig = data[:entry.get("sig_len", 0)]
        for name, s in (sigs or {}).items():
            if s == sig:
                return f"= signature of {name}"
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


def load_files(args, sigs=None):
    """name -> content of the --kernel/--initrd/--stage3 files (the payload
    of a signed file; its PKCS#7 goes into sigs[name])."""
    files = {}
    for name in ("kernel", "initrd", "stage3"):
        path = getattr(args, name, None)
        if path:
            with open(path, "rb") as f:
                payload, sig = split_signed(f.read())
            files[name] = payload
            if sig is not None and sigs is not None:
                sigs[name] = sig
    return files


def cmd_show(args):
    disk = Disk(args.image, args.block_size)
    sigs = {}
    files = load_files(args, sigs)
    try:
        m = walk(disk, load_data=not args.json or bool(files))
    except WalkError as ex:
        print(f"ERROR: {ex}")
        return 1
    if args.json:
        for t in m["programs"]:
            for e in t["entries"]:
                if "data" in e:
                    e["matches"] = describe(e, files, sigs)
                    if e["type"] == "LOAD":
                        e["sclab"] = sclab_of(e["data"])
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
                sc = sclab_of(e.get("data") or b"")
                if sc and sc["valid"]:
                    print(f"        SCLAB len {sc['len']} format {sc['format']} flags "
                          f"0x{sc['flags']:04x} load PSW 0x{sc['load_psw']:016x} "
                          f"load address 0x{sc['load_addr']:x}")
                elif sc:
                    print(f"        SCLAB locator with invalid length {sc['len']}")
                if args.verbose:
                    for p in e["pointers"]:
                        print(f"        block {p['blockno']:>10} x{p['blockct'] + 1:<5} "
                              f"(size {p['size']})")
            elif e["type"] == "SIGNATURE" and "pointers" in e:
                fmt = "PKCS#7 DER" if e["sig_format"] == SIG_FORMAT_PKCS7 else "unknown"
                print(f"  #{e['index']} SIGNATURE format {e['sig_format']} ({fmt}), "
                      f"{e['sig_len']} bytes in {e['blocks']} block(s), list block(s) "
                      f"{','.join(map(str, e['list_blocks']))} {describe(e, files, sigs)}")
            else:
                print(f"  #{e['index']} {e['type']:9s} ptr block {e['ptr']['blockno']} "
                      f"addr/info 0x{e['address']:016x}")
        for err in t["errors"]:
            print(f"  ERROR: {err}")
            rc = 1
    print(f"largest block read: {disk.max_block}")
    return rc


def overlaps(a0, s0, a1, s1):
    """[a0, a0+s0) and [a1, a1+s1) intersect (the firmware's test)."""
    return a1 - a0 < s0 if a1 > a0 else a0 - a1 < s1


def secure_check(t, files, sigs, bs):
    """The Secure IPL records of one program: (ok, report lines)."""
    lines, state = [], {"ok": True}

    def fail(msg):
        state["ok"] = False
        lines.append(f"FAIL: program {t['program']}: {msg}")

    for name in ("stage3", "kernel"):
        if name in files and name not in sigs:
            fail(f"the {name} file carries no signature (zipl --secure 1 needs one)")
    signed, unsigned_n, global_sclab, pending, exec_psw = [], 0, None, None, None
    for e in t["entries"]:
        idx = e["index"]
        if e["type"] == "EXEC":
            exec_psw = e["address"]
            break
        if "data" not in e:
            continue
        if e["type"] == "SIGNATURE":
            if pending is not None:
                fail(f"SIGNATURE #{idx} follows SIGNATURE #{pending['index']} without a LOAD")
            if e["sig_format"] != SIG_FORMAT_PKCS7:
                fail(f"SIGNATURE #{idx}: format {e['sig_format']} is not PKCS#7 DER (1)")
            if not 0 < e["sig_len"] <= min(4096, len(e["data"])):
                fail(f"SIGNATURE #{idx}: length {e['sig_len']} does not fit "
                     f"(1..4096 and within its {len(e['data'])} bytes of blocks)")
            pending = e
            continue
        addr, length = e["address"], e["length"]
        what = describe(e, files)
        name = what[2:] if what.startswith("= ") else None
        for a, n, se in signed:
            if overlaps(a, n, addr, length):
                fail(f"LOAD #{idx} (0x{addr:x}, {length} bytes) overlaps signed LOAD #{se['index']}")
        if pending is None:
            if name in sigs:
                fail(f"LOAD #{idx} ({name}) is signed but no SIGNATURE entry precedes it")
            if addr < UNSIGNED_MIN_ADDR:
                fail(f"unsigned LOAD #{idx} at 0x{addr:x} is below 0x{UNSIGNED_MIN_ADDR:x}")
            unsigned_n += 1
            continue
        sig_entry, pending = pending, None
        sig = sig_entry["data"][:sig_entry["sig_len"]]
        good = True
        if name is None:
            fail(f"signed LOAD #{idx} at 0x{addr:x} holds none of the given files")
            good = False
        elif name not in sigs:
            fail(f"LOAD #{idx} ({name}) has SIGNATURE #{sig_entry['index']} but the {name} file is not signed")
            good = False
        else:
            if sig != sigs[name]:
                fail(f"SIGNATURE #{sig_entry['index']} is not the PKCS#7 appended to the {name} file")
                good = False
            if length != len(files[name]):
                fail(f"LOAD #{idx} ({name}) loads {length} bytes but the signed payload has "
                     f"{len(files[name])} (payload % block size {bs} = {len(files[name]) % bs}): "
                     f"the firmware verifies whole blocks")
                good = False
        sc = sclab_of(e["data"])
        if sc is None:
            fail(f"signed LOAD #{idx}: no SCLAB locator (\"zIPL\") in its last 8 bytes")
            good = False
        elif not sc["valid"]:
            fail(f"signed LOAD #{idx}: invalid SCLAB length {sc['len']}")
            good = False
        else:
            fl = sc["flags"]
            checks = [
                (sc["format"] == 0, f"SCLAB format {sc['format']} is not 0"),
                (fl & SCLAB_OPSW or sc["load_psw"] == 0, "SCLAB load PSW is not zero without OPSW"),
                (not fl & SCLAB_OPSW or fl & SCLAB_OLA, "global SCLAB without OLA"),
                (fl & SCLAB_OLA or sc["load_addr"] == 0, "SCLAB load address is not zero without OLA"),
                (not fl & SCLAB_OLA or sc["load_addr"] == addr,
                 f"SCLAB load address 0x{sc['load_addr']:x} is not the component's 0x{addr:x}"),
                (not fl & SCLAB_NUC or fl & SCLAB_OPSW, "NUC set outside the global SCLAB"),
                (not fl & SCLAB_SC or fl & SCLAB_OPSW, "SC set outside the global SCLAB"),
            ]
            for cond, msg in checks:
                if not cond:
                    fail(f"signed LOAD #{idx}: {msg}")
                    good = False
            if fl & SCLAB_OPSW:
                if global_sclab is not None:
                    fail(f"signed LOAD #{idx}: a second global SCLAB")
                global_sclab = sc
        signed.append((addr, length, e))
        if good:
            lines.append(f"program {t['program']}: SIGNATURE #{sig_entry['index']} "
                         f"({sig_entry['sig_len']} bytes, PKCS#7 DER) + LOAD #{idx} {name} at "
                         f"0x{addr:x}, {length} bytes = signed payload "
                         f"({length // bs} blocks of {bs}), SCLAB flags 0x{sc['flags']:04x}: OK")
    if pending is not None:
        fail(f"SIGNATURE #{pending['index']} is not followed by a LOAD")
    if not signed:
        fail("no signed component")
    if global_sclab is None:
        fail("no global SCLAB (flags with OPSW) in any signed component")
    elif exec_psw is not None:
        for what, psw in (("EXEC PSW", exec_psw), ("global SCLAB load PSW", global_sclab["load_psw"])):
            a = psw & 0x7FFFFFFF
            if not any(s <= a <= s + n - 2 for s, n, _ in signed):
                fail(f"{what} 0x{psw:016x} does not point into signed code")
        if global_sclab["load_psw"] != exec_psw:
            fail(f"global SCLAB load PSW 0x{global_sclab['load_psw']:016x} != EXEC PSW 0x{exec_psw:016x}")
        if global_sclab["flags"] & SCLAB_NUC and unsigned_n:
            fail(f"NUC is set but {unsigned_n} unsigned component(s) exist")
        if global_sclab["flags"] & SCLAB_SC and (len(signed) != 1 or unsigned_n):
            fail("SC is set but there is not exactly one (signed) component")
    lines.append(f"program {t['program']}: secure {'OK' if state['ok'] else 'FAIL'}: "
                 f"{len(signed)} signed, {unsigned_n} unsigned component(s)")
    return state["ok"], lines


def cmd_verify(args):
    disk = Disk(args.image, args.block_size)
    sigs = {}
    files = load_files(args, sigs)
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
        if args.secure:
            sok, lines = secure_check(t, files, sigs, disk.bs)
            print("\n".join(lines))
            pok = pok and sok
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


def cmd_extract(args):
    disk = Disk(args.image, args.block_size)
    m = walk(disk)
    progs = [t for t in m["programs"] if t["program"] == args.program]
    if not progs:
        raise WalkError(f"no program {args.program}")
    sel = [e for e in progs[0]["entries"] if e["index"] == args.index]
    if not sel or "data" not in sel[0]:
        raise WalkError(f"program {args.program} has no LOAD or SIGNATURE entry #{args.index}")
    e = sel[0]
    data = e["data"][:e["sig_len"]] if e["type"] == "SIGNATURE" else e["data"]
    with open(args.out, "wb") as f:
        f.write(data)
    print(f"program {args.program} #{e['index']} {e['type']}: {len(data)} bytes -> {args.out}")
    return 0


def cmd_flip_byte(args):
    disk = Disk(args.image, args.block_size, writable=True)
    e = find_entry(disk, args.program, args.component)
    ptrs = e.get("pointers")
    if not ptrs:
        raise WalkError(f"component #{e['index']} ({e['type']}) has no data")
    length = sum(p["blockct"] + 1 for p in ptrs) * disk.bs
    off = args.offset if args.offset >= 0 else length + args.offset
    if not 0 <= off < length:
        raise WalkError(f"offset {args.offset} is outside the component's {length} bytes")
    rest = off
    for p in ptrs:
        n = (p["blockct"] + 1) * disk.bs
        if rest < n:
            pos = p["blockno"] * disk.bs + rest
            break
        rest -= n
    old = disk._raw(pos, 1)[0]
    disk.write(pos, bytes([old ^ 0xFF]))
    print(f"program {args.program} component #{e['index']} ({e['type']} at 0x{e['address']:x}): "
          f"byte {off} of {length} at disk offset {pos} (block {pos // disk.bs}) "
          f"0x{old:02x} -> 0x{old ^ 0xFF:02x}")
    return 0


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
    p.add_argument("--secure", action="store_true",
                   help="also check the Secure IPL records (see the module doc)")
    p = add("extract", cmd_extract)
    p.add_argument("index", type=int)
    p.add_argument("out")
    p.add_argument("--program", type=int, default=0)
    p = add("flip-byte", cmd_flip_byte)
    p.add_argument("--program", type=int, default=0)
    p.add_argument("--component", default="kernel")
    p.add_argument("--offset", type=lambda s: int(s, 0), default=-64,
                   help="byte of the component's data (default -64: the zero padding "
                        "before a kernel's SCLAB trailer)")
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
