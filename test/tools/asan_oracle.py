#!/usr/bin/env python3
"""Dynamic soundness oracle: AddressSanitizer judges escape-check's verdicts.

An input carries the code under test and, under `#ifdef DRIVER`, a `main`
that makes the escape happen at run time (escape-check never sees the
driver). The input says what its driver proves, in comments:

  // PROVES: x in f()                      local (or by-value parameter) x of
                                           f() is used after f() returned
  // PROVES: p in g(int*) via t in call()  parameter p of g: the driver's
                                           call() only passes &t to g, and t
                                           is used after call() returned
  // PROVES: heap in f()                   the allocation on this line, made
                                           by f(), is used after f() returned
                                           (the driver frees it, then reads)
  // CONTROL: x in f()                     escape-check reports x (any
                                           verdict); ASan must stay silent

The input is built with clang++-19 -O1 -g -fsanitize=address and run with
ASAN_OPTIONS=detect_stack_use_after_return=1:detect_stack_use_after_scope=1.
Each ASan report must be one the input declares, and each declared proof
must be reported (so a driver that stops proving fails the test). Then every
proven item is looked up in escape-check's JSON findings (--format=json -m=2,
with and without --no-inline): a `does-not-escape` verdict, or no finding at
all, is unsound. Items listed in the known-unsound file are expected to be
unsound; one that is no longer unsound fails too, so the list only shrinks.

  asan_oracle.py run --escape-check BIN --clangxx CLANGXX --known LIST IN.cpp
  asan_oracle.py check --source IN.cpp --asan-log LOG --json MODE=REPORT...
                       [--known LIST]        (recorded output; unit tests)
  asan_oracle.py list --known LIST DIR       (every entry names a proof)

Exit status 0 when everything agrees, 1 otherwise. See docs/accuracy.md.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

MODES = ("inline", "no-inline")
ASAN_FLAGS = ["-O1", "-g", "-fsanitize=address", "-DDRIVER",
              # Every report, not only the first: one input may prove several.
              "-fsanitize-recover=address",
              # Each variable lives in the frame of the function declaring it,
              # so its end is that function's return (with inlining, ASan sees
              # an inlined callee's local as a scope of the caller's frame).
              "-fno-inline", "-fno-omit-frame-pointer"]
ASAN_OPTIONS = ("detect_stack_use_after_return=1:detect_stack_use_after_scope=1:"
                "halt_on_error=0:detect_leaks=0:symbolize=1")
STACK_KINDS = ("stack-use-after-return", "stack-use-after-scope")
HEAP_KINDS = ("heap-use-after-free",)

# ---------------------------------------------------------------- names

def norm_function(name):
    """One spelling for a function as the symbolizer and escape-check write it:
    no return type (templates), ABI tags, or trailing cv-qualifier spaces."""
    name = re.sub(r"\[abi:[^\]]*\]", "", name).strip()
    paren = -1
    depth = 0
    for i, ch in enumerate(name):
        if ch == "<":
            depth += 1
        elif ch == ">":
            depth -= 1
        elif ch == "(" and depth == 0 and i > 0 and not name[:i].endswith("operator"):
            paren = i
            break
    head = name if paren < 0 else name[:paren]
    # A depth-0 space before the parameter list ends a return type.
    cut = -1
    depth = 0
    for i, ch in enumerate(head):
        if ch in "<(":
            depth += 1
        elif ch in ">)":
            depth -= 1
        elif ch == " " and depth == 0:
            cut = i
    if cut >= 0 and not head[:cut].endswith(("operator", "(anonymous", "::")):
        name = name[cut + 1:]
    return re.sub(r"\s+", " ", name)


def same_function(a, b):
    return norm_function(a) == norm_function(b)


def norm_variable(name):
    """ASan prints alloca names: `x.addr` for a by-value parameter's copy."""
    return re.sub(r"\.addr$", "", name)

# ---------------------------------------------------------------- ASan

