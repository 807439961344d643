#!/usr/bin/env python3
"""Checks the README's joined-report excerpt against a real run.

Usage: readme_join_excerpt.py [--update] README.md ACTUAL_STDERR

The excerpt is the fenced block after the line
`<!-- joined report: checked by test/join/readme.test -->`. Its first line is
the command (`$ ...`); the rest are chunks of output separated by `...`
lines. The first chunk must be the start of the actual output and every
chunk must appear, contiguously and in order. Numbers in the trace lines
(`alloc ...`: times, rates, RSS) vary from run to run and are compared by
shape only; everything else, the joined report included, is exact.

--update rewrites the excerpt from ACTUAL_STDERR when the output changed on
purpose, keeping its chunks: the first as many lines from the top, each
other from the first line shaped like its first line (digits and anything
after "(" aside) to the next line shaped like its last.
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


def shape(line):
    return re.sub(r"\d+", "N", line.split("(")[0])


def update(readme, actual_path):
    command, chunks = excerpt(readme)
    actual = open(actual_path).read().splitlines()
    new, pos = [actual[:len(chunks[0])]], len(chunks[0])
    for chunk in chunks[1:]:
        start = next(i for i in range(pos, len(actual)) if shape(actual[i]) == shape(chunk[0]))
        end = next(i for i in range(start, len(actual)) if shape(actual[i]) == shape(chunk[-1]))
        new.append(actual[start:end + 1])
        pos = end + 1
    body = [command] + sum(([*c, "..."] for c in new), [])[:-1]
    text = open(readme).read()
    head, rest = text.split(MARKER + "\n```\n", 1)
    _, tail = rest.split("\n```\n", 1)
    open(readme, "w").write(head + MARKER + "\n```\n" + "\n".join(body) + "\n```\n" + tail)
    print(f"README excerpt rewritten: {len(new)} chunks")


def main():
    if sys.argv[1] == "--update":
        update(sys.argv[2], sys.argv[3])
        return
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
