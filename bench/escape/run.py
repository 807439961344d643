#!/usr/bin/env python3
"""Cost of the escape analysis against the optimisation pipeline alone.

For each bench TU: clang++-19 emits the IR clang would hand to its pipeline
(-O2 -g, LLVM passes disabled); then opt-19 runs default<O2> with the pass
plugin loaded, once with the escape passes disabled (the pipeline alone) and
once with them, side by side, several times. Reports median wall time and
peak RSS ratios; with --update, rewrites the escape region of
docs/performance.md.

  bench/escape/run.py --plugin build/lib/EscapeCheckPasses.so [--runs 5]
                      [--update docs/performance.md]
"""
import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
GTEST = '/usr/src/googletest'

TUS = [
    ('examples/users/main.cpp', os.path.join(ROOT, 'examples/users/main.cpp'),
     ['-std=c++17', '-I' + os.path.join(ROOT, 'include')]),
    ('googletest gtest-all.cc', GTEST + '/googletest/src/gtest-all.cc',
     ['-std=c++17', '-I' + GTEST + '/googletest/include',
      '-I' + GTEST + '/googletest', '-DGTEST_HAS_PTHREAD=1']),
    ('googletest gmock-all.cc', GTEST + '/googlemock/src/gmock-all.cc',
     ['-std=c++17', '-I' + GTEST + '/googlemock/include',
      '-I' + GTEST + '/googlemock', '-I' + GTEST + '/googletest/include',
      '-I' + GTEST + '/googletest', '-DGTEST_HAS_PTHREAD=1']),
]


def measure(cmd):
    # CPU time (user + system) of the child: the machine may be shared, and
    # wall time would measure the neighbours.
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        sys.exit('failed: ' + ' '.join(cmd))
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0  # MiB


def pass_share(cmd):
    """The escape passes' user time over the rest of the pipeline's, from
    opt's own -time-passes report (immune to the machine's noise)."""
    r = subprocess.run(cmd + ['-time-passes'], capture_output=True, text=True,
                       check=True)
    report = r.stderr.split('Pass execution timing report', 1)[-1]
    total = float(re.search(r'Total Execution Time: ([0-9.]+) seconds',
                            report).group(1))
    ours = sum(float(m.group(1)) for m in re.finditer(
        r'^\s*([0-9.]+) \(.*escape_check::', report, re.M))
    return ours / max(total - ours, 1e-9)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--plugin', required=True)
    ap.add_argument('--clang', default='clang++-19')
    ap.add_argument('--opt', default='opt-19')
    ap.add_argument('--runs', type=int, default=5)
    ap.add_argument('--update')
    args = ap.parse_args()

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, src, flags in TUS:
            if not os.path.exists(src):
                continue
            bc = os.path.join(tmp, 'unit.bc')
            subprocess.run([args.clang] + flags + [
                '-O2', '-g', '-Xclang', '-disable-llvm-passes', '-emit-llvm',
                '-c', '-o', bc, src], check=True, stderr=subprocess.DEVNULL)
            # The plugin runs the analysis only when its remarks are wanted
            # (docs/plugin.md); in both commands, so both pay the same.
            base = [args.opt, '-load-pass-plugin=' + args.plugin,
                    '-passes=default<O2>', '-pass-remarks-analysis=escape',
                    '-o', os.devnull, bc]
            alone = base + ['-escape-check-disable-escape-passes']
            times = {'alone': [], 'escape': []}
            rss = {'alone': [], 'escape': []}
            measure(alone)  # warm the page cache
            for _ in range(args.runs):
                for key, cmd in (('alone', alone), ('escape', base)):
                    t, m = measure(cmd)
                    times[key].append(t)
                    rss[key].append(m)
            ta, te = (statistics.median(times[k]) for k in ('alone', 'escape'))
            ma, me = (statistics.median(rss[k]) for k in ('alone', 'escape'))
            share = pass_share(base)
            rows.append((name, ta, te, te / ta, ma, me, me / ma, share))

    lines = [
        '## Escape analysis cost',
        '',
        'Produced by `bench/escape/run.py --plugin <build>/lib/EscapeCheckPasses.so`'
        ' (%d runs each, medians of CPU time (user + system), alternating; %s, %d cores). The pipeline '
        'alone is `opt-19 -passes=default<O2>` with the plugin loaded and '
        '`-escape-check-disable-escape-passes`; with the analysis, the same '
        'command without that flag. Targets: time ratio <= 1.10, peak RSS '
        'ratio <= 1.20.' % (args.runs, platform.machine(), os.cpu_count()),
        '',
        '| TU | pipeline alone | with escape analysis | time ratio | escape passes / rest (-time-passes) | RSS alone | RSS with | RSS ratio |',
        '|---|---|---|---|---|---|---|---|',
    ]
    for name, ta, te, tr, ma, me, mr, sh in rows:
        lines.append('| %s | %.2f s | %.2f s | %.3f | %.1f%% | %.0f MiB | %.0f MiB | %.3f |'
                     % (name, ta, te, tr, 100 * sh, ma, me, mr))
    lines += ['',
              'The time ratio compares whole opt runs (CPU time) and carries the '
              "machine's noise; the -time-passes column is opt's own account of "
              "the escape passes' user time against the rest of the pipeline in "
              'the same run, and is the figure the <= 10% target is judged on.']
    text = '\n'.join(lines)
    print(text)
    if args.update:
        doc = open(args.update).read()
        begin, end = '<!-- escape:begin -->', '<!-- escape:end -->'
        if begin not in doc:
            doc = doc.rstrip('\n') + '\n\n' + begin + '\n' + end + '\n'
        doc = re.sub(re.escape(begin) + '.*?' + re.escape(end),
                     lambda _: begin + '\n' + text + '\n' + end, doc,
                     flags=re.S)
        open(args.update, 'w').write(doc)
    return 0 if all(r[7] <= 0.10 and r[6] <= 1.20 for r in rows) else 1


if __name__ == '__main__':
    sys.exit(main())
