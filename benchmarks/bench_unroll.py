"""Benchmark: rnnviz.unroll(module, x) against the fused module(x) it explains, for nn.RNN, nn.GRU and nn.LSTM.

Run ``python benchmarks/bench_unroll.py`` (``--cells rnn,gru`` for some kinds only). Both sides are timed
in one process, under torch.no_grad(), interleaved (unroll, fused, unroll, fused, ...); the median of many
repeats is reported with the ratio, and the ratio of the fastest runs next to it (on a busy machine the
minimum is the steadier estimate of what each side costs by itself). Targets: unroll / fused <= 1.3 for
nn.RNN, <= 1.5 for nn.GRU and nn.LSTM, at every case.

unroll records every h_t from the fused per-layer kernels; the gates (and LSTM's c_t) are computed on first
use. The last column times what a page that shows every gate of every layer pays on top: unroll, then
``gates`` and ``cell_state`` of every layer and direction (a few matmuls per layer, and c_t's elementwise
scan), against the same fused call. It has no target; it says what the lazy part costs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

from rnnviz import unroll  # noqa: E402

TARGETS = {"rnn": 1.3, "gru": 1.5, "lstm": 1.5}
MODULES = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}


@dataclass(frozen=True)
class Case:
    """One benchmark configuration: L steps, N sequences, H units, layers, directions, lengths."""

    name: str
    cell: str
    L: int
    N: int
    H: int
    layers: int
    bidirectional: bool
    variable_lengths: bool = False


SIZES = (
    ("L=64 N=4 H=32 2 layers bi", 64, 4, 32, 2, True, False),
    ("L=256 N=8 H=128 2 layers bi", 256, 8, 128, 2, True, False),
    ("L=1000 N=1 H=64 3 layers", 1000, 1, 64, 3, False, False),
    ("L=256 N=8 H=128 2 layers bi, lengths vs packed", 256, 8, 128, 2, True, True),
)
CASES = tuple(Case(f"{cell} {name}", cell, *rest) for cell in MODULES for name, *rest in SIZES)


def _setup(case: Case):
    """The module, the unroll call and the fused call it is compared with."""
    torch.manual_seed(0)
    rnn = MODULES[case.cell](case.H, case.H, case.layers, bidirectional=case.bidirectional).eval()
    x = torch.randn(case.L, case.N, case.H)  # [L, N, H]
    if not case.variable_lengths:
        return (lambda: unroll(rnn, x)), (lambda: rnn(x)), (lambda: _everything(unroll(rnn, x)))
    lengths = torch.linspace(case.L, case.L // 4, case.N).round().long()  # [N], the longest is L
    # The fused side packs too: that is what a user with padded input and lengths would run.
    packed = lambda: rnn(pack_padded_sequence(x, lengths, enforce_sorted=False))  # noqa: E731
    full = lambda: _everything(unroll(rnn, x, lengths=lengths))  # noqa: E731
    return (lambda: unroll(rnn, x, lengths=lengths)), packed, full


def _everything(trace) -> None:
    """Every gate and c_t of every layer and direction, as a page showing them all would ask."""
    for layer in range(trace.num_layers):
        for d in range(trace.num_directions):
            trace.gates(layer, d)
            if trace.c_n is not None:
                trace.cell_state(layer, d)


CLOCK = time.perf_counter  # --clock cpu: time.process_time, this process's CPU time


def _time(fn, number: int) -> float:
    start = CLOCK()
    for _ in range(number):
        fn()
    return (CLOCK() - start) / number


def measure(case: Case, repeats: int = 41, budget: float = 0.05) -> tuple[list[float], list[float], list[float]]:
    """Seconds per call of (unroll, fused, unroll + every gate), ``repeats`` each, timed interleaved so
    drift hits all alike."""
    ours, fused, full = _setup(case)
    with torch.no_grad():
        ours(), fused(), full()  # warm up
        once = _time(fused, 1)
        number = max(1, int(budget / max(once, 1e-6)))
        a, b, c = [], [], []
        for i in range(repeats):
            order = ((ours, a), (fused, b), (full, c))
            for fn, sink in order if i % 2 == 0 else reversed(order):
                sink.append(_time(fn, number))
    return a, b, c


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=None, help="torch.set_num_threads (default: torch's)")
    parser.add_argument("--repeats", type=int, default=41, help="interleaved timings per side (median)")
    parser.add_argument("--cells", default="rnn,gru,lstm", help="which kinds, comma-separated")
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="wall: perf_counter; cpu: this process's CPU time (steadier on a busy shared machine, with --threads 1)",
    )
    args = parser.parse_args(argv)
    global CLOCK
    CLOCK = time.process_time if args.clock == "cpu" else time.perf_counter
    if args.threads:
        torch.set_num_threads(args.threads)
    cells = [c.strip() for c in args.cells.split(",") if c.strip() in MODULES]
    targets = ", ".join(f"{c} <= {TARGETS[c]}x" for c in cells)
    clock = "CPU time" if args.clock == "cpu" else "wall time"
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {clock}; targets unroll/fused: {targets}")
    print(f"{'case (medians)':<53} {'unroll ms':>10} {'fused ms':>10} {'ratio':>7} {'min ratio':>10} {'+gates':>8}")
    worst = {}
    for case in (c for c in CASES if c.cell in cells):
        a, b, c = measure(case, args.repeats)
        ours, fused = statistics.median(a), statistics.median(b)
        ratio = ours / fused
        worst[case.cell] = max(worst.get(case.cell, 0.0), ratio)
        flag = "" if ratio <= TARGETS[case.cell] else "  <- above target"
        full = statistics.median(c) / fused
        print(
            f"{case.name:<53} {ours * 1e3:>10.3f} {fused * 1e3:>10.3f} {ratio:>6.2f}x {min(a) / min(b):>9.2f}x"
            f" {full:>7.2f}x{flag}"
        )
    print("worst median ratio " + ", ".join(f"{k} {v:.2f}x" for k, v in worst.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
