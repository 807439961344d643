#!/usr/bin/env bash
# Measures what the pass plugin adds to a normal `clang++-19 -O2 -g -c`
# (target ≤ 5%), in interleaved rounds (bench/pairs.py), and rewrites the
# plugin section of docs/performance.md. Usage: bench/plugin/run.sh [build-dir]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BUILD="${1:-$ROOT/build}"
PLUGIN="$BUILD/lib/EscapeCheckPasses.so"
CLANGXX="${CLANGXX:-clang++-19}"
RUNS="${RUNS:-10}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

UNITS=(
  "examples/users/main.cpp|$ROOT/examples/users/main.cpp|-std=c++17 -I$ROOT/include"
  "bench/tool/heavy.cpp|$ROOT/bench/tool/heavy.cpp|-std=c++17"
)

rows=""
for unit in "${UNITS[@]}"; do
  IFS='|' read -r name src flags <<<"$unit"
  python3 "$ROOT/bench/pairs.py" --runs "$RUNS" --json "$OUT/t.json" \
    -n plain "$CLANGXX -O2 -g -c $src -o /dev/null $flags" \
    -n plugin "$CLANGXX -O2 -g -c $src -o /dev/null $flags -fpass-plugin=$PLUGIN"
  rows+=$(python3 - "$OUT/t.json" "$name" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
p, q = r["plain"]["median"], r["plugin"]["median"]
added = r["plugin"]["ratio"]["plain"] - 1
print(f"| {sys.argv[2]} | {p:.2f} s | {q:.2f} s | **{added * 100:+.1f}%** |")
PY
)$'\n'
done

section="<!-- plugin:begin -->
## Pass plugin overhead in a normal build

Target: \`-fpass-plugin=EscapeCheckPasses.so\` adds ≤ 5% to \`clang++-19 -O2 -g -c\`.
$RUNS interleaved rounds after one warm-up (\`bench/pairs.py\`): times are
medians, "added" the median of the per-round ratios. Measured by
\`bench/plugin/run.sh\` on $(nproc) cores, $(date -u +%Y-%m-%d).

| translation unit | clang++ -c | with plugin | added |
|---|---|---|---|
${rows}
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
