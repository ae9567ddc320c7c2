"""One RNNSpec built and run under its seed -- what the app caches and the CLI exports, without streamlit."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import Tensor, nn

from rnnviz.spec import RNNSpec
from rnnviz.trace import Trace
from rnnviz.unroll import unroll


@dataclass(frozen=True, eq=False)
class Run:
    """One configuration, built and unrolled. The app shares it between sessions: never mutate."""

    spec: RNNSpec
    rnn: nn.RNN
    x: Tensor  # as rnn takes it: [L, N, in] or [N, L, in]
    h0: Tensor | None  # [num_layers*D, N, H] or None (zeros)
    trace: Trace
    parity: float  # max |unroll - rnn(x, h0)| over output and h_n


def forward(spec: RNNSpec, rnn: nn.RNN, x: Tensor, h0: Tensor | None, fn=None):
    """``fn(rnn, x, h0)`` (default ``rnn(x, h0)``) with torch's RNG at ``manual_seed(spec.seed)``.

    In train mode the dropout masks come from that RNG state, so the trace, the parity check and the
    snippet (which re-seeds before its forward call) all see the same masks.
    """
    fn = fn or (lambda m, a, b: m(a, b))
    with torch.random.fork_rng(devices=[]), torch.no_grad():
        torch.manual_seed(spec.seed)
        return fn(rnn, x, h0)


def make_trace(spec: RNNSpec) -> Trace:
    """The Trace of ``spec``: the same numbers as the app's for the same URL (and the snippet's)."""
    rnn, x, h0 = spec.build()
    return forward(spec, rnn, x, h0, unroll)


def build_run(spec: RNNSpec) -> Run:
    """Build ``spec``, unroll it, and compare the unroll with ``rnn(x, h0)``."""
    rnn, x, h0 = spec.build()
    trace = forward(spec, rnn, x, h0, unroll)
    output, h_n = forward(spec, rnn, x, h0)
    parity = max(float((trace.output - output).abs().max()), float((trace.h_n - h_n).abs().max()))
    return Run(spec, rnn, x, h0, trace, parity)