FRAME_RE = re.compile(r"^\s*#(\d+) 0x[0-9a-f]+ in (.+?)(?: (\S+?):(\d+)(?::\d+)?| \(.*\))?$")
ERROR_RE = re.compile(r"==\d+==ERROR: AddressSanitizer: (\S+)")
VAR_RE = re.compile(r"^\s*\[\d+, \d+\) '(.+?)'(?: \(line (\d+)\))? <== ")


class Frame:
    def __init__(self, function, file, line):
        self.function, self.file, self.line = function, file, line

    def __repr__(self):
        return f"{self.function} {self.file}:{self.line}"


class Report:
    """One ASan error: what was accessed, by whom, and where it lived."""

    def __init__(self, kind):
        self.kind = kind
        self.access = []       # stack of the faulting access
        self.frame = None      # stack reports: the frame the variable lived in
        self.variable = None   # stack reports: the alloca's name
        self.variable_line = None
        self.allocated = []    # heap reports: the allocation's stack
        self.used = False      # matched to a declared proof

    def describe(self):
        if self.kind in STACK_KINDS:
            where = self.frame.function if self.frame else "?"
            return f"{self.kind} on '{self.variable}' in frame {where}"
        site = next((f for f in self.allocated if f.file), None)
        return f"{self.kind} on a block allocated at {site}"


def parse_asan(text):
    reports, cur, section = [], None, None
    for line in text.splitlines():
        m = ERROR_RE.search(line)
        if m:
            cur = Report(m.group(1))
            reports.append(cur)
            section = "access"
            continue
        if cur is None:
            continue
        if "is located in stack of thread" in line:
            section = "frame"
            continue
        if "previously allocated by thread" in line:
            section = "allocated"
            continue
        if "freed by thread" in line:
            section = "freed"
            continue
        m = FRAME_RE.match(line)
        if m:
            frame = Frame(m.group(2).strip(), m.group(3), int(m.group(4) or 0))
            if section == "access":
                cur.access.append(frame)
            elif section == "frame" and cur.frame is None:
                cur.frame = frame
            elif section == "allocated":
                cur.allocated.append(frame)
            continue
        m = VAR_RE.match(line)
        if m and section == "frame":
            cur.variable = m.group(1)
            cur.variable_line = int(m.group(2)) if m.group(2) else None
            continue
        if line.startswith("SUMMARY: AddressSanitizer"):
            cur, section = None, None
    return reports

# ---------------------------------------------------------------- inputs

PROVES_RE = re.compile(r"//\s*(PROVES|CONTROL):\s*(.+?)\s*$")
ITEM_RE = re.compile(r"^(?:(heap)|(\S+)) in (.+?)(?: via (\S+) in (.+))?$")


class Item:
    """One declared fact about the input (a PROVES or CONTROL line)."""

    def __init__(self, directive, text, line):
        self.directive, self.text, self.line = directive, text, line
        m = ITEM_RE.match(text)
        if not m:
            raise ValueError(f"line {line}: cannot read '{text}'")
        self.heap = bool(m.group(1))
        self.name, self.function = m.group(2), m.group(3)
        self.via_name, self.via_function = m.group(4), m.group(5)
        self.reports = []

    @property
    def kind(self):
        if self.heap:
            return "heap"
        return "param" if self.via_name else "local"

    def proven_by(self, report, source_base):
        if self.heap:
            if report.kind not in HEAP_KINDS:
                return False
            site = next((f for f in report.allocated
                         if f.file and os.path.basename(f.file) == source_base), None)
            if site is None or site.line != self.line or not same_function(site.function, self.function):
                return False
            # Used after the allocating frame returned: f is not on the stack.
            return not any(same_function(f.function, self.function) for f in report.access)
        if report.kind not in STACK_KINDS or report.frame is None or report.variable is None:
            return False
        name, function = ((self.via_name, self.via_function) if self.via_name
                          else (self.name, self.function))
        if norm_variable(report.variable) != name or not same_function(report.frame.function, function):
            return False
        if report.kind == "stack-use-after-scope":
            # A scope that ended inside a live frame is not an escape from it.
            return not any(same_function(f.function, function) for f in report.access)
        return True


