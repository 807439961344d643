"""Prints the optimisation level scripts/demo announced (its stderr), the
one in the JSON report's settings, and the one README's prose states."""
import json
import re
import sys

err, report, readme = (open(p).read() for p in sys.argv[1:4])
demo = re.search(r"analysed at -(O[0-3sz])", err)
stated = re.search(r"analysed at `-(O[0-3sz])`", readme)
print(f"demo: {demo and demo[1]} json: {json.loads(report)['settings']['opt']} "
      f"readme: {stated and stated[1]}")
