"""Gradient figures tested on the go.Figure: panels, colour scales, values, axis titles, exploded values."""

from __future__ import annotations

import string

import numpy as np
import pytest
import torch
from torch import nn

from rnnviz import style
from rnnviz.bptt import bptt, scaled_copy
from rnnviz.figures.gradients import gradient_heatmaps, gradient_norm_curve, jacobian_norm_curve
from rnnviz.i18n import gradients as catalogue
from rnnviz.spec import RNNSpec


@pytest.fixture(scope="module")
def g():
    rnn, x, h0 = RNNSpec(num_layers=2, bidirectional=True, hidden_size=3, seq_len=6).build()
    return bptt(rnn, x, h0)


@pytest.fixture(scope="module")
def exploded():
    torch.manual_seed(0)
    return bptt(scaled_copy(nn.RNN(3, 8, 1, nonlinearity="relu"), 40.0), torch.randn(60, 2, 3))


def heatmaps(fig):
    return [tr for tr in fig.data if tr.type == "heatmap"]


def test_one_heatmap_per_layer_and_direction_last_layer_on_top(g):
    fig = gradient_heatmaps(g, batch=1, t=2)
    maps = heatmaps(fig)
    assert len(maps) == 2 * 2
    # subplot order: row 1 = layer 1 (forward, reverse), row 2 = layer 0
    for panel, (layer, d) in zip(maps, [(1, 0), (1, 1), (0, 0), (0, 1)], strict=True):
        want = g.grad(layer, d)[:, 1, :].numpy().T  # [H, L]
        np.testing.assert_allclose(np.asarray(panel.z), np.abs(want), rtol=1e-6)
        assert panel.coloraxis == "coloraxis"
    titles = [a.text for a in fig.layout.annotations]
    assert "layer 1" in titles[0] and "forward" in titles[0] and "reverse" in titles[1]
    assert style.REVERSE in titles[1] and style.FORWARD in titles[0]
    assert len(fig.layout.shapes) == 4  # the current step outlined in every panel
    assert any("t = 2" in a.text for a in fig.layout.annotations)


def test_finite_gradients_have_a_white_background(g):
    assert gradient_heatmaps(g).layout.plot_bgcolor == "white"


def test_colour_scales(g):
    top = max(float(g.grad(layer, d)[:, 0].abs().max()) for layer in range(2) for d in range(2))
    abs_axis = gradient_heatmaps(g).layout.coloraxis
    assert abs_axis.cmin == 0 and abs_axis.cmax >= top
    assert [list(c) for c in abs_axis.colorscale] == [list(c) for c in style.SEQUENTIAL]
    signed = gradient_heatmaps(g, scale="signed").layout.coloraxis
    assert signed.cmin == -signed.cmax and signed.cmax >= top
    assert [list(c) for c in signed.colorscale] == [list(c) for c in style.DIVERGING]
    log = gradient_heatmaps(g, scale="log")
    axis = log.layout.coloraxis
    assert axis.cmax >= np.log10(top) and axis.cmin < axis.cmax
    z = np.asarray(heatmaps(log)[0].z, dtype=float)  # layer 1 forward
    want = np.maximum(np.log10(np.abs(g.grad(1, 0)[:, 0].numpy().T)), axis.cmin)
    np.testing.assert_allclose(z, want, rtol=1e-6)
    with pytest.raises(ValueError, match="scale"):
        gradient_heatmaps(g, scale="rainbow")


def test_axis_titles_and_language(g):
    en, zh = gradient_heatmaps(g, lang="en"), gradient_heatmaps(g, lang="zh")
    assert en.layout.xaxis3.title.text == "time step t"
    assert en.layout.yaxis.title.text == "hidden unit"
    assert zh.layout.xaxis3.title.text == catalogue.ZH["grad.fig.axis_time"]
    assert len(heatmaps(zh)) == len(heatmaps(en))
    assert gradient_norm_curve(g, lang="zh").layout.yaxis.title.text == "||dL/dh_t||"


def test_long_sequences_are_averaged_in_blocks():
    rnn, x, h0 = RNNSpec(num_layers=1, bidirectional=False, hidden_size=4, seq_len=200).build()
    gg = bptt(rnn, x, h0)
    fig = gradient_heatmaps(gg, budget=100)
    z = np.asarray(heatmaps(fig)[0].z)
    assert z.shape[1] < 200
    np.testing.assert_allclose(z[:, 0], gg.grad(0)[:8, 0].abs().mean(0).numpy(), rtol=1e-6)
    assert "mean of 8" in fig.layout.xaxis.title.text


def test_norm_curve_values_and_log_axis(g):
    fig = gradient_norm_curve(g, batch=1, t=3)
    assert fig.layout.yaxis.type == "log"
    assert len(fig.data) == 4
    names = [tr.name for tr in fig.data]
    assert names == ["layer 1 →", "layer 1 ←", "layer 0 →", "layer 0 ←"]
    np.testing.assert_allclose(np.asarray(fig.data[1].y), g.norms(1, 1)[:, 1].numpy(), rtol=1e-9)
    assert fig.data[1].line.color == style.REVERSE and fig.data[0].line.color == style.FORWARD
    assert fig.layout.shapes[0].x0 == 3


