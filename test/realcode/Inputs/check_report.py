#!/usr/bin/env python3
"""Checks a JSON report of real-library units (issue 15 acceptance):
every unit analysed, no finding located under /usr/include (library code
by default), no finding with an empty name, function or callee, no hint for
an unnamed parameter. Prints one summary line per unit for FileCheck."""
import collections
import json
import os
import sys

report = json.load(open(sys.argv[1]))
bad = []
for unit in report["units"]:
    if unit["status"] != "ok":
        bad.append("unit %s: %s %s" % (unit["file"], unit["status"], unit["errors"][:1]))
per_file = collections.Counter()
for f in report["findings"]:
    where = "%s:%s:%s" % (f["file"], f["line"], f["column"])
    path = os.path.abspath(f["file"])
    if path.startswith("/usr/include/"):
        bad.append("%s: in library code: %s" % (where, f["message"]))
    if not f["function"]:
        bad.append("%s: no function: %s" % (where, f["message"]))
    names = [f["callee"]] if f["kind"] == "inline" else [f["name"]]
    if any(not n.strip() for n in names) or f["message"].startswith(" "):
        bad.append("%s: empty name: %s" % (where, f["message"]))
    for step in f["explanation"]:
        if "noescape" in step["message"] and f["name"].startswith("~p"):
            bad.append("%s: hint for an unnamed parameter" % where)
    per_file[os.path.basename(f["file"])] += 1
for unit in report["units"]:
    print("unit %s: %s" % (os.path.basename(unit["file"]), unit["status"]))
print("findings in: %s" % ", ".join(sorted(per_file)))
for b in bad:
    print("BAD " + b)
print("problems: %d" % len(bad))
