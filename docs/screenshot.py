"""Draw docs/serve.png, the README's picture of the live page: COSP 8 with item 7 dragged into a
full period, the checker naming the rule. Run: python docs/screenshot.py (needs Chromium)."""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from solver.web.app import create_app
from solver.web.desk import Desk
from solver.web.server import listening_socket

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        session = Path(folder) / "cosp8-2019.yaml"
        shutil.copy(ROOT / "instances" / "cosp8-2019.yaml", session)
        desk = Desk(session)
        while desk.job is not None and not desk.job.done:
            time.sleep(0.05)
        sock = listening_socket("127.0.0.1", 0)
        server = uvicorn.Server(uvicorn.Config(create_app(desk), log_level="warning", lifespan="off"))
        threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True).start()
        while not server.started:
            time.sleep(0.02)
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/?lang=en"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1500, "height": 900})
            page.goto(url)
            page.locator('td.title.part[data-from="2019-12-19 pm"]').first.locator("button.pin").click()
            page.locator('td.title.part[data-from="2019-12-20 am"][data-body="cosp"]').drag_to(
                page.locator('td.title[data-period="2019-12-19 pm"][data-track="plenary"]').first
            )
            page.locator("#verdict.broken").wait_for()
            page.screenshot(path=str(ROOT / "docs" / "serve.png"))
            browser.close()
        server.should_exit = True


if __name__ == "__main__":
    main()
