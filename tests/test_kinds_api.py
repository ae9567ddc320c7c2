"""The gated API as users call it: hx forms and their errors, modules as users have them (parametrized weights,
torch.compile, an embedding's output), PackedSequence, the kinds registry and value ranges."""

from __future__ import annotations

import pytest
import torch
from torch import nn
from torch.nn.utils import parametrizations
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

import rnnviz
from rnnviz import unroll
from rnnviz.kinds import CELLS, get_kind, kind_of, unwrap
from tests.models import assert_parity, tiny

X = torch.randn(5, 2, 3)


def outputs(module, x, hx=None):
    """module(x, hx) as (output, h_n, c_n or None), detached."""
    with torch.no_grad():
        out, state = module(x, hx)
    return (out, *state) if isinstance(state, tuple) else (out, state, None)


def assert_same(trace, module, x, hx=None) -> None:
    out, h_n, c_n = outputs(module, x, hx)
    assert_parity(trace.output, out)
    assert_parity(trace.h_n, h_n)
    assert (trace.c_n is None) == (c_n is None)
    if c_n is not None:
        assert_parity(trace.c_n, c_n)


@pytest.mark.parametrize("cell", CELLS)
def test_hx_forms_and_the_old_h0_keyword(cell) -> None:
    module = tiny(cell, bidirectional=True)
    h0 = torch.randn(4, 2, 4)
    hx = (h0, torch.randn(4, 2, 4)) if cell == "lstm" else h0
    assert_same(unroll(module, X, hx), module, X, hx)
    assert_same(unroll(module, X, hx=hx), module, X, hx)
    assert_same(unroll(module, X, h0=hx), module, X, hx)
    assert_same(unroll(module, X), module, X)
    with pytest.raises(ValueError, match="not both"):
        unroll(module, X, hx, h0=hx)


def test_unbatched_and_packed_inputs() -> None:
    for cell in ("gru", "lstm"):
        module = tiny(cell, batch_first=True, bidirectional=True)
        x1 = torch.randn(5, 3)
        hx = (torch.randn(4, 4), torch.randn(4, 4)) if cell == "lstm" else torch.randn(4, 4)
        trace = unroll(module, x1, hx)
        assert_same(trace, module, x1, hx)
        assert trace.output.shape == (5, 8) and trace.hidden(1, 1).shape == (5, 1, 4)
        xb = torch.randn(3, 5, 3)
        packed = pack_padded_sequence(xb, [2, 5, 4], batch_first=True, enforce_sorted=False)
        trace = unroll(module, packed)
        out, state = module(packed)
        assert_parity(trace.output, pad_packed_sequence(out, batch_first=True)[0].detach())
        assert_parity(trace.packed_output().data, out.data.detach())
        assert_parity(trace.h_n, (state[0] if cell == "lstm" else state).detach())


