"""The text heatmap and its companions: every cell is the unit's value, user text is escaped, labels are true."""

from __future__ import annotations

import html
import re

import numpy as np
import plotly.graph_objects as go
import pytest
import torch
from learned_models import trained

from rnnviz import style
from rnnviz.figures import text_heatmap as th
from rnnviz.lab import interpret
from rnnviz.lab.data import Vocab
from rnnviz.lab.model import RNNModel

HOSTILE = 'a <b>bold</b> & "q"\n<script>alert(1)</script>\n  x'


def _acts(cell="lstm", text_=HOSTILE, layers=2):
    vocab = Vocab.from_text(text_)
    torch.manual_seed(0)
    return interpret.activations(RNNModel(cell, len(vocab), 5, layers).eval(), vocab, text_)


def test_rows_are_as_wide_as_the_longest_line_within_bounds():
    assert th.auto_columns("ab\nabcdefghijklmnopqrst\n") == 21
    assert th.auto_columns("ab") == 16 and th.auto_columns("x" * 500) == th.COLUMNS
    acts = _acts()
    assert len(th.text_heatmap(acts, layer=0, unit=0).data[0].z[0]) == th.auto_columns(HOSTILE)


def test_layout_grid_breaks_lines_and_wraps():
    assert th.layout_grid("ab\ncd", columns=80) == [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1)]
    assert th.layout_grid("abcde", columns=2) == [(0, 0), (0, 1), (1, 0), (1, 1), (2, 0)]


@pytest.mark.parametrize("quantity", ["h", "c", "tanh_c", "f"])
def test_every_character_cell_holds_the_units_value(quantity):
    acts = _acts()
    fig = th.text_heatmap(acts, layer=1, unit=3, quantity=quantity)
    go.Figure(fig.to_dict())  # valid
    hm = fig.data[0]
    z, chars = np.array(hm.z, dtype=float), np.array(hm.text, dtype=object)
    values = acts.values(1, quantity)
    for t, (r, c) in enumerate(th.layout_grid(acts.text, th.auto_columns(acts.text))):
        assert z[r, c] == pytest.approx(values[t, 3])
        assert chars[r, c] == html.escape(th.shown(acts.text[t]))
        assert f"t = {t}<br>" in hm.hovertext[r][c]
    assert (hm.zmin, hm.zmax) == th.value_range(quantity, values[:, 3])
    assert [list(x) for x in hm.colorscale] == th.colourscale(quantity)
    label = {"h": "h_t", "c": "c_t", "tanh_c": "tanh(c_t)", "f": "f"}[quantity]
    assert fig.layout.title.text.startswith(f"{label} of unit 3 (layer 1)")


def test_hover_names_the_five_likeliest_next_characters_and_the_real_one():
    acts = _acts()
    fig = th.text_heatmap(acts, layer=0, unit=0)
    tip = fig.data[0].hovertext[0][0]
    for ch, p in acts.top(0):
        assert f"{html.escape(th.shown(ch))} {p:.0%}" in tip
    assert "really next: ␣" in tip  # text[1] is a space


def test_user_text_is_escaped_everywhere():
    acts = _acts()
    figs = [th.text_heatmap(acts, layer=0, unit=1), th.prediction_strip(acts), th.units_heatmap(acts, layer=0)]
    for fig in figs:
        blob = fig.to_json()
        assert "<script>" not in blob and "<b>bold" not in blob
    page = th.text_heatmap_html(acts, layer=0, unit=1, caption="<i>cap</i>")
    assert "<script>alert" not in page and "<b>bold" not in page and "<i>cap" not in page
    assert page.count('<span style="background:') == len(HOSTILE)
    body = re.search(r'<div class="text">(.*)</div>', page, re.S).group(1)
    chars = [html.unescape(re.sub(r"<br>$", "", m)) for m in re.findall(r'">((?:[^<]|<br>)*)</span>', body)]
    assert "".join(chars) == "".join(th.shown(c) for c in HOSTILE)


def test_html_colours_follow_the_app_scale():
    acts = _acts("rnn", layers=1)
    page = th.text_heatmap_html(acts, layer=0, unit=0)
    from plotly.colors import sample_colorscale

    v = float(acts.h[0][0, 0])
    want = sample_colorscale(style.DIVERGING, [(v + 1) / 2])[0]
    assert f"background:{want}" in page.split("</span>")[0]


def test_units_heatmap_rows_follow_the_order():
    acts = _acts()
    order = [4, 0, 2, 1, 3]
    fig = th.units_heatmap(acts, layer=1, order=order)
    np.testing.assert_allclose(np.array(fig.data[0].z), acts.values(1, "h")[:, order].T)
    assert list(fig.data[0].y) == [f"{u} " for u in order]
    assert fig.layout.title.text == "h_t of all 5 units of layer 1 over the passage"


def test_prediction_strip_is_the_probability_of_the_real_next_character():
    t = trained("gru")
    acts = interpret.activations(t.model, t.vocab, "ma mā\nmá")
    fig = th.prediction_strip(acts)
    np.testing.assert_allclose(fig.data[0].y, acts.next_prob())
    assert list(fig.data[0].text) == [th.shown(c) for c in acts.text[1:]]


def test_saturation_plot_and_chinese_labels():
    acts = _acts("gru")
    sat = interpret.saturation(acts.gates[0])
    fig = th.saturation_plot(sat, lang="zh")
    go.Figure(fig.to_dict())
    assert [d.name for d in fig.data[:2]] == ["门 r", "门 z"]
    np.testing.assert_allclose(fig.data[0].x, sat["r"][0])
    assert "饱和" in fig.layout.title.text
    assert "单元" in th.text_heatmap(acts, layer=0, unit=0, lang="zh").layout.title.text