def test_jacobian_curve_and_bounds(g):
    fig = jacobian_norm_curve(g, batch=0)
    lines = [tr for tr in fig.data if tr.line.dash != "dot"]
    bounds = [tr for tr in fig.data if tr.line.dash == "dot"]
    assert len(lines) == len(bounds) == 4
    assert all(b.visible is True for b in bounds)  # the caption promises the bounds: always drawn
    np.testing.assert_allclose(np.asarray(lines[0].y), g.jacobian_norms(1, 0, 0).numpy(), rtol=1e-9)
    assert np.asarray(lines[0].y)[-1] == pytest.approx(1.0)  # dh_T/dh_T = I
    sigma = g.spectrum(1, 0)[1]
    np.testing.assert_allclose(np.asarray(bounds[0].y)[-3], sigma**2)  # same order as the lines
    pre = {(layer, d): np.ones(6) for layer in range(2) for d in range(2)}
    fig2 = jacobian_norm_curve(g, norms=pre)
    assert np.asarray(fig2.data[0].y).tolist() == [1.0] * 6


def test_jacobian_curve_every_k_steps_joins_the_computed_steps(g):
    fig = jacobian_norm_curve(g, every=4)  # L = 6: forward T = 5 -> steps 5, 1; reverse T = 0 -> 0, 4
    lines = [tr for tr in fig.data if tr.line.dash != "dot"]
    assert list(lines[0].x) == [1, 5] and list(lines[1].x) == [0, 4]
    np.testing.assert_allclose(np.asarray(lines[0].y), g.jacobian_norms(1, 0, 0).numpy()[[1, 5]], rtol=1e-9)
    assert not [tr for tr in fig.data if tr.mode == "markers"]  # skipped steps are not "inf/NaN"


def test_exploded_gradients_are_drawn_not_raised(exploded):
    assert not exploded.finite
    heat = gradient_heatmaps(exploded, scale="log")
    z = np.asarray(heatmaps(heat)[0].z, dtype=float)
    assert np.isnan(z).any() and np.isfinite(z).any()
    assert heat.layout.plot_bgcolor == style.MISSING
    assert any("inf" in a.text for a in heat.layout.annotations)
    curve = gradient_norm_curve(exploded)
    marks = [tr for tr in curve.data if tr.mode == "markers"]
    assert marks and len(marks[0].x) > 0
    y = np.asarray(curve.data[0].y, dtype=float)
    assert np.isnan(y[np.asarray(marks[0].x)]).all()
    jacobian_norm_curve(exploded)
    fig = gradient_heatmaps(exploded, scale="signed")
    assert np.isfinite(fig.layout.coloraxis.cmax)


def test_catalogue_has_identical_keys():
    assert set(catalogue.EN) == set(catalogue.ZH)
    assert all(k.startswith("grad.") for k in catalogue.EN)
    fields = lambda v: sorted(f for _, f, _, _ in string.Formatter().parse(v) if f)  # noqa: E731
    for key, en in catalogue.EN.items():
        assert fields(en) == fields(catalogue.ZH[key]), key  # the same {placeholders} in both languages


@pytest.mark.parametrize("lesson", [False, True])
def test_unvalidated_figures_are_valid_plotly(g, exploded, lesson):
    """The builders skip plotly's validation for speed (figures/base.py); validating them gives the same figure."""
    import json

    import plotly.graph_objects as go

    figs = [gradient_heatmaps(gg, 1, 2, scale, "zh", lesson) for gg in (g, exploded) for scale in ("log", "signed")]
    figs += [gradient_norm_curve(g, 0, 3, "en", lesson), jacobian_norm_curve(exploded, 0, 3, "zh", lesson, every=3)]
    for fig in figs:
        checked = go.Figure(fig.to_dict())  # raises on any invalid property
        assert json.loads(checked.to_json()) == json.loads(fig.to_json())


def test_panels_share_time_and_put_unit_0_on_top(g):
    fig = gradient_heatmaps(g, t=1)
    assert fig.layout.xaxis.matches == "x3" and fig.layout.xaxis2.matches == "x4"  # zoom in time together
    assert fig.layout.xaxis.showticklabels is False and fig.layout.xaxis3.title.text == "time step t"
    for n in ("", "2", "3", "4"):
        assert fig.layout[f"yaxis{n}"].range == (2.5, -0.5)  # H = 3: unit 0 on top
    tops = sorted({fig.layout[f"yaxis{n}"].domain[1] for n in ("", "3")})
    titles = sorted({a.y for a in fig.layout.annotations if "layer" in a.text})
    assert titles == tops  # each panel's title sits on its panel's top edge
