#!/usr/bin/env bash
# Whole-project runs: `escape-check -p <googletest build> -j 2` against -j 1,
# side by side in one run (interleaved), over the compile database of the
# googletest sources Debian ships (/usr/src/googletest). Target: -j 2 at
# least 1.8x faster than -j 1 on two cores.
#
# Usage: bench/integration/jobs.sh [--runs N] [--database lib|samples] [--write]
#   --database lib      googletest as configured by default: 4 TUs, two of
#                       them the gtest-all/gmock-all amalgamations
#   --database samples  plus gtest_build_samples=ON: 18 TUs (default)
#   --write             record the result in docs/performance.md between
#                       <!-- integration:begin --> and <!-- integration:end -->
# ESCAPE_CHECK (default build/bin/escape-check) picks the binary.
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=3
DATABASE=samples
WRITE=0
while (($#)); do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --database) DATABASE="$2"; shift 2 ;;
    --write) WRITE=1; shift ;;
    *) echo "usage: $0 [--runs N] [--database lib|samples] [--write]" >&2; exit 2 ;;
  esac
done

ESCAPE_CHECK="$(realpath "${ESCAPE_CHECK:-build/bin/escape-check}")"
GOOGLETEST=/usr/src/googletest
CLANGXX="$(command -v clang++-19 || command -v clang++)"
CLANG="$(command -v clang-19 || command -v clang)"
for tool in cmake ninja python3; do
  command -v "$tool" >/dev/null || { echo "jobs.sh: needs $tool (scripts/setup installs it)" >&2; exit 1; }
done
[ -x "$ESCAPE_CHECK" ] || { echo "jobs.sh: no $ESCAPE_CHECK (build first)" >&2; exit 1; }
[ -f "$GOOGLETEST/CMakeLists.txt" ] || { echo "jobs.sh: no $GOOGLETEST (libgtest-dev)" >&2; exit 1; }

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
EXTRA=()
[ "$DATABASE" = samples ] && EXTRA=(-Dgtest_build_samples=ON)
cmake -S "$GOOGLETEST" -B "$WORK/googletest" -G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
  -DCMAKE_C_COMPILER="$CLANG" -DCMAKE_CXX_COMPILER="$CLANGXX" "${EXTRA[@]}" >/dev/null 2>&1
UNITS="$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' \
  "$WORK/googletest/compile_commands.json")"

run() { echo "$ESCAPE_CHECK -p $WORK/googletest -j $1 --format=json -o $WORK/j$1.json"; }
# Same report whatever -j is (checked once, outside the timing).
$(run 1) 2>/dev/null
$(run 2) 2>/dev/null
cmp -s "$WORK/j1.json" "$WORK/j2.json" || { echo "jobs.sh: -j 1 and -j 2 reports differ" >&2; exit 1; }

# Interleaved pairs (-j 1 then -j 2, RUNS times): on a shared machine other
# work only ever adds time, so the fastest run of each is the estimate, and
# interleaving gives both the same chances. Medians are shown as well.
RESULT="$(python3 - "$ESCAPE_CHECK" "$WORK" "$DATABASE" "$UNITS" "$RUNS" <<'PY'
import resource, statistics, subprocess, sys, time
exe, work, database, units, runs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])

# What two cores are worth right now: one CPU-bound process alone, then two
# at once; 2.0 on an idle two-core machine, about 1.0 when something else
# keeps a core busy. The -j 2 speed-up cannot exceed it.
LOOP = "s = 0\nfor i in range(15_000_000): s += i"
def parallelism():
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", LOOP], check=True)
    one = time.perf_counter() - t0
    t0 = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-c", LOOP]) for _ in range(2)]
    for p in procs:
        p.wait()
    return 2 * one / (time.perf_counter() - t0)

avail = [parallelism()]
wall = {1: [], 2: []}
cpu = {1: [], 2: []}
for i in range(runs):
    for j in (1, 2):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run([exe, "-p", f"{work}/googletest", "-j", str(j), "--format=json",
                        "-o", f"{work}/j{j}.json"], check=True, stderr=subprocess.DEVNULL)
        wall[j].append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu[j].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        print(f"run {i + 1}/{runs} -j {j}: {wall[j][-1]:.1f} s wall, {cpu[j][-1]:.1f} s CPU",
              file=sys.stderr)
