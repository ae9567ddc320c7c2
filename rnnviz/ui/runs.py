"""Cached computations per RNNSpec: the module, input, h0, trace, parity with nn.RNN and the RNNCell loop."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import streamlit as st
import torch
from torch import Tensor, nn

from rnnviz.cells import CellLoop, rnncell_loop
from rnnviz.spec import RNNSpec
from rnnviz.trace import Trace
from rnnviz.unroll import unroll

_HASH = {RNNSpec: dataclasses.astuple}


@dataclass(frozen=True, eq=False)
class Run:
    """One configuration, built and unrolled. Shared between sessions: never mutate."""

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


@st.cache_resource(max_entries=48, show_spinner=False, hash_funcs=_HASH)
def get_run(spec: RNNSpec) -> Run:
    """Build, unroll and check ``spec`` once per process."""
    rnn, x, h0 = spec.build()
    trace = forward(spec, rnn, x, h0, unroll)
    output, h_n = forward(spec, rnn, x, h0)
    parity = max(float((trace.output - output).abs().max()), float((trace.h_n - h_n).abs().max()))
    return Run(spec, rnn, x, h0, trace, parity)


@st.cache_resource(max_entries=16, show_spinner=False, hash_funcs=_HASH)
def get_cell_loop(spec: RNNSpec) -> CellLoop:
    """The tutorials' nn.RNNCell loop with the same weights, compared with nn.RNN in eval mode."""
    run = get_run(spec)
    rnn, _, _ = spec.build()  # a private copy: eval() must not touch the shared module
    rnn.eval()
    return rnncell_loop(rnn, run.x, run.h0)
