"""Benchmark: rnnviz.bptt (autograd re-run + hand-written recursion) and the Jacobian norms, at a few sizes.

Run ``python benchmarks/bench_bptt.py [threads]``. Prints the median of 5 runs per case, with torch at
``threads`` intra-op threads (default: torch's own choice). On a loaded 2-core machine, 1 thread is
much faster for these small matrices than 2 (the threads wait on each other).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rnnviz.bptt import bptt  # noqa: E402
from rnnviz.spec import RNNSpec  # noqa: E402

CASES = {
    "default (2 layers, bi, H=3, L=6)": RNNSpec(),
    "L=256, H=64, 3 layers, bi, N=2": RNNSpec(seq_len=256, hidden_size=64, num_layers=3, batch_size=2),
    "cap: L=256, H=128, 6 layers, bi, N=1": RNNSpec(seq_len=256, hidden_size=128, num_layers=6, batch_size=1),
}


def median_ms(fn, repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    if len(sys.argv) > 1:
        torch.set_num_threads(int(sys.argv[1]))
    print(f"torch threads: {torch.get_num_threads()}")
    for name, spec in CASES.items():
        rnn, x, h0 = spec.build()
        g = bptt(rnn, x, h0)
        keys = [(layer, d) for layer in range(spec.num_layers) for d in range(spec.num_directions)]
        t_bptt = median_ms(lambda rnn=rnn, x=x, h0=h0: bptt(rnn, x, h0))
        t_jac = median_ms(lambda g=g, keys=keys: [g.jacobian_norms(*k, 0) for k in keys], repeats=3)
        print(f"{name:40s} bptt {t_bptt:8.1f} ms   jacobian norms (all layers/directions) {t_jac:8.1f} ms")


if __name__ == "__main__":
    main()
