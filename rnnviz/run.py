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
    rnn: nn.Module  # nn.RNN | nn.GRU | nn.LSTM
    x: Tensor  # as rnn takes it: [L, N, in] or [N, L, in]
    h0: Tensor | tuple[Tensor, Tensor] | None  # hx as the module takes it: h0 [num_layers*D, N, H_out], LSTM (h0, c0)
    trace: Trace
    parity: float  # max |unroll - rnn(x, hx)| over output and h_n (and c_n)


def forward(spec: RNNSpec, rnn: nn.Module, x: Tensor, h0, fn=None):
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
    return forward(spec, rnn, x, h0, _unroll(spec))


def _unroll(spec: RNNSpec):
    """rnnviz.unroll with the spec's lengths (padding after each sequence's length)."""
    return lambda m, a, b: unroll(m, a, b, lengths=spec.lengths)


def _module_call(spec: RNNSpec):
    """``rnn(x, hx)`` as PyTorch runs it; with lengths, on ``pack_padded_sequence(..., enforce_sorted=False)``,
    the output padded back to ``seq_len`` steps (zeros past each length)."""
    if spec.lengths is None:
        return None
    rnn_utils = torch.nn.utils.rnn

    def call(m, a, b):
        packed = rnn_utils.pack_padded_sequence(a, list(spec.lengths), m.batch_first, enforce_sorted=False)
        out, state = m(packed, b)
        return rnn_utils.pad_packed_sequence(out, m.batch_first, total_length=spec.seq_len)[0], state

    return call


def build_run(spec: RNNSpec) -> Run:
    """Build ``spec``, unroll it, and compare the unroll with ``rnn(x, hx)``."""
    rnn, x, hx = spec.build()
    trace = forward(spec, rnn, x, hx, _unroll(spec))
    output, state = forward(spec, rnn, x, hx, _module_call(spec))
    pairs = [(trace.output, output)]
    pairs += [(trace.h_n, state[0]), (trace.c_n, state[1])] if isinstance(state, tuple) else [(trace.h_n, state)]
    parity = max(float((a - b).abs().max()) for a, b in pairs)
    return Run(spec, rnn, x, hx, trace, parity)
