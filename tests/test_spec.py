"""RNNSpec: validation messages, reproducible build() equal to the plain tutorial code, make_input."""

from __future__ import annotations

import math

import pytest
import torch
from torch import nn

from rnnviz import RNNSpec, make_input
from rnnviz.spec import SEED_MAX


def _tutorial(spec: RNNSpec):
    """What a reader types: seed, the module, the input, h0 -- in that order."""
    torch.manual_seed(spec.seed)
    rnn = nn.RNN(**spec.rnn_kwargs())
    x = {"normal": torch.randn, "uniform": torch.rand}[spec.input_kind](spec.input_shape)
    h0 = torch.randn(spec.h0_shape) if spec.h0_kind == "random" else None
    return rnn, x, h0


@pytest.mark.parametrize(
    "spec",
    [
        RNNSpec(),
        RNNSpec(5, 6, 1, bidirectional=False, seq_len=20, batch_size=3, h0_kind="random", seed=7),
        RNNSpec(input_kind="uniform", batch_first=True, nonlinearity="relu", bias=False, num_layers=3),
        RNNSpec(h0_kind="random", dropout=0.5, training=True, seed=SEED_MAX),
    ],
)
def test_build_equals_the_plain_tutorial_code(spec: RNNSpec) -> None:
    rnn, x, h0 = spec.build()
    ref_rnn, ref_x, ref_h0 = _tutorial(spec)
    assert torch.equal(x, ref_x) and x.shape == spec.input_shape
    assert (h0 is None) == (ref_h0 is None) and (h0 is None or torch.equal(h0, ref_h0))
    assert list(rnn.state_dict()) == list(ref_rnn.state_dict())
    for name, p in rnn.state_dict().items():
        assert torch.equal(p, ref_rnn.state_dict()[name]), name
    assert rnn.training == spec.training
    out, h_n = rnn.eval()(x, h0)
    assert out.shape == spec.output_shape and h_n.shape == spec.h_n_shape


def test_build_is_reproducible_and_leaves_the_global_rng_alone() -> None:
    spec = RNNSpec(h0_kind="random", seed=123)
    torch.manual_seed(99)
    before = torch.get_rng_state()
    (r1, x1, h1), (r2, x2, h2) = spec.build(), spec.build()
    assert torch.equal(torch.get_rng_state(), before)
    assert torch.equal(x1, x2) and torch.equal(h1, h2)
    assert all(torch.equal(a, b) for a, b in zip(r1.parameters(), r2.parameters(), strict=True))
    _, x3, _ = spec.replace(seed=124).build()
    assert not torch.equal(x1, x3)


def test_sizes() -> None:
    spec = RNNSpec(4, 3, 2, bidirectional=True, seq_len=6, batch_size=2)
    assert spec.num_directions == 2
    assert spec.input_shape == (6, 2, 4) and spec.output_shape == (6, 2, 6)
    assert spec.h0_shape == spec.h_n_shape == (4, 2, 3)
    assert spec.cells == 6 * 2 * 2 * 2 * 3
    bf = spec.replace(batch_first=True)
    assert bf.input_shape == (2, 6, 4) and bf.output_shape == (2, 6, 6) and bf.h0_shape == (4, 2, 3)
    assert list(spec.rnn_kwargs()) == [
        "input_size",
        "hidden_size",
        "num_layers",
        "nonlinearity",
        "bias",
        "batch_first",
        "dropout",
        "bidirectional",
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"input_size": 0}, "input_size must be a whole number >= 1, got 0"),
        ({"hidden_size": -2}, "hidden_size must be a whole number >= 1, got -2"),
        ({"num_layers": 1.5}, "num_layers must be a whole number >= 1, got 1.5"),
        ({"seq_len": True}, "seq_len must be a whole number >= 1, got True"),
        ({"batch_size": "3"}, "batch_size must be a whole number >= 1, got '3'"),
        ({"seed": -1}, f"seed must be a whole number in 0..{SEED_MAX}, got -1"),
        ({"seed": SEED_MAX + 1}, f"seed must be a whole number in 0..{SEED_MAX}"),
        ({"bias": 1}, "bias must be True or False, got 1"),
        ({"training": "yes"}, "training must be True or False"),
        ({"dropout": 1.5}, "dropout must be a probability in [0, 1], got 1.5"),
        ({"dropout": math.nan}, "dropout must be a probability in [0, 1], got nan"),
        ({"dropout": True}, "dropout must be a probability"),
        ({"nonlinearity": "sigmoid"}, "nonlinearity must be one of tanh, relu; got 'sigmoid'"),
        ({"input_kind": "noise"}, "input_kind must be one of normal, uniform, sine, ramp; got 'noise'"),
        ({"h0_kind": "ones"}, "h0_kind must be one of zeros, random; got 'ones'"),
        ({"cell": "transformer"}, "cell must be one of rnn, gru, lstm; got 'transformer'"),
        ({"cell": "gru", "proj_size": 1}, "proj_size exists only for LSTM: set proj_size=0 for cell='gru'"),
        ({"proj_size": 1}, "proj_size exists only for LSTM"),
        ({"cell": "lstm", "proj_size": 3}, "proj_size must be smaller than hidden_size=3, got 3"),
        ({"cell": "lstm", "proj_size": -1}, "proj_size must be a whole number >= 0 (0 = no projection), got -1"),
        ({"cell": "gru", "nonlinearity": "relu"}, "nonlinearity applies to nn.RNN only (GRU uses sigmoid gates"),
    ],
)
def test_validation_says_what_to_change(changes, message) -> None:
    with pytest.raises(ValueError) as err:
        RNNSpec(**changes)
    assert message in str(err.value)
    with pytest.raises(ValueError):
        RNNSpec().replace(**changes)


