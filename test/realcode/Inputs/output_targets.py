#!/usr/bin/env python3
"""Points escape-check's -o at things that must survive being written to.

Usage: output_targets.py DIR ESCAPE-CHECK-COMMAND...
For each target kind (a FIFO with a reader, a device node made with mknod, a symlink, /dev/stdout), runs the command with
`-o <target>` appended and prints what the target is afterwards and what its
reader received, one "kind: ..." line each, for FileCheck.
"""
import os
import stat
import subprocess
import sys
import threading

work, cmd = sys.argv[1], sys.argv[2:]


def kind(path):
    m = os.lstat(path).st_mode
    for test, name in ((stat.S_ISLNK, "symlink"), (stat.S_ISFIFO, "fifo"),
                       (stat.S_ISCHR, "char-device"), (stat.S_ISREG, "regular")):
        if test(m):
            return name
    return "other"


def summary(data):
    text = data.decode(errors="replace")
    return "received %s" % ("a report" if '"version": 1' in text and
                            text.rstrip().endswith("}") else repr(text[:80]))


def run(target, **kw):
    # -o goes before the command's `--` (after it, it would be a compiler
    # argument).
    return subprocess.run(cmd[:1] + ["-o", target] + cmd[1:], timeout=300,
                          **kw).returncode


# A FIFO: the reader must get the whole report, and the FIFO must stay.
fifo = os.path.join(work, "fifo")
os.mkfifo(fifo)
got = []
reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()),
                          daemon=True)
reader.start()
status = run(fifo)
reader.join(timeout=60)
if reader.is_alive():  # never opened for writing: release the reader
    open(fifo, "wb").close()
    reader.join()
print("fifo: exit %d, still a %s, reader %s" % (status, kind(fifo), summary(got[0])))

# A device node made with mknod (a copy of /dev/null): written through, never
# replaced by a regular file. (output-full.test shows the write reaches the
# device: a copy of /dev/full refuses it.)
if os.getuid() == 0:
    null = os.path.join(work, "null")
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    status = run(null)
    print("null: exit %d, still a %s" % (status, kind(null)))

# A symlink: the file it names gets the report, the link stays a link.
real = os.path.join(work, "real.json")
open(real, "w").write("old\n")
link = os.path.join(work, "link.json")
os.symlink("real.json", link)
status = run(link)
print("symlink: exit %d, still a %s, target %s" % (status, kind(link), summary(open(real, "rb").read())))

# A dangling symlink: the file it names is created.
dangling = os.path.join(work, "dangling.json")
os.symlink("made.json", dangling)
status = run(dangling)
print("dangling: exit %d, still a %s, target %s" % (
    status, kind(dangling), summary(open(os.path.join(work, "made.json"), "rb").read())))

# /dev/stdout redirected to a file that already holds output: appended to at
# the descriptor's offset, as a shell redirection would.
out = os.path.join(work, "stdout.txt")
with open(out, "wb") as f:
    f.write(b"before\n")
    f.flush()
    status = run("/dev/stdout", stdout=f)
data = open(out, "rb").read()
print("stdout: exit %d, kept earlier output %s, %s" % (
    status, data.startswith(b"before\n"), summary(data[len(b"before\n"):])))
print("left behind: %s" % sorted(n for n in os.listdir(work) if ".tmp" in n))
