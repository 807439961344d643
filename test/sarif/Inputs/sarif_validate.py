#!/usr/bin/env python3
"""Validates SARIF files with the SARIF multitool and fails on any error.

Usage: sarif_validate.py --multitool PATH FILE...

The multitool's `validate` exits 0 even when the document breaks the schema
or its rules, so this reads the multitool's own SARIF output and fails on
every error- or warning-level result (except the allow-list below). Prints
one summary line per file for FileCheck.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

# SARIF2005 asks for tool.driver.informationUri: escape-check has no public
# home page yet, and an invented URL would be worse than none.
ALLOWED = {"SARIF2005"}

parser = argparse.ArgumentParser()
parser.add_argument("--multitool", required=True)
parser.add_argument("files", nargs="+")
args = parser.parse_args()

failed = False
for path in args.files:
    with open(path) as f:
        doc = json.load(f)  # a truncated document fails here, loudly
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "validation.sarif")
        proc = subprocess.run(
            [args.multitool, "validate", path, "-o", out, "--log", "ForceOverwrite", "-q"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if proc.returncode != 0 or not os.path.exists(out):
            sys.stderr.write(f"sarif-validate: multitool failed on {path} "
                             f"(exit {proc.returncode}):\n{proc.stdout}")
            sys.exit(2)
        with open(out) as f:
            validation = json.load(f)
    problems = []
    for run in validation.get("runs", []):
        for inv in run.get("invocations", []):
            for n in inv.get("toolExecutionNotifications", []) + \
                    inv.get("toolConfigurationNotifications", []):
                if n.get("level", "warning") == "error":
                    problems.append(("error", "tool", n.get("message", {}).get("text", "")))
        rules = run.get("tool", {}).get("driver", {}).get("rules", [])
        for r in run.get("results", []):
            level = r.get("level", "warning")  # SARIF's default level
            if level not in ("error", "warning") or r.get("ruleId") in ALLOWED:
                continue
            msg = r.get("message", {})
            text = msg.get("text")
            if text is None:
                # The multitool writes messages as rule templates + arguments.
                args_ = msg.get("arguments", [])
                rule = next((x for x in rules if x.get("id") == r.get("ruleId")), {})
                tmpl = rule.get("messageStrings", {}).get(msg.get("id", ""), {}).get("text")
                text = tmpl.format(*args_) if tmpl else " ".join(args_)
            problems.append((level, r.get("ruleId"), text))
    for level, rule, text in problems:
        print(f"{path}: {level} {rule}: {text}")
    n_results = sum(len(run.get("results", [])) for run in doc.get("runs", []))
    if problems:
        failed = True
        print(f"sarif-validate: {os.path.basename(path)}: {len(problems)} problem(s)")
    else:
        print(f"sarif-validate: {os.path.basename(path)}: valid, {n_results} results")
sys.exit(1 if failed else 0)
