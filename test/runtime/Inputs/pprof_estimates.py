"""Compares a sampled heap profile's per-function figures with known exact
ones, as `go tool pprof -top` reports them (flat, in objects or bytes).

usage: pprof_estimates.py <binary> <profile> <tolerance> <index>:<fn>=<n>...
Prints one line per check and "all within N%" when every one is."""
import re
import subprocess
import sys

binary, profile, tol, *checks = sys.argv[1:]
tol = float(tol)
tops = {}
ok = True
for check in checks:
    index, _, rest = check.partition(":")
    fn, _, want = rest.partition("=")
    if index not in tops:
        out = subprocess.run(
            ["go", "tool", "pprof", "-top", "-nodecount=1000",
             "-sample_index=" + index, "-unit=B" if "space" in index else
             "-unit=count", binary, profile],
            capture_output=True, text=True, check=True).stdout
        flat = {}
        for line in out.splitlines():
            m = re.match(r"\s*([\d.]+)B?\s+[\d.]+%\s+[\d.]+%\s+[\d.]+B?\s+"
                         r"[\d.]+%\s+(\S+)", line)
            if m:
                flat[m.group(2)] = float(m.group(1))
        tops[index] = flat
    got = tops[index].get(fn, 0.0)
    err = abs(got - float(want)) / float(want) * 100
    ok &= err <= tol
    print(f"{index} {fn}: {got:.0f} for {want} ({err:.1f}% off)")
print(f"all within {tol:g}%" if ok else f"NOT all within {tol:g}%")
