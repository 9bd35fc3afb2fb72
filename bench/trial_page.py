"""The reliability trial's page parts (``bench/trial.py``): ``orgwork serve`` on a free port, hit
by 200 requests at once, by paths that climb out of its folders, by hosts and origins not its
own, by a zip bomb opened as a plan; killed while it saves; stopped with Ctrl-C. And scripts and
formulas in titles, in every file the annex is written to."""

from __future__ import annotations

import contextlib
import csv
import http.client
import json
import random
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
ORGWORK = [sys.executable, "-m", "cli"]
COSP = ROOT / "instances" / "cosp8-2019.yaml"
MOVE = {"period": "2019-12-19 pm", "body": "cosp", "index": "0", "to": "2019-12-20 am"}


@contextlib.contextmanager
def serving(session: Path) -> Iterator[tuple[int, subprocess.Popen[str]]]:
    """``orgwork serve`` on a free port, once its page answers."""
    child = subprocess.Popen(
        [*ORGWORK, "serve", str(session), "--no-browser", "--port", "0", "--time-limit", "5"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
    )
    assert child.stdout is not None
    port = int(re.search(r"127\.0\.0\.1:(\d+)/", child.stdout.readline()).group(1))  # type: ignore[union-attr]
    for _ in range(600):
        with contextlib.suppress(OSError):
            if ask(port, "GET", "/")[0] == 200:
                break
        time.sleep(0.1)
    try:
        yield port, child
    finally:
        if child.poll() is None:
            child.send_signal(signal.SIGINT)
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(30)
            if child.poll() is None:
                child.kill()


OWN = "(the page's own)"


def ask(
    port: int, method: str, path: str, headers: dict[str, str] | None = None, body: bytes | None = None, host: str | None = OWN
) -> tuple[int, bytes]:
    """One request; ``host``: the Host header as given (None: none at all), by default the page's own."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        if host is not None:
            connection.putheader("Host", f"127.0.0.1:{port}" if host == OWN else host)
        for key, value in (headers or {}).items():
            connection.putheader(key, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


def form(port: int) -> dict[str, str]:
    """The headers of a form the page posts."""
    return {"HX-Request": "true", "Origin": f"http://127.0.0.1:{port}", "Content-Type": "application/x-www-form-urlencoded"}


def concurrent(work: Path) -> Any:
    from bench.trial_run import Tally

    tally = Tally("concurrent page requests (16 at a time)")
    session = work / "cosp.yaml"
    session.write_bytes(COSP.read_bytes())
    rng = random.Random(41)
    with serving(session) as (port, _):
        body = urllib.parse.urlencode(MOVE).encode()
        choices = [("GET", "/?lang=en", None)] * 8 + [("GET", "/board", None)] * 3 + [("GET", "/ping?v=0", None)] * 3
        choices += [("GET", f"/download/{k}", None) for k in ("json", "xlsx", "docx")] + [("POST", "/move", body)] * 2
        choices += [("POST", "/undo", b""), ("POST", "/redo", b"")]
        plan = [rng.choice(choices) for _ in range(200)]

        def one(request: tuple[str, str, bytes | None]) -> tuple[str, int | str]:
            method, path, data = request
            try:
                return path, ask(port, method, path, form(port) if method == "POST" else None, data)[0]
            except OSError as exc:
                return path, repr(exc)

        start = time.perf_counter()
        with ThreadPoolExecutor(16) as pool:
            answers = list(pool.map(one, plan))
        took = time.perf_counter() - start
        for path, status in answers:
            tally.add(path, None if status in (200, 204) else f"answered {status}")
        tally.notes.append(f"200 requests in {took:.1f} s; the page still answers: {ask(port, 'GET', '/')[0] == 200}")
    return tally


TRAVERSALS = [
    "/static/../../../../etc/passwd",
    "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static//etc/passwd",
    "/static/..\\..\\..\\etc\\passwd",
    "/static/%252e%252e/%252e%252e/app.py",
    "/static/../app.py",
    "/static/htmx.min.js/../../app.py",
    "/static/....//....//etc/passwd",
    "/static/.%2e/.%2e/.%2e/etc/passwd",
    "/static/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "/download/..%2f..%2f..%2fetc%2fpasswd",
    "/download/../../etc/passwd",
    "/download/json?lang=../../../../etc/passwd",
    "/cell?period=../../etc/passwd&track=../..",
    "/board?lang=%00",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/static/%00../../etc/passwd",
]
UPLOADS = [
    "../../../../tmp/orgwork-trial-evil.json",
    "..\\..\\orgwork-trial-evil.json",
    "/tmp/orgwork-trial-evil.json",
    "a\x00/../../orgwork-trial-evil.json",
]


def traversal(work: Path) -> Any:
    from bench.trial_run import Tally

    tally = Tally("path traversal on the page")
    session = work / "cosp.yaml"
    session.write_bytes(COSP.read_bytes())
    leaked = (b"root:x:0:0", b"def create_app", b"import ")
    with serving(session) as (port, _):
        for path in TRAVERSALS:
            status, body = ask(port, "GET", path)
            bad = status >= 500 or any(mark in body for mark in leaked)
            tally.add(path, f"answered {status}, {body[:80]!r}" if bad else None)
        plan = ask(port, "GET", "/download/json")[1]
        for name in UPLOADS:
            parts = (
                b'--b\r\nContent-Disposition: form-data; name="plan"; filename="'
                + name.encode()
                + b'"\r\n\r\n'
                + plan
                + b"\r\n--b--\r\n"
            )
            headers = {**form(port), "Content-Type": "multipart/form-data; boundary=b"}
            status, _ = ask(port, "POST", "/open", headers, parts)
            stray = [p for p in (Path("/tmp/orgwork-trial-evil.json"), ROOT / "orgwork-trial-evil.json") if p.exists()]
            tally.add(f"upload named {name!r}", f"answered {status}" if status >= 500 else (f"wrote {stray}" if stray else None))
    return tally


PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    '=HYPERLINK("http://evil.example","x")',
    "+1+1",
    "-1+1",
    "@SUM(1)",
    "\t=1+1",
    "Item\r\nBEGIN:VEVENT\r\nSUMMARY:injected",
    "javascript:alert(1)",
]


def scripts(work: Path) -> Any:
    """Each title a payload; in every file written and on the page, it stays text."""
    from bench.trial_run import Tally, run

    tally = Tally("script and formulas in titles (every output, the page)")
    items = [{"number": str(n + 1), "title": {"en": p}, "minutes": 60} for n, p in enumerate(PAYLOADS)]
    doc = {
        "session": {"id": "evil", "title": {"en": "<script>alert('session')</script>"}},
        "calendar": {"days": ["2030-01-07", "2030-01-08", "2030-01-09"]},
        "bodies": [{"id": "wg", "name": {"en": "<b onmouseover=alert(1)>WG</b>"}, "items": items}],
    }
    session = work / "evil.yaml"
    session.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    texts: dict[str, str] = {}
    for suffix in (".html", ".md", ".csv", ".ics", ".xlsx", ".docx"):
        out = work / f"annex{suffix}"
        ran = run("solve", session, "-o", out, "-q")
        tally.add(f"solve -o {out.name}", None if ran.code == 0 else f"exit {ran.code}: {ran.err[-120:]}")
        if suffix not in (".xlsx", ".docx"):
            texts[suffix] = out.read_text(encoding="utf-8-sig")
    with serving(session) as (port, _):
        texts["page"] = ask(port, "GET", "/?lang=en")[1].decode()
    for where in ("page", ".html", ".md"):
        for raw in ("<script>", "<img src=x", "<b onmouseover"):
            tally.add(f"{where}: {raw}", f"{raw} left as markup" if raw in texts[where] else None)
    cells = [cell for row in csv.reader(texts[".csv"].splitlines()) for cell in row]
    for payload in PAYLOADS:
        live = [c for c in cells if c.strip() and c[0] in "=+-@\t\r" and payload.strip()[:3] in c]
        tally.add(f".csv: {payload[:20]!r}", f"cell {live[0][:30]!r} would run" if live else None)
    from openpyxl import load_workbook

    book = load_workbook(work / "annex.xlsx")
    formulas = [f"{s.title}!{c.coordinate}" for s in book.worksheets for row in s.iter_rows() for c in row if c.data_type == "f"]
    tally.add(".xlsx: cells holding a formula", f"{formulas[:3]}" if formulas else None)
    with zipfile.ZipFile(work / "annex.docx") as docx:
        fields = b"instrText" in docx.read("word/document.xml") or b"fldSimple" in docx.read("word/document.xml")
    tally.add(".docx: fields", "a field" if fields else None)
    injected = [line for line in texts[".ics"].splitlines() if line.startswith("SUMMARY:injected")]
    tally.add(".ics: a line break in a title", "an event injected" if injected else None)
    return tally


HOSTS = [
    "127.0.0.1@evil.example",
    "evil.example@127.0.0.1",
    "",
    "evil.example",
    "127.0.0.1 evil.example",
    "localhost.evil.example",
    "127.0.0.1.nip.io",
    "[::1]@evil.example",
    "127.0.0.1:80@evil.example",
    "evil.example#@127.0.0.1",
    None,
]
ORIGINS = [
    "http://evil.example",
    "null",
    "http://127.0.0.1:1",
    "https://127.0.0.1:{port}",
    "http://localhost.evil.example:{port}",
]


def hosts(work: Path) -> Any:
    from bench.trial_run import Tally

    tally = Tally("hosts and origins not the page's own")
    session = work / "cosp.yaml"
    session.write_bytes(COSP.read_bytes())
    with serving(session) as (port, _):
        pin = urllib.parse.urlencode({"discussion": "cosp:1(a)", "on": "1"}).encode()
        for host in HOSTS:
            given = "(none)" if host is None else (host or "(empty)")
            for method, path, body in (("GET", "/", None), ("POST", "/pin", pin), ("GET", "/download/json", None)):
                headers = form(port) if method == "POST" else None
                if headers:
                    headers.pop("Origin")
                status, _ = ask(port, method, path, headers, body, host=host)
                tally.add(f"Host {given} {method} {path}", None if status in (400, 403) else f"answered {status}")
        for origin in ORIGINS:
            status, _ = ask(port, "POST", "/pin", {**form(port), "Origin": origin.format(port=port)}, pin)
            tally.add(f"Origin {origin}", None if status == 403 else f"answered {status}")
        for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
            status, _ = ask(port, "GET", "/", host=host)
            tally.add(f"Host {host} (its own)", None if status == 200 else f"answered {status}")
        status, _ = ask(port, "POST", "/pin", form(port), pin)
        tally.add("Origin (its own)", None if status == 200 else f"answered {status}")
    return tally


def rss_kb(pid: int) -> int:
    text = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    return int(re.search(r"VmRSS:\s+(\d+)", text).group(1))  # type: ignore[union-attr]


def bomb_and_stop(work: Path) -> Any:
    """The 1.26 GB zip bomb opened on the page (its memory before and after); save killed;
    Ctrl-C."""
    from bench import trial_inputs as inputs
    from bench.trial_run import Tally, run

    tally = Tally("page: a zip bomb opened, saves killed, Ctrl-C")
    session = work / "cosp.yaml"
    session.write_bytes(COSP.read_bytes())
    annex = work / "annex.xlsx"
    run("export", session, ROOT / "instances" / "cosp8-2019.published.json", "-o", annex)
    bomb = inputs.zip_bomb(work / "bomb.xlsx", unpacked=1_264_000_000, base=annex)
    with serving(session) as (port, child):
        before = rss_kb(child.pid)
        parts = (
            b'--b\r\nContent-Disposition: form-data; name="plan"; filename="annex.xlsx"\r\n\r\n'
            + bomb.read_bytes()
            + b"\r\n--b--\r\n"
        )
        start = time.perf_counter()
        status, body = ask(port, "POST", "/open", {**form(port), "Content-Type": "multipart/form-data; boundary=b"}, parts)
        took, after = time.perf_counter() - start, rss_kb(child.pid)
        tally.add("1.26 GB bomb opened", None if status == 200 and b"unpacks to" in body else f"answered {status}")
        tally.notes.append(f"bomb on the page: {took:.2f} s, server memory {before // 1024} -> {after // 1024} MB")
    rng = random.Random(41)
    leftovers = 0
    for n in range(5):
        copy_ = work / f"saved-{n}.yaml"
        copy_.write_bytes(COSP.read_bytes())
        with serving(copy_) as (port, child):
            ask(port, "POST", "/pin", form(port), urllib.parse.urlencode({"discussion": "cosp:7", "on": "1"}).encode())
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("POST", "/save", body=b"", headers={**form(port), "Host": f"127.0.0.1:{port}"})
            time.sleep(rng.uniform(0.0, 0.3))
            child.kill()
            child.wait()
        session_ok = run("validate", copy_).code == 0
        plan = copy_.with_name(f"{copy_.stem}.plan.json")
        plan_ok = not plan.exists() or json.loads(plan.read_text(encoding="utf-8")).get("format") == "orgwork-schedule/1"
        leftovers += len(list(work.glob(f".{copy_.name}.*.part")) + list(work.glob(f".{plan.name}.*.part")))
        tally.add(
            f"save killed ({'written' if plan.exists() else 'before writing'})",
            None if session_ok and plan_ok else f"session read: {session_ok}, plan read: {plan_ok}",
        )
    # a kill -9 in the middle of a write leaves its temporary file, which the next write of that file removes
    tally.notes.append(f"temporary files left by the killed saves: {leftovers}")
    for n in range(3):
        with serving(session) as (port, child):
            child.send_signal(signal.SIGINT)
            rest, _ = child.communicate(timeout=60)
        tally.add(
            f"Ctrl-C {n + 1}",
            None if child.returncode == 0 and rest.strip() == "orgwork: stopped" else f"exit {child.returncode}: {rest[-120:]!r}",
        )
    return tally


def page_parts(work: Path) -> list[Any]:
    out = []
    for part in (concurrent, traversal, scripts, hosts, bomb_and_stop):
        folder = work / part.__name__
        folder.mkdir()
        out.append(part(folder))
    return out
