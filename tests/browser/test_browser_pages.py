"""The other pages and views in a real browser: the diagrams page, the gradients page, the Chinese UI
and lesson mode (on every page) render their charts without exceptions."""

from __future__ import annotations

import re

import pytest
from harness import heatmaps, problems
from playwright.sync_api import expect

from rnnviz import PRESETS
from rnnviz.i18n import text


def test_diagrams_page(visit):
    page = visit("diagrams", plots=2, preset="dims_2layer_bi", t=1)
    assert problems(page) == []
    expect(page.locator("h1").first).to_have_text(text("en", "diag.page.title"))
    for key in ("diag_unrolled", "diag_concat"):
        expect(page.locator(f".st-key-{key} .js-plotly-plot .main-svg").first).to_be_visible()
    expect(page.locator(".st-key-diag-identities")).to_contain_text("h_n")
    assert "t=1" in page.url and "preset=dims_2layer_bi" in page.url  # the shared state survives on this page


def test_diagrams_page_unidirectional(visit):
    page = visit("diagrams", plots=2, preset="dims_1layer_uni")
    assert problems(page) == []
    expect(page.locator("h1").first).to_have_text(text("en", "diag.page.title"))


def test_gradients_page(visit):
    spec = PRESETS["dims_2layer_bi"].spec
    page = visit("gradients", plots=3, preset="dims_2layer_bi")
    assert problems(page) == []
    expect(page.locator("h1").first).to_have_text(text("en", "grad.title"))
    expect(heatmaps(page, "grad_heatmaps")).to_have_count(spec.num_layers * spec.num_directions)
    for key in ("grad_norms", "grad_jacobians"):
        expect(page.locator(f".st-key-{key} .js-plotly-plot .main-svg").first).to_be_visible()


def test_gradients_page_exploding_relu_keeps_working(visit):
    page = visit("gradients", plots=3, nonlinearity="relu", seq_len=120, g_scale=10, bidirectional="false")
    assert problems(page) == []
    assert re.search(r"[?&]g_scale=10(\.0)?(&|$)", page.url)
    assert page.locator("[data-testid='stAlertContentWarning']").count() >= 1  # it says the numbers blew up


def test_navigation_keeps_the_configuration(visit):
    page = visit(plots=4, preset="dims_1layer_bi", t=2)
    page.get_by_role("link", name=text("en", "dash.page.diagrams")).click()
    expect(page).to_have_url(re.compile(r"/diagrams\?"))
    expect(page.locator("h1").first).to_have_text(text("en", "diag.page.title"))
    expect(page).to_have_url(re.compile(r"[?&]preset=dims_1layer_bi(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]t=2(&|$)"))
    assert problems(page) == []


def test_chinese_ui(visit):
    page = visit(plots=4, lang="zh")
    expect(page.locator(".st-key-dash-header h1")).to_have_text(text("zh", "dash.title"))
    nav = page.locator("[data-testid='stSidebarNav']")
    for key in ("dash.page.dashboard", "dash.page.diagrams", "dash.page.gradients"):
        expect(nav).to_contain_text(text("zh", key))
    expect(page.locator(".st-key-dash-steps")).to_contain_text(text("zh", "dash.steps.title"))
    assert problems(page) == []


def test_chinese_gradients_page(visit):
    page = visit("gradients", plots=3, lang="zh")
    expect(page.locator("h1").first).to_have_text(text("zh", "grad.title"))
    assert problems(page) == []


@pytest.mark.parametrize(
    ("path", "plots"), [("", 4), ("diagrams", 2), ("gradients", 3)], ids=["dashboard", "diagrams", "gradients"]
)
def test_lesson_mode_hides_the_chrome(visit, path, plots):
    page = visit(path, plots=plots, preset="dims_2layer_bi", lesson="true")
    expect(page.locator("[data-testid='stSidebar']")).to_be_hidden()
    expect(page.locator("[data-testid='stMain']")).to_contain_text("nn.RNN(input_size=4, hidden_size=2")
    expect(page.locator(".st-key-lesson_exit button:visible").first).to_be_visible()  # the way out
    assert problems(page) == []
