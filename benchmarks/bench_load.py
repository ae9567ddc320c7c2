"""A classroom on one server: many sessions at once against one ``streamlit run app.py`` on this machine.

Run: python benchmarks/bench_load.py [--sessions 30] [--soak 150] [--tabs 4] [--trainings 0]

Sessions are headless: they speak Streamlit's own websocket protocol (tests/wsclient.py: a BackMsg
``rerun_script`` with the query string and page, then ForwardMsgs until ``script_finished``), so the
cores serve the server, not browsers. It prints:

- one session alone (median per page, each a configuration not seen before), and the ideal wall time
  of N sessions on the machine's cores: N x (mean time alone) / cores;
- N sessions at once on all pages with N different configurations: all finished without an exception
  element?, the wall time against the ideal (target <= 1.5x), the slowest /_stcore/health answer
  during the run (target <= 0.5 s);
- --tabs real Chromium tabs opened at once: every one settles with no error element;
- the soak: --soak sessions of distinct configurations one after another, the server's resident memory
  every 25 sessions (it must stop growing; the README states the bound);
- disconnects: sessions that hang up mid-run; the server's thread count returns to where it was.
--trainings N: N visitors of the language-model lab press "Train" (distinct seeds) and stay connected
while the N sessions run (the trainings run in their threads meanwhile), then close their tabs; it prints
how many trainings ran during the sessions and that none is left once the tabs closed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from harness import CHROMIUM, launch_chromium, problems, streamlit_server, wait_ready  # noqa: E402
from wsclient import HealthProbe, rss_mib, run_many, run_session, run_training, thread_names  # noqa: E402

PAGES = ("", "diagrams", "gradients")  # the dashboard, the concat & unrolled page, the gradients page
RSS_BOUND_MIB = 600  # the server's resident memory a hosted demo stays under with the lab (README, "Memory")


def config(i: int) -> dict:
    """The i-th of many distinct configurations (sizes a class would try, both languages)."""
    return {
        "seed": 1000 + i,
        "hidden_size": 2 + i % 7,
        "seq_len": 4 + i % 9,
        "num_layers": 1 + i % 3,
        "bidirectional": "true" if i % 2 else "false",
        "batch_size": 1 + i % 3,
        "input_size": 2 + i % 4,
        "lang": "zh" if i % 4 == 3 else "en",
    }


def visits(start: int, n: int) -> list[tuple[dict, str]]:
    return [(config(start + i), PAGES[i % len(PAGES)]) for i in range(n)]


def failures(sessions) -> list[str]:
    return [
        f"{s.page or 'dashboard'} {s.query}: {s.error or s.exceptions or 'not finished'}" for s in sessions if not s.ok
    ]


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def alone(base: str, start: int, repeats: int) -> dict[str, float]:
    """Median seconds of one session alone per page, each on a configuration not seen before."""
    out = {}
    for j, page in enumerate(PAGES):
        times = []
        for r in range(repeats):
            s = asyncio.run(run_session(base, config(start + 100 * j + r), page))
            assert s.ok, failures([s])
            times.append(s.seconds)
        out[page or "dashboard"] = statistics.median(times)
    return out


def at_once(base: str, n: int, start: int, trainings: int, lab_page: str, lab_query: str, pid: int):
    """n sessions at once; with ``trainings``, that many lab visitors first press Train (distinct seeds, so
    no cached run answers) and stay connected while the n sessions run, then close their tabs."""
    from rnnviz.i18n import text

    lab = [dict(q.split("=", 1) for q in lab_query.split("&") if q) | {"lab_seed": 100 + i} for i in range(trainings)]

    threads = len(thread_names(pid))

    async def run():
        hold, started = asyncio.Event(), [asyncio.Event() for _ in lab]
        label = text("en", "lab.train.button")
        trains = [asyncio.ensure_future(run_training(base, q, lab_page, label, hold, go))
                  for q, go in zip(lab, started, strict=True)]  # fmt: skip
        await asyncio.gather(*(go.wait() for go in started))  # every Train pressed (run_training is bounded)
        t0 = time.perf_counter()
        sessions = await run_many(base, visits(start, n))
        wall = time.perf_counter() - t0  # the n sessions' wall time, with the trainings running meanwhile
        hold.set()
        return sessions, list(await asyncio.gather(*trains)), wall

    with HealthProbe(base) as health:
        sessions, trains, wall = asyncio.run(run())
    bad = failures(sessions) + failures(trains)
    print(f"{n} sessions at once (+{trainings} trainings): {n + trainings - len(bad)}/{n + trainings} finished "
          f"without an exception element{'' if not bad else ': ' + '; '.join(bad[:3])}")  # fmt: skip
    if trainings:
        where = "; ".join(f"{t.progress[-1] if t.progress else 'no progress bar'}" for t in trains)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(thread_names(pid)) > threads:
            time.sleep(0.5)
        print(f"  the trainings when the sessions had finished: {where}")
        print(f"  threads {threads} before the trainings, {len(thread_names(pid))} once their tabs closed")
    return wall, health


def tabs(base: str, n: int) -> None:
    if not CHROMIUM.exists():
        print(f"  {n} browser tabs: skipped ({CHROMIUM} not found)")
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        pages = [context.new_page() for _ in range(n)]
        for pg in pages:
            pg.js_errors = []
            pg.on("pageerror", lambda e, pg=pg: pg.js_errors.append(str(e)))
        t0 = time.perf_counter()
        for i, pg in enumerate(pages):  # all navigations in flight before any is waited for
            q = "&".join(f"{k}={v}" for k, v in config(500 + i).items())
            pg.goto(f"{base}/{PAGES[i % len(PAGES)]}?{q}", wait_until="commit")
        found = []
        for pg in pages:
            wait_ready(pg, plots=1, timeout=300_000)
            found += problems(pg)
        print(f"  {n} browser tabs at once: settled in {time.perf_counter() - t0:.1f} s, "
              f"{'no error element' if not found else 'problems: ' + '; '.join(found[:3])}")  # fmt: skip
        browser.close()


def soak(base: str, pid: int, n: int, start: int) -> list[float]:
    """RSS (MiB) before and after every 25 sessions of distinct configurations, one after another."""
    rss, bad = [rss_mib(pid)], []
    for i in range(n):
        s = asyncio.run(run_session(base, config(start + i), PAGES[i % len(PAGES)]))
        bad += failures([s])
        if (i + 1) % 25 == 0:
            rss.append(rss_mib(pid))
    if bad:
        print(f"  soak: {len(bad)} sessions failed: {bad[:2]}")
    return rss


def disconnects(base: str, pid: int, n: int = 6, settle_s: float = 60.0) -> tuple[int, int, int]:
    """Threads before, right after n sessions hung up mid-run, and once settled (a bounded wait)."""
    before = len(thread_names(pid))

    async def hang_up():
        await asyncio.gather(*(run_session(base, config(9000 + i), "", hang_up_early=True) for i in range(n)))

    asyncio.run(hang_up())
    right_after = len(thread_names(pid))
    deadline = time.monotonic() + settle_s
    while time.monotonic() < deadline and len(thread_names(pid)) > before:
        time.sleep(0.5)
    return before, right_after, len(thread_names(pid))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=30)
    ap.add_argument("--soak", type=int, default=150)
    ap.add_argument("--tabs", type=int, default=4)
    ap.add_argument("--alone", type=int, default=3, help="sessions alone per page (median)")
    ap.add_argument("--trainings", type=int, default=0, help="lab visitors who press Train during the sessions")
    ap.add_argument("--lab-page", default="lab")
    ap.add_argument("--lab-query", default="lab_steps=2000", help="the lab's settings (long enough to outlast them)")
    args = ap.parse_args()
    n_cores = cores()
    with streamlit_server() as base:
        pid = base.pid
        asyncio.run(run_many(base, [({}, p) for p in PAGES]))  # imports and first-use work, not measured
        print(f"server pid {pid}, {n_cores} cores, RSS after warm-up {rss_mib(pid):.0f} MiB")
        one = alone(base, 20_000, args.alone)
        mean_alone = statistics.mean(one.values())
        print("one session alone (s): " + ", ".join(f"{k} {v:.2f}" for k, v in one.items()))
        wall, health = at_once(base, args.sessions, 0, args.trainings, args.lab_page, args.lab_query, pid)
        ideal = args.sessions * mean_alone / n_cores
        print(f"  wall {wall:.1f} s, ideal {ideal:.1f} s ({args.sessions} x {mean_alone:.2f} s / {n_cores} cores): "
              f"{wall / ideal:.2f}x the ideal (target <= 1.5x)")  # fmt: skip
        print(f"  /_stcore/health: slowest {health.worst:.2f} s of {len(health.times)} polls, "
              f"median {statistics.median(health.times):.3f} s, {health.failures} failed "
              "(target <= 0.5 s)")  # fmt: skip
        if args.tabs:
            tabs(base, args.tabs)
        if args.soak:
            rss = soak(base, pid, args.soak, 30_000)
            steps = ", ".join(f"{r:.0f}" for r in rss)
            print(f"soak: {args.soak} distinct sessions one after another, RSS every 25 (MiB): {steps}")
            print(f"  growth: first half +{rss[len(rss) // 2] - rss[0]:.0f} MiB, second half "
                  f"+{rss[-1] - rss[len(rss) // 2]:.0f} MiB; peak {max(rss):.0f} MiB")  # fmt: skip
            tail = rss[-3:]  # the last 50 sessions, the caches full by then
            slope = (tail[-1] - tail[0]) / (25 * (len(tail) - 1)) * 100
            print(f"  the last {25 * (len(tail) - 1)} sessions: {slope:+.1f} MiB per 100 sessions; peak "
                  f"{max(rss):.0f} MiB {'within' if max(rss) <= RSS_BOUND_MIB else 'OVER'} the README's bound "
                  f"{RSS_BOUND_MIB} MiB")  # fmt: skip
        before, right_after, settled = disconnects(base, pid)
        print(f"disconnects: threads {before} before, {right_after} right after 6 tabs closed mid-run, "
              f"{settled} once settled ({'none left behind' if settled <= before else 'LEFT BEHIND'})")  # fmt: skip


if __name__ == "__main__":
    main()