avail.append(parallelism())
print(f"available parallelism: {avail[0]:.2f}x before, {avail[1]:.2f}x after", file=sys.stderr)
best = {j: min(wall[j]) for j in (1, 2)}
med = {j: statistics.median(wall[j]) for j in (1, 2)}
print(f"| googletest ({database}) | {units} | {best[1]:.1f} s ({med[1]:.1f}) | "
      f"{best[2]:.1f} s ({med[2]:.1f}) | **{best[1] / best[2]:.2f}×** ({med[1] / med[2]:.2f}×) | "
      f"{min(cpu[1]):.1f} / {min(cpu[2]):.1f} s | {min(avail):.2f}–{max(avail):.2f}× | {runs} |")
ratio = best[1] / best[2]
if ratio >= 1.8:
    verdict = f"target met ({ratio:.2f}× ≥ 1.8×)"
elif max(avail) < 1.8:
    verdict = (f"target not shown by this run: {ratio:.2f}×, but two cores were worth only "
               f"{min(avail):.2f}–{max(avail):.2f}× (other work on the machine), so 1.8× was "
               f"out of reach; rerun on an idle machine")
else:
    verdict = f"target NOT met: {ratio:.2f}× with {max(avail):.2f}× available"
print(f"- googletest ({database}): {verdict}.")
PY
)"
echo
echo "$RESULT"

if ((WRITE)); then
  python3 - docs/performance.md "$RESULT" "$(nproc)" "$LOAD_BEFORE" <<'PY'
import sys
path, row, cores, load = sys.argv[1:]
text = open(path).read()
begin, end = "<!-- integration:begin -->", "<!-- integration:end -->"
if begin not in text:
    text = text.rstrip("\n") + f"\n\n{begin}\n{end}\n"
head, rest = text.split(begin, 1)
old, tail = rest.split(end, 1)
new_row, new_verdict = row.splitlines()
rows = [l for l in old.splitlines() if l.startswith("| googletest")]
verdicts = [l for l in old.splitlines() if l.startswith("- googletest")]
key = new_row.split("|")[1].strip()
rows = [r for r in rows if r.split("|")[1].strip() != key] + [new_row]
verdicts = [v for v in verdicts if not v.startswith("- " + key + ":")] + [new_verdict]
body = f"""
## Whole-project runs (`-j`)

`bench/integration/jobs.sh [--database lib|samples] --write`: `escape-check -p
<googletest build> --format=json` at `-j 1` and `-j 2`, timed in interleaved
pairs over the compile database of the googletest sources Debian ships
(`lib`: the default configuration, 4 TUs of which `gtest-all.cc` alone is
about half the work, so no schedule can reach 2×; `samples`: with
`gtest_build_samples=ON`). Target: `-j 2` ≥ 1.8× faster than `-j 1`. Times
are the fastest of the runs (median in parentheses): on a shared machine
other work only adds time. Last run on {cores} cores, load average before
the run {load}; other work on the machine shows up as a lower ratio, equal
CPU time at `-j 1` and `-j 2` as the absence of parallel overhead.
"Available parallelism" is what two cores were worth during the run (two
CPU-bound processes at once against one alone: 2.00× on an idle two-core
machine); `-j 2` cannot beat it, so a speed-up is only comparable with the
target when it is close to 2. Units start heaviest first (by the bytes of
the source and the project files it includes, tool/Schedule.cpp): in the
database's own order `gtest-all.cc`, a third of the work, started ninth
of 18, and the same benchmark measured 1.77×.

| database | TUs | `-j 1` fastest (median) | `-j 2` fastest (median) | speed-up fastest (median) | CPU (user+sys) `-j 1` / `-j 2` | available parallelism | runs |
|---|---|---|---|---|---|---|---|
""" + "\n".join(rows) + "\n\n" + "\n".join(verdicts) + "\n"
open(path, "w").write(head + begin + body + end + tail)
PY
  echo "jobs.sh: recorded in docs/performance.md"
fi
