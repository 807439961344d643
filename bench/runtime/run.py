#!/usr/bin/env python3
"""Reproduces the runtime tables of docs/performance.md: the cost of
ESCAPETRACE against the untraced program, a bare counting preload (the floor
for any interposer) and heaptrack, and the cost of CPU profiling and of an
idle live endpoint, on the same programs in one run.

Variants of one workload run interleaved in rounds (each round runs every
variant once, in an order rotated from round to round), heaptrack included
(in the first --heaptrack-runs rounds), so load from other processes on the
machine hits them alike. The programs are built as a user would profile
them, -O2 -g (the example too, from examples/users; the CMake build's copy
has no debug information).

The verdict of each target is the median over the rounds of the per-round
ratio of CPU times (user + system of the process tree, so heaptrack's
interpreter counts too), as bench/pairs.py takes them: a round's two runs
met the same load, so drift and bursts cancel in the ratio, and the median
of many rounds is not moved by a few disturbed ones (the ratio of two
medians, or of two fastest runs, is: each of its halves comes from a
different round). The quartiles of the per-round ratios say how far one
round can be trusted. Beside it, instruction counts (valgrind's
cachegrind, one run per variant): they do not depend on the load at all,
but miss what costs time without instructions (page faults, system calls,
cache misses). The load average is recorded before and after each workload.

usage: bench/runtime/run.py <build-dir> [--runs N] [--update-docs]
       bench/runtime/run.py <build-dir> --only users --runs 40
  (--only: the workloads whose name starts so, e.g. more rounds of the
  70 ms example alone; not with --update-docs. --no-instructions: skip
  the cachegrind counts.)
"""
import argparse
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DOC = ROOT / "docs" / "performance.md"


def build(tmp: pathlib.Path) -> dict:
    cc = os.environ.get("CC", "cc")
    cxx = os.environ.get("CXX", "c++")
    out = {
        "floor": tmp / "libfloor.so",
        "idlethread": tmp / "libidlethread.so",
        "churn": tmp / "churn",
        "prodcons": tmp / "prodcons",
        "cpubound": tmp / "cpubound",
        "users": tmp / "users",
    }
    subprocess.run([cc, "-O2", "-g", HERE / "cpubound.c", "-o",
                    out["cpubound"]], check=True)
    subprocess.run([cc, "-O2", "-shared", "-fPIC", HERE / "floor.c", "-o",
                    out["floor"]], check=True)
    subprocess.run([cc, "-O2", "-shared", "-fPIC", "-pthread",
                    HERE / "idlethread.c", "-o", out["idlethread"]],
                   check=True)
    subprocess.run([cc, "-O2", "-g", HERE / "churn.c", "-o", out["churn"]],
                   check=True)
    subprocess.run([cxx, "-O2", "-g", "-pthread", HERE / "prodcons.cpp", "-o",
                    out["prodcons"]], check=True)
    # As docs/runtime.md tells users to build the example for profiles.
    subprocess.run([cxx, "-O2", "-g", "-I", ROOT / "include",
                    ROOT / "examples" / "users" / "main.cpp", "-lfmt", "-ldl",
                    "-o", out["users"]], check=True)
    return out


