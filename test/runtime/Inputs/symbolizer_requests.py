"""Requests in llvm-symbolizer's protocol for escape-symbolizer.test: a few
addresses inside every function of each binary given (so inlined code is
hit), glibc's first functions and a missing file; with --edges, the
addresses whose answers are compared by hand instead: past the end of each
binary, and a glibc function with two names.
usage: symbolizer_requests.py [--edges] <binary>..."""
import subprocess
import sys

LIBC = "/usr/lib/x86_64-linux-gnu/libc.so.6"


def functions(path, limit):
    out = subprocess.run(["nm", "--defined-only", "-S", path],
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        f = line.split()
        if len(f) == 4 and f[2] in ("t", "T"):
            yield int(f[0], 16), int(f[1], 16)
            limit -= 1
            if not limit:
                return


edges = sys.argv[1:2] == ["--edges"]
binaries = sys.argv[2:] if edges else sys.argv[1:]
if edges:
    for path in binaries:
        print(f'CODE "{path}" 0x7fffffff')
    print(f'CODE "{LIBC}" 0x9e1a8')
else:
    for path in binaries:
        for start, size in functions(path, 10000):
            for off in sorted({0, size // 3, size // 2, max(size - 1, 0)}):
                print(f'CODE "{path}" {start + off:#x}')
    print(f'CODE "{LIBC}" 0x27248')
    print('CODE "/nonexistent/module" 0x10')
