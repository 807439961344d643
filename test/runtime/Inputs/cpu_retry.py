"""Runs a CPU-profiled command again until the kernel delivered its timer
signals, so checks on the profile judge the profiler, not the machine's load.

On an oversubscribed machine the kernel checks CPU timers only at ticks that
find the program running, and for long stretches it may find none: one run
in CI got no sample of its last 0.1 s (docs/runtime.md, "Busy machines").
The profile's comment says how many signals came for how many periods and
how much of the process's CPU time they cover; a run is kept when the
samples cover at least --min of it and most periods had a signal of their
own (rates at or below the kernel's tick). After --tries runs without one,
the last is kept and `<profile>.inconclusive` says why, for pprof_ratio.py.

usage: cpu_retry.py --binary B --profile P [--profile P2 ...] [--tries N]
                    [--min F] -- command...
A profile may be a glob (cpu.%p files); its matches are removed before each
run. The kept run's stdout is printed; its exit status is returned."""
import argparse
import glob
import os
import re
import subprocess
import sys

ap = argparse.ArgumentParser()
ap.add_argument("--binary", required=True)
ap.add_argument("--profile", action="append", required=True)
ap.add_argument("--tries", type=int, default=6)
ap.add_argument("--min", type=float, default=0.8)
ap.add_argument("command", nargs=argparse.REMAINDER)
args = ap.parse_args()
command = args.command[1:] if args.command[:1] == ["--"] else args.command

COMMENT = re.compile(r"(\d+) signals for (\d+) periods; the samples cover "
                     r"(\d+) ms of the (\d+) ms of CPU")


def files():
    out = []
    for p in args.profile:
        out += sorted(glob.glob(p)) if any(c in p for c in "*?[") else [p]
    return out


def coverage(profile):
    """None when covered, else why not."""
    if not os.path.exists(profile):
        return f"{profile}: no profile written"
    out = subprocess.run(["go", "tool", "pprof", "-comments", args.binary,
                          profile], capture_output=True, text=True).stdout
    m = COMMENT.search(out)
    if not m:
        return f"{profile}: no coverage comment in {out!r}"
    signals, periods, sampled, cpu = map(int, m.groups())
    if cpu and sampled < args.min * cpu:
        return f"{profile}: samples cover {sampled} of {cpu} ms"
    if periods and signals < args.min * periods:
        return f"{profile}: {signals} signals for {periods} periods"
    return None


why = []
for attempt in range(args.tries):
    for p in files():
        if os.path.exists(p):
            os.remove(p)
    run = subprocess.run(command, stdout=subprocess.PIPE)
    why = [w for w in map(coverage, files() or args.profile) if w]
    if not why:
        break
    print(f"cpu_retry.py: run {attempt + 1}: {'; '.join(why)}", file=sys.stderr)
for p in args.profile:
    marker = p + ".inconclusive"
    if why and not any(c in p for c in "*?["):
        with open(marker, "w") as f:
            f.write("; ".join(why) + "\n")
    elif os.path.exists(marker):
        os.remove(marker)
sys.stdout.buffer.write(run.stdout)
sys.exit(run.returncode)
