#!/usr/bin/env python3
"""Checks a whole-project report against the compile database it came from:
every translation unit of compile_commands.json is in `units` with status ok,
exactly once, and the report is one complete JSON document. Prints a summary
for FileCheck and exits 1 on any mismatch.

Usage: check_units.py compile_commands.json report.json
"""
import json
import os
import sys

db_path, report_path = sys.argv[1], sys.argv[2]
with open(db_path) as f:
    db = json.load(f)
with open(report_path) as f:
    report = json.load(f)  # a truncated or invalid document fails here


def absolute(entry):
    return os.path.normpath(os.path.join(entry["directory"], entry["file"]))


expected = sorted({absolute(e) for e in db})
units = {}
failed = False
for u in report["units"]:
    path = os.path.normpath(os.path.join(os.path.dirname(db_path), u["file"]))
    if path in units:
        print(f"duplicate unit: {u['file']}")
        failed = True
    units[path] = u
for path in expected:
    u = units.get(path)
    if u is None:
        print(f"missing unit: {path}")
        failed = True
    elif u["status"] != "ok" or u["errors"]:
        print(f"unit not ok: {path}: {u['status']} {u['errors']}")
        failed = True
for path in sorted(set(units) - set(expected)):
    print(f"unexpected unit: {path}")
    failed = True

findings = report["findings"]
files = {f["file"] for f in findings}
print(f"version: {report['version']}")
print(f"units: {len(units)} of {len(expected)} in the database, "
      f"{sum(u['status'] == 'ok' for u in units.values())} ok")
print(f"findings: {'some' if findings else 'none'}")
print(f"kinds: {','.join(sorted({f['kind'] for f in findings}))}")
sys.exit(1 if failed else 0)
