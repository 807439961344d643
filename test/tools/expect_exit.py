#!/usr/bin/env python3
"""Runs a command and succeeds only if it exits with the expected status.

Usage: expect_exit.py CODE COMMAND [ARGS...]
The command's stdout and stderr pass through unchanged, so FileCheck can read
them; lit's `not` only knows zero and non-zero, the exit codes of docs/usage.md differ.
"""
import subprocess
import sys

want = int(sys.argv[1])
proc = subprocess.run(sys.argv[2:])
if proc.returncode != want:
    sys.stderr.write(f"expect_exit: exit status {proc.returncode}, expected {want}\n")
    sys.exit(1)