def run_once(argv, env):
    """Wall and CPU seconds of one run (CPU includes waited-for children)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"run.py: {' '.join(map(str, argv))} failed")
    return wall, usage.ru_utime + usage.ru_stime


def instructions(argv, env, tmp):
    """Instructions the program executes, by cachegrind (no cache
    simulation): the process's own, start-up and exit included; and the CPU
    seconds valgrind took."""
    out = tmp / "cg.out"
    log = tmp / "cg.log"
    _, cpu = run_once(["valgrind", "--tool=cachegrind", "--cache-sim=no",
                       f"--cachegrind-out-file={out}", f"--log-file={log}"]
                      + argv, env)
    m = re.search(r"^summary:\s+(\d+)", out.read_text(), flags=re.M)
    out.unlink()
    return (int(m.group(1)) if m else None), cpu


def cpu_seconds(argv, env):
    return run_once(argv, env)[1]


def quartiles(values):
    if len(values) < 2:
        return values[0], values[0]
    q = statistics.quantiles(values, n=4)
    return q[0], q[2]


def median_interval(values):
    """A 95% confidence interval of the median, from order statistics
    (ranks n/2 -+ 1.96 sqrt(n)/2): how far the verdict can move."""
    s = sorted(values)
    n = len(s)
    k = int(1.96 * n ** 0.5 / 2)
    return s[max(0, (n - 1) // 2 - k)], s[min(n - 1, n // 2 + k)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir", type=pathlib.Path)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--heaptrack-runs", type=int, default=5)
    ap.add_argument("--update-docs", action="store_true")
    ap.add_argument("--no-instructions", action="store_true")
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    if args.only and args.update_docs:
        sys.exit("run.py: --only measures part of the table; no --update-docs")
    counting = not args.no_instructions and shutil.which("valgrind")
    if args.update_docs and not counting:
        sys.exit("run.py: --update-docs needs valgrind for the instruction "
                 "counts")

    lib = (args.build_dir / "lib" / "libescapetrace.so").resolve()
    if not lib.exists():
        sys.exit(f"run.py: {lib} missing; build escapetrace first")
    heaptrack = shutil.which("heaptrack")
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="escapetrace-bench-"))
    bins = build(tmp)

    # (name, argv, rounds as a multiple of --runs: the 70 ms example gets
    # more, to resolve a percent on a shared machine; argv under
    # cachegrind, None: not counted; the variants counted)
    everything = ["untraced", "floor", "ESCAPETRACE=1", "cpuprofile",
                  "cpuprofile, no symbols", "http idle"]
    workloads = [
        ("users example", [str(bins["users"])], 8, [str(bins["users"])],
         everything),
        # Counted with 1M pairs: the per-call costs are the same, and
        # valgrind runs 10M for minutes.
        ("malloc/free churn (10M)", [str(bins["churn"]), "10000000"], 1,
         [str(bins["churn"]), "1000000"],
         ["untraced", "floor", "ESCAPETRACE=1"]),
        # (valgrind runs one thread at a time: not this one's costs)
        ("producer/consumer, 8 threads", [str(bins["prodcons"]), "150000"], 1,
         None, []),
        # (~30 s a run under valgrind: the profiler's target only)
        ("CPU-bound", [str(bins["cpubound"])], 1, [str(bins["cpubound"])],
         ["untraced", "ESCAPETRACE=1", "cpuprofile"]),
    ]
    workloads = [w for w in workloads if w[0].startswith(args.only)]
    base = {k: v for k, v in os.environ.items()
            if k not in ("ESCAPETRACE", "LD_PRELOAD")}

    def traced(value):
        return dict(base, LD_PRELOAD=str(lib), ESCAPETRACE=value)

    def variants(cpurate=None):
        # cpurate: the CPU profiler's rate under valgrind, which runs the
        # program ~50x slower on the process's CPU clock: the rate that
        # takes as many samples as a native run at 100 Hz does.
        rate = f",cpurate={cpurate}" if cpurate else ""
        prof = f"cpuprofile={tmp}/cpu.prof{rate}"
        return [
            ("untraced", base),
            ("floor", dict(base, LD_PRELOAD=str(bins["floor"]))),
            ("ESCAPETRACE=1", traced("1")),
            ("sites=1", traced("sites=1")),
            # The CPU profiler at 100 Hz, all of it (sampling, then
            # symbolizing the program's modules and writing the profile at
            # exit), with system libraries symbolized too (syssymbols=1),
            # and the sampling alone (symbolizer=none: names from the
            # dynamic symbols).
            ("cpuprofile", traced(prof)),
            ("cpuprofile, syssymbols=1", traced(prof + ",syssymbols=1")),
            ("cpuprofile, no symbols", traced(prof + ",symbolizer=none")),
            # An endpoint nobody asks anything.
            ("http idle", traced("http=127.0.0.1:0")),
            # Its reference: one idle thread and nothing else
            # (bench/runtime/idlethread.c).
            ("idle thread", dict(base, LD_PRELOAD=str(bins["idlethread"]))),
        ]

    # The pairs the tables compare, per-round ratios (a / b).
    pairs = [
        ("floor", "untraced"), ("ESCAPETRACE=1", "untraced"),
        ("ESCAPETRACE=1", "floor"), ("sites=1", "untraced"),
        ("heaptrack", "ESCAPETRACE=1"), ("cpuprofile", "untraced"),
        ("cpuprofile, no symbols", "untraced"),
        ("cpuprofile, syssymbols=1", "untraced"),
        ("http idle", "ESCAPETRACE=1"), ("idle thread", "untraced"),
    ]

    load_start = os.getloadavg()
    start_time = time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())
    rows = []
    for name, argv, more, cg_argv, counted in workloads:
        load_before = os.getloadavg()
        names = [v for v, _ in variants()]
        times = {v: [] for v in names}  # per round: (wall, cpu)
        if heaptrack:
            times["heaptrack"] = []
        rounds = args.runs * more
        for i in range(rounds):
            vs = variants()
            k = i % len(vs)
            for v, env in vs[k:] + vs[:k]:
                times[v].append(run_once(argv, env))
            # heaptrack in the same rounds, so it meets the same load.
            if heaptrack and i < args.heaptrack_runs:
                times["heaptrack"].append(run_once(
                    [heaptrack, "-o", str(tmp / f"ht.{i}")] + argv, base))
        load_after = os.getloadavg()

        def paired(a, b, i):
            n = min(len(times[a]), len(times[b]))
            rs = [times[a][r][i] / times[b][r][i] for r in range(n)]
            return statistics.median(rs), quartiles(rs), median_interval(rs)

        ratios = {(a, b): (paired(a, b, 1), paired(a, b, 0))
                  for a, b in pairs if a in times and b in times}
        med = {v: (statistics.median(t[0] for t in ts),
                   statistics.median(t[1] for t in ts))
               for v, ts in times.items()}
        best = {v: (min(t[0] for t in ts), min(t[1] for t in ts))
                for v, ts in times.items()}

        counts = {}
        if counting and cg_argv:
            untraced_cpu = min(cpu_seconds(cg_argv, base) for _ in range(3))
            counts["untraced"], vg_cpu = instructions(cg_argv, base, tmp)
            # The profiler takes about as many samples under valgrind as
            # natively at 100 Hz (>= 1 Hz).
            rate = max(1, round(100 * untraced_cpu / max(vg_cpu, 1e-3)))
            for v, env in variants(cpurate=rate):
                if v in counted and v != "untraced":
                    counts[v] = instructions(cg_argv, env, tmp)[0]
            counts["cpurate"] = rate
        rows.append(dict(name=name, rounds=rounds, ratios=ratios, med=med,
                         best=best, counts=counts,
                         load=(load_before[0], load_after[0])))
        print(name, f"({rounds} rounds, load {load_before[0]:.2f} -> "
              f"{load_after[0]:.2f})", flush=True)
        for (a, b), ((c, cq, ci), (w, wq, _)) in ratios.items():
            print(f"  {a} / {b}: CPU {c:.3f} [{cq[0]:.3f}, {cq[1]:.3f}] "
                  f"(median within {ci[0]:.3f}-{ci[1]:.3f}), "
                  f"wall {w:.3f} [{wq[0]:.3f}, {wq[1]:.3f}]", flush=True)
        if counts:
            print("  instructions:", counts, flush=True)

    load_end = os.getloadavg()
    table = render(rows, args, start_time, load_start, load_end,
                   os.cpu_count(), heaptrack is not None)
    print(table)
    shutil.rmtree(tmp, ignore_errors=True)

    if args.update_docs:
        # Only the generated table inside the runtime region is replaced;
        # the prose around it is kept.
        text = DOC.read_text()
        pattern = r"(<!-- runtime-table:begin -->\n).*?(<!-- runtime-table:end -->)"
        if not re.search(pattern, text, flags=re.S):
            sys.exit("run.py: no runtime-table markers in docs/performance.md")
        DOC.write_text(re.sub(pattern,
                              lambda m: m.group(1) + table + "\n" + m.group(2),
                              text, flags=re.S))


def render(rows, args, start_time, load_start, load_end, cores, heaptrack):
    def short(v):
        return v.replace("ESCAPETRACE=1", "trace")

    def cell(row, a, b, which=0):
        r = row["ratios"].get((a, b))
        if not r:
            return "n/a"
        m, (q1, q3), _ = r[which]
        return f"{m:.3f}× ({q1:.3f}–{q3:.3f})"

    def count(row, a, b):
        c = row["counts"]
        if a in c and b in c and c[a] and c[b]:
            return f"{c[a] / c[b]:.3f}×"
        return "—"

    loads = "; ".join(f"{r['name']} {r['load'][0]:.1f} → {r['load'][1]:.1f}"
                      for r in rows)
    lines = [
        f"Measured by `bench/runtime/run.py` on {cores} cores, {start_time}, "
        f"load average {load_start[0]:.2f} at the start and "
        f"{load_end[0]:.2f} at the end (per workload, before → after: "
        f"{loads}). Rounds: {args.runs} per workload, "
        f"{8 * args.runs} for the example; heaptrack in the first "
        f"{args.heaptrack_runs}. Each cell: the median of the per-round "
        "ratios of CPU time (user + system), and their quartiles.",
        "",
        "| workload | untraced (median CPU) | floor / untraced "
        "| trace / untraced | trace / floor | sites=1 / untraced "
        "| heaptrack / trace |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['name']} | {row['med']['untraced'][1]:.3f} s | "
            + " | ".join(cell(row, a, b) for a, b in (
                ("floor", "untraced"), ("ESCAPETRACE=1", "untraced"),
                ("ESCAPETRACE=1", "floor"), ("sites=1", "untraced"),
                ("heaptrack", "ESCAPETRACE=1"))) + " |")
    lines += [
        "",
        "| workload | cpuprofile / untraced | cpuprofile, no symbols "
        "/ untraced | cpuprofile, syssymbols=1 / untraced "
        "| http idle / trace | idle thread / untraced |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(f"| {row['name']} | " + " | ".join(
            cell(row, a, b) for a, b in (
                ("cpuprofile", "untraced"),
                ("cpuprofile, no symbols", "untraced"),
                ("cpuprofile, syssymbols=1", "untraced"),
                ("http idle", "ESCAPETRACE=1"),
                ("idle thread", "untraced"))) + " |")
    lines += [
        "",
        "Instructions (cachegrind, one run each; churn with 1M pairs; the "
        "profiler at the rate that takes as many samples under valgrind as "
        "100 Hz does natively):",
        "",
        "| workload | untraced | floor / untraced | trace / untraced "
        "| trace / floor | cpuprofile / untraced "
        "| cpuprofile, no symbols / untraced | http idle / trace "
        "| cpurate under valgrind |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        c = row["counts"]
        if not c:
            continue
        lines.append(
            f"| {row['name']} | {c['untraced'] / 1e6:.1f}M | "
            + " | ".join(count(row, a, b) for a, b in (
                ("floor", "untraced"), ("ESCAPETRACE=1", "untraced"),
                ("ESCAPETRACE=1", "floor"), ("cpuprofile", "untraced"),
                ("cpuprofile, no symbols", "untraced"),
                ("http idle", "ESCAPETRACE=1")))
            + (f" | {c['cpurate']} Hz |" if "cpuprofile" in c else " | — |"))
    # The fastest run of each variant, wall / CPU: what earlier runs
    # reported; informative only (each half from a different round).
    lines += [
        "",
        "Fastest run of each variant, wall / CPU ratio (informative: the "
        "two halves come from different rounds):",
        "",
        "| workload | trace / untraced | trace / floor | cpuprofile / untraced "
        "| http idle / trace | heaptrack / trace |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        best = row["best"]

        def b(a, c):
            if a not in best or c not in best:
                return "n/a"
            return (f"{best[a][0] / best[c][0]:.2f}× / "
                    f"{best[a][1] / best[c][1]:.2f}×")
        lines.append(f"| {row['name']} | " + " | ".join(b(a, c) for a, c in (
            ("ESCAPETRACE=1", "untraced"), ("ESCAPETRACE=1", "floor"),
            ("cpuprofile", "untraced"), ("http idle", "ESCAPETRACE=1"),
            ("heaptrack", "ESCAPETRACE=1"))) + " |")

    # The targets (issues 4 and 10), each judged by the median of the
    # per-round CPU-time ratios; the instruction ratio beside it.
    by = {r["name"]: r for r in rows}

    def target(text, wl, a, b, limit, at_least=False):
        row = by.get(wl)
        if not row or (a, b) not in row["ratios"]:
            return None
        m, _, (lo, hi) = row["ratios"][(a, b)][0]
        met = m >= limit if at_least else m <= limit
        # Whether the interval of the median is on the same side too.
        sure = (lo >= limit) if at_least else (hi <= limit)
        verdict = ("met" if sure else "met by the median, not by its "
                   "interval") if met else "**not met**"
        return (f"| {text} | {m:.3f}× ({lo:.3f}–{hi:.3f}) | "
                f"{count(row, a, b)} | {verdict} |")

    checks = [
        target("trace ≤ 1.05× untraced, the example", "users example",
               "ESCAPETRACE=1", "untraced", 1.05),
        target("trace within 1.10× of the floor, churn",
               "malloc/free churn (10M)", "ESCAPETRACE=1", "floor", 1.10),
        target("sites=1 ≤ 1.5× untraced, the example", "users example",
               "sites=1", "untraced", 1.5),
        target("CPU profiling at 100 Hz ≤ 1.05× untraced, the example",
               "users example", "cpuprofile", "untraced", 1.05),
        target("CPU profiling at 100 Hz ≤ 1.05× untraced, CPU-bound",
               "CPU-bound", "cpuprofile", "untraced", 1.05),
        target("an idle endpoint ≤ 1.01× (of `ESCAPETRACE=1`), the example",
               "users example", "http idle", "ESCAPETRACE=1", 1.01),
        target("an idle endpoint ≤ 1.01× (of `ESCAPETRACE=1`), CPU-bound",
               "CPU-bound", "http idle", "ESCAPETRACE=1", 1.01),
    ]
    if heaptrack:
        for wl in ("users example", "malloc/free churn (10M)",
                   "producer/consumer, 8 threads"):
            checks.append(target(f"heaptrack ≥ 5× plain tracing, {wl}", wl,
                                 "heaptrack", "ESCAPETRACE=1", 5.0,
                                 at_least=True))
    checks = [c for c in checks if c]
    lines += [
        "",
        "The targets, each judged by the median of the per-round CPU-time "
        "ratios (in brackets: its 95% confidence interval, from order "
        "statistics); the instruction ratio beside it, which the load does "
        "not move:",
        "",
        "| target | median per-round CPU ratio | instructions | |",
        "|---|---|---|---|",
    ] + checks
    return "\n".join(lines)


if __name__ == "__main__":
    main()
