"""The PyTorch snippet and the RNNCell-loop snippet reproduce the app's numbers exactly."""

import contextlib
import io
import re

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnviz import RNNSpec
from rnnviz.run import make_trace as app_trace  # the app's trace: seeded, as the app and the CLI build it
from rnnviz.snippet import cell_loop_snippet, snippet
from rnnviz.spec import H0_KINDS, INPUT_KINDS


def run_snippet(code: str) -> dict:
    ns: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(code, "<snippet>", "exec"), ns)  # noqa: S102 -- our own generated code
    return ns


rnn_specs = st.builds(
    RNNSpec,
    input_size=st.integers(1, 4),
    hidden_size=st.integers(1, 4),
    num_layers=st.integers(1, 3),
    nonlinearity=st.sampled_from(["tanh", "relu"]),
    bias=st.booleans(),
    batch_first=st.booleans(),
    dropout=st.sampled_from([0.0, 0.5]),
    bidirectional=st.booleans(),
    seq_len=st.integers(1, 5),
    batch_size=st.integers(1, 3),
    seed=st.integers(0, 2**31 - 1),
    input_kind=st.sampled_from(INPUT_KINDS),
    h0_kind=st.sampled_from(H0_KINDS),
    training=st.booleans(),
)


@st.composite
def gated(draw, base=rnn_specs):
    """Any spec as a GRU or LSTM (LSTM: with or without proj_size)."""
    spec = draw(base)
    cell = draw(st.sampled_from(["gru", "lstm"]))
    proj = draw(st.integers(0, spec.hidden_size - 1)) if cell == "lstm" else 0
    return spec.replace(cell=cell, nonlinearity="tanh", proj_size=proj)


@st.composite
def padded(draw, base=rnn_specs):
    """Any spec with per-sequence lengths (padding after each), as for pack_padded_sequence."""
    spec = draw(base)
    lengths = draw(st.lists(st.integers(1, spec.seq_len), min_size=spec.batch_size, max_size=spec.batch_size))
    return spec.replace(lengths=tuple(lengths))


specs = st.one_of(rnn_specs, gated(), padded(), gated(padded()))


@settings(max_examples=40, deadline=None)
@given(specs)
def test_snippet_reproduces_the_trace_exactly(spec):
    ns = run_snippet(snippet(spec))
    trace = app_trace(spec)
    torch.testing.assert_close(ns["x"], spec.build()[1], atol=0, rtol=0)
    torch.testing.assert_close(ns["output"], trace.output, atol=0, rtol=0)
    torch.testing.assert_close(ns["h_n"], trace.h_n, atol=0, rtol=0)
    if spec.cell == "lstm":
        torch.testing.assert_close(ns["c_n"], trace.c_n, atol=0, rtol=0)


@pytest.mark.parametrize("kind", INPUT_KINDS)
@pytest.mark.parametrize("batch_first", [False, True])
def test_input_formulas_match_make_input(kind, batch_first):
    spec = RNNSpec(input_kind=kind, batch_first=batch_first, seq_len=5, batch_size=3)
    torch.testing.assert_close(run_snippet(snippet(spec))["x"], spec.build()[1], atol=0, rtol=0)


@settings(max_examples=25, deadline=None)
@given(specs)
def test_cell_loop_snippet_equals_nn_rnn_in_eval(spec):
    ns = run_snippet(snippet(spec) + cell_loop_snippet(spec))
    torch.testing.assert_close(ns["out_cells"], ns["output"], atol=1e-6, rtol=1e-5)
    torch.testing.assert_close(torch.stack(ns["h_n_cells"]), ns["h_n"], atol=1e-6, rtol=1e-5)
    assert not ns["rnn"].training  # compared in eval mode


def test_padded_snippet_packs_and_pads_back():
    code = snippet(RNNSpec(lengths=(6, 3), batch_first=True))
    assert "pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)" in code
    assert "lengths = torch.tensor([6, 3])" in code and "total_length=6" in code
    assert "pack_padded_sequence" not in snippet(RNNSpec())


def test_snippet_states_shapes_and_mode():
    spec = RNNSpec(training=True, dropout=0.2, h0_kind="random")
    code = snippet(spec)
    assert "rnn.train()" in code and code.count("torch.manual_seed(0)") == 2
    assert "h0 = torch.randn(4, 2, 3)" in code and "output [6, 2, 6], h_n [4, 2, 3]" in code
    assert "rnn.eval()" in snippet(RNNSpec())


def test_gated_snippets_name_their_module_and_state():
    gru = snippet(RNNSpec(cell="gru", h0_kind="random"))
    assert "rnn = nn.GRU(input_size=4, hidden_size=3, num_layers=2, bias=True," in gru and "nonlinearity" not in gru
    lstm = snippet(RNNSpec(cell="lstm", proj_size=2, h0_kind="random"))
    assert "nn.LSTM(" in lstm and "proj_size=2" in lstm and "c0 = torch.randn(4, 2, 3)" in lstm
    assert "h0 = torch.randn(4, 2, 2)  # [num_layers*num_directions, batch, proj_size]" in lstm
    assert "output, (h_n, c_n) = rnn(x, hx)  # output [6, 2, 4], h_n [4, 2, 2], c_n [4, 2, 3]" in lstm
    assert "nn.LSTMCell" not in cell_loop_snippet(RNNSpec(cell="lstm", proj_size=2))  # PyTorch has none
    assert "nn.GRUCell(4 if layer == 0 else 6, 3)" in cell_loop_snippet(RNNSpec(cell="gru"))
    assert "h, c = cell(x_t, (h, c))" in cell_loop_snippet(RNNSpec(cell="lstm", num_layers=1, bidirectional=False))
def test_one_layer_one_direction_loop_reads_like_the_tutorials():
    code = cell_loop_snippet(RNNSpec(num_layers=1, bidirectional=False))
    assert "for x_t in x:" in code and "h = cell(x_t, h)" in code
    assert "layer" not in code.replace("next layer", "") and "reverse" not in code and "flip" not in code
    bf = cell_loop_snippet(RNNSpec(num_layers=1, bidirectional=False, batch_first=True))
    assert "for x_t in x.transpose(0, 1):" in bf


def test_stacking_and_directions_only_when_the_model_has_them():
    bi = cell_loop_snippet(RNNSpec(num_layers=1, bidirectional=True))
    assert "for layer in" not in bi and "inp.flip(0)" in bi and "h_{t+1}" in bi
    stacked = cell_loop_snippet(RNNSpec(num_layers=3, bidirectional=False))
    assert "for layer in range(3):" in stacked and "flip" not in stacked and "_reverse" not in stacked


@settings(max_examples=10, deadline=None)
@given(specs)
def test_cell_loop_comments_follow_the_language(spec):
    zh = cell_loop_snippet(spec, "zh")
    comments = " ".join(line.split("#", 1)[1] for line in zh.splitlines() if "#" in line)
    english = {"the", "is", "of", "with", "same", "reverse", "stored", "next", "compare", "without", "about", "runs"}
    assert not english & set(re.findall(r"\b[a-z]+\b", comments)), comments
    assert any("\u4e00" <= ch <= "\u9fff" for ch in comments)
    ns = run_snippet(snippet(spec) + zh)  # the Chinese version runs and agrees too
    torch.testing.assert_close(ns["out_cells"], ns["output"], atol=1e-6, rtol=1e-5)
