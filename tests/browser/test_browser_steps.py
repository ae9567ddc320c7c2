"""Stepping through time in a real browser: the buttons, the slider (keyboard) and play move the step t,
and the page follows: the equation's heading, the marked step, the URL."""

from __future__ import annotations

import re

from harness import TABLE, problems, settled
from playwright.sync_api import expect

from rnnviz.i18n import text

DASHBOARD_PLOTS = 3


def step_heading(page):
    return page.locator(".st-key-dash-equation h3").first


def slider(page):
    return page.locator(".st-key-step_slider input[type='range']")


def button(page, key: str):
    """The visible button with Streamlit key ``key`` (a button with help text is drawn twice, one hidden)."""
    return page.locator(f".st-key-{key} button:visible").first


def expect_step(page, t: int) -> None:
    """The page shows step t everywhere: URL, slider, the equation's heading and the heatmaps' caption,
    and the step drawn over both heatmap charts."""
    expect(page).to_have_url(re.compile(rf"[?&]t={t}(&|$)"))
    expect(slider(page)).to_have_attribute("aria-valuetext", str(t))
    expect(step_heading(page)).to_have_text(text("en", "dash.eq.section", t=t))
    expect(page.locator(".st-key-dash-heatmaps")).to_contain_text(f"t = {t}")
    for key in ("fig_hidden", "fig_output"):
        expect(page.locator(f".st-key-{key} svg.rnnviz-step")).to_have_attribute("data-t", str(t))
        expect(page.locator(f".st-key-{key} svg.rnnviz-step text")).to_have_text(
            text("en", "dash.fig.step_marker", t=t)
        )
    settled(page)


def step_box_x(page, key: str = "fig_hidden") -> list[float]:
    """The left edges (px) of the step boxes drawn over chart ``key``."""
    return page.locator(f".st-key-{key} svg.rnnviz-step rect.rnnviz-step-box").evaluate_all(
        "rs => rs.map(r => parseFloat(r.getAttribute('x')))"
    )


def greyed_count(page, key: str = "fig_hidden") -> int:
    return page.locator(f".st-key-{key} svg.rnnviz-step rect.rnnviz-not-yet").count()


def test_step_buttons_move_t(visit):
    page = visit(plots=DASHBOARD_PLOTS, preset="dims_2layer_bi")
    expect_step(page, 0)
    start = step_box_x(page)
    assert len(start) == 4 and greyed_count(page) == 2  # t = 0: the forward panels greyed after 0 only
    expect(button(page, "step_back")).to_be_disabled()
    button(page, "step_next").click()
    expect_step(page, 1)
    assert all(b > a for a, b in zip(start, step_box_x(page), strict=True))  # every box moved right
    assert greyed_count(page) == 4  # forward after t = 1 and reverse before it, in each layer
    button(page, "step_next").click()
    expect_step(page, 2)
    expect(button(page, "step_next")).to_be_disabled()  # seq_len 3: t = 2 is the last step
    button(page, "step_back").click()
    expect_step(page, 1)
    button(page, "step_first").click()
    expect_step(page, 0)
    assert problems(page) == []


def test_step_slider_with_keyboard(visit):
    page = visit(plots=DASHBOARD_PLOTS, seq_len=8)
    before = page.locator(".st-key-fig_equation").inner_text()
    slider(page).focus()
    page.keyboard.press("End")
    expect_step(page, 7)
    page.keyboard.press("ArrowLeft")
    expect_step(page, 6)
    expect(page.locator(".st-key-fig_equation")).not_to_have_text(before)  # the numbers of another step
    assert problems(page) == []


def test_url_step_and_play(visit):
    page = visit(plots=DASHBOARD_PLOTS, preset="rnn_5_6", t=4)
    expect_step(page, 4)
    button(page, "step_play").click()
    expect(page).to_have_url(re.compile(r"[?&]t=(5|6|7|8|9)(&|$)"), timeout=30_000)  # playing moves t on
    button(page, "step_play").click()  # pause
    expect(button(page, "step_play")).to_contain_text(text("en", "dash.steps.play"))
    assert problems(page) == []


def test_lesson_mode_arrow_keys_step_and_the_controls_stay_on_screen(visit):
    page = visit(plots=DASHBOARD_PLOTS, preset="rnn_5_6", lesson=1, t=1)
    expect_step(page, 1)
    page.locator("[data-testid='stMain']").click(position={"x": 5, "y": 5})  # focus the page, not a widget
    page.keyboard.press("ArrowRight")
    expect_step(page, 2)
    page.keyboard.press("ArrowLeft")
    expect_step(page, 1)
    page.locator(".st-key-dash-equation").scroll_into_view_if_needed()
    box = page.locator(".st-key-dash-steps").bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]  # sticky: still on screen
    assert problems(page) == []


