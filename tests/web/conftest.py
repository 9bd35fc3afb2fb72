"""The page's fixtures: a copy of a bundled session in a temporary folder, a desk over it with
its first plan made, and the page served on a free port of 127.0.0.1 for the browser."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from collections.abc import Iterator
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
