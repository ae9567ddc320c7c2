"""Gated cells in a real browser: a GRU and an LSTM URL on every page, and the /compare page."""

from __future__ import annotations

import re

import pytest
from harness import heatmaps, problems
from playwright.sync_api import expect

from rnnviz.i18n import text

CELLS = {"gru": "nn.GRU", "lstm": "nn.LSTM"}


@pytest.mark.parametrize("cell", list(CELLS))
def test_dashboard_gated(visit, cell):
    page = visit(plots=6, cell=cell, t=2)
    assert problems(page) == []
    expect(page.locator("h1").first).to_have_text(text("en", "gates.dash.title", module=CELLS[cell]))
    expect(page.locator(".st-key-parity-badge")).to_contain_text(f"matches torch.{CELLS[cell]}")
    gates = 3 if cell == "gru" else 4
    panels = gates + 1 + (cell == "lstm")  # every gate, c_t (LSTM), h_t
    expect(heatmaps(page, "fig_gates")).to_have_count(panels)
    for key in ("fig_gate_step", "fig_weight_ih", "fig_weight_hh"):
        expect(page.locator(f".st-key-{key} .js-plotly-plot .main-svg").first).to_be_visible()
    expect(page.locator(".st-key-dash-gates")).to_contain_text("h_t = ")
    assert f"cell={cell}" in page.url


@pytest.mark.parametrize("cell", list(CELLS))
@pytest.mark.parametrize("where, plots", [("diagrams", 2), ("gradients", 3)])
def test_other_pages_gated(visit, cell, where, plots):
    page = visit(where, plots=plots, cell=cell)
    assert problems(page) == []
    assert f"cell={cell}" in page.url
    if where == "diagrams":
        expect(page.locator(".st-key-diag-c_n")).to_have_count(1 if cell == "lstm" else 0)
    else:
        expect(page.locator(".st-key-grad_kinds .js-plotly-plot .main-svg").first).to_be_visible()
        expect(page.locator(".st-key-grad_cell_norms")).to_have_count(1 if cell == "lstm" else 0)


def test_lstm_with_projection_in_chinese(visit):
    page = visit(plots=6, cell="lstm", proj_size=2, hidden_size=3, lang="zh")
    assert problems(page) == []
    expect(page.locator(".st-key-dash-gates")).to_contain_text(text("zh", "gates.eq.header"))
    expect(page.locator(".st-key-dash-gates")).to_contain_text("h_t = W_hr (o_t ⊙ tanh(c_t))")


def test_compare_page(visit):
    page = visit("compare", plots=3, **{"a.cell": "rnn", "b.cell": "lstm"})
    assert problems(page) == []
    expect(page.locator("h1").first).to_have_text(text("en", "cmp.title"))
    expect(page.locator(".st-key-cmp-a")).to_contain_text("matches torch.nn.RNN")
    expect(page.locator(".st-key-cmp-b")).to_contain_text("matches torch.nn.LSTM")
    expect(page.locator(".st-key-cmp_grads .js-plotly-plot .main-svg").first).to_be_visible()
    page.locator(".st-key-cmp_a_cell").get_by_role("radio", name="nn.GRU").click()
    expect(page.locator(".st-key-cmp-a")).to_contain_text("matches torch.nn.GRU")
    expect(page).to_have_url(re.compile(r"[?&]a\.cell=gru(&|$)"))
    assert problems(page) == []


# Every chart of the gated step view: (its block's left, right, the drawn svg's left, right, width) in px.
GATE_CHARTS = """() => Array.from(document.querySelectorAll('.st-key-dash-gates .stPlotlyChart')).map(c => {
  const box = c.closest('.stElementContainer').getBoundingClientRect();
  const svg = c.querySelector('.main-svg').getBoundingClientRect();
  return [box.left, box.right, svg.left, svg.right, svg.width];
})"""


@pytest.mark.parametrize("size", [(390, 844), (1280, 720), (1440, 900)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("cell", list(CELLS))
def test_gate_figures_fit_their_column_on_a_phone_and_a_screen(page, visit, cell, size):
    """No chart of the step view overflows its block or the screen sideways: on a phone the small figures
    stack one per row at the screen's width (not cut off, not squeezed below 300 px)."""
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    page = visit(plots=6, cell=cell, t=2)
    panels = (3 if cell == "gru" else 4) + 1 + (cell == "lstm")
    expect(heatmaps(page, "fig_gates")).to_have_count(panels)
    page.wait_for_timeout(500)  # let Plotly redraw at the column's width
    charts = page.evaluate(GATE_CHARTS)
    groups = 2 + (3 if cell == "gru" else 4)  # the step in parts: the state in, each gate, the update
    assert len(charts) == panels + groups + 2, charts  # and weight_ih, weight_hh
    for left, right, svg_left, svg_right, svg_width in charts:
        assert svg_left >= left - 1 and svg_right <= right + 1, (left, right, svg_left, svg_right)
        assert svg_right <= width + 1 and svg_width >= 240, (svg_right, svg_width)
    if width < 640:  # Streamlit stacks the columns: one small figure per row, as wide as the page
        assert all(w >= 300 for *_, w in charts), charts
    assert problems(page) == []
