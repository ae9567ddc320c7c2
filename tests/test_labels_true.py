"""Every label is a claim: output indices and shapes follow the module's layout, one orientation in every
figure, the reverse direction reads h_{t+1}. Checked over combinations of options, against the real tensors."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnviz import RNNSpec, bptt, unroll
from rnnviz import notation as nt
from rnnviz.figures.concat import concat_figure
from rnnviz.figures.equation import equation_figure, matmul_figure
from rnnviz.figures.gradients import gradient_heatmaps
from rnnviz.figures.heatmaps import hidden_heatmaps, output_heatmaps
from rnnviz.figures.unrolled import unrolled_figure
from rnnviz.i18n import text

SIMPLE_INDEX = re.compile(r"output\[([0-9:, ]+)\]")  # output[3], output[:, 3] -- no symbols, evaluable
SHAPE = re.compile(r"\[(\d+), (\d+), (\d+)\]")

configs = st.fixed_dictionaries(
    {
        "batch_first": st.booleans(),
        "bidirectional": st.booleans(),
        "num_layers": st.integers(1, 3),
        "seq_len": st.integers(2, 6),
        "batch_size": st.integers(1, 3),
        "hidden_size": st.integers(1, 3),
        "input_size": st.integers(1, 3),
    }
)


def trace_of(**kw):
    rnn, x, h0 = RNNSpec(**kw).build()
    return unroll(rnn, x, h0)


def texts(fig) -> list[str]:
    out = [a.text or "" for a in fig.layout.annotations]
    return out + [fig.layout.title.text or ""]


def plain(s: str) -> str:
    return re.sub(r"<[^>]+>", " ", s)


@settings(max_examples=25, deadline=None)
@given(cfg=configs, lang=st.sampled_from(["en", "zh"]), t=st.integers(0, 5))
def test_every_output_index_on_a_diagram_is_what_torch_returns(cfg, lang, t):
    """Each ``output[...]`` label of the unrolled network names the top layer's states at one step (its
    value is [N, D*H]); under batch_first ``output[t]`` would be a batch element's whole sequence."""
    trace = trace_of(**cfg)
    t = min(t, trace.seq_len - 1)
    top = trace.layer_outputs[-1]  # [L, N, D*H], time-major
    labels = [m.group(1) for s in texts(unrolled_figure(trace, t=t, lang=lang)) for m in SIMPLE_INDEX.finditer(s)]
    said = " ".join(texts(concat_figure(trace, t=t, lang=lang)))  # the last layer's concat is output
    assert ("output[:, t]" in said) == cfg["batch_first"] and ("output[t]" in said) != cfg["batch_first"]
    assert labels, "the unrolled network labels its outputs"
    for idx in labels:
        value = eval(f"output[{idx}]", {"output": trace.output})  # noqa: S307 -- digits, colons, commas only
        step = int(idx.split(",")[-1]) if cfg["batch_first"] else int(idx)
        torch.testing.assert_close(value, top[step], msg=f"output[{idx}] is not step {step}")


@settings(max_examples=25, deadline=None)
@given(cfg=configs, lang=st.sampled_from(["en", "zh"]))
def test_every_output_shape_on_a_diagram_is_the_real_shape(cfg, lang):
    """A shape said of ``output`` (``rnn(x) returns as output: [...]``, the unrolled net's output row) is
    ``rnn(x)[0].shape``; the inner layers' concat is said to be time-major."""
    trace = trace_of(**cfg)
    last = trace.num_layers - 1
    real = tuple(trace.output.shape)
    note = next(s for s in texts(concat_figure(trace, layer=last, lang=lang)) if "rnn(x)" in s)
    first = note.split("<br>")[0]
    assert tuple(map(int, SHAPE.search(first).groups())) == real, first
    symbolic = "[N, L," if cfg["batch_first"] else "[L, N,"
    assert symbolic in first, first
    if trace.bidirectional:
        row = text(lang, "diag.unrolled.row_output")
        label = next(s for s in texts(unrolled_figure(trace, lang=lang)) if row in s)
        assert tuple(map(int, SHAPE.findall(label)[-1])) == real, label
        assert symbolic in label
    if last > 0:  # an inner layer's concat: time-major inside nn.RNN, and it says so
        inner = next(s for s in texts(concat_figure(trace, layer=0, lang=lang)) if "weight_ih_l1" in s)
        assert text(lang, "diag.unrolled.time_major", cell=trace.kind.constructor()).strip("()（）") in inner


