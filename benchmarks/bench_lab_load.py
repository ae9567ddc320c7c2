"""Trainings under load: do other visitors' pages stay responsive while the lab trains?

Run: python benchmarks/bench_lab_load.py [--sessions 12] [--trainings 2]

One ``streamlit run app.py``. First N headless sessions (tests/wsclient.py) open the dashboard, diagrams and
gradients pages at once with N distinct configurations while nothing trains: wall time and the slowest
``/_stcore/health`` answer. Then Chromium tabs press Train on the lab page (--trainings of them, the server's cap
by default, each a long run), and the same N sessions (new configurations, so no cache helps) run again while
the trainings run. It prints both and their ratio, measured in the same run, and the lab's own progress
(steps/s) during the second round. A third tab asking to train is told the server is busy (checked).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from harness import CHROMIUM, launch_chromium, streamlit_server, wait_ready  # noqa: E402
from wsclient import HealthProbe, run_many  # noqa: E402

from rnnviz.i18n import text  # noqa: E402

PAGES = ("", "diagrams", "gradients")
LONG = "lab_steps=2000&lab_hidden_size=128&lab_cells=rnn,gru,lstm"


def config(i: int) -> dict:
    return {"seed": 5000 + i, "hidden_size": 2 + i % 7, "seq_len": 4 + i % 9, "num_layers": 1 + i % 3,
            "bidirectional": "true" if i % 2 else "false", "batch_size": 1 + i % 3}  # fmt: skip


def round_of(base: str, n: int, start: int) -> tuple[float, float, int]:
    """N sessions at once: (wall seconds, slowest health answer, sessions that failed)."""
    with HealthProbe(base) as health:
        t0 = time.perf_counter()
        visits = [(config(start + i), PAGES[i % 3]) for i in range(n)]
        with ThreadPoolExecutor(1) as pool:  # a thread of its own: Playwright's loop runs on this one
            sessions = pool.submit(asyncio.run, run_many(base, visits)).result()
        wall = time.perf_counter() - t0
    return wall, health.worst, sum(not s.ok for s in sessions)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=12)
    ap.add_argument("--trainings", type=int, default=2)
    args = ap.parse_args()
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} not found", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with streamlit_server() as base, sync_playwright() as pw:
        round_of(base, 3, 0)  # warm up: imports, first figures
        idle = round_of(base, args.sessions, 100)
        browser = launch_chromium(pw)
        tabs = []
        for k in range(args.trainings + 1):
            tab = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
            tab.goto(f"{base}/lab?{LONG}&lab_seed={900 + k}")
            wait_ready(tab, plots=1, timeout=300_000)
            tab.get_by_role("button", name=text("en", "lab.train.button"), exact=True).click()
            tabs.append(tab)
        busy_word = text("en", "lab.busy", n=args.trainings).split(":")[0]
        tabs[-1].get_by_text(busy_word).wait_for(timeout=120_000)  # one more than the cap: told to wait
        time.sleep(3)  # the trainings are under way
        loaded = round_of(base, args.sessions, 200)
        progress = [t.locator("[data-testid='stProgress']").first.inner_text() for t in tabs[:-1]]
        browser.close()
    for name, (wall, worst, bad) in (("nothing training", idle), (f"{args.trainings} trainings running", loaded)):
        print(f"{args.sessions} sessions at once, {name}: {wall:.1f} s wall, slowest /_stcore/health "
              f"{worst:.2f} s, {bad} failed")  # fmt: skip
    print(f"ratio (trainings / nothing): {loaded[0] / idle[0]:.2f}x wall time")
    print("the trainings meanwhile: " + " | ".join(p.replace("\n", " ") for p in progress))
    print(f"one visitor more than the cap ({args.trainings}) pressing Train: told the server is busy")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
