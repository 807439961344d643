#!/usr/bin/env python3
"""Writes `int f(int *p) { return p[0] + p[1] + ... ; }` with N terms: clang's
IR generation recurses once per term and overflows its stack between 38,000
and 41,000 terms (plain clang-19 crashes on it too)."""
import sys

path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    f.write("int f(int *p) { return " + " + ".join("p[%d]" % i for i in range(n)) + "; }\n")
