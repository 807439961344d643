#!/usr/bin/env python3
"""Plugin agreement: the remarks of pass "escape" that
`clang++ -O2 -g -fpass-plugin=EscapeCheckPasses.so -Rpass-analysis=escape`
prints during a normal compile are the findings escape-check reports for the
same file and flags (level 1, all kinds), none missing, none extra.

Usage: plugin_agreement.py --escape-check BIN --clangxx BIN --plugin SO
                           SOURCE... [-- COMPILER-ARGS...]
"""
import json
import os
import re
import subprocess
import sys

import oracle_args

REMARK = re.compile(r"^(?P<pos>.+?:\d+:\d+): remark: (?P<msg>.*) \[-Rpass-analysis=escape\]$")


def normal(pos):
    # Lines, not columns: in a normal clang build, debug-info assignment
    # tracking leaves a variable's declaration without its column, so the
    # plugin can only place locals and parameters on their line.
    path, line, _ = pos.rsplit(":", 2)
    return f"{os.path.realpath(path)}:{line}"


def main():
    a, extra = oracle_args.parse(__doc__, [("--plugin", {"required": True})])

    compared = mismatches = 0
    for source in a.sources:
        user_dir = os.path.dirname(os.path.realpath(source))
        clang = subprocess.run(
            [a.clangxx, "-O2", "-g", "-c", source, "-o", os.devnull,
             f"-fpass-plugin={a.plugin}", "-Rpass-analysis=escape", *extra],
            capture_output=True, text=True)
        if clang.returncode:
            sys.exit(f"clang failed:\n{clang.stderr}")
        remarks = set()
        for line in clang.stderr.splitlines():
            m = REMARK.match(line)
            if m and normal(m["pos"]).startswith(user_dir + os.sep):
                remarks.add((normal(m["pos"]), m["msg"]))
        # The plugin has no AST to tell the calls the user wrote from the
        # compiler's, so it reports them all, as the tool does with
        # --implicit; and it reports each copy of a call as it is decided,
        # which the tool's JSON keeps as the finding's "copies".
        tool = subprocess.run([a.escape_check, "--format=json", "--implicit",
                               source, "--", *extra],
                              capture_output=True, text=True)
        if tool.returncode:
            sys.exit(f"escape-check failed:\n{tool.stderr}")
        findings = set()
        for f in json.loads(tool.stdout)["findings"]:
            pos = normal(f"{f['file']}:{f['line']}:{f['column']}")
            for d in f.get("copies") or [f]:
                findings.add((pos, d["message"]))
        compared += len(findings)
        for r in sorted(findings - remarks):
            print(f"missing in plugin: {r}")
            mismatches += 1
        for r in sorted(remarks - findings):
            print(f"extra in plugin:   {r}")
            mismatches += 1
    print(f"plugin agreement: {compared} findings compared, {mismatches} mismatches")
    return 1 if mismatches or compared == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
