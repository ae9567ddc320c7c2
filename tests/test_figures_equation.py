"""The step-equation figures hold the real numbers, and they add up as torch computes them."""

import json

import numpy as np
import plotly.graph_objects as go
import pytest
import torch

from rnnviz import RNNSpec, unroll
from rnnviz.figures.base import text_width
from rnnviz.figures.equation import equation_figure, matmul_figure, step_numbers


def trace_of(**kw):
    rnn, x, h0 = RNNSpec(**kw).build()
    return unroll(rnn, x, h0), rnn


def blocks(fig):
    return {d.name: np.asarray(d.z) for d in fig.data}


@pytest.mark.parametrize("layer,direction,t", [(0, 0, 0), (0, 1, 5), (1, 0, 3), (1, 1, 0)])
def test_matmul_view_equals_the_cell(layer, direction, t):
    trace, rnn = trace_of(num_layers=2, bidirectional=True, h0_kind="random")
    b = blocks(matmul_figure(trace, layer, direction, t, batch=1, lesson=True))  # a slide: every number fits
    xh = "[x_t, h_{t-1}]" if direction == 0 else "[x_t, h_{t+1}]"  # the reverse direction reads step t + 1
    pre = b[xh] @ b["[W_ih | W_hh]ᵀ"] + b["b_ih + b_hh"]
    np.testing.assert_allclose(
        pre, b[next(k for k in b if k not in (xh, "[W_ih | W_hh]ᵀ", "b_ih + b_hh", "h_t"))], atol=1e-6
    )
    np.testing.assert_allclose(np.tanh(pre), b["h_t"], atol=1e-6)
    sfx = f"_l{layer}" + ("_reverse" if direction else "")
    W = torch.cat([getattr(rnn, "weight_ih" + sfx), getattr(rnn, "weight_hh" + sfx)], dim=1).T
    np.testing.assert_allclose(b["[W_ih | W_hh]ᵀ"], W.detach().double().numpy())
    np.testing.assert_allclose(b["h_t"][0], trace.hidden(layer, direction)[t, 1].double().numpy())


def test_equation_blocks_hold_terms_and_add_up():
    trace, _ = trace_of(num_layers=2, nonlinearity="relu")
    n = step_numbers(trace, 1, 0, 2, 0)
    b = blocks(equation_figure(trace, 1, 0, 2, 0, lesson=True))  # a slide: every number fits
    assert b["W_ih"].shape == (3, 6)  # layer 1 reads both directions of layer 0
    pre = b["W_ih"] @ b["x_t"] + b["b_ih"] + b["W_hh"] @ b["h_{t-1}"] + b["b_hh"]
    np.testing.assert_allclose(pre[:, 0], n["pre"], atol=1e-6)
    np.testing.assert_allclose(np.maximum(pre[:, 0], 0), b["h_t"][:, 0], atol=1e-6)


def test_without_bias_there_are_no_bias_blocks():
    trace, _ = trace_of(bias=False)
    assert not [k for k in blocks(equation_figure(trace, 0, 0, 1)) if k.startswith("b_")]
    assert "b_ih + b_hh" not in blocks(matmul_figure(trace, 0, 0, 1))


def test_concat_split_lines_and_sizes():
    trace, _ = trace_of(input_size=5, hidden_size=2, num_layers=1, bidirectional=False)
    fig = matmul_figure(trace, 0, 0, 0)
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert {s.x0 for s in lines if s.x0 == s.x1} == {4.5} and {s.y0 for s in lines if s.y0 == s.y1} == {4.5}
    big, _ = trace_of(input_size=100, hidden_size=20, num_layers=1, bidirectional=False, seq_len=3)
    W_ih = next(d for d in equation_figure(big, 0, 0, 0).data if d.name == "W_ih")
    assert W_ih.texttemplate and np.asarray(W_ih.z).shape[0] < 20  # too large: a stated sample, printed


def _intervals(fig, anns):
    """Each annotation's horizontal extent in plot-area pixels (all are centred on their x)."""
    plot_w = fig.layout.width - fig.layout.margin.l - fig.layout.margin.r
    size = fig.layout.font.size
    out = []
    for a in anns:
        font = a.font.size or size
        lines = a.text.replace("<b>", "").replace("</b>", "").split("<br>")
        w = max(text_width(line, font, bold="<b>" in a.text) for line in lines)
        out.append((a.x * plot_w - w / 2, a.x * plot_w + w / 2))
    return sorted(out)


