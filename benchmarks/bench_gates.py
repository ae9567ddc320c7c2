"""Cost of the gated views: the dashboard and the gradients page for nn.GRU and nn.LSTM against nn.RNN of the
same sizes, at a class-sized configuration and at the caps (rnnviz/limits.py), measured in one run.

Run: python benchmarks/bench_gates.py [--repeats 5] [--clock cpu|wall] [--cases small,cap]. Server-side times of
AppTest runs in this process: the page's first run (trace and figures computed), a warm rerun, and a step change
on the dashboard with its figures not cached yet (whole script: an upper bound of the fragment the browser reruns).
Each line prints the median and its ratio against nn.RNN of the same sizes in the same run. ``--clock cpu`` (the
default) counts this process's CPU time, the steady measure on a shared machine; ``wall`` the elapsed time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
APP = str(ROOT / "app.py")
GRADIENTS = "rnnviz/ui/pages/gradients.py"

from rnnviz.limits import Limits  # noqa: E402
from rnnviz.spec import RNNSpec  # noqa: E402

# name -> the URL sizes; "cap": the largest nn.LSTM one sequence of 256 steps fits under the cells cap
CASES = {
    "small": dict(seq_len=12, batch_size=2, hidden_size=8, num_layers=2, bidirectional=True),
    "cap": dict(seq_len=256, batch_size=2, hidden_size=128, num_layers=1, bidirectional=False),
}
CELLS = ("rnn", "gru", "lstm")


def clock(kind: str):
    return time.process_time if kind == "cpu" else time.perf_counter


def timed(fn, now) -> float:
    start = now()
    fn()
    return (now() - start) * 1000


def open_page(sizes: dict, cell: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=600)
    for k, v in {**sizes, "cell": cell}.items():
        at.query_params[k] = str(v).lower()
    return at


def dashboard(sizes: dict, cell: str, repeats: int, now) -> dict[str, float]:
    at = open_page(sizes, cell)
    first = timed(at.run, now)
    assert not at.exception, [e.value for e in at.exception]
    warm = [timed(at.run, now) for _ in range(repeats)]
    steps = []
    for t in range(1, repeats + 1):  # each step once: its figures are not cached yet
        at.get_by_key("step_slider").set_value(t)
        steps.append(timed(at.run, now))
    return {"first run": first, "warm rerun": statistics.median(warm), "step change": statistics.median(steps)}


def gradients(sizes: dict, cell: str, repeats: int, now) -> dict[str, float]:
    at = open_page(sizes, cell)
    at.run()
    first = timed(lambda: at.switch_page(GRADIENTS).run(), now)
    assert not at.exception, [e.value for e in at.exception]
    warm = [timed(at.run, now) for _ in range(repeats)]
    return {"gradients first run": first, "gradients warm rerun": statistics.median(warm)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--clock", choices=("cpu", "wall"), default="cpu")
    parser.add_argument("--cases", default=",".join(CASES))
    args = parser.parse_args(argv)
    now, cap = clock(args.clock), Limits().cells
    dashboard(CASES["small"] | {"seed": 99}, "lstm", 1, now)  # imports and first-use costs, outside the table
    gradients(CASES["small"] | {"seed": 99}, "gru", 1, now)
    print(f"clock: {args.clock}; medians of {args.repeats}; cells cap {cap:,}")
    print(f"{'case':<46}{'rnn ms':>10}{'gru ms':>10}{'lstm ms':>10}{'gru/rnn':>9}{'lstm/rnn':>9}")
    for name in args.cases.split(","):
        sizes = CASES[name]
        cells = {c: RNNSpec(cell=c, **sizes).cells for c in CELLS}
        assert max(cells.values()) <= cap, f"case {name} is over the cap: {cells}"
        results = {c: dashboard(sizes, c, args.repeats, now) | gradients(sizes, c, args.repeats, now) for c in CELLS}
        label = f"{name} L={sizes['seq_len']} N={sizes['batch_size']} H={sizes['hidden_size']}"
        label += f" {sizes['num_layers']}l{' bi' if sizes['bidirectional'] else ''}"
        print(f"{label}: trace cells rnn {cells['rnn']:,}, gru {cells['gru']:,}, lstm {cells['lstm']:,}")
        for what in results["rnn"]:
            r, g, lstm = (results[c][what] for c in CELLS)
            print(f"  {what:<44}{r:10.0f}{g:10.0f}{lstm:10.0f}{g / r:8.2f}x{lstm / r:8.2f}x")


if __name__ == "__main__":
    main()
