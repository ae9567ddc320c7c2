"""Server-side time of a warm rerun of the default page and of a step change (AppTest, one process).

Run: python benchmarks/bench_app.py [repeats] [large]
(large: 3 layers, bidirectional, L 200, H 64, N 4). Targets on a 2-core machine: rerun <= 150 ms, step <= 60 ms.
A step change in the browser reruns only the step fragment (sections.step_area); AppTest reruns the whole
script, so its "step change" lines are upper bounds. The "fragment" lines time step_area alone inside
those runs: what a step change costs the server.
"""

import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
APP = str(ROOT / "app.py")

from rnnviz.ui import sections  # noqa: E402  (after the path: the app's own modules, shared with AppTest)

FRAGMENT_MS: list[float] = []
FRAGMENT_CPU_MS: list[float] = []  # the script thread's own CPU time: steady on a machine shared with other jobs


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def _timed_step_area(step_area=sections.step_area) -> None:
    cpu = time.thread_time()
    FRAGMENT_MS.append(timed(step_area))
    FRAGMENT_CPU_MS.append((time.thread_time() - cpu) * 1000)


def steps(at: AppTest, ts) -> tuple[list[float], list[float]]:
    """Move the step slider to each t: (whole-script ms, fragment ms) per step."""
    whole, start = [], len(FRAGMENT_MS)
    for t in ts:
        at.get_by_key("step_slider").set_value(t)
        whole.append(timed(at.run))
    return whole, FRAGMENT_MS[start:]


LARGE = {"num_layers": "3", "bidirectional": "true", "seq_len": "200", "hidden_size": "64", "batch_size": "4"}


def app(query: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in query.items():
        at.query_params[k] = v
    return at


def main(repeats: int = 15, query: dict | None = None) -> None:
    sections.step_area = _timed_step_area  # dashboard.py looks it up on every run
    query = query or {}
    at = app(query)
    cold = timed(at.run)
    seq_len = at.get_by_key("seq_len").value
    steps(at, range(seq_len))  # warm the figure caches for every step
    reruns = [timed(at.run) for _ in range(repeats)]
    cpu_start = len(FRAGMENT_CPU_MS)
    warm, warm_fragment = steps(at, [(i + 1) % seq_len for i in range(repeats)])
    warm_cpu = FRAGMENT_CPU_MS[cpu_start:]
    fresh = app(query)
    fresh.run()
    fresh.get_by_key("seed").set_value(7).run()  # a new trace is cached by now; time its first steps
    cpu_start = len(FRAGMENT_CPU_MS)
    cold_steps, cold_fragment = steps(fresh, range(1, seq_len))
    cold_cpu = FRAGMENT_CPU_MS[cpu_start:]
    med = statistics.median
    print(f"cold first run                 {cold:8.1f} ms")
    print(f"warm rerun, default page       {med(reruns):8.1f} ms (median of {repeats}; target <= 150)")
    print(f"step change, cached figures    {med(warm):8.1f} ms (whole script; fragment {med(warm_fragment):.1f} ms, "
          f"its CPU {med(warm_cpu):.1f} ms)")  # fmt: skip
    print(
        f"step change, figures uncached  {med(cold_steps):8.1f} ms "
        f"(whole script; fragment {med(cold_fragment):.1f} ms, its CPU {med(cold_cpu):.1f} ms; "
        f"median of {len(cold_steps)}; target <= 60)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15, LARGE if "large" in sys.argv[2:] else None)