def test_spec_is_frozen_and_hashable() -> None:
    spec = RNNSpec()
    with pytest.raises(AttributeError):
        spec.seed = 3  # type: ignore[misc]
    assert spec == RNNSpec() and hash(spec) == hash(RNNSpec())


@pytest.mark.parametrize("batch_first", [False, True])
def test_make_input_kinds(batch_first: bool) -> None:
    L, N, F = 5, 3, 2
    shape = (N, L, F) if batch_first else (L, N, F)
    for kind in ("normal", "uniform", "sine", "ramp"):
        assert make_input(kind, shape, batch_first).shape == shape
    tm = lambda v: v.transpose(0, 1) if batch_first else v  # noqa: E731 -> [L, N, F]
    ramp = tm(make_input("ramp", shape, batch_first))
    assert torch.equal(ramp[:, 1, 0], torch.linspace(-1, 1, L)) and torch.equal(ramp[:, 0], ramp[:, 2])
    sine = tm(make_input("sine", shape, batch_first))
    t, i, n = 3, 1, 2
    assert sine[t, n, i].item() == pytest.approx(math.sin(2 * math.pi * t / L * (i + 1) + n / 2), abs=1e-6)
    assert float(make_input("uniform", shape).min()) >= 0
    assert make_input("ramp", (1, 2, 3)).eq(-1).all()  # one step: no division by zero
    with pytest.raises(ValueError, match="input_kind must be one of"):
        make_input("zeros", shape)


def _gated_tutorial(spec: RNNSpec):
    """What a reader types for nn.GRU / nn.LSTM: seed, the module, the input, h0, then c0."""
    torch.manual_seed(spec.seed)
    module = {"gru": nn.GRU, "lstm": nn.LSTM}[spec.cell](**spec.rnn_kwargs())
    x = torch.randn(spec.input_shape)
    if spec.h0_kind != "random":
        return module, x, None
    h0 = torch.randn(spec.h0_shape)
    return module, x, (h0, torch.randn(spec.c0_shape)) if spec.cell == "lstm" else h0


@pytest.mark.parametrize(
    "spec",
    [
        RNNSpec(cell="gru", h0_kind="random"),
        RNNSpec(cell="lstm", h0_kind="random", batch_first=True),
        RNNSpec(cell="lstm", proj_size=2, h0_kind="random", bidirectional=False),
        RNNSpec(cell="lstm"),
    ],
)
def test_gated_build_equals_the_tutorial_code(spec: RNNSpec) -> None:
    module, x, hx = spec.build()
    ref, ref_x, ref_hx = _gated_tutorial(spec)
    assert type(module) is type(ref) and torch.equal(x, ref_x)
    for (n1, p1), (n2, p2) in zip(module.named_parameters(), ref.named_parameters(), strict=True):
        assert n1 == n2 and torch.equal(p1, p2)
    if ref_hx is None:
        assert hx is None
    elif spec.cell == "lstm":
        assert isinstance(hx, tuple) and all(torch.equal(a, b) for a, b in zip(hx, ref_hx, strict=True))
    else:
        assert torch.equal(hx, ref_hx)
    out, state = module.eval()(x, hx)
    assert out.shape == spec.output_shape
    h_n, c_n = state if spec.cell == "lstm" else (state, None)
    assert h_n.shape == spec.h_n_shape and (c_n is None or c_n.shape == spec.c_n_shape)


def test_gated_sizes_and_kwargs() -> None:
    lstm = RNNSpec(4, 3, 2, cell="lstm", proj_size=2, bidirectional=True, seq_len=6, batch_size=2)
    assert lstm.h0_shape == lstm.h_n_shape == (4, 2, 2) and lstm.c0_shape == lstm.c_n_shape == (4, 2, 3)
    assert lstm.output_shape == (6, 2, 4)
    assert list(lstm.rnn_kwargs()) == [
        "input_size", "hidden_size", "num_layers", "bias", "batch_first", "dropout", "bidirectional", "proj_size",
    ]  # fmt: skip
    assert "nonlinearity" not in RNNSpec(cell="gru").rnn_kwargs() and RNNSpec().c0_shape is None
    # the trace's size: h_t, plus 3 gates (GRU) or 4 gates and c_t (LSTM) per unit
    base = RNNSpec(4, 3, 2, bidirectional=True, seq_len=6, batch_size=2)
    assert base.replace(cell="gru").cells == 4 * base.cells
    assert base.replace(cell="lstm").cells == 6 * base.cells
    assert lstm.cells == 6 * 2 * 2 * 2 * (2 + 5 * 3)


def test_lengths_are_checked_with_a_message_that_says_what_to_change():
    assert RNNSpec(lengths=[6, 3]).lengths == (6, 3)  # a list is kept as a tuple (hashable: the app caches by spec)
    for bad in ((6,), (7, 3), (0, 3), (6.0, 3), "6,3"):
        with pytest.raises(ValueError, match="lengths must be 2 whole numbers .* in 1..6"):
            RNNSpec(lengths=bad)
