#!/usr/bin/env python3
"""Checks the README's joined-report excerpt against a real run.

Usage: readme_join_excerpt.py README.md ACTUAL_STDERR

The excerpt is the fenced block after the line
`<!-- joined report: checked by test/join/readme.test -->`. Its first line is
the command (`$ ...`); the rest are chunks of output separated by `...`
lines. The first chunk must be the start of the actual output and every
chunk must appear, contiguously and in order. Numbers in the trace lines
(`alloc ...`: times, rates, RSS) vary from run to run and are compared by
shape only; everything else, the joined report included, is exact.
"""
import re
import sys

MARKER = "<!-- joined report: checked by test/join/readme.test -->"


def excerpt(readme):
    lines = open(readme).read().splitlines()
    start = lines.index(MARKER) + 1
    if not lines[start].startswith("```"):
        sys.exit(f"{readme}: no code block after the excerpt marker")
    end = lines.index("```", start + 1)
    block = lines[start + 1:end]
    if not block or not block[0].startswith("$ "):
        sys.exit(f"{readme}: the excerpt does not start with its command")
    chunks, cur = [], []
    for line in block[1:]:
        if line.strip() in ("...", "…"):
            chunks.append(cur)
            cur = []
        else:
            cur.append(line)
    chunks.append(cur)
    return block[0], [c for c in chunks if c]


def norm(line):
    if line.startswith("alloc "):
        return re.sub(r"\d+(\.\d+)?", "N", line)
    return line


def main():
    command, chunks = excerpt(sys.argv[1])
    actual = [norm(l) for l in open(sys.argv[2]).read().splitlines()]
    pos = 0
    for i, chunk in enumerate(chunks):
        want = [norm(l) for l in chunk]
        found = -1
        for at in range(pos, len(actual) - len(want) + 1):
            if actual[at:at + len(want)] == want:
                found = at
                break
        if found < 0 or (i == 0 and found != 0):
            where = "at the start of" if i == 0 else "after the previous chunk in"
            sys.stderr.write(f"README excerpt chunk {i + 1} not found {where} the output of\n"
                             f"  {command}\nexpected:\n")
            sys.stderr.write("".join(f"  {l}\n" for l in chunk))
            sys.stderr.write("actual output (first 20 lines from there):\n")
            sys.stderr.write("".join(f"  {l}\n" for l in actual[pos:pos + 20]))
            sys.exit(1)
        pos = found + len(want)
    print(f"README excerpt: {len(chunks)} chunks match")


main()
