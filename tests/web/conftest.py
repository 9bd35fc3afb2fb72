"""The page's fixtures: a copy of a bundled session in a temporary folder, a desk over it with
its first plan made, and the page served on a free port of 127.0.0.1 for the browser; and what
an answer of the page draws, read as a planner reads it (``drawn``)."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from solver.web.desk import Desk
from tests.builders import INSTANCES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def settled(desk: Desk, most: float = 120.0) -> Desk:
    """The desk once its search (if any) has ended."""
    ends = time.monotonic() + most
    while desk.job is not None and not desk.job.done:
        assert time.monotonic() < ends, "the search did not end"
        time.sleep(0.05)
    return desk


def session_copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / f"{name}.yaml"
    shutil.copy(INSTANCES / f"{name}.yaml", target)
    return target


@pytest.fixture
def cosp(tmp_path: Path) -> Path:
    return session_copy(tmp_path, "cosp8-2019")


@pytest.fixture
def desk(cosp: Path) -> Desk:
    return settled(Desk(cosp, time_limit=20, workers=1))


@contextlib.contextmanager
def serving(desk: Desk) -> Iterator[str]:
    """The page over ``desk`` at http://127.0.0.1:PORT/ while the block runs."""
    import uvicorn

    from solver.web.app import create_app
    from solver.web.server import listening_socket

    sock = listening_socket("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(create_app(desk), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    ends = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < ends, "the page did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture
def served(desk: Desk) -> Iterator[str]:
    """The page over ``desk``, stopped after the test."""
    with serving(desk) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright. Skipped where there is none, unless CI asks for it
    (ORGWORK_BROWSER_TESTS=required, set by .ci/run, which installs Chromium)."""
    if CHROMIUM is None:
        if os.environ.get("ORGWORK_BROWSER_TESTS") == "required":
            pytest.fail("Chromium is not installed, and .ci/run requires the browser tests")
        pytest.skip("no Chromium on this machine (apt install chromium)")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)  # a loaded 2-core machine: wait for what the page shows, never race it
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Drawn:
    """What an answer of the page draws, read as a planner reads it: each mistake said (its id,
    and the id of the element it is said in), each field of a form with its value and whether it
    is marked wrong, each element's text by id."""

    mistakes: list[tuple[str, str, str]] = field(default_factory=list)  # (id, said inside, text)
    fields: dict[str, tuple[str, bool]] = field(default_factory=dict)  # name -> (value, marked wrong)
    texts: dict[str, str] = field(default_factory=dict)  # id -> its text


VOID = frozenset({"input", "br", "img", "meta", "link", "hr", "col", "source", "wbr"})  # elements with no end tag


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.drawn = Drawn()
        self.open: list[tuple[str, dict[str, str]]] = []
        self.text: dict[int, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "input" and a.get("type") not in ("hidden", "checkbox", "file"):
            self.drawn.fields[a.get("name", "")] = (a.get("value", ""), a.get("aria-invalid") == "true")
        if tag in VOID:
            return
        self.open.append((tag, a))
        self.text[len(self.open)] = []

    def handle_data(self, data: str) -> None:
        for depth in self.text:
            if depth <= len(self.open):
                self.text[depth].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or not self.open:
            return
        depth = len(self.open)
        _, a = self.open.pop()
        raw = "".join(self.text.pop(depth))
        text = " ".join(raw.split())
        if tag == "textarea":
            self.drawn.fields[a.get("name", "")] = (raw, a.get("aria-invalid") == "true")
        if "mistake" in a.get("class", "").split():
            within = next((b.get("id") for _, b in reversed(self.open) if b.get("id")), "")
            self.drawn.mistakes.append((a.get("id", ""), within, text))
        if a.get("id"):
            self.drawn.texts[a["id"]] = text


def drawn(html: str) -> Drawn:
    reader = _Reader()
    reader.feed(html)
    return reader.drawn
