#!/usr/bin/env python3
"""eviction.test's steps (they need arithmetic on the cache's size).

Fills the cache with the project's four units, uses a.cpp once more (so its
entries are the most recently used), then runs a.cpp alone with a limit of
half the cache's size, and prints what is left and which units a full run
then finds cached.
"""
import glob
import json
import os
import subprocess
import sys

exe, root = sys.argv[1], sys.argv[2]
cache = os.path.join(root, "cache")


def size():
    return sum(os.path.getsize(f) for f in glob.glob(os.path.join(cache, "??", "*")))


def run(*args):
    return subprocess.run([exe, "-p", ".", "--cache=cache", "--format=json", *args],
                          cwd=root, check=True, capture_output=True, text=True).stdout


run()
full = size()
run("src/a.cpp")
limit = full // 2
run("src/a.cpp", f"--cache-max-size={limit}")
left = size()
assert 0 < left <= limit * 0.9, (left, limit)
print("after a run with half the size as limit: within 90% of it")
doc = json.loads(run())
for unit in doc["units"]:
    print(f"{os.path.basename(unit['file'])}: {'cached' if unit.get('cached') else 'analysed'}")
print(f"cached={sum(1 for u in doc['units'] if u.get('cached'))} "
      f"analysed={sum(1 for u in doc['units'] if not u.get('cached'))}")
