#!/usr/bin/env python3
"""Cost of the escape analysis against the optimisation pipeline alone
(issue 14, "Cost").

For each bench TU: clang++-19 emits the IR clang would hand to its pipeline
(-O2 -g, LLVM passes disabled); then opt-19 runs default<O2> with the pass
plugin loaded, once with the escape passes disabled (the pipeline alone) and
once with them, alternating, several times, each with -time-passes. Reports
median CPU time and peak RSS ratios, and opt's own account of the escape
passes' share of the pipeline.

Then the scaling run: bench/escape/gen.py writes TUs of 1000, 5000 and 20000
functions; the escape passes' time by -time-passes, per function, must stay
within 1.5x from the smallest to the largest.

With --update, rewrites the escape region of docs/performance.md.

  bench/escape/run.py --plugin build/lib/EscapeCheckPasses.so [--runs 5]
                      [--scale-runs 5] [--scale 1000,5000,20000]
                      [--update docs/performance.md]

Last, the summary cache: escape-check (--escape-check, default
build/bin/escape-check) on two units with an empty summary cache and with the
entry the first run left, interleaved. --summary-cache-only runs only that and
rewrites only the "Summary cache" subsection.
"""
import argparse
import concurrent.futures
import datetime
import gzip
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import resource

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import gen  # noqa: E402  (bench/escape/gen.py)

GTEST = '/usr/src/googletest'
# Debian's llvm-19-examples (scripts/setup); the chapter with the most of
# LLVM behind it: IRBuilder, the new pass manager and ORC's JIT headers.
KALEIDOSCOPE = '/usr/share/doc/llvm-19-examples/examples/Kaleidoscope'

SHARE_TARGET = 0.10
RSS_TARGET = 1.20
SCALE_TARGET = 1.5