def test_output_element_is_layout_aware():
    """output[t, n, j] time-major, output[n, t, j] under batch_first: the same number either way."""
    for batch_first in (False, True):
        trace = trace_of(batch_first=batch_first, seq_len=5, batch_size=3)
        expr = nt.output_element(4, 2, 1, batch_first=batch_first)
        value = eval(expr, {"output": trace.output})  # noqa: S307
        assert value == trace.layer_outputs[-1][4, 2, 1], expr


# --- one orientation: the first entry of a vector at the top of every figure ------------------------
def _first_entry_on_top(fig, trace_) -> bool:
    """True when entry 0 of the heatmap's vertical axis is drawn above entry 1 (pixel y grows downwards)."""
    axis = fig.layout[trace_.yaxis.replace("y", "yaxis")] if trace_.yaxis else fig.layout.yaxis
    rng = list(axis.range) if axis.range is not None else None
    reversed_axis = axis.autorange == "reversed" or (rng is not None and rng[0] > rng[1])
    y = np.asarray(trace_.y, dtype=float)
    increasing = y[-1] > y[0]
    return bool(increasing == reversed_axis)


def _vertical_vectors(fig):
    return [d for d in fig.data if d.type == "heatmap" and d.y is not None and len(d.y) > 1]


@settings(max_examples=10, deadline=None)
@given(bidirectional=st.booleans(), layers=st.integers(1, 2), H=st.integers(2, 4))
def test_unit_zero_and_the_forward_half_are_on_top_in_every_figure(bidirectional, layers, H):
    trace = trace_of(bidirectional=bidirectional, num_layers=layers, hidden_size=H, seq_len=4)
    rnn, x, h0 = RNNSpec(bidirectional=bidirectional, num_layers=layers, hidden_size=H, seq_len=4).build()
    figures = {
        "hidden": hidden_heatmaps(trace, t=1),
        "output": output_heatmaps(trace, t=1),
        "equation": equation_figure(trace, 0, 0, 1),
        "concat": concat_figure(trace, t=1),
        "gradients": gradient_heatmaps(bptt(rnn, x, h0)),
    }
    for name, fig in figures.items():
        vectors = _vertical_vectors(fig)
        assert vectors, name
        for d in vectors:
            assert _first_entry_on_top(fig, d), f"{name}: {d.name} draws entry 0 at the bottom"


def test_output_heatmap_forward_half_label_above_reverse_half():
    trace = trace_of(bidirectional=True, num_layers=1, hidden_size=3)
    fig = output_heatmaps(trace)
    halves = [
        a for a in fig.layout.annotations if a.text in (text("en", "dash.fig.half_0"), text("en", "dash.fig.half_1"))
    ]
    fwd, rev = sorted(halves, key=lambda a: a.text != text("en", "dash.fig.half_0"))
    assert list(fig.layout.yaxis.range)[0] > list(fig.layout.yaxis.range)[1]  # reversed: small y on top
    assert fwd.y < rev.y


# --- the reverse direction's previous state is h_{t+1} ---------------------------------------------
def test_reverse_direction_reads_h_t_plus_1_in_figures_and_titles():
    trace = trace_of(bidirectional=True, num_layers=1)
    for lang in ("en", "zh"):
        for fig in (equation_figure(trace, 0, 1, 2, lang=lang), matmul_figure(trace, 0, 1, 2, lang=lang)):
            words = " ".join(plain(s) for s in texts(fig)) + " ".join(d.name for d in fig.data)
            assert "h_{t+1}" in words and "h_{t-1}" not in words, words
        fwd = " ".join(texts(equation_figure(trace, 0, 0, 2, lang=lang)))
        assert "h_{t-1}" in fwd and "h_{t+1}" not in fwd
    reverse_prev = trace.step(0, 1, 2).h_prev
    torch.testing.assert_close(reverse_prev, trace.hidden(0, 1)[3])  # the claim itself: h_{t+1}


