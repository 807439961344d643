#!/usr/bin/env python3
"""Keeps the output shown in README.md and docs/ verbatim: every block

    <!-- output: escape-check <args> -->
    ```
    ...
    ```

is the output of that command run from the source root (escape-check is the
one in BIN-DIR). --check (the lit test) prints a diff and fails when a block
is stale; --update rewrites the blocks (scripts/doc-excerpts).

Usage: doc_excerpts.py --bin-dir DIR --root SRC (--check | --update) FILE...
"""
import argparse
import difflib
import os
import re
import shlex
import subprocess
import sys

BLOCK = re.compile(r"(<!-- output: (?P<cmd>[^\n]*?) -->\n```[^\n]*\n)(?P<body>.*?)(```)",
                   re.S)


def run(cmd, bin_dir, root):
    argv = shlex.split(cmd)
    if not argv or argv[0] not in ("escape-check", "escape-trace"):
        sys.exit(f"doc_excerpts: not an escape-check command: {cmd}")
    argv[0] = os.path.join(bin_dir, argv[0])
    if not os.path.exists(os.path.join(root, "compile_commands.json")):
        sys.exit("doc_excerpts: no compile_commands.json in the source root "
                 "(scripts/setup links build/compile_commands.json there)")
    out = subprocess.run(argv, cwd=root, capture_output=True, text=True)
    if out.returncode not in (0, 3):
        sys.exit(f"doc_excerpts: '{cmd}' failed ({out.returncode}):\n{out.stderr}")
    return out.stdout


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--bin-dir", required=True)
    p.add_argument("--root", required=True)
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--update", action="store_true")
    p.add_argument("files", nargs="+")
    a = p.parse_args()

    stale = blocks = 0
    for name in a.files:
        path = os.path.join(a.root, name)
        text = open(path).read()

        def replace(m):
            nonlocal stale, blocks
            blocks += 1
            want = run(m["cmd"], a.bin_dir, a.root)
            if want != m["body"]:
                stale += 1
                if a.check:
                    print(f"{name}: stale output of '{m['cmd']}':")
                    sys.stdout.writelines(difflib.unified_diff(
                        m["body"].splitlines(True), want.splitlines(True),
                        "shown", "actual"))
            return m.group(1) + want + m.group(4)

        new = BLOCK.sub(replace, text)
        if a.update and new != text:
            with open(path, "w") as f:
                f.write(new)
    print(f"doc excerpts: {blocks} blocks, {stale} stale")
    return 1 if (a.check and stale) or blocks == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
