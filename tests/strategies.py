"""Hypothesis strategies shared by the property tests of unroll: one random configuration of any cell kind
with every option, the module, input and hx it builds, and what torch returns for it."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import torch
from hypothesis import strategies as st
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from tests.models import MODULES


@dataclass(frozen=True)
class Case:
    """One random configuration: the module's options, the input's shape and how it is called."""

    cell: str  # rnn | gru | lstm
    input_size: int
    hidden_size: int
    proj_size: int  # 0 unless an LSTM drew one
    num_layers: int
    nonlinearity: str  # nn.RNN's; "tanh" for the gated cells (unused there)
    bias: bool
    batch_first: bool
    dropout: float
    bidirectional: bool
    training: bool
    dtype: torch.dtype
    seq_len: int
    batch_size: int
    batched: bool
    hx_given: bool  # h0 (or (h0, c0)) random, else None (zeros)
    lengths: tuple[int, ...] | None
    seed: int


@st.composite
def cases(draw, cells: tuple[str, ...] = ("rnn",), max_len: int = 7, max_batch: int = 4, max_size: int = 6,
          dropouts: tuple[float, ...] = (0.0, 0.0, 0.3, 0.5, 1.0)) -> Case:  # fmt: skip
    batched = draw(st.booleans())
    L, N = draw(st.integers(1, max_len)), draw(st.integers(1, max_batch)) if batched else 1
    lengths = None
    if batched and draw(st.booleans()):
        lengths = tuple(draw(st.lists(st.integers(1, L), min_size=N, max_size=N)))
    cell, H = draw(st.sampled_from(cells)), draw(st.integers(1, max_size))
    return Case(
        cell=cell,
        input_size=draw(st.integers(1, max_size)),
        hidden_size=H,
        proj_size=draw(st.integers(0, H - 1)) if cell == "lstm" else 0,
        num_layers=draw(st.integers(1, 3)),
        nonlinearity=draw(st.sampled_from(["tanh", "relu"])) if cell == "rnn" else "tanh",
        bias=draw(st.booleans()),
        batch_first=draw(st.booleans()),
        dropout=draw(st.sampled_from(dropouts)),
        bidirectional=draw(st.booleans()),
        training=draw(st.booleans()),
        dtype=draw(st.sampled_from([torch.float32, torch.float64])),
        seq_len=L,
        batch_size=N,
        batched=batched,
        hx_given=draw(st.booleans()),
        lengths=lengths,
        seed=draw(st.integers(0, 2**31 - 1)),
    )


def build(c: Case):
    """The module (train or eval), x as it takes it, and hx (h0, or (h0, c0) for an LSTM; None for zeros)."""
    torch.manual_seed(c.seed)
    kw = dict(bias=c.bias, batch_first=c.batch_first, dropout=c.dropout, bidirectional=c.bidirectional)
    if c.cell == "rnn":
        kw["nonlinearity"] = c.nonlinearity
    if c.proj_size:
        kw["proj_size"] = c.proj_size
    with warnings.catch_warnings():  # dropout > 0 with one layer warns; that case is tested on purpose
        warnings.simplefilter("ignore", UserWarning)
        module = MODULES[c.cell](c.input_size, c.hidden_size, c.num_layers, **kw)
    module = module.to(c.dtype).train(c.training)
    D, L, N, F = 2 if c.bidirectional else 1, c.seq_len, c.batch_size, c.input_size
    x = torch.randn(((N, L, F) if c.batch_first else (L, N, F)) if c.batched else (L, F), dtype=c.dtype)
    if not c.hx_given:
        return module, x, None
    shape = lambda size: (c.num_layers * D, N, size) if c.batched else (c.num_layers * D, size)  # noqa: E731
    h0 = torch.randn(shape(c.proj_size or c.hidden_size), dtype=c.dtype)
    return module, x, (h0, torch.randn(shape(c.hidden_size), dtype=c.dtype)) if c.cell == "lstm" else h0


def torch_run(module, x, hx, lengths):
    """What torch returns: the padded output [as the module lays it out] and the state (h_n, or (h_n, c_n))."""
    if lengths is None:
        return module(x, hx)
    packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=module.batch_first, enforce_sorted=False)
    out, state = module(packed, hx)
    L = x.shape[1] if module.batch_first else x.shape[0]
    return pad_packed_sequence(out, batch_first=module.batch_first, total_length=L)[0], state
