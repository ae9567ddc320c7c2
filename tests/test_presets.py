"""The presets reproduce the tutorial examples exactly: their code, their shapes, torch's numbers."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from rnnviz import PRESETS, unroll
from tests.models import assert_parity

# name -> (input shape, h0 shape or None, output shape, h_n shape), as issue 2 lists them
SHAPES = {
    "rnn_5_6": ((20, 3, 5), (1, 3, 6), (20, 3, 6), (1, 3, 6)),
    "rnn_5_6_seq1": ((1, 3, 5), (1, 3, 6), (1, 3, 6), (1, 3, 6)),
    "dims_1layer_uni": ((3, 2, 4), None, (3, 2, 2), (1, 2, 2)),
    "dims_1layer_bi": ((3, 2, 4), None, (3, 2, 4), (2, 2, 2)),
    "dims_2layer_uni": ((3, 2, 4), None, (3, 2, 2), (2, 2, 2)),
    "dims_2layer_bi": ((3, 2, 4), None, (3, 2, 4), (4, 2, 2)),
    "rnn_100_20": ((10, 3, 100), None, (10, 3, 20), (1, 3, 20)),
    "rnn_100_20_2layers": ((10, 3, 100), None, (10, 3, 20), (2, 3, 20)),
    "pytorch_docs": ((5, 3, 10), (2, 3, 20), (5, 3, 20), (2, 3, 20)),
    "gru_docs": ((5, 3, 10), (2, 3, 20), (5, 3, 20), (2, 3, 20)),
    "lstm_docs": ((5, 3, 10), (2, 3, 20), (5, 3, 20), (2, 3, 20)),  # c0 and c_n: [2, 3, 20] too
    "char_gru": ((10, 1, 8), None, (10, 1, 8), (2, 1, 8)),
    "vanishing": ((40, 2, 4), None, (40, 2, 8), (1, 2, 8)),
    "exploding": ((40, 2, 4), None, (40, 2, 8), (1, 2, 8)),
}
CELLS = {"gru_docs": nn.GRU, "lstm_docs": nn.LSTM, "char_gru": nn.GRU}


def test_every_preset_is_listed() -> None:
    assert set(PRESETS) == set(SHAPES)
    assert all(name == preset.name for name, preset in PRESETS.items())


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_shapes_are_the_tutorials(name: str) -> None:
    x_shape, h0_shape, out_shape, h_n_shape = SHAPES[name]
    rnn, x, hx = PRESETS[name].spec.build()
    assert type(rnn) is CELLS.get(name, nn.RNN)
    assert tuple(x.shape) == x_shape
    h0 = hx[0] if isinstance(hx, tuple) else hx
    assert (h0 is None and h0_shape is None) or tuple(h0.shape) == h0_shape
    trace = unroll(rnn, x, hx)
    assert tuple(trace.output.shape) == out_shape and tuple(trace.h_n.shape) == h_n_shape
    out, state = rnn(x, hx)
    assert_parity(trace.output, out)
    if isinstance(rnn, nn.LSTM):
        assert tuple(hx[1].shape) == tuple(trace.c_n.shape) == h_n_shape
        assert_parity(trace.h_n, state[0])
        assert_parity(trace.c_n, state[1])
    else:
        assert_parity(trace.h_n, state)


def _run_tutorial(code: str, seed: int) -> dict:
    """Execute the preset's own snippet after ``torch.manual_seed(seed)``."""
    scope = {"torch": torch, "nn": nn}
    torch.manual_seed(seed)
    exec(code, scope)  # noqa: S102 -- our own constant strings
    return scope


@pytest.mark.parametrize(
    "name",
    ["rnn_5_6", "rnn_5_6_seq1", "rnn_100_20", "rnn_100_20_2layers", "pytorch_docs"]
    + ["gru_docs", "lstm_docs", "char_gru"],
)
def test_build_reproduces_the_snippet_exactly(name: str) -> None:
    preset = PRESETS[name]
    scope = _run_tutorial(preset.code, preset.spec.seed)
    rnn, x, hx = preset.spec.build()
    ref_x = scope.get("x", scope.get("input"))
    assert torch.equal(x, ref_x)
    assert type(rnn) is type(scope["rnn"])
    for (n1, p1), (n2, p2) in zip(rnn.named_parameters(), scope["rnn"].named_parameters(), strict=True):
        assert n1 == n2 and torch.equal(p1, p2)
    if "c0" in scope:
        assert torch.equal(hx[0], scope["h0"]) and torch.equal(hx[1], scope["c0"])
    elif "h0" in scope:
        assert torch.equal(hx, scope["h0"])


@pytest.mark.parametrize("name", ["dims_1layer_uni", "dims_1layer_bi", "dims_2layer_uni", "dims_2layer_bi"])
def test_dims_presets_use_rand_input_and_zero_h0(name: str) -> None:
    spec = PRESETS[name].spec
    rnn, x, h0 = spec.build()
    torch.manual_seed(spec.seed)
    ref = nn.RNN(4, 2, spec.num_layers, bidirectional=spec.bidirectional)
    assert torch.equal(x, torch.rand(3, 2, 4)) and h0 is None
    assert all(torch.equal(a, b) for a, b in zip(rnn.parameters(), ref.parameters(), strict=True))


def test_every_preset_has_a_title_in_both_languages_and_the_path_is_presets():
    from rnnviz.i18n import CATALOGUE
    from rnnviz.presets import BEGINNER_PATH, next_preset

    for name in PRESETS:
        assert f"preset.{name}" in CATALOGUE["en"] and f"preset.{name}" in CATALOGUE["zh"], name
    assert set(BEGINNER_PATH) <= set(PRESETS) and BEGINNER_PATH[0] == "dims_1layer_uni"
    first = PRESETS[BEGINNER_PATH[0]].spec
    assert first.num_layers == 1 and not first.bidirectional  # the simplest case first
    assert [next_preset(n) for n in BEGINNER_PATH] == [*BEGINNER_PATH[1:], None]


@pytest.mark.parametrize(("name", "vanishes"), [("vanishing", True), ("exploding", False)])
def test_gradient_presets_really_vanish_and_explode(name, vanishes):
    from rnnviz import bptt
    from rnnviz.bptt import scaled_copy

    p = PRESETS[name]
    rnn, x, h0 = p.spec.build()
    norms = bptt(scaled_copy(rnn, p.g_scale), x, h0).norms(0, 0)[:, 0]  # ||dL/dh_t||, t = 0 .. L-1
    ratio = float(norms[0] / norms[-1])
    assert ratio < 1e-6 if vanishes else ratio > 1e6, ratio
