"""Run the app as the README does and drive it with Debian's Chromium: shared by the browser tests and
scripts/screenshots.py (no pytest here)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the repo root, whatever the working directory
CHROMIUM = Path("/usr/bin/chromium")
INSTALL_HINT = "install Debian's Chromium and fonts: apt-get install -y chromium fonts-noto-cjk fonts-noto-color-emoji"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1280, "height": 800}
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
PLOT = ".js-plotly-plot .main-svg"  # a Plotly chart that has really rendered
HEATMAP = ".js-plotly-plot .heatmaplayer .hm"  # one <g class="hm"> per rendered heatmap trace
EXCEPTION = "[data-testid='stException']"
TABLE = "[data-testid='stMarkdownContainer'] table"  # a static table (rnnviz.ui.mdtable: Markdown)


def free_port() -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerURL(str):
    """The base URL of a running server; ``.pid`` is the server's process id."""

    pid: int = 0


@contextmanager
def streamlit_server(
    port: int | None = None,
    timeout: float = 120.0,
    log: Path | None = None,
    script: str = "app.py",
    cwd: Path = ROOT,
) -> Iterator[str]:
    """``streamlit run app.py`` from the repo root on a free port; yields the base URL once healthy and
    stops the server (its whole process group) on exit, also when the body raises. ``script`` and ``cwd``
    serve another page the same way (the benchmarks' reference pages)."""
    port = port or free_port()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
    ]
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 (closed below)
    proc = subprocess.Popen(
        cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
    )
    try:
        base = ServerURL(f"http://127.0.0.1:{port}")
        base.pid = proc.pid  # the server process (its memory and threads: benchmarks/bench_load.py)
        _wait_healthy(base, proc, timeout, log)
        yield base
    finally:
        _stop(proc)
        if log:
            out.close()


def _wait_healthy(base: str, proc: subprocess.Popen, timeout: float, log: Path | None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"streamlit exited with code {proc.returncode} before it was healthy\n{tail}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"streamlit was not healthy at {base}/_stcore/health after {timeout:.0f} s")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=15)


def launch_chromium(playwright):
    """Debian's /usr/bin/chromium, headless, with the flags this closed network needs."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


def wait_ready(page, plots: int = 1, timeout: float = 60_000) -> None:
    """Wait until the script has finished running and at least ``plots`` Plotly charts have rendered."""
    page.wait_for_selector(READY, timeout=timeout)
    if plots:
        page.wait_for_function(
            'n => document.querySelectorAll(".js-plotly-plot .main-svg").length >= n', arg=plots, timeout=timeout
        )
    page.wait_for_selector(READY, timeout=timeout)  # a chart may trigger one more rerun (e.g. its width)
    settled(page, timeout)


def settled(page, timeout: float = 30_000) -> None:
    """Wait until no element of an earlier run is still on the page: during a (fragment) rerun Streamlit keeps
    the old elements, marked ``data-stale``, next to the new ones, so a locator could match both."""
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=timeout)


def problems(page) -> list[str]:
    """What went wrong on ``page``: Streamlit exception boxes, JavaScript dialogs, uncaught page errors."""
    found = [f"stException: {t[:300]}" for t in page.locator(EXCEPTION).all_inner_texts()]
    found += [f"a JavaScript dialog opened: {m!r}" for m in getattr(page, "dialogs", [])]
    found += [f"uncaught JavaScript error: {e[:300]}" for e in getattr(page, "js_errors", [])]
    return found


@contextmanager
def whole_app_in_view(page, max_height: int = 6000) -> Iterator[None]:
    """Grow the viewport to the app's full height for a picture, then put it back. Streamlit scrolls inside
    its main block, not the document, so content below the first screen is otherwise not painted."""
    size = page.viewport_size or VIEWPORT
    height = page.evaluate(
        """() => Math.max(document.documentElement.scrollHeight, ...Array.from(
             document.querySelectorAll("[data-testid='stMain'], [data-testid='stSidebarContent']"),
             e => e.scrollHeight))"""
    )
    tall = min(max(int(height), size["height"]), max_height)
    if tall > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": tall})
        page.wait_for_timeout(400)  # let Plotly redraw at the new height before the picture
    try:
        yield
    finally:
        page.set_viewport_size(size)


def screenshot(page, path: Path, selector: str | None = None) -> None:
    """A PNG of the whole app, or of the first element matching ``selector``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with whole_app_in_view(page):
        if selector:
            page.locator(selector).first.screenshot(path=str(path))
        else:
            page.screenshot(path=str(path), full_page=True)


def heatmaps(page, key: str):
    """The Plotly heatmap traces really drawn in the chart with Streamlit key ``key`` (a locator: check it
    with ``expect(...).to_have_count(n)``, which waits out a redraw, e.g. when the page's width settles)."""
    return page.locator(f".st-key-{key} {HEATMAP}")


def table_cells(page, container: str, index: int = 0) -> list[list[str]]:
    """The rows of the ``index``-th table (a static Markdown table, or st.dataframe read from the grid's
    accessible table, drawn on a canvas: its cells exist once the grid is on screen) inside the container
    ``container``."""
    either = f".st-key-{container} {TABLE}, .st-key-{container} [data-testid='stDataFrame']"
    page.locator(either).first.wait_for(state="attached")  # the DOM can still be filling in after the script
    static = page.locator(f".st-key-{container} {TABLE}")
    if static.count():
        return static.nth(index).evaluate(
            """t => Array.from(t.querySelectorAll('tbody tr'))
                   .map(r => Array.from(r.querySelectorAll('td'), c => c.textContent.trim()))"""
        )
    grid = page.locator(f".st-key-{container} [data-testid='stDataFrame']").nth(index)
    grid.scroll_into_view_if_needed()
    grid.locator("td[role='gridcell']").first.wait_for(state="attached")
    return grid.evaluate(
        """g => Array.from(g.querySelectorAll('tr'))
               .map(r => Array.from(r.querySelectorAll('td'), c => c.textContent))
               .filter(r => r.length)"""
    )
