"""load_state_dict over random modules of every kind and option: the same configuration and the same numbers."""

from __future__ import annotations

import copy

import torch
from hypothesis import given
from hypothesis import strategies as st
from torch import nn

from rnnviz import load_state_dict
from rnnviz.sources import SourceError
from rnnviz.sources.infer import Config
from tests.sources_models import KINDS, make_module, safetensors_bytes, torch_bytes

OPTIONS = ("input_size", "hidden_size", "num_layers", "bias", "bidirectional", "proj_size")


@st.composite
def modules(draw):
    kind = draw(st.sampled_from(sorted(KINDS)))
    hidden = draw(st.integers(1, 5))
    options = {
        "input_size": draw(st.integers(1, 5)),
        "hidden_size": hidden,
        "num_layers": draw(st.integers(1, 3)),
        "bias": draw(st.booleans()),
        "bidirectional": draw(st.booleans()),
        "batch_first": draw(st.booleans()),
    }
    if kind == "RNN":
        options["nonlinearity"] = draw(st.sampled_from(["tanh", "relu"]))
    if kind == "LSTM" and hidden > 1:
        options["proj_size"] = draw(st.integers(0, hidden - 1))
    dtype = draw(st.sampled_from([torch.float32, torch.float64, torch.float16, torch.bfloat16]))
    return kind, options, dtype, draw(st.sampled_from(["torch", "safetensors", "mapping"])), draw(st.integers(0, 99))


def _source(module: nn.Module, fmt: str):
    state = module.state_dict()
    return {"torch": torch_bytes, "safetensors": safetensors_bytes, "mapping": dict}[fmt](state)


@given(modules())
def test_save_load_gives_the_same_configuration_and_numbers(case):
    kind, options, dtype, fmt, seed = case
    original = make_module(kind, seed, dtype, **options)
    asked = {k: options[k] for k in ("nonlinearity", "batch_first") if k in options}
    loaded, inference = load_state_dict(_source(original, fmt), **asked)

    assert type(loaded) is KINDS[kind]
    assert inference.kind == kind
    for name in OPTIONS:
        assert getattr(loaded, name) == getattr(original, name), name
    assert loaded.batch_first == original.batch_first
    if kind == "RNN":
        assert loaded.nonlinearity == original.nonlinearity
    assert [n for n, _ in loaded.named_parameters()] == [n for n, _ in original.named_parameters()]

    reference = copy.deepcopy(
        original
    ).float()  # the weights rnnviz computes with: float32 (float64 rounds, others widen)
    for (name, p), (_, q) in zip(loaded.named_parameters(), reference.named_parameters(), strict=True):
        assert p.dtype == torch.float32
        torch.testing.assert_close(p, q, rtol=0, atol=0, msg=name)
    L, N = 4, 2
    x = torch.randn((N, L, options["input_size"]) if options["batch_first"] else (L, N, options["input_size"]))
    with torch.no_grad():
        got, want = loaded(x), reference(x)
    for a, b in zip(_flat(got), _flat(want), strict=True):
        torch.testing.assert_close(a, b, rtol=0, atol=1e-6)
    if dtype == torch.float64:  # and the float64 module's own numbers, up to float32 rounding
        with torch.no_grad():
            exact = original(x.double())
        for a, b in zip(_flat(got), _flat(exact), strict=True):
            torch.testing.assert_close(a.double(), b, rtol=0, atol=1e-5)


def _flat(result):
    output, state = result
    return [output, *(state if isinstance(state, tuple) else (state,))]


@given(modules())
def test_each_inferred_value_names_the_key_and_shape_that_told_it(case):
    kind, options, dtype, fmt, seed = case
    original = make_module(kind, seed, torch.float32, **options)
    _, inference = load_state_dict(original.state_dict())
    facts = " ".join(m.text("en") for m in inference.facts)
    w_ih = original.weight_ih_l0
    assert f"Kind {kind}: weight_ih_l0 [{w_ih.shape[0]}, {w_ih.shape[1]}]" in facts
    assert f"input_size {options['input_size']}: the columns of weight_ih_l0" in facts
    assert f"num_layers {options['num_layers']}:" in facts
    assert f"bidirectional {options['bidirectional']}" in facts
    assert f"bias {options['bias']}" in facts
    hidden_from = "weight_hr_l0" if options.get("proj_size") else "weight_hh_l0"
    assert f"hidden_size {options['hidden_size']}: the columns of {hidden_from}" in facts
    if kind == "LSTM":
        assert f"proj_size {options.get('proj_size', 0)}" in facts
    asked = [m.key for m in inference.asked]
    expect = ["source.asked.nonlinearity.default"] if kind == "RNN" else []
    assert asked == expect + ["source.asked.batch_first.default", "source.asked.dropout.default"]
    zh = inference.lines("zh")
    assert len(zh) == len(inference.lines("en")) and all(zh)


