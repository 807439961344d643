#!/usr/bin/env python3
"""Loads an escape-check HTML report in headless Chromium over the DevTools
protocol (--remote-debugging-pipe), prints what a reader sees: the findings
in the DOM, whether a flow's steps are hidden before and shown after its
summary is clicked, where a step's link leads, and whether the page asked
the network for anything; saves a screenshot.

Usage: html_check.py --chromium BIN --report FILE --screenshot PNG
"""
import argparse
import base64
import json
import os
import subprocess
import sys
import tempfile

PROBE = r"""
(() => {
  const findings = [...document.querySelectorAll('.finding[data-kind]')];
  const out = {
    findings: findings.length,
    kinds: [...new Set(findings.map(f => f.dataset.kind))].sort(),
    problem: document.querySelectorAll('.finding.problem').length,
    fine: document.querySelectorAll('.finding.fine').length,
    functions: document.querySelectorAll('#functions tr').length - 1,
    files: [...document.querySelectorAll('h2[id^=file-]')].map(h => h.textContent),
    scripts: document.querySelectorAll('script[src], link[href]').length,
    messages: findings.map(f => f.querySelector('summary, span.pos')
                                 ? (f.querySelector('summary') || f).textContent.trim()
                                 : f.textContent.trim()),
  };
  // The first flow whose steps link to lines of the report.
  const details = [...document.querySelectorAll('.finding details')]
      .find(d => d.querySelector('li.step a'));
  if (details) {
    const step = details.querySelector('li.step');
    out.stepVisibleBefore = step.checkVisibility();
    details.querySelector('summary').click();
    out.stepVisibleAfter = step.checkVisibility();
    out.stepText = step.textContent;
    const link = details.querySelector('li.step a');
    if (link) {
      const target = document.getElementById(link.getAttribute('href').slice(1));
      out.linkTarget = target ? target.querySelector('td.ln').textContent : null;
    }
  }
  return JSON.stringify(out);
})()
"""


class Pipe:
    def __init__(self, chromium, profile):
        self.to_r, self.to_w = os.pipe()
        self.from_r, self.from_w = os.pipe()
        # Chromium reads commands on fd 3 and writes replies on fd 4.
        def child():
            # Through spare numbers, so that neither end is overwritten, and
            # inheritable (os.pipe() makes close-on-exec descriptors).
            r, w = os.dup(self.to_r), os.dup(self.from_w)
            os.dup2(r, 3, inheritable=True)
            os.dup2(w, 4, inheritable=True)
        self.proc = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--no-first-run", "--remote-debugging-pipe",
             f"--user-data-dir={profile}", "--window-size=1200,900",
             "about:blank"],
            # close_fds would close 3 and 4 after preexec_fn has set them up.
            close_fds=False, preexec_fn=child,
            stdout=subprocess.DEVNULL,
            stderr=None if os.environ.get("HTML_CHECK_DEBUG") else subprocess.DEVNULL)
        os.close(self.to_r)
        os.close(self.from_w)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_w, json.dumps(msg).encode() + b"\0")
        while True:
            reply = self.read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    sys.exit(f"{method}: {reply['error']}")
                return reply["result"]
            self.events.append(reply)

    def wait_event(self, method):
        while True:
            for i, e in enumerate(self.events):
                if e.get("method") == method:
                    return self.events.pop(i)
            self.events.append(self.read())

    def read(self):
        while b"\0" not in self.buf:
            chunk = os.read(self.from_r, 1 << 16)
            if not chunk:
                sys.exit("chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def close(self):
        try:
            self.send("Browser.close")
        except SystemExit:
            pass
        self.proc.wait(timeout=30)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--chromium", required=True)
    p.add_argument("--report", required=True)
    p.add_argument("--screenshot", required=True)
    a = p.parse_args()

    with tempfile.TemporaryDirectory() as profile:
        cdp = Pipe(a.chromium, profile)
        target = cdp.send("Target.createTarget", {"url": "about:blank"})
        session = cdp.send("Target.attachToTarget",
                           {"targetId": target["targetId"], "flatten": True})["sessionId"]
        cdp.send("Page.enable", session=session)
        cdp.send("Network.enable", session=session)
        url = "file://" + os.path.abspath(a.report)
        cdp.send("Page.navigate", {"url": url}, session=session)
        cdp.wait_event("Page.loadEventFired")
        requests = [e["params"]["request"]["url"] for e in cdp.events
                    if e.get("method") == "Network.requestWillBeSent"]
        result = cdp.send("Runtime.evaluate",
                          {"expression": PROBE, "returnByValue": True},
                          session=session)
        if "exceptionDetails" in result:
            sys.exit(f"probe failed: {result['exceptionDetails']}")
        facts = json.loads(result["result"]["value"])
        shot = cdp.send("Page.captureScreenshot", {"format": "png"},
                        session=session)
        with open(a.screenshot, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        cdp.close()

    print(f"findings: {facts['findings']}")
    print(f"kinds: {' '.join(facts['kinds'])}")
    print(f"problem: {facts['problem']} fine: {facts['fine']}")
    print(f"functions: {facts['functions']}")
    print(f"files: {' '.join(facts['files'])}")
    print(f"external resources: {facts['scripts']}")
    print(f"network requests: {len([u for u in requests if not u.startswith('file:')])}")
    for m in facts["messages"]:
        print(f"finding: {' '.join(m.split())}")
    if "stepVisibleBefore" in facts:
        print(f"step visible before click: {facts['stepVisibleBefore']}")
        print(f"step visible after click: {facts['stepVisibleAfter']}")
        print(f"step: {' '.join(facts['stepText'].split())}")
        print(f"step link goes to line: {facts.get('linkTarget')}")
    print(f"screenshot: {os.path.getsize(a.screenshot)} bytes")


if __name__ == "__main__":
    sys.exit(main())
