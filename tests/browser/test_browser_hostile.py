"""Hostile and broken URLs in a real browser: a notice for each bad value, a working page with the
fallbacks, and URL text shown as text -- no script runs, no HTML is injected."""

from __future__ import annotations

from harness import heatmaps, problems
from playwright.sync_api import expect

from rnnviz.limits import Limits

WARNING = "[data-testid='stAlertContentWarning']"
SCRIPT = "<script>alert(1)</script>"


def warnings(page) -> list[str]:
    return page.locator(WARNING).all_inner_texts()


def no_injected_code(page) -> bool:
    """No dialog opened, no script or event handler attribute carries the URL's code."""
    injected = page.evaluate(
        """() => Array.from(document.scripts).some(s => s.text.includes('alert('))
                 || document.querySelectorAll('[onerror], [onload]').length > 0"""
    )
    return page.dialogs == [] and not injected


def test_hostile_url_gives_notices_and_a_working_page(visit):
    page = visit(plots=4, hidden_size=-5, seq_len="abc", bidirectional=SCRIPT, num_layers=99999)
    notes = warnings(page)
    for field in ("hidden_size", "seq_len", "bidirectional", "num_layers"):
        assert any(field in n for n in notes), f"no notice about {field}: {notes}"
    assert any(SCRIPT in n for n in notes), "the bad value is shown literally, as text"
    assert no_injected_code(page)
    # the fallbacks: hidden_size clamped to 1, seq_len default 6, bidirectional default, num_layers capped
    layers = Limits().num_layers
    expect(heatmaps(page, "fig_hidden")).to_have_count(layers * 2)
    assert "hidden_size=1" in page.url and "seq_len=6" in page.url and f"num_layers={layers}" in page.url
    assert "script" not in page.url.lower()  # the URL is rewritten from the validated state
    assert problems(page) == []


def test_hostile_preset_step_and_language(visit):
    evil = '<img src=x onerror="alert(2)">'
    page = visit(plots=4, preset=evil, t=10**30, batch="-1", lang="xx", dropout="nan", seed="1e999")
    notes = warnings(page)
    assert len(notes) >= 5, notes
    assert any(evil in n for n in notes)
    assert page.locator("img[src='x']").count() == 0  # no HTML from the URL reached the page
    assert no_injected_code(page)
    assert "t=5" in page.url and "lang=en" in page.url and "dropout=0.0" in page.url
    expect(heatmaps(page, "fig_hidden")).to_have_count(4)  # the default configuration
    assert problems(page) == []
