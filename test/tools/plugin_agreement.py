#!/usr/bin/env python3
"""Plugin agreement: the remarks of pass "escape" that
`clang++ -O2 -g -fpass-plugin=EscapeCheckPasses.so -Rpass-analysis=escape`
prints during a normal compile are the findings escape-check reports for the
same file and flags (level 1, all kinds), none missing, none extra. The
plugin reads the standard library summaries the tool's analysis used
(--write-library-summaries, -mllvm -escape-library-summaries: docs/plugin.md).
With --explain, level 2: the plugin loaded the documented way for
`-mllvm -escape-explain` (also as -fplugin=) against `escape-check -m=2`,
every explanation line included.
With --names, the full signature of every callee: the tool's JSON "callee"
(named from the AST) against the plugin's level-2 remarks (named by the
demangler); the calls named differently are listed, "tool:" and "plugin:".

Usage: plugin_agreement.py --escape-check BIN --clangxx BIN --plugin SO
                           [--explain | --names] SOURCE... [-- COMPILER-ARGS...]
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import oracle_args

REMARK = re.compile(r"^(?P<pos>.+?:\d+:\d+): remark: (?P<msg>.*) \[-Rpass-analysis=escape\]$")
DEFINITION = re.compile(r"^(can inline|cannot inline) (?!call to )")
FINDING = re.compile(r"^(?P<pos>.+?:\d+:\d+): (?P<msg>.*)$")
# The callee of a level-2 inline message, without cost, copies or reason.
CALL = re.compile(r"^(?:inlining call to|cannot inline call to) (?P<name>.+?)"
                  r"(?: \((?:cost |always_inline|\d+ of \d+ copies).*\)|: [^:].*)?$")


HEAP = re.compile(r"^(?P<subject>.*) (?P<verdict>escapes to heap|does not escape)$")


def normal(pos):
    # Lines, not columns: in a normal clang build, debug-info assignment
    # tracking leaves a variable's declaration without its column, so the
    # plugin can only place locals and parameters on their line.
    path, line, _ = pos.rsplit(":", 2)
    return f"{os.path.realpath(path)}:{line}"


def main():
    a, extra = oracle_args.parse(__doc__, [("--plugin", {"required": True}),
                                           ("--explain", {"action": "store_true"}),
                                           ("--names", {"action": "store_true"})])
    if a.names:
        return compare_names(a, extra)
    plugin_args = [f"-fpass-plugin={a.plugin}"]
    tool_args = []
    if a.explain:
        plugin_args = [f"-fplugin={a.plugin}", *plugin_args, "-mllvm", "-escape-explain"]
        tool_args = ["-m=2"]

    # The plugin gets the standard library's extern-template summaries the
    # documented way (docs/plugin.md, "Library summaries"): the file the
    # tool's analysis of the same source and flags used.
    if "-fplugin=" + a.plugin not in plugin_args:
        plugin_args = [f"-fplugin={a.plugin}", *plugin_args]
    summaries = tempfile.NamedTemporaryFile(suffix=".summaries", delete=False)
    summaries.close()
    plugin_args += ["-mllvm", f"-escape-library-summaries={summaries.name}"]

    compared = mismatches = 0
    for source in a.sources:
        user_dir = os.path.dirname(os.path.realpath(source))
        # The plugin has no AST to tell the calls the user wrote from the
        # compiler's, so it reports them all, as the tool does with
        # --implicit; and it reports each copy of a call as it is decided,
        # which the tool's JSON keeps as the finding's "copies". At level 2
        # (--explain) the tool's text, explanation lines included, is compared.
        fmt = [] if a.explain else ["--format=json"]
        tool = subprocess.run([a.escape_check, *fmt, "--implicit", *tool_args,
                               f"--write-library-summaries={summaries.name}",
                               source, "--", *extra],
                              capture_output=True, text=True)
        if tool.returncode:
            sys.exit(f"escape-check failed:\n{tool.stderr}")
        clang = subprocess.run(
            [a.clangxx, "-O2", "-g", "-c", source, "-o", os.devnull,
             *plugin_args, "-Rpass-analysis=escape", *extra],
            capture_output=True, text=True)
        if clang.returncode or "warning: ignoring library summaries" in clang.stderr:
            sys.exit(f"clang failed:\n{clang.stderr}")
        remarks = set()
        for line in clang.stderr.splitlines():
            m = REMARK.match(line)
            if m and normal(m["pos"]).startswith(user_dir + os.sep):
                remarks.add((normal(m["pos"]), m["msg"]))
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
        # (not "extra": that name holds the compiler arguments)
        missing, unexpected = findings - remarks, remarks - findings
        # The plugin has no AST to name a heap site the source text cannot
        # (`M[I]`, `A + B`, `std::string(P)`): where it falls back to
        # `copy of X` or `heap allocation`, the verdict at that position is
        # what must agree.
        for r in sorted(unexpected):
            m = HEAP.match(r[1])
            if not m or not (m["subject"] == "heap allocation" or
                             m["subject"].startswith("copy of ")):
                continue
            twin = next((f for f in sorted(missing) if f[0] == r[0] and
                         HEAP.match(f[1]) and
                         HEAP.match(f[1])["verdict"] == m["verdict"]), None)
            if twin:
                missing.discard(twin)
                unexpected.discard(r)
        for r in sorted(missing):
            print(f"missing in plugin: {r}")
            mismatches += 1
        for r in sorted(unexpected):
            print(f"extra in plugin:   {r}")
            mismatches += 1
    os.unlink(summaries.name)
    print(f"plugin agreement: {compared} findings compared, {mismatches} mismatches")
    return 1 if mismatches or compared == 0 else 0


def plugin_remarks(a, source, extra):
    """(position, message) of the plugin's level-2 remarks in user files."""
    user_dir = os.path.dirname(os.path.realpath(source))
    clang = subprocess.run(
        [a.clangxx, "-O2", "-g", "-c", source, "-o", os.devnull,
         f"-fplugin={a.plugin}", f"-fpass-plugin={a.plugin}", "-mllvm",
         "-escape-explain", "-Rpass-analysis=escape", *extra],
        capture_output=True, text=True)
    if clang.returncode:
        sys.exit(f"clang failed:\n{clang.stderr}")
    for line in clang.stderr.splitlines():
        m = REMARK.match(line)
        if m and os.path.realpath(m["pos"].rsplit(":", 2)[0]).startswith(user_dir + os.sep):
            yield m["pos"], m["msg"]


def compare_names(a, extra):
    compared = differ = 0
    for source in a.sources:
        plugin = set()
        for pos, msg in plugin_remarks(a, source, extra):
            m = CALL.match(msg)
            if m:
                plugin.add((os.path.basename(pos), m["name"]))
        tool = subprocess.run([a.escape_check, "--format=json", "--implicit", "-m=2",
                               source, "--", *extra], capture_output=True, text=True)
        if tool.returncode:
            sys.exit(f"escape-check failed:\n{tool.stderr}")
        names = set()
        for f in json.loads(tool.stdout)["findings"]:
            if f["kind"] == "inline" and CALL.match(f["message"]):
                pos = f"{os.path.basename(f['file'])}:{f['line']}:{f['column']}"
                names.add((pos, f["callee"]))
        compared += len(names)
        for pos, name in sorted(names - plugin):
            print(f"tool:   {pos}: {name}")
            differ += 1
        for pos, name in sorted(plugin - names):
            print(f"plugin: {pos}: {name}")
    print(f"plugin names: {compared} calls compared, {differ} named differently")
    return 0 if compared else 1


if __name__ == "__main__":
    sys.exit(main())
