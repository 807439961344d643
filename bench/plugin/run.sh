#!/usr/bin/env bash
# Measures what the pass plugin adds to a normal `clang++-19 -O2 -g -c`
# (target ≤ 5%), loaded silently and with its remarks on
# (-Rpass-analysis=escape), in interleaved rounds (bench/pairs.py), and
# rewrites the plugin section of docs/performance.md.
# Usage: bench/plugin/run.sh [build-dir]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BUILD="${1:-$ROOT/build}"
PLUGIN="$BUILD/lib/EscapeCheckPasses.so"
CLANGXX="${CLANGXX:-clang++-19}"
RUNS="${RUNS:-20}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

# Boost 1.74's MPL trips clang 19's -Wenum-constexpr-conversion (an error by
# default); Boost's own fix came later. BOOST_LOG_DYN_LINK as with
# libboost-log-dev's shared library.
UNITS=(
  "examples/users/main.cpp|$ROOT/examples/users/main.cpp|-std=c++17 -I$ROOT/include"
  "bench/tool/heavy.cpp|$ROOT/bench/tool/heavy.cpp|-std=c++17"
  "bench/plugin/boost-log.cpp|$ROOT/bench/plugin/boost-log.cpp|-std=c++17 -DBOOST_LOG_DYN_LINK -Wno-enum-constexpr-conversion"
)

rows=""
for unit in "${UNITS[@]}"; do
  IFS='|' read -r name src flags <<<"$unit"
  compile="$CLANGXX -O2 -g -c $src -o /dev/null $flags"
  # Remarks are printed to a file, as a build log would take them.
  python3 "$ROOT/bench/pairs.py" --cpu --runs "$RUNS" --json "$OUT/t.json" \
    -n plain "$compile" \
    -n plugin "$compile -fpass-plugin=$PLUGIN" \
    -n remarks "$compile -fpass-plugin=$PLUGIN -Rpass-analysis=escape 2>$OUT/remarks.txt"
  count=$(grep -c ' remark: ' "$OUT/remarks.txt" || true)
  rows+=$(python3 - "$OUT/t.json" "$name" "$count" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
plain, plugin, remarks = (r[n]["median"] for n in ("plain", "plugin", "remarks"))
def added(name):
    q1, q3 = (q - 1 for q in r[name]["ratio_quartiles"]["plain"])
    return (f"**{(r[name]['ratio']['plain'] - 1) * 100:+.1f}%** "
            f"({q1 * 100:+.1f}% to {q3 * 100:+.1f}%)")
la = r["loadavg"]
print(f"| {sys.argv[2]} | {plain:.2f} s | {plugin:.2f} s | {added('plugin')} "
      f"| {remarks:.2f} s ({sys.argv[3]} remarks) | {added('remarks')} "
      f"| {la['before'][0]:.1f} → {la['after'][0]:.1f} |")
PY
)$'\n'
done

section="<!-- plugin:begin -->
## Pass plugin overhead in a normal build

Target: \`-fpass-plugin=EscapeCheckPasses.so\` adds ≤ 5% to \`clang++-19 -O2 -g -c\`,
also with its remarks on (\`-Rpass-analysis=escape\`, printed to a file).
$RUNS interleaved rounds after one warm-up (\`bench/pairs.py --cpu\`): times are
CPU seconds (user + system: the machine is shared, and waiting for a core
is not the plugin's cost), medians; \"added\" is the median of the
per-round ratios, with the middle half of them in brackets (one round's
ratio on this shared machine is good to a few percent either way: a single
run of 5 rounds once said +6.9% and its rerun +0.2%). Rounds, not one
command's runs in a row as hyperfine does them, so that the machine's drift
over the minutes of a run falls on all three commands alike. Measured by
\`bench/plugin/run.sh\` on $(nproc) cores, $(date -u +%Y-%m-%d); the load
average (1 min) before and after each unit's rounds in the last column.

| translation unit | clang++ -c | with plugin | added | with remarks | added | load |
|---|---|---|---|---|---|---|
${rows}
Without remarks asked for, the analysis does not run (its passes sit behind
a gate, test/plugin/silent.cpp). Remarks located in system headers are not
built (the tool drops those findings): on bench/plugin/boost-log.cpp they
were 2928 of 3006, and printing them with their include stacks and snippets
had taken that compile from 3.8 s to 11.8 s of CPU (+200%). What remains with
remarks on is the analysis itself, and the inliner's full cost computation
for every call, which it does whenever its remarks are on (as for
\`-Rpass-missed=inline\`).

At loads like these the quartiles are wider than the 5% target, so the
medians carry the verdict, and \`-ftime-report\` (the CPU time the pass
manager gives each pass inside one compile, which the load moves much less)
says where the cost is: on bench/plugin/boost-log.cpp with remarks on, the
plugin's passes take about 0.14 s of a 5 s compile (about 3%): EarlySummary
0.04–0.06 s, InstallRelay 0.04 s (0.05–0.06 s before overloaded names were
demangled in full only where several functions share a short name),
Verdict 0.02–0.03 s, Discovery 0.02 s; the inliner takes 0.17–0.20 s with
remarks on and off alike.
<!-- plugin:end -->"
python3 - "$ROOT/docs/performance.md" "$section" <<'PY'
import sys
path, section = sys.argv[1], sys.argv[2]
text = open(path).read()
begin, end = "<!-- plugin:begin -->", "<!-- plugin:end -->"
if begin in text:
    head, rest = text.split(begin, 1)
    text = head + section + rest.split(end, 1)[1]
else:
    text = text.rstrip("\n") + "\n\n" + section + "\n"
open(path, "w").write(text)
PY
echo "$section"
