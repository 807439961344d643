"""Checks that function A's cumulative CPU in a profile is between LO and HI
times function B's, as `go tool pprof -top -cum` reports them.

usage: pprof_ratio.py <binary> <profile> <A> <B> <LO> <HI>

A profile cpu_retry.py could not get a covered run of (<profile>.inconclusive)
is not judged: the kernel, not the profiler, dropped its samples."""
import os
import re
import subprocess
import sys

binary, profile, a, b, lo, hi = sys.argv[1:7]
if os.path.exists(profile + ".inconclusive"):
    with open(profile + ".inconclusive") as f:
        print("ok (not judged:", f.read().strip() + ")")
    sys.exit(0)
out = subprocess.run(["go", "tool", "pprof", "-top", "-cum", "-nodecount=100",
                      "-unit=ms", binary, profile], capture_output=True,
                     text=True, check=True).stdout
cum = {}
for line in out.splitlines():
    m = re.match(r"\s*[\d.]+(?:ms)?\s+[\d.]+%\s+[\d.]+%\s+([\d.]+)ms\s+[\d.]+%\s+(\S+)",
                 line)
    if m:
        cum[m.group(2)] = float(m.group(1))
if a not in cum or b not in cum:
    sys.exit(f"pprof_ratio.py: {a} or {b} missing:\n{out}")
ratio = cum[a] / cum[b]
if not float(lo) <= ratio <= float(hi):
    sys.exit(f"pprof_ratio.py: {a}/{b} = {ratio:.2f}, not in [{lo}, {hi}]\n{out}")
print("ok", f"{ratio:.2f}")
