"""The dashboard's step controls on a phone (390x844, touch): the four step buttons share one row inside the
screen, and there is no hint about arrow keys (no keyboard); with a mouse at 1280 px the hint is there."""

from __future__ import annotations

import pytest
from harness import ROOT, VIEWPORT, problems, screenshot, settled, wait_ready
from playwright.sync_api import expect

from rnnviz.i18n import text

PHONE = {"width": 390, "height": 844}
SHOTS = ROOT / "artifacts" / "screenshots"
BUTTONS = [".st-key-step_first", ".st-key-step_back", ".st-key-step_next", ".st-key-step_play"]


def _open(browser, app_url: str, lang: str, phone: bool):
    context = browser.new_context(
        viewport=PHONE if phone else VIEWPORT, has_touch=phone, is_mobile=phone, device_scale_factor=1
    )
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{app_url}/?lang={lang}&lesson=1&seq_len=5")
    wait_ready(page, plots=2)
    return context, page


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_on_a_phone_the_step_buttons_share_one_row_and_there_is_no_arrow_key_hint(browser, app_url, lang):
    context, page = _open(browser, app_url, lang, phone=True)
    try:
        boxes = [page.locator(f"{b} button:visible").first.bounding_box() for b in BUTTONS]
        tops = [round(b["y"]) for b in boxes]
        assert max(tops) - min(tops) <= 2, tops  # one row (stacked, they were 4 rows ~56 px apart)
        assert all(b["x"] >= 0 and b["x"] + b["width"] <= PHONE["width"] for b in boxes), boxes
        assert all(b["width"] >= 40 for b in boxes), boxes  # still big enough for a finger
        assert boxes[3]["width"] > boxes[0]["width"]  # Play, with its label, is the widest
        expect(page.locator(".st-key-step-keys")).to_have_count(1)  # sent, and hidden by the touch screen's CSS
        expect(page.locator(".st-key-step-keys")).to_be_hidden()
        page.locator(".st-key-step_next button:visible").first.click()  # the row works: a step
        expect(page.locator(".st-key-step_back button:visible").first).to_be_enabled()
        settled(page)
        screenshot(page, SHOTS / f"steps_phone_{lang}.png")
        assert problems(page) == []
    finally:
        context.close()


def test_with_a_mouse_the_arrow_key_hint_is_shown(browser, app_url):
    context, page = _open(browser, app_url, "en", phone=False)
    try:
        expect(page.locator(".st-key-step-keys")).to_be_visible()
        expect(page.locator(".st-key-step-keys")).to_contain_text(text("en", "step.keys"))
        tops = {round(page.locator(f"{b} button:visible").first.bounding_box()["y"]) for b in BUTTONS}
        assert len(tops) == 1  # one row, as before
    finally:
        context.close()
