#!/usr/bin/env python3
"""Checks that stdin (or a file) is one complete JSON document and prints
facts about it for FileCheck: version, each unit's status, finding count.

Usage: json_check.py [FILE]
"""
import json
import sys

text = open(sys.argv[1]).read() if len(sys.argv) > 1 else sys.stdin.read()
doc = json.loads(text)
print(f"version: {doc.get('version')}")
for unit in doc.get("units", []):
    print(f"unit: {unit['file']} {unit['status']} errors={len(unit['errors'])}")
    for e in unit["errors"]:
        print(f"  error: {e}")
print(f"findings: {len(doc.get('findings', []))}")
