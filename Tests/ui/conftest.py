"""Fixtures for the Atelier browser tests.

- `server`: the REAL `atelier` binary (ATELIER_BIN, default .build/debug/atelier) on a free loopback
  port with a temporary config, data directory and the stand-in kubectl (KUBECTL_STANDIN). Tests skip
  only when the server binary is absent; any other problem is a failure.
- `browser`: headless Chromium through /usr/bin/chromedriver; after the test, any SEVERE browser-console
  entry fails the test (unless the test allowed it with `browser.allow_console(regex)`).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import atelier_ui as ui  # noqa: E402


def _server_binary() -> Path:
    return ui.resolve(os.environ.get("ATELIER_BIN", ".build/debug/atelier"))


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    binary = _server_binary()
    if not binary.exists():
        pytest.skip(f"server binary {binary} is absent: build it first (`swift build`, or `make test` which does it)")
    tmp = tmp_path_factory.mktemp("atelier")
    srv = ui.start_server(tmp, ui.SHARED_SERVER)
    try:
        yield srv
    finally:
        ui.stop_server(srv)


@pytest.fixture
def scenario(server):
    """Selects the stand-in scenario; every test starts from `all-ok` and is put back to it afterwards."""
    server.set_scenario(ui.PASSING_SCENARIO)
    yield server.set_scenario
    server.set_scenario(ui.PASSING_SCENARIO)


class Browser:
    """The WebDriver plus the console allow-list of the current test."""

    def __init__(self, driver):
        self.driver = driver
        self.allowed: list[str] = []

    def allow_console(self, pattern: str) -> None:
        self.allowed.append(pattern)


def _finish(browser: Browser, request) -> None:
    try:
        failed = getattr(request.node, "rep_call", None)
        if failed is not None and failed.failed:
            ui.screenshot(browser.driver, f"failure-{request.node.name}", full_page=False)
            return
        errors = ui.severe_console_entries(browser.driver, browser.allowed)
        assert not errors, "browser console errors:\n" + "\n".join(e["message"] for e in errors)
    finally:
        browser.driver.quit()


@pytest.fixture
def browser(server, request):
    b = Browser(ui.make_driver())
    yield b
    _finish(b, request)


@pytest.fixture
def make_browser(server, request, tmp_path):
    """Factory for extra browsers (other sizes, dark mode, download directory)."""
    made: list[Browser] = []

    def factory(width=1280, height=900, dark=False, downloads=False):
        download_dir = None
        if downloads:
            download_dir = tmp_path / f"downloads-{len(made)}"
            download_dir.mkdir()
        b = Browser(ui.make_driver(width, height, download_dir=download_dir, dark=dark))
        b.download_dir = download_dir
        made.append(b)
        return b

    yield factory
    for b in made:
        _finish(b, request)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    rep = yield
    if rep.when == "call":
        item.rep_call = rep
    srv = getattr(item, "funcargs", {}).get("server")
    if rep.failed and isinstance(srv, ui.Server):
        rep.sections.append(("atelier server log (tail)", srv.log_tail()))
    return rep
