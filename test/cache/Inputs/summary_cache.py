"""Looks at and damages the summary cache's entries (summary-cache.test).

summary_cache.py <dir> count         number of entries
summary_cache.py <dir> inodes        the entries' inode numbers, sorted
summary_cache.py <dir> mark          appends a comment line to every entry
summary_cache.py <dir> marked        how many entries carry it
summary_cache.py <dir> garbage       overwrites every entry with junk
summary_cache.py <dir> old-format    gives every entry format version 0
summary_cache.py <dir> stale         zeroes the hash of each entry's first input
summary_cache.py <dir> zeroed        how many entries have a zeroed hash
summary_cache.py <dir> valid         how many entries start as a summary file
"""
import glob
import os
import sys

MARK = "# marked by summary_cache.py\n"
ZERO = "0" * 64


def entries(d):
    return sorted(glob.glob(os.path.join(d, "*.summaries")))


def rewrite(path, f):
    with open(path) as h:
        text = h.read()
    with open(path, "w") as h:
        h.write(f(text))


def first_input_zeroed(text):
    out, done = [], False
    for line in text.splitlines(keepends=True):
        if not done and line.startswith("input "):
            _, _, path = line.split(" ", 2)
            line = "input " + ZERO + " " + path
            done = True
        out.append(line)
    return "".join(out)


def main():
    d, cmd = sys.argv[1], sys.argv[2]
    es = entries(d)
    if cmd == "count":
        print(len(es))
    elif cmd == "inodes":
        print(" ".join(str(n) for n in sorted(os.stat(e).st_ino for e in es)))
    elif cmd == "mark":
        for e in es:
            rewrite(e, lambda t: t + MARK)
    elif cmd == "marked":
        print(sum(1 for e in es if MARK in open(e).read()))
    elif cmd == "garbage":
        for e in es:
            rewrite(e, lambda t: "this is not a summary file\n")
    elif cmd == "old-format":
        for e in es:
            rewrite(e, lambda t: t.replace("escape-check library summaries 1\n",
                                           "escape-check library summaries 0\n", 1))
    elif cmd == "stale":
        for e in es:
            rewrite(e, first_input_zeroed)
    elif cmd == "zeroed":
        print(sum(1 for e in es if ("input " + ZERO) in open(e).read()))
    elif cmd == "valid":
        print(sum(1 for e in es
                  if open(e).readline() == "escape-check library summaries 1\n"))
    else:
        sys.exit("unknown command " + cmd)


main()
