"""A headless Streamlit session: Streamlit's own websocket protocol (streamlit.proto), no browser.

``run_session(base, query, page)`` connects to ``/_stcore/stream`` as the frontend does, sends a
``BackMsg`` with ``rerun_script`` (the query string and the page), reads ``ForwardMsg``s until
``script_finished`` and disconnects. Shared by benchmarks/bench_load.py and tests/test_load.py.
"""

from __future__ import annotations

import asyncio
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


@dataclass
class Session:
    """What one headless session saw."""

    page: str
    query: dict
    seconds: float = 0.0
    finished: bool = False
    exceptions: list[str] = field(default_factory=list)
    elements: int = 0
    error: str = ""
    progress: list[str] = field(default_factory=list)  # the texts of st.progress bars, in order

    @property
    def ok(self) -> bool:
        return self.finished and not self.exceptions and not self.error


async def run_session(
    base: str, query: dict, page: str = "", timeout: float = 300.0, hang_up_early: bool = False
) -> Session:
    """One visitor: open the app at ``page`` with ``query``, wait for the script to finish, disconnect.
    ``hang_up_early``: close the connection right after asking for the run (a tab closed mid-run)."""
    out = Session(page, query)
    url = base.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
    msg = BackMsg()
    msg.rerun_script.query_string = urlencode({k: str(v) for k, v in query.items()})
    msg.rerun_script.page_name = page
    start = time.perf_counter()
    try:
        async with connect(url, subprotocols=["streamlit"], max_size=None, open_timeout=timeout) as ws:
            await ws.send(msg.SerializeToString())
            if hang_up_early:
                return out
            await asyncio.wait_for(_read_until_finished(ws, out), timeout)
    except Exception as e:  # a refused connection, a timeout: the session failed, say how
        out.error = f"{type(e).__name__}: {e}"
    out.seconds = time.perf_counter() - start
    return out


async def _read_until_finished(ws, out: Session, button: str | None = None) -> list[str]:
    """Read ForwardMsgs until the script run finishes; the ids of the buttons labelled ``button``."""
    ids = []
    async for raw in ws:
        fwd = ForwardMsg.FromString(raw)
        kind = fwd.WhichOneof("type")
        if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
            out.elements += 1
            element = fwd.delta.new_element
            if element.WhichOneof("type") == "exception":
                out.exceptions.append(f"{element.exception.type}: {element.exception.message[:200]}")
            elif button is not None and element.WhichOneof("type") == "button" and element.button.label == button:
                ids.append(element.button.id)
            elif element.WhichOneof("type") == "progress":
                out.progress.append(element.progress.text)
        elif kind == "page_not_found":
            out.exceptions.append(f"page not found: {out.page!r}")
        elif kind == "script_finished" and fwd.script_finished in DONE:
            out.finished = fwd.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY
            return ids
    return ids


async def run_training(
    base: str, query: dict, page: str, button: str, hold: asyncio.Event, started: asyncio.Event | None = None,
    timeout: float = 300.0,
) -> Session:
    """A visitor who presses the button labelled ``button`` on ``page`` (the lab's "Train") and stays
    connected until ``hold`` is set; then it reruns the page once (its progress bar then says how far the
    training got: ``progress[-1]``) and the tab closes. ``started`` is set once the click's run finished
    (or the visit failed). ``finished``: the runs after the click finished."""
    out = Session(page, query)
    url = base.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
    msg = BackMsg()
    msg.rerun_script.query_string = urlencode({k: str(v) for k, v in query.items()})
    msg.rerun_script.page_name = page
    start = time.perf_counter()
    try:
        async with connect(url, subprotocols=["streamlit"], max_size=None, open_timeout=timeout) as ws:
            await ws.send(msg.SerializeToString())
            ids = await asyncio.wait_for(_read_until_finished(ws, out, button), timeout)
            if not ids:
                out.error = f"no button labelled {button!r} on the page"
                return out
            out.finished = False
            click = msg.rerun_script.widget_states.widgets.add()
            click.id, click.trigger_value = ids[0], True
            await ws.send(msg.SerializeToString())
            await asyncio.wait_for(_read_until_finished(ws, out), timeout)
            if started is not None:
                started.set()
            drain = asyncio.ensure_future(_drain(ws, out))
            await hold.wait()
            drain.cancel()
            del msg.rerun_script.widget_states.widgets[:]  # a plain rerun: where the training is now
            await ws.send(msg.SerializeToString())
            await asyncio.wait_for(_read_until_finished(ws, out), timeout)
    except Exception as e:  # a refused connection, a timeout: the session failed, say how
        out.error = f"{type(e).__name__}: {e}"
    if started is not None:
        started.set()
    out.seconds = time.perf_counter() - start
    return out


async def _drain(ws, out: Session) -> None:
    """Read the page's own reruns (a polling fragment) while the visitor stays, noting exceptions."""
    async for raw in ws:
        fwd = ForwardMsg.FromString(raw)
        if fwd.WhichOneof("type") == "delta" and fwd.delta.WhichOneof("type") == "new_element":
            element = fwd.delta.new_element
            if element.WhichOneof("type") == "exception":
                out.exceptions.append(f"{element.exception.type}: {element.exception.message[:200]}")


async def run_many(base: str, visits: list[tuple[dict, str]], **kw) -> list[Session]:
    """Every (query, page) of ``visits`` at once."""
    return list(await asyncio.gather(*(run_session(base, q, p, **kw) for q, p in visits)))


class HealthProbe:
    """Polls ``/_stcore/health`` every ``every`` s in a thread; ``worst`` is the slowest answer (s)."""

    def __init__(self, base: str, every: float = 0.1):
        self.base, self.every, self.times, self.failures = base, every, [], 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self) -> HealthProbe:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _poll(self) -> None:
        while not self._stop.is_set():
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(f"{self.base}/_stcore/health", timeout=60) as r:
                    r.read()
            except OSError:
                self.failures += 1
            self.times.append(time.perf_counter() - start)
            self._stop.wait(self.every)

    @property
    def worst(self) -> float:
        return max(self.times, default=0.0)


def rss_mib(pid: int) -> float:
    """The resident memory of process ``pid`` (Linux /proc), MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def thread_names(pid: int) -> list[str]:
    """The names of process ``pid``'s threads (Linux /proc; names are cut to 15 characters)."""
    names = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            names.append((task / "comm").read_text().strip())
        except OSError:  # the thread ended meanwhile
            pass
    return names
