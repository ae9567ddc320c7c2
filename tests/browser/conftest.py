"""Fixtures of the browser tests: one `streamlit run app.py` per session, Debian's Chromium via Playwright,
and a page per test that leaves a full-page screenshot in artifacts/screenshots/<test-name>.png."""

from __future__ import annotations

import os
import re
import shutil
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from harness import CHROMIUM, INSTALL_HINT, ROOT, VIEWPORT, launch_chromium, screenshot, streamlit_server, wait_ready

SHOTS = ROOT / "artifacts" / "screenshots"
IN_CI = os.environ.get("CI", "").strip().lower() == "true"

try:
    from playwright.sync_api import expect
except ImportError:  # only requirements.txt installed: leave this folder out locally, never under CI
    if IN_CI:
        raise
    warnings.warn("browser tests skipped: no playwright (pip install -r requirements-dev.txt)", stacklevel=1)
    collect_ignore_glob = ["test_*.py"]
else:
    expect.set_options(timeout=20_000)  # a loaded 2-core machine: let a re-render finish before failing


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder is a browser test."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def _unavailable(reason: str) -> None:
    """Skip locally; under CI=true a missing browser is a failure, never a silent skip."""
    if IN_CI:
        pytest.fail(f"browser tests cannot run under CI=true: {reason}; {INSTALL_HINT}", pytrace=False)
    pytest.skip(f"{reason}; to run the browser tests, {INSTALL_HINT}")


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium (skips without it, fails under CI=true)."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} not found")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = launch_chromium(pw)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def app_url(browser) -> Iterator[str]:
    """The base URL of `streamlit run app.py` started from the repo root on a free port."""
    log = ROOT / "artifacts" / "streamlit.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with streamlit_server(log=log) as base:
        yield base


@pytest.fixture(scope="session", autouse=True)
def _fresh_screenshots() -> None:
    """Start each session with an empty screenshot folder, so CI lists only this run's pictures."""
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture
def page(browser, request: pytest.FixtureRequest):
    """A fresh 1280x800 English page; records JavaScript dialogs and errors; screenshots itself at the end."""
    context = browser.new_context(viewport=VIEWPORT, locale="en-US", device_scale_factor=1)
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    pg.dialogs, pg.js_errors = [], []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: pg.js_errors.append(str(e)))
    yield pg
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name).strip("_")
    try:
        screenshot(pg, SHOTS / f"{name}.png")
    except Exception as e:  # a crashed page must not hide the test's own failure
        warnings.warn(f"no screenshot for {name}: {e}", stacklevel=1)
    finally:
        context.close()


@pytest.fixture
def visit(page, app_url: str) -> Callable[..., object]:
    """``visit(path="", plots=1, **query)``: open the app as a visitor would and wait until it is ready
    (script finished, at least ``plots`` Plotly charts rendered). Returns the page."""

    def go(path: str = "", plots: int = 1, **query: object):
        url = f"{app_url}/{path.lstrip('/')}"
        if query:
            url += "?" + urlencode({k: str(v) for k, v in query.items()})
        page.goto(url)
        wait_ready(page, plots=plots)
        return page

    return go
