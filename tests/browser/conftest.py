"""A real server on a free port and Debian's Chromium driven by Playwright.

Playwright cannot download its own browser on these machines, so it is pointed at Debian's
chromium (`apt-get install chromium`, which `make test` does where it is missing). Where no
Chromium can be found the browser tests FAIL with that reason; set FOEDUS_BROWSER_TESTS=skip to
skip them instead, and the skip says so in the test summary.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests may run as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",  # no calls home: this machine reaches no other host
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def chromium_path() -> str:
    found = os.environ.get("FOEDUS_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    why = ("NO CHROMIUM: the browser tests need Debian's chromium (apt-get install chromium, or set "
           "FOEDUS_CHROMIUM to a Chromium binary); FOEDUS_BROWSER_TESTS=skip skips them")  # fmt: skip
    if os.environ.get("FOEDUS_BROWSER_TESTS") == "skip":
        pytest.skip(why)
    pytest.fail(why, pytrace=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The web app on 127.0.0.1, its results in a temporary folder; yields its base address."""
    import uvicorn

    from foedus.web.api import Settings, create_app

    results = tmp_path_factory.mktemp("web-results")
    settings = Settings(results=results, max_jobs=2, max_experiment_runs=2_000, max_scenario_replications=50)
    port = _free_port()
    srv = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start", pytrace=False)
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A fresh page; fails the test if the page asked any other host for anything, or logged an error."""
    context = browser.new_context(viewport={"width": 1200, "height": 820}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    outside, problems = [], []
    pg.on(
        "request", lambda r: None if r.url.startswith((server, "data:", "blob:")) else outside.append(r.url)
    )
    pg.on("pageerror", lambda e: problems.append(str(e)))
    pg.on("console", lambda m: problems.append(m.text) if m.type == "error" and "400" not in m.text
          and "404" not in m.text and "409" not in m.text and "429" not in m.text else None)  # fmt: skip
    pg.base = server
    yield pg
    context.close()
    assert not outside, f"the page reached outside this server: {outside}"
    assert not problems, f"the page logged errors: {problems}"


def shot(page, name: str, selector: str = "body", height: int = 1100) -> None:
    """A small screenshot for the README (docs/screenshots/NAME.jpg): the top of the element
    `selector` (the whole page by default), at most `height` pixels, wherever the page is scrolled."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    box = page.locator(selector).first.bounding_box()
    clip = {"x": 0, "y": box["y"], "width": 1200, "height": min(height, box["height"])}
    page.screenshot(path=str(SHOTS / f"{name}.jpg"), type="jpeg", quality=70, full_page=True, clip=clip)