@pytest.mark.parametrize("hidden_size", [2, 3, 6, 20])
@pytest.mark.parametrize("input_size", [4, 10, 100])
@pytest.mark.parametrize(("lang", "lesson"), [("en", False), ("zh", True)])
def test_labels_and_operators_never_collide(hidden_size, input_size, lang, lesson):
    trace, _ = trace_of(input_size=input_size, hidden_size=hidden_size, num_layers=1, bidirectional=False, seq_len=2)
    for build in (equation_figure, matmul_figure):
        fig = build(trace, 0, 0, 1, 0, lang, lesson)
        anns = fig.layout.annotations
        assert all(a.xanchor == "center" for a in anns)  # plotly's "auto" right-aligns text past x = 2/3
        dims = [a for a in anns if a.yanchor == "top"]
        tops = [a for a in anns if a.yanchor == "bottom"]
        ops = [a for a in anns if a.yanchor == "middle"]
        for row in (tops + ops, dims + ops):
            spans = _intervals(fig, row)
            assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False)), (build.__name__, spans)
        for heatmap, label in zip(fig.data, tops, strict=True):  # each label is centred over its block
            ax = fig.layout[heatmap.xaxis.replace("x", "xaxis")]
            assert abs(sum(ax.domain) / 2 - label.x) < 1e-9


@pytest.mark.parametrize("lesson", [False, True])
def test_unvalidated_figures_are_valid_plotly(lesson):
    trace, _ = trace_of(num_layers=2, bias=False, nonlinearity="relu")
    for fig in (equation_figure(trace, 1, 1, 2, 1, "zh", lesson), matmul_figure(trace, 0, 0, 0, 0, "en", lesson)):
        assert json.loads(go.Figure(fig.to_dict()).to_json()) == json.loads(fig.to_json())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_padded_step_says_so_under_the_title(lang):
    """At a step past sequence n's length the equation's numbers are not a step the cell ran: the figure says so."""
    from rnnviz import RNNSpec
    from rnnviz.figures.equation import equation_figure, matmul_figure
    from rnnviz.i18n import text
    from rnnviz.run import make_trace

    trace = make_trace(RNNSpec(lengths=(6, 3)))
    note = text(lang, "dash.eq.padding", t=4, n=1, length=3)
    for fig in (equation_figure, matmul_figure):
        assert note in fig(trace, 0, 0, 4, batch=1, lang=lang).layout.title.text
        assert "<br>" not in fig(trace, 0, 0, 2, batch=1, lang=lang).layout.title.text  # inside the length
        assert "<br>" not in fig(trace, 0, 0, 4, batch=0, lang=lang).layout.title.text  # sequence 0: 6 steps


# --- a stated sample when a matrix is too large to print ------------------------------------------
def _big_trace():
    from rnnviz import RNNSpec
    from rnnviz.run import make_trace

    return make_trace(RNNSpec(input_size=100, hidden_size=64, num_layers=1, bidirectional=False, seq_len=3))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("lesson", [False, True])
def test_too_large_a_matrix_is_a_stated_sample_of_real_numbers(lang, lesson):
    from rnnviz.figures.equation import SAMPLES, equation_figure, matmul_figure, step_numbers
    from rnnviz.i18n import text

    trace = _big_trace()
    n = step_numbers(trace, 0, 0, 1, 0)
    whole = {"W_ih": n["W_ih"], "x_t": n["x_t"][:, None], "W_hh": n["W_hh"], "h_t": n["h_t"][:, None]}
    for build in (equation_figure, matmul_figure):
        fig = build(trace, 0, 0, 1, 0, lang, lesson=lesson)
        heat = [d for d in fig.data if d.type == "heatmap"]
        least = 14 if lesson else 12
        assert all(d.texttemplate and d.textfont.size >= least for d in heat)  # numbers printed, legibly
        m = max(max(np.asarray(d.z).shape) for d in heat)
        assert m in SAMPLES and m < 64  # a sample, not the 64 x 100 block
        title = fig.layout.title.text.replace("<br>", " ")
        assert all(part in title for part in text(lang, "dash.eq.sample", m=m).split(" ")), title  # said so
        sizes = [a.text for a in fig.layout.annotations if "×" in a.text]
        assert any("64×100" in s or "164×64" in s for s in sizes), sizes  # the whole shape is stated
        for d in heat:  # each shown value is the real number at its stated index
            if build is equation_figure and d.name in whole:
                z, where = np.asarray(d.z), np.asarray(d.customdata)
                np.testing.assert_allclose(z, whole[d.name][where[..., 0], where[..., 1]])
    mm = matmul_figure(trace, 0, 0, 1, 0, lang, lesson=lesson)
    xh = next(d for d in mm.data if d.name.startswith("[x_t"))
    cols = np.asarray(xh.customdata)[0, :, 1]
    assert (cols < 100).any() and (cols >= 100).any()  # the sample keeps x_t and h_{t-1}, both parts


def test_a_small_matrix_is_printed_whole_without_a_sample_note():
    from rnnviz.figures.equation import equation_figure
    from rnnviz.i18n import text

    trace, _ = trace_of(hidden_size=3, input_size=4, num_layers=1, bidirectional=False)
    fig = equation_figure(trace, 0, 0, 1)
    assert text("en", "dash.eq.sample", m=2)[:30] not in fig.layout.title.text
    assert all(np.asarray(d.customdata).shape[:2] == np.asarray(d.z).shape for d in fig.data)
    assert "3×4" in [a.text for a in fig.layout.annotations]  # W_ih [H, input_size], whole
