"""The dashboard in a real browser: every preset and a few URL configurations state the right shapes and
draw one heatmap per layer and direction; changing a sidebar widget updates the page and the URL."""

from __future__ import annotations

import re

import pytest
from harness import heatmaps, problems, table_cells, wait_ready
from playwright.sync_api import expect

from rnnviz import PRESETS, RNNSpec
from rnnviz.i18n import text
from rnnviz.params import from_params
from rnnviz.presets import BEGINNER_PATH

DASHBOARD_PLOTS = 3  # hidden-state heatmaps, layer outputs, the step equation above the one-matmul view


def shape_text(shape: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(s) for s in shape) + "]"


def expected_shapes(spec: RNNSpec) -> dict[str, str]:
    """What the shape table must say, computed by rnnviz's RNNSpec (itself tested against torch)."""
    return {
        "input": shape_text(spec.input_shape),
        "h0": shape_text(spec.h0_shape),
        "output": shape_text(spec.output_shape),
        "h_n": shape_text(spec.h_n_shape),
    } | ({"c0": shape_text(spec.c0_shape), "c_n": shape_text(spec.c_n_shape)} if spec.c0_shape else {})  # LSTM


def stated_shapes(page, expected: dict[str, str] | None = None, timeout_ms: int = 20_000) -> dict[str, str]:
    """The shape table's rows. The grid repaints its canvas after the script has finished, so with
    ``expected`` poll until it says that (or the timeout passes) and return what it says last."""
    waited = 0
    while True:
        stated = {row[0]: row[1] for row in table_cells(page, "dash-shapes", 0)}
        if expected is None or stated == expected or waited >= timeout_ms:
            return stated
        page.wait_for_timeout(250)
        waited += 250


def check_dashboard(page, spec: RNNSpec) -> None:
    """Shapes stated, one rendered heatmap per layer and direction (and per layer output), no error."""
    assert problems(page) == []
    expect(heatmaps(page, "fig_hidden")).to_have_count(spec.num_layers * spec.num_directions)
    expect(heatmaps(page, "fig_output")).to_have_count(spec.num_layers)
    assert stated_shapes(page, expected_shapes(spec)) == expected_shapes(spec)
    call = page.locator(".st-key-dash-header .rnnviz-code").first.inner_text()
    assert f"hidden_size={spec.hidden_size}" in call and f"bidirectional={spec.bidirectional}" in call
    expect(page.locator(".st-key-parity-badge")).to_contain_text("max |diff|")


def test_default_page(visit):
    page = visit(plots=DASHBOARD_PLOTS)
    assert "rnnviz" in page.title()
    check_dashboard(page, PRESETS[BEGINNER_PATH[0]].spec)  # the simplest case: nn.RNN(4, 2)
    assert "hidden_size=2" in page.url and "bidirectional=false" in page.url  # the URL carries the state
    assert f"preset={BEGINNER_PATH[0]}" in page.url


@pytest.mark.parametrize("name", list(PRESETS))
def test_preset(visit, name):
    page = visit(plots=DASHBOARD_PLOTS, preset=name)
    check_dashboard(page, PRESETS[name].spec)
    expect(page.locator(".st-key-preset input")).to_have_value(text("en", f"preset.{name}"))  # its name


URL_CONFIGS = {
    "bidirectional_3_layers": dict(num_layers=3, bidirectional="true", hidden_size=4, seq_len=5),
    "batch_first": dict(batch_first="1", batch_size=3, seq_len=4, input_size=2, bidirectional="false"),
    "relu_no_bias_bi_batch_first": dict(nonlinearity="relu", bias="false", batch_first="true", num_layers=2),
}


@pytest.mark.parametrize("name", list(URL_CONFIGS))
def test_url_configuration(visit, name):
    query = URL_CONFIGS[name]
    page = visit(plots=DASHBOARD_PLOTS, **query)
    parsed = from_params({k: str(v) for k, v in query.items()})
    assert parsed.notices == ()
    check_dashboard(page, parsed.spec)
    for key, value in query.items():  # the URL keeps what was asked for (booleans normalised)
        want = {"1": "true", "0": "false"}.get(str(value), str(value))
        assert f"{key}={want}" in page.url


def test_sidebar_widget_updates_page_and_url(visit):
    page = visit(plots=DASHBOARD_PLOTS, preset="dims_1layer_uni")
    box = page.locator(".st-key-hidden_size input")
    box.fill("5")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]hidden_size=5(&|$)"))
    wait_ready(page, plots=DASHBOARD_PLOTS)
    spec = PRESETS["dims_1layer_uni"].spec.replace(hidden_size=5)
    expect(page.locator(".st-key-dash-header .rnnviz-code").first).to_contain_text("hidden_size=5")
    check_dashboard(page, spec)

    page.locator(".st-key-bidirectional label").click()  # the toggle
    expect(page).to_have_url(re.compile(r"[?&]bidirectional=true(&|$)"))
    wait_ready(page, plots=DASHBOARD_PLOTS)
    expect(page.locator(".st-key-dash-header .rnnviz-code").first).to_contain_text("bidirectional=True")
    check_dashboard(page, spec.replace(bidirectional=True))