def test_reverse_captions_name_h_t_plus_1():
    for lang in ("en", "zh"):
        assert "h_{t+1}" in text(lang, "dash.reads.order_rev", L=5)
        assert "h_{t+1}" in text(lang, "dash.eq.matmul_caption", prev="h_{t+1}")
        assert "h_(t" not in " ".join(text(lang, k) for k in ("dash.reads.order_fwd",))


# --- numbers legible: >= 12 px on the dashboard (1280 wide), larger on a slide ---------------------
def _value_sizes(fig) -> set:
    return {d.textfont.size for d in fig.data if d.type == "heatmap" and d.texttemplate}


@pytest.mark.parametrize("kw", [{}, {"num_layers": 1, "bidirectional": False, "hidden_size": 2}])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_printed_values_are_legible_at_the_default_and_lesson_sizes(kw, lang):
    trace = trace_of(**kw)
    for lesson, least in ((False, 12), (True, 14)):
        figs = [
            equation_figure(trace, 0, 0, 1, lang=lang, lesson=lesson),
            matmul_figure(trace, 0, 0, 1, lang=lang, lesson=lesson),
            hidden_heatmaps(trace, t=1, lang=lang, lesson=lesson),
        ]
        for fig in figs:
            sizes = _value_sizes(fig)
            assert sizes and min(sizes) >= least, (lesson, sizes)
    assert min(_value_sizes(equation_figure(trace, 0, 0, 1, lesson=True))) > min(
        _value_sizes(equation_figure(trace, 0, 0, 1))
    )


def test_too_many_numbers_are_announced_not_shrunk():
    trace = trace_of(hidden_size=12, input_size=8)
    for fig in (equation_figure(trace, 0, 0, 1), matmul_figure(trace, 0, 0, 1)):
        sizes = _value_sizes(fig)
        note = text("en", "dash.eq.too_many", n=max(np.asarray(d.z).size for d in fig.data))
        assert (sizes and min(sizes) >= 12) or note in fig.layout.title.text, sizes


def test_underflow_is_a_power_of_ten_never_zero():
    assert nt.power_of_ten(0.0) == "< 10⁻³⁰⁸"
    assert nt.power_of_ten(3.2e-13) == "3.2 × 10⁻¹³"
    assert nt.power_of_ten(0.37) == "0.37"
    assert nt.power_of_ten(1.5e6) == "1.5 × 10⁶"


# --- the gradients page's files: its numbers, its scale ----------------------------------------------
def test_gradient_exports_hold_the_pages_numbers_and_the_script_applies_its_scale():
    import contextlib
    import io

    from rnnviz.bptt import scaled_copy
    from rnnviz.lesson import gradients as lg
    from rnnviz.lesson.caption import caption

    spec = RNNSpec(num_layers=2, bidirectional=True, seq_len=4)
    rnn, x, h0 = spec.build()
    g = bptt(scaled_copy(rnn, 2.5), x, h0)
    frame = lg.gradients_frame(g)
    assert len(frame) == 2 * 2 * spec.seq_len * spec.batch_size
    row = frame[(frame.layer == 1) & (frame.direction == "reverse") & (frame.t == 3) & (frame.batch == 1)]
    np.testing.assert_allclose(row.filter(like="dL_dh_").to_numpy()[0], g.grad(1, 1)[3, 1].double().numpy())
    npz = np.load(io.BytesIO(lg.gradients_npz(g, 2.5)))
    assert float(npz["w_hh_scale"]) == 2.5
    np.testing.assert_allclose(npz["grad_weight_hh_l0"], g.param_grads["weight_hh_l0"].double().numpy())
    ns: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(lg.gradients_snippet(spec, 2.5), ns)  # noqa: S102 -- our own generated code
    for name, p in ns["rnn"].named_parameters():
        torch.testing.assert_close(p.grad, g.param_grads[name], atol=1e-6, rtol=1e-5)
    assert "W_hh × 2.5" in caption(spec, 1, "en", w_hh_scale=2.5)
    assert "W_hh" not in caption(spec, 1, "en", w_hh_scale=1.0)
