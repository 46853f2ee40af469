#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""phase-report.py - the table of `make bench` from the plugin's run files.

Each run file (tests/e2e/bench.sh) is named QEMU_DISK_BUS_FW_RUN.COUNT.txt
and holds the lines of tests/bench/phase-plugin.c plus "start NS" (host
CLOCK_REALTIME when the driver started QEMU). COUNT is tb (instructions are
taken from these runs) or off (times are taken from these runs when there
are any: no per-block callbacks slow the firmware down).

Definitions, per row (QEMU, disk, bus) and firmware (stock | ours):
  ins_fw      guest instructions executed before the hand-over (first
              instruction below 16 MiB), median over the runs
  ins_stable  the deterministic part: the instructions of every translation
              block whose execution count is the same in all runs of the
              row and firmware. Polling loops (waiting for a device, the
              console, a timer) run a number of times that depends on host
              timing, so their blocks drop out; what stays is identical in
              every run and can be compared on a noisy host.
  ins_wait    ins_fw - ins_stable (median): what the waiting added
  fw ms       hand-over minus first guest instruction (host time), median
  leave ms    QEMU start to the hand-over, median
  time ratio  median over the ABBA pairs of ours/stock fw ms (paired)
The instruction ratios compare with the same QEMU's stock BIOS, and
"vs 11" with the stock BIOS of the newest QEMU >= 11 in the runs (the
reference of issue 11).
"""
import argparse
import collections
import os
import re
import statistics
import subprocess
import sys

NAME = re.compile(r'^(?P<q>[0-9.]+)_(?P<disk>.+)_(?P<bus>[a-z0-9]+)_(?P<fw>stock|ours)_(?P<run>\d+)'
                  r'\.(?P<count>tb|off)\.txt$')


def parse(path):
    run = {'tb': {}, 'ev': {}, 'entry': None, 'start': None}
    with open(path) as f:
        for line in f:
            w = line.split()
            if not w:
                continue
            if w[0] == 'tb':
                run['tb'][(int(w[1], 16), int(w[2]))] = int(w[3])
            elif w[0] == 'event':
                run['ev'][w[1]] = (int(w[2]), int(w[3]), int(w[4]))
            elif w[0] == 'entry':
                run['entry'] = int(w[1], 16)
            elif w[0] == 'start':
                run['start'] = int(w[1])
    return run


def med(xs):
    return statistics.median(xs) if xs else None


def fmt_ins(v):
    if v is None:
        return 'n/a'
    if v >= 10e6:
        return '%.1fM' % (v / 1e6)
    if v >= 1e6:
        return '%.2fM' % (v / 1e6)
    if v >= 1e3:
        return '%.0fk' % (v / 1e3)
    return '%d' % v


def fmt_ratio(a, b):
    if a is None or not b:
        return 'n/a'
    return '%.2f' % (a / b) if a / b >= 0.01 else '%.3f' % (a / b)


def fmt_ms(v):
    return 'n/a' if v is None else '%.1f' % v


def summarize(runs, timed):
    """runs, timed: {run_no: run}, counting and timing runs. A dict of figures."""
    ok = {k: r for k, r in runs.items() if 'leave' in r['ev'] and 'first' in r['ev']}
    tok = {k: r for k, r in timed.items() if 'leave' in r['ev'] and 'first' in r['ev']} or ok
    s = {'runs': len(runs) + len(timed), 'ok': len(ok) + len(tok if timed else {})}
    if not ok:
        return s
    keys = set()
    for r in ok.values():
        keys |= set(r['tb'])
    stable = 0
    for k in keys:
        counts = {r['tb'].get(k, 0) for r in ok.values()}
        if len(counts) == 1:
            stable += k[1] * counts.pop()
    have_tb = any(r['tb'] for r in ok.values())
    s['ins_fw'] = med([r['ev']['leave'][2] for r in ok.values()])
    s['ins_stable'] = stable if have_tb else None
    s['ins_wait'] = med([r['ev']['leave'][2] - stable for r in ok.values()]) if have_tb else None
    s['fw_ms'] = {k: (r['ev']['leave'][0] - r['ev']['first'][0]) / 1e6 for k, r in tok.items()}
    s['init_ms'] = med([(r['ev']['first'][1] - r['start']) / 1e6 for r in tok.values()])
    s['leave_ms'] = med([(r['ev']['leave'][1] - r['start']) / 1e6 for r in tok.values()])
    s['kernel_ms'] = med([(r['ev']['kernel'][1] - r['start']) / 1e6
                          for r in tok.values() if 'kernel' in r['ev']])
    s['fw_med'] = med(list(s['fw_ms'].values()))
    s['any'] = next(iter(ok.values()))
    s['all'] = ok
    return s


def hot(s, elf, n):
    """The n blocks with the most instructions (mean over runs), as text."""
    tot = collections.Counter()
    for r in s['all'].values():
        for k, c in r['tb'].items():
            tot[k] += k[1] * c
    top = tot.most_common(n)
    entry = s['any']['entry'] or 0
    rel = ['0x%x' % (pc - entry) for (pc, _), _ in top]
    syms = ['?'] * len(top)
    if elf and os.path.exists(elf) and top:
        try:
            out = subprocess.run(['s390x-linux-gnu-addr2line', '-f', '-s', '-e', elf] + rel,
                                 capture_output=True, text=True, check=True).stdout.split('\n')
            syms = ['%s (%s)' % (out[2 * i], out[2 * i + 1]) for i in range(len(top))]
        except (OSError, subprocess.CalledProcessError, IndexError):
            pass
    lines = ['| block (offset) | insns/block | executions | insns | symbol |', '|---|---|---|---|---|']
    nruns = len(s['all'])
    for ((pc, ni), t), a, sym in zip(top, rel, syms):
        lines.append('| %s | %d | %d | %d | %s |' % (a, ni, t // ni // nruns, t // nruns, sym))
    return lines


def svg(rows, path):
    """A bar per row and firmware: QEMU start -> first insn -> hand-over -> kernel
    (medians of each moment; the label is the median firmware phase)."""
    bars = []
    for label, s in rows:
        if s.get('ok') and s.get('kernel_ms') is not None:
            bars.append((label, s['init_ms'], s['leave_ms'], s['kernel_ms'], s['fw_med']))
    if not bars:
        return
    scale = 700.0 / max(b[3] for b in bars)
    h = 22
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="%d" '
           'font-family="sans-serif" font-size="11">' % (h * len(bars) + 50)]
    colors = (('#bbbbbb', 'QEMU start to first instruction'), ('#d62728', 'firmware'),
              ('#1f77b4', 'hand-over to kernel entry (stage3)'))
    for i, (label, a, b, c, fw) in enumerate(bars):
        y = 10 + i * h
        out.append('<text x="5" y="%d">%s</text>' % (y + 13, label))
        x = 250
        for (w, (col, _)) in zip((a, b - a, c - b), colors):
            out.append('<rect x="%.1f" y="%d" width="%.1f" height="16" fill="%s"/>' % (x, y, w * scale, col))
            x += w * scale
        out.append('<text x="%.1f" y="%d">firmware %.1f ms</text>' % (x + 4, y + 13, fw))
    y = 20 + h * len(bars)
    for i, (col, text) in enumerate(colors):
        out.append('<rect x="%d" y="%d" width="12" height="12" fill="%s"/>' % (250 + i * 240, y, col))
        out.append('<text x="%d" y="%d">%s</text>' % (266 + i * 240, y + 10, text))
    out.append('</svg>')
    with open(path, 'w') as f:
        f.write('\n'.join(out) + '\n')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--runs', required=True)
    ap.add_argument('--elf')
    ap.add_argument('--hot', type=int, default=0)
    ap.add_argument('--svg')
    a = ap.parse_args()

    groups = collections.defaultdict(lambda: {'tb': {}, 'off': {}})
    for name in sorted(os.listdir(a.runs)):
        m = NAME.match(name)
        if m:
            groups[(m['q'], m['disk'], m['bus'], m['fw'])][m['count']][int(m['run'])] = \
                parse(os.path.join(a.runs, name))
    if not groups:
        print('no runs in %s' % a.runs)
        return 1
    sums = {k: summarize(v['tb'], v['off']) for k, v in groups.items()}
    qkey = lambda q: tuple(int(x) for x in q.split('.'))
    rows = sorted({k[:3] for k in sums}, key=lambda k: (qkey(k[0]), k[1], k[2]))
    refq = max((q for q, _, _ in rows if qkey(q) >= (11,)), key=qkey, default=None)

    print('| QEMU | disk / bus | stock ins_stable | ours ins_stable | ratio | vs 11 '
          '| stock ins_wait | ours ins_wait | ratio | vs 11 '
          '| stock fw ms | ours fw ms | paired ratio | stock / ours QEMU start to hand-over ms |')
    print('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|')
    svgrows = []
    for q, disk, bus in rows:
        st = sums.get((q, disk, bus, 'stock'), {})
        us = sums.get((q, disk, bus, 'ours'), {})
        ref = sums.get((refq, disk, bus, 'stock'), {}) if refq else {}
        pairs = [us['fw_ms'][r] / st['fw_ms'][r] for r in us.get('fw_ms', {})
                 if r in st.get('fw_ms', {}) and st['fw_ms'][r] > 0]
        note = ''
        if st.get('ok', 0) < st.get('runs', 0) or us.get('ok', 0) < us.get('runs', 0):
            note = ' (runs without hand-over: stock %d/%d, ours %d/%d)' % (
                st.get('runs', 0) - st.get('ok', 0), st.get('runs', 0),
                us.get('runs', 0) - us.get('ok', 0), us.get('runs', 0))
        print('| %s | %s / %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s |%s' % (
            q, disk, bus,
            fmt_ins(st.get('ins_stable')), fmt_ins(us.get('ins_stable')),
            fmt_ratio(us.get('ins_stable'), st.get('ins_stable')),
            fmt_ratio(us.get('ins_stable'), ref.get('ins_stable')),
            fmt_ins(st.get('ins_wait')), fmt_ins(us.get('ins_wait')),
            fmt_ratio(us.get('ins_wait'), st.get('ins_wait')),
            fmt_ratio(us.get('ins_wait'), ref.get('ins_wait')),
            fmt_ms(st.get('fw_med')), fmt_ms(us.get('fw_med')),
            '%.2f' % med(pairs) if pairs else 'n/a',
            fmt_ms(st.get('leave_ms')), fmt_ms(us.get('leave_ms')), note))
        svgrows += [('%s %s/%s stock' % (q, disk, bus), st), ('%s %s/%s ours' % (q, disk, bus), us)]
    if a.hot:
        for q, disk, bus in rows:
            us = sums.get((q, disk, bus, 'ours'), {})
            if us.get('ok'):
                print('\nHottest blocks of ours, QEMU %s, %s on %s (per run):\n' % (q, disk, bus))
                print('\n'.join(hot(us, a.elf, a.hot)))
    if a.svg:
        svg(svgrows, a.svg)
    return 0


if __name__ == '__main__':
    sys.exit(main())
