"""Property-based parity of rnnviz.unroll with torch.nn.RNN over every option combined (hypothesis)."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from rnnviz import unroll
from tests.models import assert_parity, hand_loop, layer_reference, seeded


@dataclass(frozen=True)
class Case:
    """One random configuration: the module's options, the input's shape and how it is called."""

    input_size: int
    hidden_size: int
    num_layers: int
    nonlinearity: str
    bias: bool
    batch_first: bool
    dropout: float
    bidirectional: bool
    training: bool
    dtype: torch.dtype
    seq_len: int
    batch_size: int
    batched: bool
    h0_given: bool
    lengths: tuple[int, ...] | None
    seed: int


@st.composite
def cases(draw) -> Case:
    batched = draw(st.booleans())
    L, N = draw(st.integers(1, 7)), draw(st.integers(1, 4)) if batched else 1
    lengths = None
    if batched and draw(st.booleans()):
        lengths = tuple(draw(st.lists(st.integers(1, L), min_size=N, max_size=N)))
    return Case(
        input_size=draw(st.integers(1, 6)),
        hidden_size=draw(st.integers(1, 6)),
        num_layers=draw(st.integers(1, 3)),
        nonlinearity=draw(st.sampled_from(["tanh", "relu"])),
        bias=draw(st.booleans()),
        batch_first=draw(st.booleans()),
        dropout=draw(st.sampled_from([0.0, 0.0, 0.3, 0.5, 1.0])),
        bidirectional=draw(st.booleans()),
        training=draw(st.booleans()),
        dtype=draw(st.sampled_from([torch.float32, torch.float64])),
        seq_len=L,
        batch_size=N,
        batched=batched,
        h0_given=draw(st.booleans()),
        lengths=lengths,
        seed=draw(st.integers(0, 2**31 - 1)),
    )


def build(c: Case):
    """The module (train or eval), x as the module takes it, and h0 (or None)."""
    torch.manual_seed(c.seed)
    with warnings.catch_warnings():  # dropout > 0 with one layer warns; that case is tested on purpose
        warnings.simplefilter("ignore", UserWarning)
        rnn = nn.RNN(
            c.input_size,
            c.hidden_size,
            c.num_layers,
            nonlinearity=c.nonlinearity,
            bias=c.bias,
            batch_first=c.batch_first,
            dropout=c.dropout,
            bidirectional=c.bidirectional,
        )
    rnn = rnn.to(c.dtype).train(c.training)
    D = 2 if c.bidirectional else 1
    L, N, F = c.seq_len, c.batch_size, c.input_size
    shape = ((N, L, F) if c.batch_first else (L, N, F)) if c.batched else (L, F)
    x = torch.randn(shape, dtype=c.dtype)
    h_shape = (c.num_layers * D, N, c.hidden_size) if c.batched else (c.num_layers * D, c.hidden_size)
    h0 = torch.randn(h_shape, dtype=c.dtype) if c.h0_given else None
    return rnn, x, h0


def torch_run(rnn: nn.RNN, x, h0, lengths):
    """What torch returns: padded output [as the module lays it out] and h_n."""
    if lengths is None:
        return rnn(x, h0)
    packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=rnn.batch_first, enforce_sorted=False)
    out, h_n = rnn(packed, h0)
    L = x.shape[1] if rnn.batch_first else x.shape[0]
    return pad_packed_sequence(out, batch_first=rnn.batch_first, total_length=L)[0], h_n


@settings(max_examples=50, deadline=None)
@given(cases())
def test_unroll_matches_torch_for_every_option(c: Case) -> None:
    rnn, x, h0 = build(c)
    with torch.no_grad():
        trace, rng_ours = seeded(lambda: unroll(rnn, x, h0, lengths=c.lengths), c.seed + 1)
        (out, h_n), rng_torch = seeded(lambda: torch_run(rnn, x, h0, c.lengths), c.seed + 1)
    # Same number of draws from the global RNG: the dropout masks came from the same stream.
    assert torch.equal(rng_ours, rng_torch)
    assert_parity(trace.output, out)
    assert_parity(trace.h_n, h_n)

    D, H = trace.num_directions, c.hidden_size
    h0_full = trace.h0  # [num_layers*D, N, H], zeros when h0 was None
    if h0 is None:
        assert torch.equal(h0_full, torch.zeros_like(h0_full))
    for layer in range(c.num_layers):
        ref_out, ref_h_n = layer_reference(trace, rnn, layer, h0_full)
        for d in range(D):
            assert_parity(trace.hidden(layer, d), ref_out[..., d * H : (d + 1) * H])
        assert_parity(trace.h_n.reshape(c.num_layers * D, -1, H)[layer * D : (layer + 1) * D], ref_h_n)
    check_invariants(trace, c)


def check_invariants(trace, c: Case) -> None:
    """What must hold of any trace, whatever torch does."""
    D, valid = trace.num_directions, trace.valid  # valid: [L, N]
    for layer in range(c.num_layers):
        whole = trace.layer_outputs[layer]  # [L, N, D*H]
        assert torch.equal(torch.cat([trace.hidden(layer, d) for d in range(D)], dim=-1), whole)
        assert torch.equal(whole[~valid], torch.zeros_like(whole[~valid]))  # zero past each length
        if c.nonlinearity == "tanh":
            assert bool((whole.abs() <= 1).all())
        else:
            assert bool((whole >= 0).all())
        for d in range(D):
            terms, loop = trace.terms(layer, d), hand_loop(trace, layer, d)
            assert_parity(trace.activation(terms.pre)[valid], terms.h_t[valid])
            for name in ("h_prev", "ih", "hh", "pre", "h_t"):
                torch.testing.assert_close(getattr(terms, name)[valid], loop[name][valid], atol=1e-5, rtol=1e-5)
    check_dropout(trace, c)


def check_dropout(trace, c: Case) -> None:
    """Masks only in train mode, only between layers, values in {0, 1/(1-p)}, and applied."""
    for layer, mask in enumerate(trace.dropout_masks):
        acts = c.training and c.dropout > 0 and layer < c.num_layers - 1
        assert (mask is not None) == acts
        if mask is None:
            if layer < c.num_layers - 1:
                assert torch.equal(trace.layer_inputs[layer + 1], trace.layer_outputs[layer])
            continue
        scale = 0.0 if c.dropout == 1 else 1 / (1 - c.dropout)
        allowed = torch.tensor([0.0, scale], dtype=mask.dtype)
        kept = mask[trace.valid]  # [valid steps, D*H]
        assert bool(torch.isin(kept, allowed).all())
        assert torch.equal(trace.layer_inputs[layer + 1], trace.layer_outputs[layer] * mask)
