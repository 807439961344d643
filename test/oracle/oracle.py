#!/usr/bin/env python3
"""Oracle checks of the escape analysis that need no hand labels (issue 3).

For every translation unit, compares escape-check's JSON report with what the
compiler itself says:
  (a) no parameter that LLVM's FunctionAttrs proves nocapture (clang++ -O2)
      is reported leaking (leaks or leaks-to-result);
  (b) every allocation that the -O2 pipeline removes (present in the IR with
      LLVM passes disabled, absent after -O2) is reported does-not-escape with
      elided: true;
  (c) every local that clang++ -Wreturn-stack-address flags is reported
      escaping.
Prints the counts; exits 1 on any contradiction or unit that fails.

  oracle.py --escape-check BIN --clang CLANGXX [-p BUILD_DIR] [FILE...]
            [-- FLAGS...]
"""
import argparse
import json
import os
import re
import shlex
import subprocess
import sys

ALLOC = {"_Znwm", "_Znam", "_ZnwmRKSt9nothrow_t", "_ZnamRKSt9nothrow_t",
         "_ZnwmSt11align_val_t", "_ZnamSt11align_val_t",
         "_ZnwmSt11align_val_tRKSt9nothrow_t",
         "_ZnamSt11align_val_tRKSt9nothrow_t", "malloc", "calloc", "realloc",
         "aligned_alloc", "strdup", "strndup"}

MD_RE = re.compile(r'^!(\d+) = (?:distinct )?!(\w+)\((.*)\)\s*$')
FIELD_RE = re.compile(r'(\w+): ("(?:[^"\\]|\\.)*"|![0-9]+|[^,]+)')


def fields(body):
    out = {}
    for k, v in FIELD_RE.findall(body):
        out[k] = v.strip().strip('"') if v.startswith('"') else v.strip()
    return out


class Module:
    """The few facts of textual LLVM IR the oracles need."""

    def __init__(self, text):
        self.md = {}
        self.functions = []  # (name, params, subprogram, body lines)
        lines = text.splitlines()
        for line in lines:
            m = MD_RE.match(line)
            if m:
                self.md['!' + m.group(1)] = (m.group(2), fields(m.group(3)))
        cur = None
        for line in lines:
            if line.startswith('define '):
                name = re.search(r'@("[^"]+"|[\w.$]+)\(', line).group(1).strip('"')
                start = line.index('@')
                start = line.index('(', start)
                depth, i = 0, start
                while i < len(line):
                    if line[i] == '(':
                        depth += 1
                    elif line[i] == ')':
                        depth -= 1
                        if depth == 0:
                            break
                    i += 1
                params = split_top(line[start + 1:i])
                sp = re.search(r'!dbg (![0-9]+)', line[i:])
                cur = (name, params, sp.group(1) if sp else None, [])
                self.functions.append(cur)
            elif line.startswith('}'):
                cur = None
            elif cur is not None:
                if line.lstrip().startswith('to label') and cur[3]:
                    cur[3][-1] += ' ' + line.strip()  # invoke continues
                else:
                    cur[3].append(line)

    def file_of(self, ref):
        seen = 0
        while ref in self.md and seen < 50:
            kind, f = self.md[ref]
            if kind == 'DIFile':
                return os.path.join(f.get('directory', ''),
                                    f.get('filename', ''))
            ref = f.get('file') or f.get('scope')
            seen += 1
        return ''

    def location(self, ref):
        kind, f = self.md.get(ref, ('', {}))
        if kind != 'DILocation':
            return None
        return (self.file_of(f.get('scope', '')),
                int(f.get('line', 0)), int(f.get('column', 0)))


def split_top(s):
    out, depth, cur = [], 0, ''
    for ch in s:
        if ch in '([{<':
            depth += 1
        elif ch in ')]}>':
            depth -= 1
        if ch == ',' and depth == 0:
            out.append(cur.strip())
            cur = ''
        else:
            cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def is_system(path):
    path = os.path.normpath(path)
    return path.startswith(('/usr/include/', '/usr/lib/',
                            '/usr/local/include/')) or '/include/c++/' in path


def alloc_sites(mod):
    sites = set()
    for name, params, sp, body in mod.functions:
        for line in body:
            m = re.search(r'(?:call|invoke) .*?@([\w.$]+)\(', line)
            if not m or m.group(1) not in ALLOC:
                continue
            d = re.search(r'!dbg (![0-9]+)', line)
            loc = mod.location(d.group(1)) if d else None
            if loc and loc[1] and not is_system(loc[0]):
                sites.add((os.path.basename(loc[0]), loc[1], loc[2]))
    return sites


