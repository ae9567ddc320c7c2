"""'What did it learn' in a real browser: a model trained in the lab reached by the navigation, an uploaded
checkpoint with hostile text in the passage, and the screenshots a teacher would look at."""

from __future__ import annotations

import sys
from pathlib import Path

from harness import problems, screenshot, wait_ready
from playwright.sync_api import expect
from test_browser_lab import _train

from rnnviz.i18n import text
from rnnviz.lab.checkpoint import save_checkpoint

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from learned_models import trained  # noqa: E402

FIGS = ("learned_text_fig", "learned_pred_fig", "learned_units_fig", "learned_sat_fig")


def _checkpoint(tmp_path: Path, cell: str = "lstm") -> Path:
    t = trained(cell, num_layers=2, steps=30, hidden_size=16)
    return save_checkpoint(tmp_path / f"rnnviz_lab_{cell}.pt", t.model, t.config, t.vocab)


def _upload(page, path: Path, lang: str = "en") -> None:
    page.get_by_text(text(lang, "learned.source.upload"), exact=True).click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(path))
    page.locator(".st-key-learned_text_fig .js-plotly-plot .main-svg").first.wait_for(timeout=120_000)
    wait_ready(page, plots=4)


def test_a_lab_model_is_one_click_away(visit):
    page = visit("lab", plots=1, lab_seed=31, lab_hidden_size=16, lab_steps=20, lab_batch_size=8, lab_num_steps=10,
                 lab_cells="gru")  # fmt: skip
    _train(page, "en", 20)
    page.get_by_role("link", name=text("en", "learned.page")).click()
    page.locator(".st-key-learned_text_fig .js-plotly-plot .main-svg").first.wait_for(timeout=120_000)
    wait_ready(page, plots=4)
    expect(page.get_by_text(text("en", "learned.source.job", cell="GRU"))).to_be_visible()
    for key in FIGS:
        expect(page.locator(f".st-key-{key} .js-plotly-plot .main-svg").first).to_be_visible()
    assert "/learned" in page.url
    assert problems(page) == []


def test_uploaded_checkpoint_and_hostile_passage(visit, tmp_path):
    page = visit("learned", plots=0)
    _upload(page, _checkpoint(tmp_path))
    expect(page.get_by_text("Checked: the unrolled output")).to_be_visible()
    cells = page.locator(".st-key-learned_text_fig .js-plotly-plot text.textpoint, "
                         ".st-key-learned_text_fig .js-plotly-plot .heatmaplayer text")  # fmt: skip
    assert cells.count() > 10  # one glyph per character
    area = page.locator("textarea").first
    area.fill("ma <b>má</b>")
    area.press("Control+Enter")
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")
    expect(page.get_by_text("The model does not know these characters")).to_be_visible()
    assert page.locator("b:text('má')").count() == 0  # shown as text, never as HTML
    assert problems(page) == []


def test_learned_screenshots(browser, app_url, tmp_path):
    """The page as a teacher sees it at 1440x900 (English) and 1280x720 (Chinese), in artifacts/screenshots/."""
    from conftest import SHOTS

    ckpt = _checkpoint(tmp_path)
    for width, height, lang in ((1440, 900, "en"), (1280, 720, "zh")):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US")
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(f"{app_url}/learned?lang={lang}")
        page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
        _upload(page, ckpt, lang)
        page.wait_for_timeout(800)
        assert problems(page) == []
        page.screenshot(path=str(SHOTS / f"learned_{width}x{height}_{lang}_screen.png"))
        screenshot(page, SHOTS / f"learned_{width}x{height}_{lang}.png")
        context.close()
