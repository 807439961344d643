"""Runs a program under libescapetrace with http=127.0.0.1:0, finds the
port in its "serving" line, waits for the program's own "ready" line (its
live set is then full), runs the given actions against it, then closes
the program's stdin and reports how it exited. Output for FileCheck.

usage: serve.py <libescapetrace.so> <ESCAPETRACE> <program> ACTION...
  get:<path>            GET, print the status and the body's first line
  post:<path>:<body>    POST, the same
  cmd:<shell command>   run it with {url} = http://127.0.0.1:<port>
  concurrent:<n>:<path> n GETs at once; prints how many got 200
  tasks                 print how many threads the program has now
"""
import concurrent.futures
import http.client
import os
import re
import subprocess
import sys
import time

lib, trace, program, *actions = sys.argv[1:]
env = dict(os.environ, LD_PRELOAD=lib, ESCAPETRACE=trace)
proc = subprocess.Popen([program], env=env, stdin=subprocess.PIPE,
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
port = None
stderr_lines = []
deadline = time.time() + 30
while time.time() < deadline:
    line = proc.stderr.readline().decode()
    if not line:
        break
    stderr_lines.append(line)
    m = re.search(r"serving http://127\.0\.0\.1:(\d+)/debug/pprof/", line)
    if m:
        port = int(m.group(1))
    if port is not None and line.strip() == "ready":
        break
if port is None or not stderr_lines or stderr_lines[-1].strip() != "ready":
    proc.kill()
    sys.exit("serve.py: no serving and ready lines: " + "".join(stderr_lines))
print("serving")
url = f"http://127.0.0.1:{port}"


def request(method, path, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request(method, path, body=body)
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp.status, data


for action in actions:
    kind, _, rest = action.partition(":")
    if kind in ("get", "post"):
        path, body = rest, None
        if kind == "post":
            path, _, body = rest.partition(":")
        status, data = request(kind.upper(), path, body)
        first = data.split(b"\n", 1)[0][:200]
        print(f"{kind.upper()} {path} -> {status} {first!r}")
    elif kind == "cmd":
        out = subprocess.run(rest.replace("{url}", url), shell=True,
                             capture_output=True, text=True)
        print(f"CMD {rest}\n{out.stdout}{out.stderr}CMD exit {out.returncode}")
    elif kind == "tasks":
        print(f"TASKS {len(os.listdir(f'/proc/{proc.pid}/task'))}")
    elif kind == "concurrent":
        n, _, path = rest.partition(":")
        with concurrent.futures.ThreadPoolExecutor(int(n)) as pool:
            results = list(pool.map(lambda _: request("GET", path)[0],
                                    range(int(n))))
        print(f"CONCURRENT {results.count(200)} of {n} got 200")
    sys.stdout.flush()

out, err = proc.communicate(input=b"", timeout=60)
print(out.decode(), end="")
own = [l for l in stderr_lines if "serving http" not in l and l.strip() != "ready"]
print("".join(own) + err.decode(), end="", file=sys.stderr)
print(f"program exit {proc.returncode}")
