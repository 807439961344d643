#!/usr/bin/env python3
"""Plugin agreement: the remarks of pass "escape" that
`clang++ -O2 -g -fpass-plugin=EscapeCheckPasses.so -Rpass-analysis=escape`
prints during a normal compile are the findings escape-check reports for the
same file and flags (level 1, all kinds), none missing, none extra.
With --explain, level 2: the plugin loaded the documented way for
`-mllvm -escape-explain` (also as -fplugin=) against `escape-check -m=2`,
every explanation line included.

Usage: plugin_agreement.py --escape-check BIN --clangxx BIN --plugin SO
                           [--explain] SOURCE... [-- COMPILER-ARGS...]
"""
import json
import os
import re
import subprocess
import sys

import oracle_args

REMARK = re.compile(r"^(?P<pos>.+?:\d+:\d+): remark: (?P<msg>.*) \[-Rpass-analysis=escape\]$")
DEFINITION = re.compile(r"^(can inline|cannot inline) (?!call to )")
FINDING = re.compile(r"^(?P<pos>.+?:\d+:\d+): (?P<msg>.*)$")


def normal(pos):
    # Lines, not columns: in a normal clang build, debug-info assignment
    # tracking leaves a variable's declaration without its column, so the
    # plugin can only place locals and parameters on their line.
    path, line, _ = pos.rsplit(":", 2)
    return f"{os.path.realpath(path)}:{line}"


def main():
    a, extra = oracle_args.parse(__doc__, [("--plugin", {"required": True}),
                                           ("--explain", {"action": "store_true"})])
    plugin_args = [f"-fpass-plugin={a.plugin}"]
    tool_args = []
    if a.explain:
        plugin_args = [f"-fplugin={a.plugin}", *plugin_args, "-mllvm", "-escape-explain"]
        tool_args = ["-m=2"]

    compared = mismatches = 0
    for source in a.sources:
        user_dir = os.path.dirname(os.path.realpath(source))
        clang = subprocess.run(
            [a.clangxx, "-O2", "-g", "-c", source, "-o", os.devnull,
             *plugin_args, "-Rpass-analysis=escape", *extra],
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
        # which the tool's JSON keeps as the finding's "copies". At level 2
        # (--explain) the tool's text, explanation lines included, is compared.
        fmt = [] if a.explain else ["--format=json"]
        tool = subprocess.run([a.escape_check, *fmt, "--implicit", *tool_args,
                               source, "--", *extra],
                              capture_output=True, text=True)
        if tool.returncode:
            sys.exit(f"escape-check failed:\n{tool.stderr}")
        findings = set()
        if a.explain:
            # Go's "can inline f with cost N" at a definition (and its note)
            # is the tool's summary over every call of f, which the plugin,
            # deciding call by call, does not print.
            definition = None
            for line in tool.stdout.splitlines():
                m = FINDING.match(line)
                if not m:
                    continue
                if DEFINITION.match(m["msg"]):
                    definition = m["pos"]
                    continue
                if definition == m["pos"] and m["msg"].startswith("  "):
                    continue
                definition = None
                findings.add((normal(m["pos"]), m["msg"]))
        else:
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
