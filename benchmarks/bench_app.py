"""Server-side time of a warm rerun of the default page and of a step change (AppTest, one process).

Run: python benchmarks/bench_app.py [repeats]. Targets on a 2-core machine: rerun <= 150 ms, step <= 60 ms.
A step change reruns only the step fragment; AppTest reruns the whole script, so its figure is an upper bound.
"""

import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main(repeats: int = 15) -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    cold = timed(at.run)
    seq_len = at.get_by_key("seq_len").value
    for t in range(seq_len):  # warm the figure caches for every step
        at.get_by_key("step_slider").set_value(t).run()
    reruns = [timed(at.run) for _ in range(repeats)]
    steps = []
    for _ in range(repeats):
        slider = at.get_by_key("step_slider")
        slider.set_value((slider.value + 1) % seq_len)
        steps.append(timed(at.run))
    fresh = AppTest.from_file(APP, default_timeout=120)
    fresh.run()
    fresh.get_by_key("seed").set_value(7).run()  # a new trace is cached by now; time its first steps
    cold_steps = []
    for t in range(1, seq_len):
        fresh.get_by_key("step_slider").set_value(t)
        cold_steps.append(timed(fresh.run))
    print(f"cold first run                 {cold:8.1f} ms")
    print(f"warm rerun, default page       {statistics.median(reruns):8.1f} ms (median of {repeats}; target <= 150)")
    print(f"step change, cached figures    {statistics.median(steps):8.1f} ms (median of {repeats}; target <= 60)")
    print(f"step change, figures uncached  {statistics.median(cold_steps):8.1f} ms (median of {len(cold_steps)})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
