"""Command line shared by the oracle scripts: tool paths, sources, and the
compile command after `--` (as escape-check itself takes it)."""
import argparse
import sys


def parse(description, extra_options=()):
    """Returns (options, compiler_args). extra_options: (flag, kwargs) pairs."""
    argv = sys.argv[1:]
    compiler_args = []
    if "--" in argv:
        i = argv.index("--")
        argv, compiler_args = argv[:i], argv[i + 1:]
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--escape-check", required=True)
    p.add_argument("--clangxx", required=True)
    for flag, kwargs in extra_options:
        p.add_argument(flag, **kwargs)
    p.add_argument("sources", nargs="+")
    return p.parse_args(argv), compiler_args