def check_unit(args, source, flags, directory, counts, problems):
    main = os.path.basename(source)
    cmd = [args.escape_check, '--format=json', '--only=heap,local,param']
    if args.p:
        cmd += ['-p', args.p, source]
    else:
        cmd += [source, '--'] + flags
    r = run(cmd, cwd=directory)
    try:
        report = json.loads(r.stdout)
    except ValueError:
        problems.append('%s: escape-check produced no report (exit %d)\n%s' %
                        (source, r.returncode, r.stderr[-2000:]))
        return
    if r.returncode != 0 or any(u['status'] != 'ok' for u in report['units']):
        problems.append('%s: not analysed: %s' % (source, r.stderr[-2000:]))
        return
    counts['units'] += 1
    findings = report['findings']

    def find(kind, file, line, col=None, name=None):
        for f in findings:
            if f['kind'] == kind and os.path.basename(f['file']) == file and \
               f['line'] == line and (col is None or f['column'] == col) and \
               (name is None or f['name'] == name):
                yield f

    base = [args.clang] + flags + ['-g', '-S', '-emit-llvm', '-o', '-',
                                   source]
    opt = run(base + ['-O2'], cwd=directory)
    raw = run(base + ['-O2', '-Xclang', '-disable-llvm-passes'],
              cwd=directory)
    if opt.returncode or raw.returncode:
        problems.append('%s: clang failed: %s' % (source, opt.stderr[-500:]))
        return
    om, rm = Module(opt.stdout), Module(raw.stdout)

    # (a) nocapture parameters are never reported leaking.
    for name, params, sp, body in om.functions:
        nocap = {}
        for i, p in enumerate(params):
            m = re.search(r'(%[\w.]+)$', p)
            if m and ' nocapture' in ' ' + p:
                nocap[m.group(1)] = i
        if not nocap:
            continue
        for line in body:
            m = re.search(r'#dbg_(?:value|declare)\(ptr (%[\w.]+), (![0-9]+)',
                          line)
            if not m or m.group(1) not in nocap:
                continue
            kind, var = om.md.get(m.group(2), ('', {}))
            if kind != 'DILocalVariable' or 'arg' not in var:
                continue
            vfile = os.path.basename(om.file_of(var.get('file', '')))
            vline = int(var.get('line', 0))
            counts['a_checked'] += 1
            for f in find('param', vfile, vline, name=var.get('name')):
                if f['verdict'] in ('leaks', 'leaks-to-result'):
                    problems.append(
                        '(a) %s:%d: %s is nocapture in %s but reported %s' %
                        (vfile, vline, var.get('name'), name, f['verdict']))
            nocap.pop(m.group(1))

    # (b) removed allocations are reported elided and not escaping.
    before = alloc_sites(rm)
    counts['b_sites'] += len(before)
    removed = before - alloc_sites(om)
    for file, line, col in sorted(removed):
        counts['b_checked'] += 1
        ok = [f for f in find('heap', file, line, col)
              if f['verdict'] == 'does-not-escape' and f['elided']]
        if not ok:
            problems.append('(b) %s:%d:%d: removed by -O2 but reported %s' %
                            (file, line, col,
                             [f['message'] for f in find('heap', file, line,
                                                         col)] or 'nothing'))

    # (c) -Wreturn-stack-address locals are reported escaping.
    w = run([args.clang] + flags + ['-fsyntax-only', '-Wreturn-stack-address',
                                    source], cwd=directory)
    for m in re.finditer(r"^(.*?):(\d+):(\d+): warning: (?:address of|"
                         r"reference to) stack memory associated with "
                         r"(?:local variable|parameter) '(\w+)' returned",
                         w.stderr, re.M):
        file, line, var = os.path.basename(m.group(1)), int(m.group(2)), \
            m.group(4)
        counts['c_checked'] += 1
        ok = [f for f in findings if f['kind'] == 'local' and
              os.path.basename(f['file']) == file and f['name'] == var and
              f['line'] <= line and f['verdict'] == 'escapes']
        if not ok:
            problems.append('(c) %s:%d: clang warns %s is returned; '
                            'not reported escaping' % (file, line, var))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--escape-check', required=True)
    ap.add_argument('--clang', required=True)
    ap.add_argument('-p', help='build directory with compile_commands.json')
    ap.add_argument('files', nargs='*')
    argv = sys.argv[1:]
    flags = []
    if '--' in argv:
        flags = argv[argv.index('--') + 1:]
        argv = argv[:argv.index('--')]
    args = ap.parse_args(argv)
    # Units run in their own directories: keep paths to the tools absolute.
    if os.sep in args.escape_check:
        args.escape_check = os.path.abspath(args.escape_check)
    if os.sep in args.clang:
        args.clang = os.path.abspath(args.clang)
    if args.p:
        args.p = os.path.abspath(args.p)

    units = []
    if args.p:
        db = json.load(open(os.path.join(args.p, 'compile_commands.json')))
        for e in db:
            cmd = e.get('arguments') or shlex.split(e['command'])
            out, skip = [], False
            for a in cmd[1:]:
                if skip:
                    skip = False
                    continue
                if a in ('-o', '-c', '-MF', '-MT', '-MQ'):
                    skip = a != '-c'
                    continue
                if a == e['file'] or a.endswith(os.path.basename(e['file'])):
                    continue
                if a.startswith('-O'):
                    continue
                out.append(a)
            units.append((e['file'], out, e['directory']))
    for f in args.files:
        units.append((os.path.abspath(f), flags, os.getcwd()))

    counts = {'units': 0, 'a_checked': 0, 'b_sites': 0, 'b_checked': 0,
              'c_checked': 0}
    problems = []
    for source, fl, d in units:
        check_unit(args, source, fl, d, counts, problems)
    print('oracle: %d units analysed' % counts['units'])
    print('oracle (a) nocapture parameters checked: %d' % counts['a_checked'])
    print('oracle (b) removed allocations checked: %d (of %d user-code '
          'allocation calls before -O2)' % (counts['b_checked'],
                                             counts['b_sites']))
    print('oracle (c) -Wreturn-stack-address locals checked: %d' %
          counts['c_checked'])
    print('oracle contradictions: %d' % len(problems))
    for p in problems:
        print('  ' + p)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