EQUATION_TEXT = "e => Array.from(e.querySelectorAll('svg text'), t => t.textContent).join('|')"


def equation_shows(page, t: int) -> str:
    """The texts of the equation chart once it shows step t (stepview marks the step it drew)."""
    chart = page.locator(".st-key-fig_equation .js-plotly-plot")
    expect(chart).to_have_attribute("data-rnnviz-t", str(t))
    settled(page)
    return chart.evaluate(EQUATION_TEXT)


def test_stepped_equation_is_the_chart_of_that_step(visit, page):
    """Stepping redraws the equation chart in place (no new element); every number, label and title it
    then shows is the chart a fresh page at that step shows."""
    query = {"preset": "dims_2layer_bi", "seq_len": 5}
    visit(plots=DASHBOARD_PLOTS, t=0, **query)
    first = equation_shows(page, 0)
    element = page.locator(".st-key-fig_equation .js-plotly-plot").element_handle()
    stepped = {}
    for name, t in (("step_next", 1), ("step_next", 2), ("step_next", 3), ("step_back", 2)):
        button(page, name).click()
        expect_step(page, t)
        stepped[t] = equation_shows(page, t)
    assert element.evaluate("e => e.isConnected")  # the same chart element throughout: redrawn, not remounted
    for t in (2, 3):
        visit(plots=DASHBOARD_PLOTS, t=t, **query)
        assert equation_shows(page, t) == stepped[t]
    assert stepped[2] != stepped[3] != first  # the comparison can tell the steps apart
    assert problems(page) == []


GATED_TEXT = """root => Array.from(root.querySelectorAll("[class*='st-key-fig_gate'] .js-plotly-plot"),
  p => [p.closest("[class*='st-key-fig_gate']").className.match(/st-key-(fig_gate\\S*)/)[1], p.dataset.rnnvizT,
        Array.from(p.querySelectorAll('svg text'), t => t.textContent).join('|')])"""


def gated_charts_show(page, t: int) -> dict[str, str]:
    """chart key -> its texts, once every small figure of the gated step view shows step t."""
    charts = page.locator(".st-key-dash-gates [class*='st-key-fig_gate'] .js-plotly-plot")
    expect(charts.first).to_be_visible()
    page.wait_for_function(
        """t => { const c = document.querySelectorAll(".st-key-dash-gates [class*='st-key-fig_gate'] .js-plotly-plot");
                  return c.length >= 10 && Array.from(c).every(p => p.dataset.rnnvizT === String(t)); }""",
        arg=t,
    )
    settled(page)
    rows = page.locator(".st-key-dash-gates").evaluate(GATED_TEXT)
    return {key: text for key, _, text in rows}


def test_stepped_gated_view_is_the_view_of_that_step(visit, page):
    """nn.LSTM: the gate panels and the step's parts are redrawn in place on a step, and then show what a
    fresh page at that step shows."""
    query = {"cell": "lstm", "seq_len": 4, "hidden_size": 3}
    visit(plots=DASHBOARD_PLOTS, t=0, **query)
    first = gated_charts_show(page, 0)
    at_0 = page.locator(".st-key-gate_equations .rnnviz-code").text_content()
    button(page, "step_next").click()
    expect_step(page, 1)
    button(page, "step_next").click()
    expect_step(page, 2)
    stepped = gated_charts_show(page, 2)
    equations = page.locator(".st-key-gate_equations .rnnviz-code").text_content()  # updated in place
    visit(plots=DASHBOARD_PLOTS, t=2, **query)
    assert gated_charts_show(page, 2) == stepped
    assert stepped != first and len(stepped) >= 10
    assert page.locator(".st-key-gate_equations .rnnviz-code").text_content() == equations
    assert equations != at_0 and equations.startswith("i_t = σ(")
    assert problems(page) == []


def test_terms_tables_show_their_unit_numbers(visit, page):
    """The step's tables name each row's unit (their index): the RNN terms and a gated cell's terms."""
    for query, container in (({"hidden_size": 3}, "dash-equation"), ({"cell": "gru", "hidden_size": 3}, "dash-gates")):
        visit(plots=DASHBOARD_PLOTS, t=1, **query)
        table = page.locator(f".st-key-{container} {TABLE}").last
        expect(table).to_be_visible()
        heads = table.locator("thead th").all_inner_texts()
        rows = table.locator("tbody tr").evaluate_all("rs => rs.map(r => r.querySelector('th, td').textContent.trim())")
        assert heads[0].strip() in ("unit", ""), heads
        assert rows == ["0", "1", "2"], rows
    assert problems(page) == []
