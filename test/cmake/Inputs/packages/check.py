"""Reads the concatenated JSON reports of the packages consumer on stdin and
prints, per unit (sorted): its status, whether findings are located in its
own source, and how many are located outside the project (in /usr)."""
import json
import sys

decoder = json.JSONDecoder()
text, pos, rows = sys.stdin.read(), 0, []
while pos < len(text):
    if text[pos].isspace():
        pos += 1
        continue
    doc, pos = decoder.raw_decode(text, pos)
    files = [f["file"] for f in doc["findings"]]
    for unit in doc["units"]:
        name = unit["file"].split("/packages/", 1)[-1]
        here = any(f.endswith(name) for f in files)
        system = sum(f.startswith("/usr/") for f in files)
        rows.append(f"{name} {unit['status']} findings-here={'yes' if here else 'no'} "
                    f"system-findings={system}")
print("\n".join(sorted(rows)))
