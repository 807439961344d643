#!/usr/bin/env python3
"""Agreement oracle: escape-check's inline findings must equal the decisions
`clang++ <same flags> -Rpass=inline -Rpass-missed=inline` prints, on every
user-code call site, none missing and none extra.

Usage: inline_agreement.py --escape-check BIN --clangxx BIN [--no-inline]
                            SOURCE... [-- COMPILER-ARGS...]
"""
import json
import os
import re
import subprocess
import sys

import oracle_args

REMARK = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): remark: '(?P<callee>[^']+)' "
    r"(?P<what>inlined into|not inlined into|will not be inlined into) "
    r"'(?P<caller>[^']+)'.*\[-Rpass(?P<missed>-missed)?=inline\]$")


def is_user(path, user_dirs):
    path = os.path.realpath(path)
    return any(path.startswith(d + os.sep) for d in user_dirs)


def clang_decisions(clangxx, source, args, no_inline, user_dirs):
    cmd = [clangxx, "-O2", "-g", "-c", source, "-o", os.devnull,
           "-Rpass=inline", "-Rpass-missed=inline", *args]
    if no_inline:
        cmd.append("-fno-inline")
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"clang failed on {source}:\n{out.stderr}")
    decisions = set()
    for line in out.stderr.splitlines():
        m = REMARK.match(line)
        if not m or not is_user(m["file"], user_dirs):
            continue
        verdict = "not-inlined" if m["missed"] else "inlined"
        decisions.add((os.path.realpath(m["file"]), int(m["line"]),
                       int(m["col"]), m["caller"], m["callee"], verdict))
    return decisions


def tool_decisions(tool, source, args, no_inline, user_dirs):
    # --implicit: every decision, also about calls the user did not write
    # (level 1 hides those; clang reports them all).
    cmd = [tool, "--format=json", "--only=inline", "--implicit", source,
           "--", *args]
    if no_inline:
        cmd.insert(1, "-no-inline")
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"escape-check failed on {source}:\n{out.stderr}")
    report = json.loads(out.stdout)
    assert report["version"] == 1
    decisions = set()
    verbose_only = 0
    for f in report["findings"]:
        if not is_user(f["file"], user_dirs) or f.get("definition"):
            continue
        # One finding per call: the decisions about its copies (inlined
        # copies of the caller, cleanup paths) are its "copies".
        for d in f.get("copies") or [f]:
            # clang hides the inliner's verbose "definition unavailable"
            # remark; it is not a decision clang prints, so it is not
            # compared.
            if d["reason"] == "definition unavailable":
                verbose_only += 1
                continue
            decisions.add((os.path.realpath(f["file"]), f["line"], f["column"],
                           d["caller_symbol"], f["callee_symbol"],
                           d["verdict"]))
    return decisions, verbose_only


def main():
    a, compiler_args = oracle_args.parse(
        __doc__, [("--no-inline", {"action": "store_true"})])

    compared = mismatches = 0
    for source in a.sources:
        user_dirs = [os.path.dirname(os.path.realpath(source))]
        expected = clang_decisions(a.clangxx, source, compiler_args,
                                   a.no_inline, user_dirs)
        got, _ = tool_decisions(a.escape_check, source, compiler_args,
                                a.no_inline, user_dirs)
        compared += len(expected)
        for d in sorted(expected - got):
            print(f"missing: {d}")
            mismatches += 1
        for d in sorted(got - expected):
            print(f"extra:   {d}")
            mismatches += 1
    print(f"agreement: {compared} clang decisions compared, "
          f"{mismatches} mismatches")
    return 1 if mismatches or compared == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
