"""Benchmark: rnnviz.unroll(rnn, x) against the fused rnn(x) it explains, under torch.no_grad().

Run ``python benchmarks/bench_unroll.py``. Both sides are timed in one process, interleaved
(unroll, fused, unroll, fused, ...); the median of many repeats is reported with the ratio, and the
ratio of the fastest runs next to it (on a busy machine the minimum is the steadier estimate of what
each side costs by itself). Target: unroll / fused <= 1.3 at every case.
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

TARGET = 1.3


@dataclass(frozen=True)
class Case:
    """One benchmark configuration: L steps, N sequences, H units, layers, directions, lengths."""

    name: str
    L: int
    N: int
    H: int
    layers: int
    bidirectional: bool
    variable_lengths: bool = False


CASES = (
    Case("L=64 N=4 H=32 2 layers bi", 64, 4, 32, 2, True),
    Case("L=256 N=8 H=128 2 layers bi", 256, 8, 128, 2, True),
    Case("L=1000 N=1 H=64 3 layers", 1000, 1, 64, 3, False),
    Case("L=256 N=8 H=128 2 layers bi, lengths vs packed", 256, 8, 128, 2, True, True),
)


def _setup(case: Case):
    """The module, the unroll call and the fused call it is compared with."""
    torch.manual_seed(0)
    rnn = nn.RNN(case.H, case.H, case.layers, bidirectional=case.bidirectional).eval()
    x = torch.randn(case.L, case.N, case.H)  # [L, N, H]
    if not case.variable_lengths:
        return (lambda: unroll(rnn, x)), (lambda: rnn(x))
    lengths = torch.linspace(case.L, case.L // 4, case.N).round().long()  # [N], the longest is L
    # The fused side packs too: that is what a user with padded input and lengths would run.
    packed = lambda: rnn(pack_padded_sequence(x, lengths, enforce_sorted=False))  # noqa: E731
    return (lambda: unroll(rnn, x, lengths=lengths)), packed


def _time(fn, number: int) -> float:
    start = time.perf_counter()
    for _ in range(number):
        fn()
    return (time.perf_counter() - start) / number


def measure(case: Case, repeats: int = 41, budget: float = 0.05) -> tuple[list[float], list[float]]:
    """Seconds per call of (unroll, fused), ``repeats`` each, timed interleaved so drift hits both alike."""
    ours, fused = _setup(case)
    with torch.no_grad():
        ours(), fused()  # warm up
        once = _time(fused, 1)
        number = max(1, int(budget / max(once, 1e-6)))
        a, b = [], []
        for i in range(repeats):
            pair = ((ours, a), (fused, b)) if i % 2 == 0 else ((fused, b), (ours, a))
            for fn, sink in pair:
                sink.append(_time(fn, number))
    return a, b


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=None, help="torch.set_num_threads (default: torch's)")
    parser.add_argument("--repeats", type=int, default=41, help="interleaved timings per side (median)")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; target unroll/fused <= {TARGET}x")
    print(f"{'case (medians)':<48} {'unroll ms':>10} {'fused ms':>10} {'ratio':>7} {'min ratio':>10}")
    worst = 0.0
    for case in CASES:
        a, b = measure(case, args.repeats)
        ours, fused = statistics.median(a), statistics.median(b)
        ratio = ours / fused
        worst = max(worst, ratio)
        flag = "" if ratio <= TARGET else "  <- above target"
        print(f"{case.name:<48} {ours * 1e3:>10.3f} {fused * 1e3:>10.3f} {ratio:>6.2f}x {min(a) / min(b):>9.2f}x{flag}")
    print(f"worst median ratio {worst:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