def read_items(source):
    items = []
    with open(source) as f:
        for n, line in enumerate(f, 1):
            m = PROVES_RE.search(line)
            if m:
                items.append(Item(m.group(1), m.group(2), n))
    return items


def matching_findings(item, findings, source_base):
    out = []
    for f in findings:
        if os.path.basename(f.get("file", "")) != source_base:
            continue
        if item.heap:
            if f.get("kind") == "heap" and f.get("line") == item.line and \
                    same_function(f.get("function", ""), item.function):
                out.append(f)
        elif item.via_name:
            if f.get("kind") == "param" and f.get("name") == item.name and \
                    same_function(f.get("function", ""), item.function):
                out.append(f)
        elif f.get("kind") in ("local", "param") and f.get("name") == item.name:
            lines = {r.variable_line for r in item.reports if r.variable_line}
            if (f.get("line") in lines) if lines else \
                    same_function(f.get("function", ""), item.function):
                out.append(f)
    if not item.heap and not item.via_name:
        # A local of a function inlined elsewhere in the unit has a finding
        # per copy; the copy that ran is the one in ASan's frame.
        ran = [f for f in out if same_function(f.get("function", ""), item.function)]
        out = ran or out
    return out

# ---------------------------------------------------------------- known list

def read_known(path):
    """{(input, mode, item text): (line number, reason)}"""
    known = {}
    if not path:
        return known
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            body, sep, reason = line.partition(" -- ")
            parts = body.split(None, 2)
            if not sep or not reason.strip() or len(parts) != 3 or parts[1] not in MODES:
                raise ValueError(f"{path}:{n}: want '<input> <inline|no-inline> <item> -- <reason>'")
            known[(parts[0], parts[1], parts[2].strip())] = (n, reason.strip())
    return known

# ---------------------------------------------------------------- judging

def driver_lines(source):
    """Line numbers inside `#ifdef DRIVER ... #endif` (code escape-check never sees)."""
    lines, depth = set(), 0
    with open(source, errors="replace") as f:
        for n, line in enumerate(f, 1):
            s = line.strip()
            if depth:
                lines.add(n)
                if re.match(r"#\s*if", s):
                    depth += 1
                elif re.match(r"#\s*endif", s):
                    depth -= 1
            elif re.match(r"#\s*ifdef\s+DRIVER\b", s):
                lines.add(n)
                depth = 1
    return lines


def implicit_item(report, base, driver):
    """The proof a report makes by itself, for inputs that declare none; a
    variable or allocation of the driver's own code proves nothing."""
    if report.kind in HEAP_KINDS:
        site = next((f for f in report.allocated
                     if f.file and os.path.basename(f.file) == base), None)
        if site and site.line not in driver:
            return Item("PROVES", f"heap in {site.function}", site.line)
    elif report.kind in STACK_KINDS and report.frame and report.variable:
        if report.frame.line not in driver:
            return Item("PROVES", f"{norm_variable(report.variable)} in {report.frame.function}", 0)
    return None