def test_lstm_with_projection_shapes() -> None:
    module = tiny("lstm", 3, 5, 2, proj_size=2, bidirectional=True)
    trace = unroll(module, X)
    assert (trace.H_out, trace.proj_size) == (2, 2)
    assert trace.hidden(1, 0).shape == (5, 2, 2) and trace.cell_state(1, 0).shape == (5, 2, 5)
    assert trace.h_n.shape == (4, 2, 2) and trace.c_n.shape == (4, 2, 5) and trace.output.shape == (5, 2, 4)
    w = trace.weights(1, 1)
    assert w["W_ih"].shape == (20, 4) and w["W_hh"].shape == (20, 2) and w["W_hr"].shape == (2, 5)
    assert trace.value_range("h") == (None, None) and trace.value_range("i") == (0.0, 1.0)
    assert_same(trace, module, X)


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: unroll(tiny("gru"), X, (torch.zeros(2, 2, 4), torch.zeros(2, 2, 4))), ["GRU", "one tensor", "LSTM"]),
        (lambda: unroll(tiny("rnn"), X, (torch.zeros(2, 2, 4),)), ["RNN", "tuple (h0, c0) is for nn.LSTM only"]),
        (lambda: unroll(tiny("lstm"), X, torch.zeros(2, 2, 4)), ["LSTM", "tuple hx=(h0, c0)", "bare tensor"]),
        (lambda: unroll(tiny("lstm"), X, (torch.zeros(2, 2, 4), None)), ["both tensors"]),
        (lambda: unroll(tiny("lstm"), X, (torch.zeros(2, 2, 4), torch.zeros(2, 2, 3))), ["c0 has shape [2, 2, 3]",
                                                                                           "expected [2, 2, 4]"]),
        (
            lambda: unroll(tiny("lstm", proj_size=2), X, (torch.zeros(2, 2, 4), torch.zeros(2, 2, 4))),
            ["h0 has shape [2, 2, 4]", "expected [2, 2, 2]", "proj_size]"],
        ),
        (lambda: unroll(tiny("lstm"), X, (torch.zeros(2, 2, 4), torch.zeros(2, 2, 4).double())), ["c0 has dtype"]),
        (lambda: unroll(tiny("gru"), torch.randn(5, 2, 7)), ["GRU has input_size=3"]),
        (lambda: unroll(nn.GRUCell(3, 4), X), ["got GRUCell", "nn.GRU(...)"]),
        (lambda: unroll(tiny("gru"), X).cell_state(0, 0), ["nn.LSTM only", "GRU"]),
        (lambda: unroll(tiny("lstm"), X).gates(2, 0), ["layer must be in 0..1"]),
        (lambda: unroll(tiny("gru"), X).activation(torch.zeros(1)), ["trace.gates"]),
    ],
)  # fmt: skip
def test_bad_gated_input_says_what_is_wrong(call, words) -> None:
    with pytest.raises(ValueError) as err:
        call()
    for word in words:
        assert word in str(err.value), (word, str(err.value))


@pytest.mark.parametrize("cell", CELLS)
def test_parametrized_weights_are_read_as_forward_reads_them(cell) -> None:
    module = tiny(cell, bidirectional=True)
    parametrizations.weight_norm(module, "weight_hh_l0")
    with torch.no_grad():
        module.parametrizations.weight_hh_l0.original0.mul_(3.0)  # g: the forward's weight changes, the raw one not
    trace = unroll(module, X)
    assert_same(trace, module, X)
    assert torch.equal(trace.params["weight_hh_l0"], module.weight_hh_l0.detach())


@pytest.mark.parametrize("cell", CELLS)
def test_compiled_modules_are_unwrapped(cell) -> None:
    module = tiny(cell)
    compiled = torch.compile(module)  # lazy: nothing is compiled until it is called (we never call it)
    assert unwrap(compiled) is module and kind_of(compiled).name == cell
    assert_same(unroll(compiled, X), module, X)
    loop = rnnviz.rnncell_loop(compiled, X)
    assert loop.max_abs_diff <= 1e-5


@pytest.mark.parametrize("cell", CELLS)
def test_inputs_that_require_grad(cell) -> None:
    torch.manual_seed(0)
    emb = nn.Embedding(10, 3)
    module = tiny(cell, 3, 4, 1)
    x = emb(torch.randint(0, 10, (6, 2)))  # [6, 2, 3], requires grad
    h0 = torch.zeros(1, 2, 4, requires_grad=True)
    hx = (h0, torch.zeros(1, 2, 4, requires_grad=True)) if cell == "lstm" else h0
    trace = unroll(module, x, hx)
    assert not trace.output.requires_grad and not trace.layer_inputs[0].requires_grad
    assert_same(trace, module, x, hx)
    g = rnnviz.bptt(module, x, hx)  # works too
    assert g.grad(0, 0).shape == (6, 2, 4)


def test_registry_and_value_ranges() -> None:
    assert CELLS == ("rnn", "gru", "lstm")
    assert [get_kind(c).num_blocks for c in CELLS] == [1, 3, 4]
    assert get_kind("gru").gate_names == ("r", "z", "n") and get_kind("lstm").gate_names == ("i", "f", "g", "o")
    assert get_kind("rnn").value_range("h", "relu") == (0.0, None)
    assert get_kind("lstm").value_range("c") == (None, None) and get_kind("lstm").value_range("g") == (-1.0, 1.0)
    with pytest.raises(ValueError, match="cell must be one of rnn, gru, lstm"):
        get_kind("transformer")
    with pytest.raises(ValueError, match="GRU has h, r, z, n"):
        get_kind("gru").value_range("c")
    assert unroll(tiny("rnn"), X).gates(0, 0) == {}
