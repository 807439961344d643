#!/usr/bin/env python3
"""Reproduces the runtime tables of docs/performance.md: the cost of
ESCAPETRACE against the untraced program, a bare counting preload (the floor
for any interposer) and heaptrack, and the cost of CPU profiling and of an
idle live endpoint, on the same programs in one run.

Variants of one workload run interleaved (A B C A B C ...), heaptrack
included (in the first --heaptrack-runs rounds), so load from other
processes on the machine hits them alike. The programs are built as a user
would profile them, -O2 -g (the example too, from examples/users; the
CMake build's copy has no debug information). The table compares the
fastest run of each variant (wall time, and CPU time = user + system
including child processes, so heaptrack's interpreter counts too): on a
shared machine other processes only ever add time, so the minimum is the
least disturbed measurement. Medians are printed to stdout as well.

usage: bench/runtime/run.py <build-dir> [--runs N] [--update-docs]
       bench/runtime/run.py <build-dir> --only users --runs 40
  (--only: the workloads whose name starts so, e.g. more rounds of the
  70 ms example alone; not with --update-docs)
"""
import argparse
import os
import pathlib
import re
import resource
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir", type=pathlib.Path)
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--heaptrack-runs", type=int, default=3)
    ap.add_argument("--update-docs", action="store_true")
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    if args.only and args.update_docs:
        sys.exit("run.py: --only measures part of the table; no --update-docs")

    lib = (args.build_dir / "lib" / "libescapetrace.so").resolve()
    if not lib.exists():
        sys.exit(f"run.py: {lib} missing; build escapetrace first")
    heaptrack = shutil.which("heaptrack")
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="escapetrace-bench-"))
    bins = build(tmp)

    # (name, argv, rounds as a multiple of --runs: the 70 ms example gets
    # more, to resolve a few percent on a shared machine)
    workloads = [
        ("users example", [str(bins["users"])], 4),
        ("malloc/free churn (10M)", [str(bins["churn"]), "10000000"], 1),
        ("producer/consumer, 8 threads", [str(bins["prodcons"]), "150000"], 1),
        ("CPU-bound", [str(bins["cpubound"])], 1),
    ]
    workloads = [w for w in workloads if w[0].startswith(args.only)]
    base = {k: v for k, v in os.environ.items()
            if k not in ("ESCAPETRACE", "LD_PRELOAD")}
    variants = [
        ("untraced", base),
        ("floor", dict(base, LD_PRELOAD=str(bins["floor"]))),
        ("ESCAPETRACE=1", dict(base, LD_PRELOAD=str(lib), ESCAPETRACE="1")),
        ("sites=1", dict(base, LD_PRELOAD=str(lib), ESCAPETRACE="sites=1")),
        # The CPU profiler at 100 Hz, all of it (sampling, then symbolizing
        # the program's modules and writing the profile at exit), with
        # system libraries symbolized too (syssymbols=1), and the sampling
        # alone (symbolizer=none: names from the dynamic symbols).
        ("cpuprofile", dict(base, LD_PRELOAD=str(lib),
                            ESCAPETRACE=f"cpuprofile={tmp}/cpu.prof")),
        ("cpuprofile, syssymbols=1",
         dict(base, LD_PRELOAD=str(lib),
              ESCAPETRACE=f"cpuprofile={tmp}/cpu.prof,syssymbols=1")),
        ("cpuprofile, no symbols",
         dict(base, LD_PRELOAD=str(lib),
              ESCAPETRACE=f"cpuprofile={tmp}/cpu.prof,symbolizer=none")),
        # An endpoint nobody asks anything: its threads wait in accept().
        ("http idle", dict(base, LD_PRELOAD=str(lib),
                           ESCAPETRACE="http=127.0.0.1:0")),
        # Its reference: one idle thread and nothing else
        # (bench/runtime/idlethread.c).
        ("idle thread", dict(base, LD_PRELOAD=str(bins["idlethread"]))),
    ]

    load_before = os.getloadavg()
    rows = []
    for name, argv, more in workloads:
        times = {v: ([], []) for v, _ in variants}
        if heaptrack:
            times["heaptrack"] = ([], [])
        for i in range(args.runs * more):
            for v, env in variants:
                wall, cpu = run_once(argv, env)
                times[v][0].append(wall)
                times[v][1].append(cpu)
            # heaptrack in the same rounds, so it meets the same load.
            if heaptrack and i < args.heaptrack_runs:
                wall, cpu = run_once(
                    [heaptrack, "-o", str(tmp / f"ht.{i}")] + argv, base)
                times["heaptrack"][0].append(wall)
                times["heaptrack"][1].append(cpu)
        med = {v: (statistics.median(w), statistics.median(c))
               for v, (w, c) in times.items()}
        best = {v: (min(w), min(c)) for v, (w, c) in times.items()}
        rows.append((name, best, med))
        print(name, "median wall/cpu",
              {v: f"{w:.3f}s/{c:.3f}s" for v, (w, c) in med.items()},
              flush=True)
        print(name, "min wall/cpu",
              {v: f"{w:.3f}s/{c:.3f}s" for v, (w, c) in best.items()},
              flush=True)
        # The ratios of the targets by median CPU time too: under heavy
        # load a single fastest run can be an outlier either way.
        print(name, "median CPU ratios:", ", ".join(
            f"{a} / {b} {med[a][1] / med[b][1]:.3f}" for a, b in (
                ("ESCAPETRACE=1", "untraced"), ("cpuprofile", "untraced"),
                ("cpuprofile, no symbols", "untraced"),
                ("http idle", "ESCAPETRACE=1"), ("http idle", "untraced"),
                ("idle thread", "untraced"))), flush=True)

    def ratio(med, a, b, i):
        return med[a][i] / med[b][i] if b in med and med[b][i] else float("nan")

    load_after = os.getloadavg()
    lines = [
        f"Measured by `bench/runtime/run.py` ({args.runs} interleaved runs per "
        f"variant, {4 * args.runs} on the example, heaptrack {args.heaptrack_runs} in the same rounds; fastest "
        f"run of each) on {os.cpu_count()} cores, "
        f"{time.strftime('%Y-%m-%d %H:%M')}, load average "
        f"{load_before[0]:.2f} before and {load_after[0]:.2f} after. Each "
        "cell: wall-time ratio / CPU-time ratio.",
        "",
        "| workload | untraced | floor / untraced | trace / untraced "
        "| trace / floor | sites=1 / untraced | heaptrack / untraced "
        "| heaptrack / trace |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, med, _ in rows:  # (fastest runs)
        cells = [name, f"{med['untraced'][0]:.3f} s"]
        for a, b in (("floor", "untraced"), ("ESCAPETRACE=1", "untraced"),
                     ("ESCAPETRACE=1", "floor"), ("sites=1", "untraced"),
                     ("heaptrack", "untraced"),
                     ("heaptrack", "ESCAPETRACE=1")):
            if a not in med:
                cells.append("n/a")
                continue
            cells.append(f"{ratio(med, a, b, 0):.2f}× / "
                         f"{ratio(med, a, b, 1):.2f}×")
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "| workload | cpuprofile / untraced | cpuprofile, syssymbols=1 "
        "/ untraced | cpuprofile without symbols / untraced "
        "| symbolizing at exit (median CPU) | http idle / ESCAPETRACE=1 "
        "| idle thread / untraced |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, med, medians in rows:
        # By the medians: a difference of two fastest runs is mostly noise.
        sym = (medians["cpuprofile"][1] -
               medians["cpuprofile, no symbols"][1])
        lines.append(
            f"| {name} "
            f"| {ratio(med, 'cpuprofile', 'untraced', 0):.2f}× / "
            f"{ratio(med, 'cpuprofile', 'untraced', 1):.2f}× "
            f"| {ratio(med, 'cpuprofile, syssymbols=1', 'untraced', 0):.2f}× / "
            f"{ratio(med, 'cpuprofile, syssymbols=1', 'untraced', 1):.2f}× "
            f"| {ratio(med, 'cpuprofile, no symbols', 'untraced', 0):.2f}× / "
            f"{ratio(med, 'cpuprofile, no symbols', 'untraced', 1):.2f}× "
            f"| {sym * 1000:+.0f} ms "
            f"| {ratio(med, 'http idle', 'ESCAPETRACE=1', 0):.2f}× / "
            f"{ratio(med, 'http idle', 'ESCAPETRACE=1', 1):.2f}× "
            f"| {ratio(med, 'idle thread', 'untraced', 0):.2f}× / "
            f"{ratio(med, 'idle thread', 'untraced', 1):.2f}× |")
    # The targets by median CPU time, the steadier figure on a shared
    # machine (a fastest run can be an outlier either way).
    pairs = (("ESCAPETRACE=1", "untraced"), ("ESCAPETRACE=1", "floor"),
             ("sites=1", "untraced"), ("heaptrack", "ESCAPETRACE=1"),
             ("cpuprofile", "untraced"), ("cpuprofile, no symbols", "untraced"),
             ("http idle", "ESCAPETRACE=1"), ("idle thread", "untraced"))
    lines += [
        "",
        "By median CPU time (the same runs):",
        "",
        "| workload | " + " | ".join(
            f"{a.replace('ESCAPETRACE=1', 'trace')} / "
            f"{b.replace('ESCAPETRACE=1', 'trace')}" for a, b in pairs) + " |",
        "|---|" + "---|" * len(pairs),
    ]
    for name, _, medians in rows:
        lines.append(f"| {name} | " + " | ".join(
            f"{ratio(medians, a, b, 1):.3f}×" for a, b in pairs) + " |")
    table = "\n".join(lines)
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


if __name__ == "__main__":
    main()