def judge(source, asan_text, reports_by_mode, known, out, implicit=False):
    """Prints one line per fact; returns the number of failures.
    implicit: the input declares no proofs (an input of another test area
    with a driver); each ASan report proves what it names."""
    base = os.path.basename(source)
    items = read_items(source)
    failures = 0

    def fail(msg):
        nonlocal failures
        failures += 1
        out.write(f"asan-oracle: FAIL: {base}: {msg}\n")

    reports = parse_asan(asan_text)
    if implicit:
        driver = driver_lines(source)
        for r in reports:
            item = implicit_item(r, base, driver)
            if item is None:
                r.used = True
                out.write(f"asan-oracle: {base}: ignored: {r.describe()} (driver code)\n")
            elif item.proven_by(r, base) and not any(i.text == item.text for i in items):
                items.append(item)
    for r in reports:
        for item in items:
            if item.directive == "PROVES" and item.proven_by(r, base):
                item.reports.append(r)
                r.used = True
    out.write(f"asan-oracle: {base}: ASan reports {len(reports)}, "
              f"{sum(1 for i in items if i.directive == 'PROVES')} proofs declared\n")
    if not implicit and not items:
        fail("declares no PROVES or CONTROL line")
    for r in reports:
        if not r.used:
            fail(f"ASan reports {r.describe()}, which no PROVES line of the input declares")
    for item in items:
        if item.directive == "PROVES" and not item.reports:
            fail(f"line {item.line}: the driver does not prove '{item.text}' (ASan reports nothing on it)")
        if item.directive == "CONTROL" and any(
                r.frame and norm_variable(r.variable or "") == item.name and
                same_function(r.frame.function, item.function) for r in reports):
            fail(f"line {item.line}: ASan reports the control '{item.text}'")

    for mode in MODES:
        doc = reports_by_mode.get(mode)
        if doc is None:
            continue
        if any(u.get("status") != "ok" for u in doc.get("units", [])):
            fail(f"[{mode}] escape-check did not analyse the unit: {doc.get('units')}")
            continue
        findings = doc.get("findings", [])
        for item in items:
            found = matching_findings(item, findings, base)
            if item.directive == "CONTROL":
                if not found:
                    fail(f"[{mode}] line {item.line}: escape-check reports nothing for the control '{item.text}'")
                else:
                    # Any verdict is sound here; an escapes is only imprecise.
                    verdicts = ",".join(sorted({f.get('verdict') for f in found}))
                    out.write(f"asan-oracle: {base} [{mode}] control {item.text}: {verdicts}, ASan silent\n")
                continue
            if not item.reports:
                continue
            wrong = [f for f in found if f.get("verdict") == "does-not-escape"]
            if wrong:
                problem = "does not escape"
            elif not found:
                problem = "no finding (the escape is not reported)"
            else:
                problem = None
            key = (base, mode, item.text)
            listed = known.get(key)
            proof = item.reports[0].kind
            if problem and listed:
                out.write(f"asan-oracle: {base} [{mode}] {item.text}: {problem}, "
                          f"disproved by {proof} (known unsound, line {listed[0]})\n")
            elif problem:
                fail(f"[{mode}] {item.text}: escape-check says {problem}, "
                     f"but ASan reports {proof}")
            elif listed:
                verdicts = ",".join(sorted({f.get('verdict') for f in found}))
                fail(f"[{mode}] {item.text}: no longer unsound ({verdicts}); "
                     f"remove line {listed[0]} of the known-unsound list")
            else:
                verdicts = ",".join(sorted({f.get('verdict') for f in found}))
                out.write(f"asan-oracle: {base} [{mode}] {item.text}: {verdicts}, "
                          f"agrees with {proof}\n")
    out.write(f"asan-oracle: {base}: {'FAIL' if failures else 'PASS'}\n")
    return failures

# ---------------------------------------------------------------- commands

def has_driver(source):
    with open(source, errors="replace") as f:
        return re.search(r"^#\s*ifdef\s+DRIVER\b", f.read(), re.M) is not None


def run_inputs(opts):
    known = read_known(opts.known)
    sources = [s for s in opts.sources if not opts.implicit or has_driver(s)]
    bad = sum(run_input(opts, s, known) for s in sources)
    if len(opts.sources) > 1 or opts.implicit:
        print(f"asan-oracle: {len(sources)} inputs with a driver, {bad} failing")
    return 1 if bad else 0


