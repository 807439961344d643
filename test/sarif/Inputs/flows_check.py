#!/usr/bin/env python3
"""Checks that a SARIF log carries a JSON report's level-2 explanations as
codeFlows: result i (same order as the JSON findings) has one thread flow
whose locations are the explanation's steps, with the same messages.

Usage: flows_check.py report.json report.sarif
Prints "flows: N findings with explanations, all in codeFlows" for FileCheck.
"""
import json
import sys

report = json.load(open(sys.argv[1]))
sarif = json.load(open(sys.argv[2]))
results = sarif["runs"][0]["results"]
findings = report["findings"]
if len(results) != len(findings):
    sys.exit(f"flows_check: {len(findings)} findings but {len(results)} results")
n = 0
for i, (f, r) in enumerate(zip(findings, results)):
    steps = f.get("explanation", [])
    flows = r.get("codeFlows", [])
    if not steps:
        if flows:
            sys.exit(f"flows_check: result {i} has codeFlows but no explanation")
        continue
    n += 1
    locs = flows[0]["threadFlows"][0]["locations"] if flows else []
    got = [l["location"]["message"]["text"] for l in locs]
    want = [s["message"] for s in steps]
    if got != want:
        sys.exit(f"flows_check: result {i} ({f['message']}): codeFlows {got}, explanation {want}")
print(f"flows: {n} findings with explanations, all in codeFlows")
