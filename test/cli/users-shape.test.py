# Checks the shape of the example's report (see users-shape.test).
import re
import sys

level1, level2, implicit = (open(p).read().splitlines() for p in sys.argv[1:4])
POS = re.compile(r"^(.+?:\d+:\d+): (.*)$")


def verdicts(lines):
    """(position, subject) -> the verdicts said about it."""
    said = {}
    for line in lines:
        m = POS.match(line)
        if not m or m[2].startswith("  "):
            continue
        msg = m[2]
        for pat, verdict in [(r"^inlining call to (.*?)( \(.*)?$", "inlined"),
                             (r"^cannot inline call to (.*?): ", "not inlined"),
                             (r"^(.*) escapes to heap$", "escapes"),
                             (r"^(.*) does not escape$", "stays")]:
            v = re.match(pat, msg)
            if v:
                said.setdefault((m[1], v[1]), set()).add(verdict)
    return said


problems = []
if len(level1) > 30:
    problems.append(f"{len(level1)} lines at level 1")
problems += [f"{len(l)} characters: {l}" for l in level1 if len(l) > 120]
for (pos, what), v in verdicts(level1).items():
    if len(v) > 1:
        problems.append(f"{pos}: {what}: {sorted(v)}")
print("level 1: " + ("ok" if not problems else "; ".join(problems)))
print("level 2: " + ("ok" if len(level2) <= 100 else f"{len(level2)} lines"))
print(f"implicit calls hidden at level 1: {len(implicit) - len(level1)}")