def test_config_expected_shapes_are_torchs_own():
    """Config.expected() -- what every check is against -- equals the parameters torch creates."""
    for kind, cls in KINDS.items():
        for proj in (0, 2) if kind == "LSTM" else (0,):
            for bias in (True, False):
                config = Config(kind, 3, 4, 3, bias, True, proj)
                module = cls(3, 4, 3, bias=bias, bidirectional=True, **({"proj_size": proj} if proj else {}))
                assert config.expected() == {n: tuple(p.shape) for n, p in module.named_parameters()}
                assert config.num_parameters == sum(p.numel() for p in module.parameters())


def test_asked_values_are_used_and_said():
    rnn = make_module("RNN", input_size=2, hidden_size=3, num_layers=2, nonlinearity="relu")
    x = torch.randn(5, 1, 2)
    as_tanh, inf_tanh = load_state_dict(rnn.state_dict())
    as_relu, inf_relu = load_state_dict(rnn.state_dict(), nonlinearity="relu", dropout=0.25)
    assert as_tanh.nonlinearity == "tanh" and "the default 'tanh' is used" in str(inf_tanh)
    assert as_relu.nonlinearity == "relu" and as_relu.dropout == 0.25
    assert "nonlinearity 'relu': as you set it" in str(inf_relu)
    assert not as_relu.training  # eval: dropout does not act, the numbers are the module's
    torch.testing.assert_close(as_relu(x)[0], rnn(x)[0], rtol=0, atol=0)
    assert not torch.allclose(as_tanh(x)[0], rnn(x)[0])  # the weights alone cannot tell: tanh differs


def test_nonlinearity_for_a_gated_cell_is_noted_and_ignored():
    gru = make_module("GRU", input_size=2, hidden_size=3)
    _, inference = load_state_dict(gru.state_dict(), nonlinearity="relu")
    assert [m.key for m in inference.notes] == ["source.note.nonlinearity"]
    assert "nonlinearity 'relu' does not apply to nn.GRU" in str(inference)


def test_dropout_with_one_layer_is_noted():
    _, inference = load_state_dict(make_module("LSTM", input_size=2, hidden_size=3).state_dict(), dropout=0.5)
    assert "source.note.dropout_one_layer" in [m.key for m in inference.notes]


def test_bad_options_raise_one_error_type():
    state = make_module("RNN", input_size=2, hidden_size=3).state_dict()
    for kwargs in ({"nonlinearity": "sigmoid"}, {"dropout": 1.5}, {"batch_first": "yes"}, {"dtype": torch.int32}):
        try:
            load_state_dict(state, **kwargs)
        except SourceError as err:
            assert "is not valid: use" in str(err)
        else:
            raise AssertionError(kwargs)


def test_float64_kept_on_request():
    lstm = make_module("LSTM", dtype=torch.float64, input_size=2, hidden_size=3)
    loaded, inference = load_state_dict(lstm.state_dict(), dtype=torch.float64)
    assert loaded.weight_ih_l0.dtype == torch.float64 and not inference.notes
    x = torch.randn(3, 2, 2, dtype=torch.float64)
    torch.testing.assert_close(loaded(x)[0], lstm(x)[0], rtol=0, atol=0)


def test_loading_leaves_torchs_rng_alone():
    state = make_module("GRU", input_size=2, hidden_size=3).state_dict()
    torch.manual_seed(5)
    load_state_dict(state)
    after = torch.rand(3)
    torch.manual_seed(5)
    torch.testing.assert_close(after, torch.rand(3))
