#!/usr/bin/env python3
"""Facts about escape-check JSON reports for the cache tests.

  cached_units.py REPORT            one line per unit, by name: "<file>: cached"
                                    or "<file>: analysed", then the counts
  cached_units.py --strip REPORT    the report without the units' "cached"
                                    fields (what a fresh run prints), verbatim
                                    otherwise
"""
import json
import os
import sys

args = sys.argv[1:]
strip = args and args[0] == "--strip"
if strip:
    args = args[1:]
text = open(args[0]).read()
doc = json.loads(text)
if strip:
    for unit in doc["units"]:
        unit.pop("cached", None)
    # escape-check prints with two-space indentation and a final newline.
    sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    sys.exit(0)
counts = {"cached": 0, "analysed": 0}
# Sorted by name: -p runs take the database's own order.
for unit in sorted(doc["units"], key=lambda u: os.path.basename(u["file"])):
    state = "cached" if unit.get("cached") is True else "analysed"
    counts[state] += 1
    print(f"{os.path.basename(unit['file'])}: {state}")
print(f"cached={counts['cached']} analysed={counts['analysed']}")
