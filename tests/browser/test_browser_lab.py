"""The language-model lab in a real browser: a tiny model trains to the end in a background thread while
the page polls it, then samples; the Chinese lab page has no English UI text left."""

from __future__ import annotations

from harness import problems, screenshot
from playwright.sync_api import expect
from test_browser_zh import english_words

from rnnviz.i18n import text

PYTORCH_NAMES = {"GRU", "LSTM", "Adam", "CrossEntropyLoss"}  # class names, the same in both languages
TINY = dict(lab_hidden_size=16, lab_steps=30, lab_batch_size=8, lab_num_steps=10, lab_cells="rnn,gru,lstm")


def _train(page, lang: str, steps: int) -> None:
    """Press Train and wait for the end of the run (settings nobody trained before: no cached run shows)."""
    page.get_by_role("button", name=text(lang, "lab.train.button"), exact=True).click()
    done = text(lang, "lab.status.done").split(" {seconds}")[0].format(done=steps)
    page.get_by_text(done).wait_for(state="visible", timeout=180_000)
    # the sampling tools appear once the run is done (the fragment saw it and reran the page)
    page.locator(".st-key-lab_prefix input").wait_for(state="visible", timeout=60_000)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")


def test_lab_trains_a_tiny_model_to_the_end_and_samples(visit):
    page = visit("lab", plots=1, lab_seed=1, **TINY)
    assert problems(page) == []
    expect(page.locator("h1").first).to_have_text(text("en", "lab.title"))
    _train(page, "en", 30)
    for key in ("lab_loss_fig", "lab_grad_fig", "lab_batch_fig"):
        expect(page.locator(f".st-key-{key} .js-plotly-plot .main-svg").first).to_be_visible()
    prefix = page.locator(".st-key-lab_prefix input").input_value()
    codes = page.locator(".rnnviz-code").all_inner_texts()
    assert len(codes) >= 4 and codes[-1].startswith(prefix)  # 3 live samples + the sampled text
    expect(page.get_by_role("button", name=text("en", "lab.download.button", cell="GRU"))).to_be_visible()
    assert "lab_steps=30" in page.url and "lab_cells=rnn%2Cgru%2Clstm" in page.url
    assert problems(page) == []


def test_chinese_lab_page_has_no_leftover_english(visit, app_url):
    page = visit("lab", plots=1, lang="zh", lab_seed=2, **TINY)
    _train(page, "zh", 30)
    assert problems(page) == []
    assert english_words(page) - PYTORCH_NAMES == set()


def test_lab_screenshots(browser, app_url, tmp_path):
    """The page as a teacher sees it, trained, at 1440x900 and 1280x720 (left in artifacts/screenshots/)."""
    from conftest import SHOTS

    for width, height, lang in ((1440, 900, "en"), (1280, 720, "zh")):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US")
        page = context.new_page()
        page.goto(f"{app_url}/lab?lang={lang}&lab_steps=60&lab_hidden_size=32&lab_seed={width}")
        page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
        _train(page, lang, 60)
        page.wait_for_timeout(500)
        page.screenshot(path=str(SHOTS / f"lab_{width}x{height}_{lang}_screen.png"))
        screenshot(page, SHOTS / f"lab_{width}x{height}_{lang}.png")
        assert problems(page) == []
        context.close()