def run_input(opts, source, known):
    source = os.path.abspath(source)
    docs = {}
    for mode in MODES:
        cmd = [opts.escape_check, "--format=json", "-m=2"]
        if mode == "no-inline":
            cmd.append("--no-inline")
        cmd += [source, "--", "-std=c++17"]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        try:
            docs[mode] = json.loads(proc.stdout)
        except json.JSONDecodeError:
            sys.stdout.write(f"asan-oracle: FAIL: escape-check [{mode}] exited {proc.returncode}:\n"
                             f"{proc.stderr}")
            return 1
    with tempfile.TemporaryDirectory() as tmp:
        exe = os.path.join(tmp, "driver")
        build = [opts.clangxx, *ASAN_FLAGS, "-std=c++17", "-pthread", source, "-o", exe]
        proc = subprocess.run(build, capture_output=True, text=True)
        if proc.returncode != 0:
            sys.stdout.write(f"asan-oracle: FAIL: cannot build the driver:\n{proc.stderr}")
            return 1
        env = dict(os.environ, ASAN_OPTIONS=ASAN_OPTIONS)
        # Frames and variables need the symbolizer of the same LLVM.
        symbolizer = os.path.join(os.path.dirname(os.path.realpath(
            shutil.which(opts.clangxx) or opts.clangxx)), "llvm-symbolizer")
        if os.path.exists(symbolizer):
            env["ASAN_SYMBOLIZER_PATH"] = symbolizer
        proc = subprocess.run([exe], capture_output=True, text=True, env=env, timeout=120)
        asan_text = proc.stderr
        if proc.returncode != 0:
            # Recovered reports leave the status alone: anything else is a
            # driver that did not run to the end.
            sys.stdout.write(f"asan-oracle: FAIL: {os.path.basename(source)}: the driver "
                             f"exited with status {proc.returncode}:\n{asan_text[-2000:]}")
            return 1
        if opts.save_log:
            with open(opts.save_log, "w") as f:
                f.write(asan_text)
    return 1 if judge(source, asan_text, docs, known, sys.stdout, opts.implicit) else 0


def check_recorded(opts):
    docs = {}
    for spec in opts.json:
        mode, _, path = spec.partition("=")
        if mode not in MODES:
            sys.exit(f"asan-oracle: --json wants MODE=FILE with MODE in {MODES}")
        with open(path) as f:
            docs[mode] = json.load(f)
    with open(opts.asan_log) as f:
        asan_text = f.read()
    return 1 if judge(opts.source, asan_text, docs, read_known(opts.known), sys.stdout,
                      opts.implicit) else 0


def check_list(opts):
    """Every known-unsound entry names an input and a proof it declares."""
    known = read_known(opts.known)
    bad = 0
    for (base, mode, text), (n, _) in sorted(known.items(), key=lambda kv: kv[1][0]):
        path = os.path.join(opts.inputs, base)
        if not os.path.isfile(path):
            print(f"asan-oracle: FAIL: {opts.known}:{n}: no input {base}")
            bad += 1
        elif not any(i.directive == "PROVES" and i.text == text for i in read_items(path)):
            print(f"asan-oracle: FAIL: {opts.known}:{n}: {base} declares no 'PROVES: {text}'")
            bad += 1
    print(f"asan-oracle: {len(known)} known-unsound entries, {bad} stale")
    return 1 if bad else 0


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="build, run and judge one input")
    r.add_argument("--escape-check", required=True)
    r.add_argument("--clangxx", required=True)
    r.add_argument("--known")
    r.add_argument("--save-log", help="also write ASan's output here")
    r.add_argument("--implicit", action="store_true",
                   help="inputs declare no proofs: skip those without a driver, "
                        "and let each ASan report prove what it names")
    r.add_argument("sources", nargs="+")
    c = sub.add_parser("check", help="judge recorded ASan output and JSON reports")
    c.add_argument("--source", required=True)
    c.add_argument("--asan-log", required=True)
    c.add_argument("--json", action="append", default=[], help="MODE=REPORT.json")
    c.add_argument("--known")
    c.add_argument("--implicit", action="store_true")
    lst = sub.add_parser("list", help="check the known-unsound list against the inputs")
    lst.add_argument("--known", required=True)
    lst.add_argument("inputs")
    opts = p.parse_args()
    try:
        return {"run": run_inputs, "check": check_recorded, "list": check_list}[opts.command](opts)
    except ValueError as e:
        print(f"asan-oracle: FAIL: {e}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
