"""A short classroom against one `streamlit run app.py` (benchmarks/bench_load.py is the long one):
headless sessions over Streamlit's websocket protocol all finish without an exception element, memory
stops growing when visitors come back, and a tab closed mid-run leaves no thread behind. Bounded loops,
no timed assertion (the timings are the benchmark's)."""

from __future__ import annotations

import asyncio
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "browser"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import streamlit_server  # noqa: E402
from wsclient import HealthProbe, rss_mib, run_many, run_session, run_training, thread_names  # noqa: E402

PAGES = ("", "diagrams", "gradients")
VISITS = [  # (query, page): two configurations per page, both languages, unidirectional and stacked
    ({"seed": 11, "hidden_size": 4, "seq_len": 5}, ""),
    ({"seed": 12, "num_layers": 3, "bidirectional": "false", "lang": "zh"}, ""),
    ({"seed": 13, "hidden_size": 2, "num_layers": 1}, "diagrams"),
    ({"seed": 14, "batch_first": "true", "lang": "zh"}, "diagrams"),
    ({"seed": 15, "seq_len": 8}, "gradients"),
    ({"seed": 16, "nonlinearity": "relu", "bias": "false"}, "gradients"),
]


def run(coro):
    """``asyncio.run(coro)`` on a thread of its own: the browser tests' Playwright keeps an event loop
    running on the main thread for the whole session, and asyncio.run refuses to nest in it."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


@pytest.fixture(scope="module")
def server():
    with streamlit_server() as base:
        run(run_many(base, [({}, p) for p in PAGES]))  # first-use imports
        yield base


def _failures(sessions) -> list:
    return [(s.page, s.query, s.error, s.exceptions, s.finished) for s in sessions if not s.ok]


def test_sessions_at_once_all_finish_without_an_exception(server):
    with HealthProbe(server, every=0.2) as health:
        sessions = run(run_many(server, VISITS * 2))
    assert _failures(sessions) == []
    assert all(s.elements > 10 for s in sessions)  # each drew its page, not an empty shell
    assert health.failures == 0 and health.times  # the health endpoint answered throughout


def test_memory_stops_growing_when_visitors_come_back(server):
    rss = [rss_mib(server.pid)]
    for _ in range(4):  # the first round fills the caches; later rounds find everything cached
        sessions = [run(run_session(server, q, p)) for q, p in VISITS]
        assert _failures(sessions) == []
        rss.append(rss_mib(server.pid))
    assert rss[-1] - rss[2] <= 24, f"RSS (MiB) after each round: {rss}"


def test_a_tab_closed_mid_run_leaves_no_thread_behind(server):
    before = len(thread_names(server.pid))

    async def hang_up():
        await asyncio.gather(*(run_session(server, q, p, hang_up_early=True) for q, p in VISITS))

    run(hang_up())
    for _ in range(240):  # bounded: up to about 2 minutes for the runs to end
        if len(thread_names(server.pid)) <= before:
            break
        time.sleep(0.5)
    assert len(thread_names(server.pid)) <= before


def test_a_training_runs_beside_the_sessions_and_stops_when_its_tab_closes(server):
    """A lab visitor presses Train and stays while a class's sessions run: they all finish without an
    exception, the training's page shows its progress, and once its tab closes no thread is left."""
    from rnnviz.i18n import text

    before = len(thread_names(server.pid))

    async def visit():
        hold, started = asyncio.Event(), asyncio.Event()
        query = {"lab_steps": 2000, "lab_seed": 4242, "lab_hidden_size": 16}  # outlasts the sessions
        training = asyncio.ensure_future(run_training(server, query, "lab", text("en", "lab.train.button"), hold,
                                                      started))  # fmt: skip
        await started.wait()
        sessions = await run_many(server, VISITS)
        hold.set()
        return sessions, await training

    sessions, training = run(visit())
    assert _failures(sessions) == [] and _failures([training]) == []
    prefix = text("en", "lab.status.running").split("{")[0]  # "Training: step "
    assert any(p.startswith(prefix) for p in training.progress), training.progress  # it ran
    for _ in range(240):  # bounded: up to about 2 minutes for the training and the runs to end
        if len(thread_names(server.pid)) <= before:
            break
        time.sleep(0.5)
    assert len(thread_names(server.pid)) <= before
