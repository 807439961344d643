#!/usr/bin/env bash
# Times escape-check against `clang++-19 -O2 -g -c` on the same translation
# units, side by side in one hyperfine run per TU, and rewrites the tool
# section of docs/performance.md. Usage: bench/tool/run.sh [build-dir]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BUILD="${1:-$ROOT/build}"
TOOL="$BUILD/bin/escape-check"
CLANGXX="${CLANGXX:-clang++-19}"
RUNS="${RUNS:-10}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

# name | source | flags
UNITS=(
  "examples/users/main.cpp (fmt, unordered_map)|$ROOT/examples/users/main.cpp|-std=c++17 -I$ROOT/include"
  "bench/tool/heavy.cpp (regex, iostream, map, function)|$ROOT/bench/tool/heavy.cpp|-std=c++17"
)

rows=""
for unit in "${UNITS[@]}"; do
  IFS='|' read -r name src flags <<<"$unit"
  # shellcheck disable=SC2086
  hyperfine --style none --warmup 1 --runs "$RUNS" --export-json "$OUT/t.json" \
    -n escape-check "$TOOL $src -- $flags" \
    -n clang "$CLANGXX -O2 -g -c $src -o /dev/null $flags" >/dev/null
  read -r tool_s clang_s < <(python3 - "$OUT/t.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
print(r["escape-check"]["median"], r["clang"]["median"])
PY
)
  # shellcheck disable=SC2086
  tool_kb=$( { /usr/bin/time -f %M "$TOOL" "$src" -- $flags >/dev/null; } 2>&1 | tail -1)
  # shellcheck disable=SC2086
  clang_kb=$( { /usr/bin/time -f %M "$CLANGXX" -O2 -g -c "$src" -o /dev/null $flags; } 2>&1 | tail -1)
  rows+=$(python3 -c "
t, c, tm, cm = $tool_s, $clang_s, $tool_kb, $clang_kb
print(f'| {\"$name\"} | {t:.2f} s | {c:.2f} s | **{t/c:.2f}×** | {tm/1024:.0f} MiB | {cm/1024:.0f} MiB |')")$'\n'
done

section="<!-- tool:begin -->
## escape-check vs \`clang++-19 -O2 -g -c\`

Target: escape-check takes ≤ 0.8× the time of compiling the same TU (it
needs no back end). Median of $RUNS runs each (hyperfine, one warm-up),
measured side by side by \`bench/tool/run.sh\` on $(nproc) cores, $(date -u +%Y-%m-%d).

| translation unit | escape-check | clang++ -c | ratio | max RSS escape-check | max RSS clang |
|---|---|---|---|---|---|
${rows}
<!-- tool:end -->"
python3 - "$ROOT/docs/performance.md" "$section" <<'PY'
import re, sys
path, section = sys.argv[1], sys.argv[2]
text = open(path).read()
text = re.sub(r"<!-- tool:begin -->.*?<!-- tool:end -->", lambda _: section, text, flags=re.S)
open(path, "w").write(text)
PY
echo "$section"
