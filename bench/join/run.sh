#!/usr/bin/env bash
# Times escape-check on the example with and without --profile (the join:
# reading the profile, symbolizing its addresses with LLVM's symbolizer,
# matching) in interleaved rounds (bench/pairs.py), and rewrites the join
# section of docs/performance.md. Target: the join adds <= 5%.
# Usage: bench/join/run.sh [build-dir]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BUILD="${1:-$ROOT/build}"
TOOL="$BUILD/bin/escape-check"
LIB="$BUILD/lib/libescapetrace.so"
CLANGXX="${CLANGXX:-clang++-19}"
RUNS="${RUNS:-10}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

SRC="$ROOT/examples/users/main.cpp"
FLAGS="-std=c++17 -O2 -I$ROOT/include"
# The program as `escape-check run` builds it, and its profile with every
# allocation recorded (300003 samples: the largest profile the example makes).
# shellcheck disable=SC2086
"$CLANGXX" $FLAGS -g "$SRC" -o "$OUT/users" -lfmt
ESCAPETRACE="rate=1,profile=$OUT/mem.prof" LD_PRELOAD="$LIB" "$OUT/users" >/dev/null 2>&1
profile_kb=$(( $(stat -c %s "$OUT/mem.prof") / 1024 ))
locations=$(go tool pprof -raw "$OUT/users" "$OUT/mem.prof" 2>/dev/null | awk '/^Locations/{l=1;next} /^Mappings/{l=0} l&&/^ *[0-9]+:/{n++} END{print n+0}')

cd "$OUT"
python3 "$ROOT/bench/pairs.py" --runs "$RUNS" --json "$OUT/t.json" \
  -n joined "$TOOL $SRC --profile=$OUT/mem.prof -- $FLAGS" \
  -n plain "$TOOL $SRC -- $FLAGS"
read -r joined_s plain_s ratio < <(python3 - "$OUT/t.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(r["joined"]["median"], r["plain"]["median"], r["joined"]["ratio"]["plain"])
PY
)
# shellcheck disable=SC2086
joined_kb=$( { /usr/bin/time -f %M "$TOOL" "$SRC" --profile="$OUT/mem.prof" -- $FLAGS >/dev/null; } 2>&1 | tail -1)
# shellcheck disable=SC2086
plain_kb=$( { /usr/bin/time -f %M "$TOOL" "$SRC" -- $FLAGS >/dev/null; } 2>&1 | tail -1)
row=$(python3 -c "
j, p, r, jm, pm = $joined_s, $plain_s, $ratio, $joined_kb, $plain_kb
print(f'| examples/users/main.cpp, profile of {$profile_kb} KiB, {$locations} locations | {j:.2f} s | {p:.2f} s | **{r:.3f}×** ({(r-1)*100:+.1f}%) | {jm/1024:.0f} MiB | {pm/1024:.0f} MiB |')")

section="<!-- join:begin -->
## Profile join (\`--profile\`)

Target: joining a heap profile adds ≤ 5% to an escape-check run of the same
unit. The profile is the example's with every allocation recorded
(\`rate=1\`, as \`escape-check run\` makes it), from a \`clang++ -O2 -g\`
build, so the join symbolizes every location with LLVM's symbolizer
(docs/profile-join.md). $RUNS interleaved rounds after one warm-up
(\`bench/pairs.py\`), medians and the median per-round ratio; measured by
\`bench/join/run.sh\` on $(nproc) cores, $(date -u +%Y-%m-%d).

Where the time goes (\`perf record\` of a join against a trivial unit): the
profile is read and its locations symbolized on a second thread while the
analysis runs; what remains is the symbolizer's parse of the program's DWARF
and the allocator arena of that thread. Stripped system libraries are not
symbolized: inflating the compressed \`-dbgsym\` DWARF of libstdc++ and libc,
installed on this machine, was most of the cost before (+9.5%).

| unit and profile | escape-check --profile | escape-check | ratio | max RSS joined | max RSS plain |
|---|---|---|---|---|---|
${row}
<!-- join:end -->"
python3 - "$ROOT/docs/performance.md" "$section" <<'PY'
import re, sys
path, section = sys.argv[1], sys.argv[2]
text = open(path).read()
if "<!-- join:begin -->" in text:
    text = re.sub(r"<!-- join:begin -->.*?<!-- join:end -->", lambda _: section, text, flags=re.S)
else:
    text = text.rstrip("\n") + "\n\n" + section + "\n"
open(path, "w").write(text)
PY
echo "$section"