def llvm_cxxflags():
    try:
        out = subprocess.run(['llvm-config-19', '--cxxflags'],
                             capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.split()


TUS = [
    ('examples/users/main.cpp', os.path.join(ROOT, 'examples/users/main.cpp'),
     lambda: ['-std=c++17', '-I' + os.path.join(ROOT, 'include')]),
    ('googletest gtest-all.cc', GTEST + '/googletest/src/gtest-all.cc',
     lambda: ['-std=c++17', '-I' + GTEST + '/googletest/include',
              '-I' + GTEST + '/googletest', '-DGTEST_HAS_PTHREAD=1']),
    ('googletest gmock-all.cc', GTEST + '/googlemock/src/gmock-all.cc',
     lambda: ['-std=c++17', '-I' + GTEST + '/googlemock/include',
              '-I' + GTEST + '/googlemock', '-I' + GTEST + '/googletest/include',
              '-I' + GTEST + '/googletest', '-DGTEST_HAS_PTHREAD=1']),
    # `#include "../include/KaleidoscopeJIT.h"` resolves against -I<chapter>.
    ('llvm-19-examples Kaleidoscope/Chapter7/toy.cpp',
     KALEIDOSCOPE + '/Chapter7/toy.cpp.gz',
     lambda: llvm_cxxflags() and
     llvm_cxxflags() + ['-I' + KALEIDOSCOPE + '/Chapter7']),
]


def run(cmd):
    """CPU time (user + system) and peak RSS of the child, and its stderr.
    CPU time, because the machine may be shared: wall time would measure
    the neighbours."""
    with tempfile.TemporaryFile(mode='w+') as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        err.seek(0)
        text = err.read()
    if status != 0:
        sys.exit('failed: ' + ' '.join(cmd) + '\n' + text[-2000:])
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0, text


# The plugin's own passes that are not the escape analysis: the relay of the
# inliner's remarks is installed and removed in both commands (the pipeline
# alone too), so its time is the pipeline's, not the analysis'.
NOT_ESCAPE_PASSES = ('InstallRelayPass', 'RemoveRelayPass')


def is_escape_pass(name):
    """Whether a -time-passes row is one of the escape analysis' passes (or
    the gate that runs them)."""
    return 'escape_check::' in name and not any(
        name.endswith('::' + p) for p in NOT_ESCAPE_PASSES)


def pass_times(stderr):
    """(escape passes, whole pipeline) in seconds of user + system time, from
    opt's -time-passes "Pass execution timing report". The new pass manager
    stops the enclosing pass's timer while a nested pass runs and counts an
    analysis inside the pass that asked for it, so the rows add up to the
    pipeline and ours are exactly the time spent because of the analysis."""
    report = stderr.split('Pass execution timing report', 1)[1]
    report = report.split('===---', 2)[1] if '===---' in report else report
    ours, total = 0.0, None
    # Columns: user, system, user+system, wall; each "seconds (percent)".
    row = re.compile(r'^\s*([0-9.]+) \(\s*[0-9.]+%\)\s+([0-9.]+) \(\s*[0-9.]+%\)'
                     r'\s+([0-9.]+) \(\s*[0-9.]+%\)\s+[0-9.]+ \(\s*[0-9.]+%\)'
                     r'\s+(.*)$', re.M)
    for m in row.finditer(report):
        name = m.group(4).strip()
        if name == 'Total':
            total = float(m.group(3))
        elif is_escape_pass(name):
            ours += float(m.group(3))
    if total is None:
        sys.exit('no -time-passes total in opt\'s output')
    return ours, total


def plain_source(src, tmp):
    """src, or for a .gz a copy in tmp: Debian ships the examples compressed;
    #line keeps the findings' and remarks' file names honest."""
    if not src.endswith('.gz'):
        return src
    plain = os.path.join(tmp, os.path.basename(src)[:-3])
    with gzip.open(src, 'rt') as f, open(plain, 'w') as out:
        out.write('#line 1 "%s"\n' % src[:-3])
        shutil.copyfileobj(f, out)
    return plain


def emit_ir(clang, src, flags, bc, tmp):
    src = plain_source(src, tmp)
    subprocess.run([clang] + flags + [
        '-O2', '-g', '-Xclang', '-disable-llvm-passes', '-emit-llvm',
        '-c', '-o', bc, src], check=True, stderr=subprocess.DEVNULL)


def opt_command(args, bc):
    # The plugin runs the analysis only when its remarks are wanted
    # (docs/plugin.md); in both commands, so both pay the same.
    return [args.opt, '-load-pass-plugin=' + args.plugin,
            '-passes=default<O2>', '-pass-remarks-analysis=escape',
            '-time-passes', '-disable-output', bc]


def bench_tus(args, tmp):
    rows = []
    for name, src, flags in TUS:
        if args.tu and args.tu not in name:
            continue
        if not os.path.exists(src):
            print('skipped %s: %s is missing' % (name, src), file=sys.stderr)
            continue
        unit_flags = flags()
        if unit_flags is None:
            print('skipped %s: no llvm-config-19' % name, file=sys.stderr)
            continue
        bc = os.path.join(tmp, 'unit.bc')
        emit_ir(args.clang, src, unit_flags, bc, tmp)
        base = opt_command(args, bc)
        alone = base + ['-escape-check-disable-escape-passes']
        times = {'alone': [], 'escape': []}
        rss = {'alone': [], 'escape': []}
        shares, rest = [], []
        run(alone)  # warm the page cache
        for _ in range(args.runs):
            for key, cmd in (('alone', alone), ('escape', base)):
                t, m, err = run(cmd)
                times[key].append(t)
                rss[key].append(m)
                if key == 'escape':
                    ours, total = pass_times(err)
                    shares.append(ours / (total - ours))
                    rest.append((ours, total))
        med = statistics.median
        ta, te = med(times['alone']), med(times['escape'])
        ma, me = med(rss['alone']), med(rss['escape'])
        ours = med(o for o, _ in rest)
        total = med(t for _, t in rest)
        rows.append(dict(name=name, ta=ta, te=te, ma=ma, me=me,
                         share=med(shares), ours=ours, total=total,
                         share_lo=min(shares), share_hi=max(shares)))
        print('%s: %.1f%% of the rest of the pipeline, RSS %.3f' % (
            name, 100 * rows[-1]['share'], me / ma), file=sys.stderr)
    return rows


def bench_scale(args, tmp):
    sizes = [int(n) for n in args.scale.split(',')]
    units = {}
    for n in sizes:
        src = os.path.join(tmp, 'gen%d.cpp' % n)
        with open(src, 'w') as f:
            f.write(gen.generate(n))
        bc = os.path.join(tmp, 'gen%d.bc' % n)
        emit_ir(args.clang, src, ['-std=c++17'], bc, tmp)
        units[n] = bc
    samples = {n: [] for n in sizes}
    # Rounds interleave the sizes, so the machine's drift hits all of them.
    for _ in range(args.scale_runs):
        for n in sizes:
            t, m, err = run(opt_command(args, units[n]))
            ours, total = pass_times(err)
            samples[n].append((ours, total, t, m))
            print('scale %d: escape passes %.2f s of %.2f s' % (n, ours, total),
                  file=sys.stderr)
    rows = []
    med = statistics.median
    for n in sizes:
        ours = med(s[0] for s in samples[n])
        total = med(s[1] for s in samples[n])
        rows.append(dict(n=n, ours=ours, total=total,
                         per_fn=ours / n, pipe_per_fn=(total - ours) / n,
                         share=med(s[0] / (s[1] - s[0]) for s in samples[n]),
                         rss=med(s[3] for s in samples[n])))
    return rows


def render(args, rows, scale, load, cache=None):
    lines = [
        '## Escape analysis cost',
        '',
        'Produced by `bench/escape/run.py --plugin <build>/lib/EscapeCheckPasses.so`'
        ' on %s (%s, %d cores, load average %s before the run: the machine was '
        'shared with other engineers\' builds; CPU time and -time-passes shares '
        'are what count). The pipeline alone is `opt-19 -passes=default<O2> '
        '-disable-output` with the plugin loaded and '
        '`-escape-check-disable-escape-passes`; with the analysis, the same '
        'command without that flag; both with `-time-passes` and '
        '`-pass-remarks-analysis=escape`, %d runs each, alternating, medians; '
        'the scaling rounds below ran at the same time on a second thread. '
        'Targets (issue 14): the escape passes <= 10%% of the rest of the '
        'pipeline by -time-passes, peak RSS ratio <= 1.20.'
        % (datetime.date.today().isoformat(), platform.machine(),
           os.cpu_count(), load, args.runs),
        '',
        '| TU | pipeline alone | with escape analysis | time ratio | escape passes (-time-passes) | of the rest of the pipeline | RSS alone | RSS with | RSS ratio | met |',
        '|---|---|---|---|---|---|---|---|---|---|',
    ]
    for r in rows:
        met = r['share'] <= SHARE_TARGET and r['me'] / r['ma'] <= RSS_TARGET
        lines.append(
            '| %s | %.2f s | %.2f s | %.3f | %.2f s of %.2f s | **%.1f%%** (%.1f–%.1f%%) | %.0f MiB | %.0f MiB | %.3f | %s |'
            % (r['name'], r['ta'], r['te'], r['te'] / r['ta'], r['ours'],
               r['total'], 100 * r['share'], 100 * r['share_lo'],
               100 * r['share_hi'], r['ma'], r['me'], r['me'] / r['ma'],
               'yes' if met else '**no**'))
    lines += ['',
              'The time ratio compares whole opt runs (CPU time) and carries the '
              "machine's noise; the -time-passes column is opt's own account of "
              "the escape passes' CPU time (user + system; analyses they request "
              'are counted in them) against the rest of the pipeline in the same '
              'run, and is the figure the 10% target is judged on (the range is '
              'over the runs). The escape passes are the analysis\' own rows '
              '(DiscoveryPass, EarlySummaryPass, VerdictPass and the gates '
              'running them); the relay of the inliner\'s remarks '
              '(InstallRelayPass, RemoveRelayPass) runs in both commands, so it '
              'counts in the rest of the pipeline (runs before 2026-12-01 '
              'counted it as an escape pass).']
    if scale:
        lo = min(r['per_fn'] for r in scale)
        hi = max(r['per_fn'] for r in scale)
        lines += [
            '',
            '### Scaling with the number of functions',
            '',
            'TUs written by `bench/escape/gen.py N`: N functions of ordinary '
            'C++ in six kinds (a local whose address goes to a callee, a heap '
            'object linked into a global list, one freed before returning, a '
            'local `std::vector` filled in a loop, an out-parameter local, a '
            'linked list of locals), each calling its predecessor. The same '
            'opt command with the analysis, %d rounds interleaving the sizes, '
            'medians. Target: the escape passes\' time per function within '
            '1.5x from the smallest to the largest TU.' % args.scale_runs,
            '',
            '| functions | escape passes (-time-passes) | per function | rest of the pipeline per function | escape passes / rest | peak RSS |',
            '|---|---|---|---|---|---|',
        ]
        for r in scale:
            lines.append('| %d | %.2f s | %.3f ms | %.3f ms | %.1f%% | %.0f MiB |'
                         % (r['n'], r['ours'], 1000 * r['per_fn'],
                            1000 * r['pipe_per_fn'], 100 * r['share'],
                            r['rss']))
        lines += ['',
                  'Largest / smallest time per function: **%.2fx** (target <= '
                  '%.1fx: %s).' % (hi / lo, SCALE_TARGET,
                                   'met' if hi / lo <= SCALE_TARGET
                                   else '**not met**')]
    if cache is not None:
        lines += [''] + render_summary_cache(args, cache, load)
    return '\n'.join(lines)


# --- the summary cache (docs/usage.md, "Summary cache") -----------------------

SUMMARY_CACHE_TUS = [
    ('examples/users/main.cpp', os.path.join(ROOT, 'examples/users/main.cpp'),
     ['-std=c++17', '-I' + os.path.join(ROOT, 'include')]),
    ('googletest gtest-all.cc', GTEST + '/googletest/src/gtest-all.cc',
     ['-std=c++17', '-I' + GTEST + '/googletest/include',
      '-I' + GTEST + '/googletest', '-DGTEST_HAS_PTHREAD=1']),
]


def run_env(cmd, env):
    """CPU time (user + system, the unit's child processes included) and
    wall time of one escape-check run."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env)
    _, err = proc.communicate()
    wall = time.monotonic() - start
    if proc.returncode not in (0, 1):
        sys.exit('failed: ' + ' '.join(cmd) + '\n' + err.decode()[-2000:])
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage, wall


def bench_summary_cache(args, tmp):
    """escape-check on a unit with an empty summary cache (the first run:
    the standard library is summarised) and with the entry the first run
    left (later runs), interleaved, medians."""
    rows = []
    for name, src, flags in SUMMARY_CACHE_TUS:
        if args.tu and args.tu not in name:
            continue
        if not os.path.exists(src):
            print('skipped %s: %s is missing' % (name, src), file=sys.stderr)
            continue
        cache = os.path.join(tmp, 'summary-cache')
        env = dict(os.environ, ESCAPE_CHECK_SUMMARY_CACHE=cache)
        env.pop('ESCAPE_CHECK_CACHE', None)  # no result cache
        cmd = [args.escape_check, '--cache=', src, '--'] + flags
        cpu = {'first': [], 'later': []}
        wall = {'first': [], 'later': []}
        size = inputs = 0
        for _ in range(args.cache_runs):
            for key in ('first', 'later'):
                if key == 'first':
                    shutil.rmtree(cache, ignore_errors=True)
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                after, w = run_env(cmd, env)
                cpu[key].append(after.ru_utime + after.ru_stime -
                                before.ru_utime - before.ru_stime)
                wall[key].append(w)
                entries = [os.path.join(cache, e) for e in os.listdir(cache)]
                if len(entries) != 1:
                    sys.exit('%s: %d summary cache entries after a run, '
                             'expected 1' % (name, len(entries)))
                size = os.path.getsize(entries[0])
                with open(entries[0]) as f:
                    inputs = sum(1 for line in f if line.startswith('input '))
        med = statistics.median
        rows.append(dict(name=name, first=med(cpu['first']),
                         later=med(cpu['later']), wfirst=med(wall['first']),
                         wlater=med(wall['later']), size=size,
                         inputs=inputs))
        print('summary cache %s: first %.2f s, later %.2f s CPU' % (
            name, rows[-1]['first'], rows[-1]['later']), file=sys.stderr)
    return rows


def render_summary_cache(args, rows, load):
    lines = [
        '### Summary cache',
        '',
        'Produced by `bench/escape/run.py --summary-cache-only` (or with the '
        'rest) on %s, load average %s before the run. `escape-check <unit>` '
        '(no result cache) with an empty summary cache, where the first run '
        'compiles the summarising unit (`#include <string>` and explicit '
        'instantiations of `basic_string<char>`/`<wchar_t>`, same flags) and '
        'summarises its members, against later runs that read the entry the '
        'first one left (docs/usage.md, "Summary cache"); %d runs each, '
        'interleaved, medians; CPU time of escape-check and its unit '
        'processes.' % (datetime.date.today().isoformat(), load,
                        args.cache_runs),
        '',
        '| TU | first run (CPU) | later runs (CPU) | summarising | first run (wall) | later runs (wall) | entry | library files it lists |',
        '|---|---|---|---|---|---|---|---|',
    ]
    for r in rows:
        lines.append('| %s | %.2f s | %.2f s | %.2f s (%.0f%% of a later run) | %.2f s | %.2f s | %.0f KiB | %d |'
                     % (r['name'], r['first'], r['later'],
                        r['first'] - r['later'],
                        100 * (r['first'] - r['later']) / r['later'],
                        r['wfirst'], r['wlater'], r['size'] / 1024.0,
                        r['inputs']))
    lines += ['',
              'A later run pays for reading the entry and hashing the library '
              'files it lists instead; every unit with the same compiler, '
              'flags, working directory and library shares one entry. Wall '
              'times carry the load of the shared machine; CPU times are what '
              'count.']
    return lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--plugin', required=True)
    ap.add_argument('--clang', default='clang++-19')
    ap.add_argument('--opt', default='opt-19')
    ap.add_argument('--runs', type=int, default=5)
    ap.add_argument('--scale-runs', type=int, default=5)
    ap.add_argument('--scale', default='1000,5000,20000',
                    help='function counts of the generated TUs ("" to skip)')
    ap.add_argument('--tu', help='only the TUs whose name contains this')
    ap.add_argument('--update')
    ap.add_argument('--escape-check',
                    default=os.path.join(ROOT, 'build', 'bin', 'escape-check'),
                    help='for the summary cache rows')
    ap.add_argument('--cache-runs', type=int, default=5)
    ap.add_argument('--summary-cache-only', action='store_true',
                    help='only the summary cache rows; --update then '
                    'rewrites only the "Summary cache" subsection')
    args = ap.parse_args()

    load = '%.1f' % os.getloadavg()[0]
    if args.summary_cache_only:
        with tempfile.TemporaryDirectory() as tmp:
            cache = bench_summary_cache(args, tmp)
        text = '\n'.join(render_summary_cache(args, cache, load))
        print(text)
        if args.update:
            doc = open(args.update).read()
            pattern = r'### Summary cache\n.*?(?=\n<!-- escape:end -->)'
            if not re.search(pattern, doc, flags=re.S):
                sys.exit('no "### Summary cache" subsection in ' + args.update)
            doc = re.sub(pattern, lambda _: text, doc, count=1, flags=re.S)
            open(args.update, 'w').write(doc)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        # The TUs and the scaling rounds run on two threads at once (the
        # machines have 2 cores): CPU time and -time-passes are per process,
        # and the run takes half as long on a shared machine.
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            tus = pool.submit(bench_tus, args, tmp)
            scale = pool.submit(bench_scale, args, tmp) if args.scale else None
            rows = tus.result()
            scale = scale.result() if scale else []
        cache = (bench_summary_cache(args, tmp)
                 if os.path.exists(args.escape_check) else None)
    text = render(args, rows, scale, load, cache)
    load_after = '%.1f' % os.getloadavg()[0]
    text = text.replace('before the run:', 'before the run, %s after:'
                        % load_after, 1)
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
    met = all(r['share'] <= SHARE_TARGET and r['me'] / r['ma'] <= RSS_TARGET
              for r in rows)
    if scale:
        per = [r['per_fn'] for r in scale]
        met = met and max(per) / min(per) <= SCALE_TARGET
    return 0 if met else 1


if __name__ == '__main__':
    sys.exit(main())
