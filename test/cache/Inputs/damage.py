#!/usr/bin/env python3
"""Damages entries of an escape-check cache for corrupt.test.

  damage.py CACHE              the four result entries (*.r), sorted by name:
                               truncated, one byte flipped, emptied, replaced
                               by a file that is no entry
  damage.py CACHE --manifest   the first manifest (*.m) overwritten with text
"""
import glob
import os
import sys

cache = sys.argv[1]
if len(sys.argv) > 2 and sys.argv[2] == "--manifest":
    manifest = sorted(glob.glob(os.path.join(cache, "??", "*.m")))[0]
    open(manifest, "w").write("not a manifest\n")
    sys.exit(0)
results = sorted(glob.glob(os.path.join(cache, "??", "*.r")))
assert len(results) == 4, results
data = open(results[0], "rb").read()
open(results[0], "wb").write(data[: len(data) // 2])
data = bytearray(open(results[1], "rb").read())
data[-2] ^= 0x20
open(results[1], "wb").write(bytes(data))
open(results[2], "wb").write(b"")
open(results[3], "wb").write(b"#include <vector>\n")
