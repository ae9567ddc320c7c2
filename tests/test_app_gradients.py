"""AppTest of the gradients page: default view, the W_hh scale, the step, URL params, exploding relu, Chinese."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from rnnviz.i18n import gradients as catalogue
from tests.apptest import open_app, tables

PAGE = "rnnviz/ui/pages/gradients.py"


def open_page(**params: str) -> AppTest:
    return open_app(PAGE, **params)


def charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def values(y) -> list[float]:
    """A trace's y as numbers (plotly sends arrays as base64 ``bdata``)."""
    if isinstance(y, dict):
        return np.frombuffer(base64.b64decode(y["bdata"]), dtype=y["dtype"]).tolist()
    return list(y)


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.fixture(scope="module")
def default_page() -> AppTest:
    return open_page()


def test_default_page_shows_three_figures_and_the_recursion(default_page):
    at = default_page
    assert at.title[0].value == catalogue.EN["grad.title"]
    figs = charts(at)
    assert len(figs) == 3
    heatmaps = [tr for tr in figs[0]["data"] if tr["type"] == "heatmap"]
    assert len(heatmaps) == 1  # opened without a configuration: the vanishing example, 1 layer, 40 steps
    assert at.query_params["preset"] == "vanishing" and at.query_params["seq_len"] == "40"
    assert figs[1]["layout"]["yaxis"]["type"] == "log"
    norms = values(figs[1]["data"][0]["y"])  # ||dL/dh_t||, t = 0 .. 39
    assert norms[0] < 1e-6 * norms[-1]  # it really vanishes
    text = markdown(at)
    assert "Hand-written recursion vs autograd at this step" in text
    assert "max |manual − autograd| = " in text
    assert at.select_slider(key="g_scale").value == 1.0
    assert at.query_params["g_scale"] == ["1.0"] or at.query_params["g_scale"] == "1.0"
    assert not at.warning


def test_scaling_w_hh_changes_the_spectrum_and_the_curve(default_page):
    at = default_page
    before = charts(at)[1]["data"][0]["y"]
    rho_before = float(tables(at)[0].iloc[0, 1])  # the spectrum table, 3 decimals
    at.select_slider(key="g_scale").set_value(0.25).run()
    assert not at.exception
    assert rho_before > 0.1 and float(tables(at)[0].iloc[0, 1]) == pytest.approx(0.25 * rho_before, abs=1e-3)
    after = charts(at)[1]["data"][0]["y"]
    assert after != before
    assert str(at.query_params["g_scale"]).strip("[]'") == "0.25"


def test_moving_the_step_updates_the_recursion_and_the_url():
    at = open_page(seq_len="5")
    at.slider[0].set_value(3).run()  # the current step (the W_hh scale is a select_slider)
    assert not at.exception
    assert "At t = 3 (batch element 0)" in markdown(at)
    assert str(at.query_params["t"]).strip("[]'") == "3"
    shapes = charts(at)[0]["layout"]["shapes"]
    assert all(s["x0"] == 2.5 for s in shapes)


def test_exploding_relu_is_reported_and_the_page_keeps_working():
    at = open_page(
        nonlinearity="relu", seq_len="200", hidden_size="8", num_layers="1", bidirectional="false", g_scale="10"
    )
    warnings = " ".join(w.value for w in at.warning)
    assert "inf/NaN" in warnings
    assert len(charts(at)) == 3


def test_bad_page_params_fall_back_with_a_notice():
    at = open_page(g_scale="1e9", g_colour="<script>alert(1)</script>")
    assert at.select_slider(key="g_scale").value == 1.0
    warnings = " ".join(w.value for w in at.warning)
    assert "g_scale" in warnings and "g_colour" in warnings
    assert "<script>" not in " ".join(m.value for m in at.markdown)


def test_chinese_page():
    at = open_page(lang="zh")
    assert at.title[0].value == catalogue.ZH["grad.title"]
    assert catalogue.ZH["grad.fig.norm_title"] in json.dumps(charts(at)[1]["layout"]["title"], ensure_ascii=False)


def test_colour_control_switches_the_heatmap_scale():
    at = open_page()
    assert at.button_group(key="g_colour").value == "log"
    at.button_group(key="g_colour").set_value("signed").run()
    assert not at.exception
    axis = charts(at)[0]["layout"]["coloraxis"]
    assert axis["cmin"] == -axis["cmax"]
    assert str(at.query_params["g_colour"]).strip("[]'") == "signed"


def test_with_lengths_the_page_shows_the_packed_gradients_and_says_so():
    """?lengths=: the page's numbers are bptt(..., lengths=) (autograd through the packed run), padded steps 0."""
    import torch

    from rnnviz import RNNSpec, bptt
    from rnnviz.i18n import text

    spec = RNNSpec(hidden_size=3, seq_len=6, batch_size=2, lengths=(6, 3), num_layers=1, bidirectional=False)
    rnn, x, h0 = spec.build()
    want = bptt(rnn, x, h0, lengths=spec.lengths).grad(0, 0)  # [L, N, H]
    for t, padded in ((1, False), (4, True)):
        at = open_page(hidden_size="3", seq_len="6", batch_size="2", lengths="6,3", num_layers="1",
                       bidirectional="false", batch="1", t=str(t))  # fmt: skip
        assert any(i.value == text("en", "grad.note.lengths", lengths="6,3", L=6) for i in at.info)
        assert "lengths - 1 = 5, 2" in markdown(at)  # the loss starts at each sequence's own last step
        table = next(d for d in tables(at) if text("en", "grad.col_autograd") in d.columns)
        assert list(table[text("en", "grad.col_autograd")]) == [f"{v:.4g}" for v in want[t, 1].tolist()]
        shown = torch.tensor(table[text("en", "grad.col_autograd")].astype(float).to_numpy())
        assert bool((shown == 0).all()) == padded  # a padded step: not computed, no gradient
