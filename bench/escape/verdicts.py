#!/usr/bin/env python3
"""The verdicts of bench/escape's units, for checking that a change to the
engine's solver or representation changes none of them (issue 14, "Cost":
a faster engine must say exactly what the slower one said).

  bench/escape/verdicts.py --escape-check build/bin/escape-check --out DIR
                           [--plugin build/lib/EscapeCheckPasses.so]
  bench/escape/verdicts.py --compare DIR_BEFORE DIR_AFTER

The first writes DIR/<unit>.<mode>.json (`escape-check --format=json -m=2`,
with and without -no-inline) for the example, gtest-all.cc, gmock-all.cc and
Kaleidoscope's Chapter 7 (with --plugin also DIR/<unit>.<mode>.remarks, the
pass plugin's remarks under opt-19); the second prints the differing findings and exits
1 when there are any. Findings are compared whole (verdict, sink, flow
steps), ignoring only the tool's version and the unit's own paths.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run as bench  # noqa: E402  (bench/escape/run.py: the same units)

SHORT = {'examples/users/main.cpp': 'example',
         'googletest gtest-all.cc': 'gtest-all',
         'googletest gmock-all.cc': 'gmock-all',
         'llvm-19-examples Kaleidoscope/Chapter7/toy.cpp': 'kaleidoscope7'}
MODES = {'inline': [], 'no-inline': ['-no-inline']}


def write(args):
    os.makedirs(args.out, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix='escape-verdicts-')
    try:
        jobs = []
        for name, src, flags in bench.TUS:
            unit_flags = flags()
            if not os.path.exists(src) or unit_flags is None:
                print('skipped ' + name, file=sys.stderr)
                continue
            src = bench.plain_source(src, tmp)
            for mode, extra in MODES.items():
                path = os.path.join(args.out, '%s.%s.json' % (SHORT[name], mode))
                cmd = [args.escape_check, '--format=json', '-m=2', '-j', '1'] + \
                    extra + ['-o', path, src, '--'] + unit_flags + ['-O2']
                jobs.append((cmd, path))
        for cmd, path in jobs:
            r = subprocess.run(cmd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
            if r.returncode not in (0, 3):
                # Reported, not fatal: the other units are still compared
                # (and the unit's remarks, with --plugin).
                print('failed (%d): %s\n%s' % (r.returncode, ' '.join(cmd),
                                               r.stderr[-600:]), file=sys.stderr)
                continue
            print(path, file=sys.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write_remarks(args):
    """The pass plugin's remarks (pass "escape") under opt-19's default<O2>,
    for every unit, with and without inlining (clang's
    -fno-inline marks every function noinline, as escape-check -no-inline)."""
    tmp = tempfile.mkdtemp(prefix='escape-verdicts-')
    try:
        for name, src, flags in bench.TUS:
            unit_flags = flags()
            if not os.path.exists(src) or unit_flags is None:
                continue
            for mode, extra in (('inline', []), ('no-inline', ['-fno-inline'])):
                bc = os.path.join(tmp, 'unit.bc')
                bench.emit_ir(args.clang, src, unit_flags + extra, bc, tmp)
                cmd = [args.opt, '-load-pass-plugin=' + args.plugin,
                       '-passes=default<O2>', '-pass-remarks-analysis=escape',
                       '-disable-output', bc]
                r = subprocess.run(cmd, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True)
                if r.returncode != 0:
                    sys.exit('failed: ' + ' '.join(cmd) + '\n' + r.stderr[-2000:])
                path = os.path.join(args.out, '%s.%s.remarks' % (SHORT[name], mode))
                with open(path, 'w') as f:
                    f.write(r.stderr)
                print(path, file=sys.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def remarks(path):
    with open(path) as f:
        return f.read().splitlines()


def findings(path):
    with open(path) as f:
        doc = json.load(f)
    return [json.dumps(x, sort_keys=True) for x in doc['findings']]


def compare(before, after):
    differ = 0
    for name in sorted(os.listdir(before)):
        if not name.endswith(('.json', '.remarks')):
            continue
        a = os.path.join(after, name)
        if not os.path.exists(a):
            print('%s: missing in %s' % (name, after))
            differ += 1
            continue
        read = findings if name.endswith('.json') else remarks
        fb, fa = read(os.path.join(before, name)), read(a)
        sb, sa = set(fb), set(fa)
        gone = [x for x in fb if x not in sa]
        new = [x for x in fa if x not in sb]
        print('%s: %d findings, %d only before, %d only after' % (
            name, len(fb), len(gone), len(new)))
        for x in gone[:20]:
            print('  - ' + x)
        for x in new[:20]:
            print('  + ' + x)
        differ += len(gone) + len(new) + (fb != fa and not gone and not new)
    return differ


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--escape-check', default=os.path.join(
        bench.ROOT, 'build/bin/escape-check'))
    p.add_argument('--out')
    p.add_argument('--plugin', help='also the pass plugin\'s remarks under opt')
    p.add_argument('--opt', default='opt-19')
    p.add_argument('--clang', default='clang++-19')
    p.add_argument('--remarks-only', action='store_true')
    p.add_argument('--compare', nargs=2, metavar=('BEFORE', 'AFTER'))
    args = p.parse_args()
    if args.compare:
        sys.exit(1 if compare(*args.compare) else 0)
    if not args.out:
        p.error('--out or --compare')
    os.makedirs(args.out, exist_ok=True)
    if args.plugin:
        write_remarks(args)
    if not args.remarks_only:
        write(args)


if __name__ == '__main__':
    main()
