#!/usr/bin/env python3
"""Times commands side by side in interleaved rounds (A B C, A B C, ...).

On a shared machine the speed drifts over a run; timing all of A and then
all of B (as hyperfine does) turns that drift into a ratio. Here each round
runs every command once, back to back, and ratios are taken within a round
and then their median, so drift cancels out.

  bench/pairs.py [--runs N] [--warmup N] --json out.json \
      -n name 'command' -n name 'command' ...

The JSON has, per name, the median wall time ("median", seconds) and, per
other name, the median of the per-round ratios ("ratio": {other: t/t_other})
and their quartiles ("ratio_quartiles": {other: [q1, q3]}); "loadavg" holds
the machine's load averages (1, 5, 15 min) before and after the rounds.
Commands run through the shell; a non-zero exit status is an error.
--cpu times the CPU the command used (user + system of its processes)
instead of the wall clock: on a machine shared with other work, waiting for
a core is not the command's cost.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time


def quartiles(values):
    """[first quartile, third quartile]; both the value itself for one run."""
    if len(values) < 2:
        return [values[0], values[0]]
    q = statistics.quantiles(values, n=4)
    return [q[0], q[2]]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--json", required=True)
    ap.add_argument("--cpu", action="store_true",
                    help="CPU time (user + system) instead of wall time")
    ap.add_argument("-n", nargs=2, action="append", metavar=("NAME", "COMMAND"),
                    required=True)
    args = ap.parse_args()
    names = [n for n, _ in args.n]
    commands = dict(args.n)

    def cpu():
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        return r.ru_utime + r.ru_stime

    clock = cpu if args.cpu else time.perf_counter

    def once(name):
        t0 = clock()
        subprocess.run(commands[name], shell=True, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return clock() - t0

    load_before = os.getloadavg()
    for _ in range(args.warmup):
        for name in names:
            once(name)
    rounds = []
    for _ in range(args.runs):
        rounds.append({name: once(name) for name in names})
    result = {}
    for name in names:
        result[name] = {
            "median": statistics.median(r[name] for r in rounds),
            "ratio": {other: statistics.median(r[name] / r[other] for r in rounds)
                      for other in names if other != name},
            "times": [r[name] for r in rounds],
            # The middle half of the per-round ratios: how far one run's
            # ratio can be trusted.
            "ratio_quartiles": {
                other: quartiles([r[name] / r[other] for r in rounds])
                for other in names if other != name},
        }
    result["loadavg"] = {"before": load_before, "after": os.getloadavg()}
    with open(args.json, "w") as f:
        json.dump(result, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
