"""Lesson mode is slide-shaped at 1280x720: each figure and its caption fit on one screen (under the
dashboard's sticky step controls), a scaled diagram is drawn at its own size (not squeezed), and every
table shows all its rows (no inner scroll); on a phone each figure is scaled to the screen's width (nothing
scrolls sideways). Measured with bounding boxes in a real browser."""

from __future__ import annotations

import pytest
from conftest import SHOTS
from harness import TABLE, problems, settled, wait_ready

SCREEN = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}
SLIDES = "[class*='st-key-lesson-slide-']"
PAGES = [("", 4), ("diagrams", 2), ("gradients", 3)]
MODULES = {"dims_2layer_bi": "nn.RNN(", "lstm_docs": "nn.LSTM("}
# A static table's boxes, [scrollHeight, clientHeight] each: the table and the Markdown container that
# scrolls it sideways when it is wide (state._CSS). No content taller than its box: no row is hidden behind a
# vertical scroll (a table's own scrollHeight may round a pixel below its clientHeight).
BOXES = "t => [t, t.parentElement].map(e => [e.scrollHeight, e.clientHeight])"

MEASURE = """(slide) => {
  const bar = document.querySelector('.st-key-dash-steps');  // the dashboard's sticky step controls
  const barH = bar ? bar.getBoundingClientRect().height : 0;
  slide.style.scrollMarginTop = barH + 'px';
  slide.scrollIntoView({block: 'start'});
  const chart = slide.querySelector('[data-testid="stPlotlyChart"] .plot-container');
  const caption = slide.querySelector('[data-testid="stCaptionContainer"]');
  const gd = slide.querySelector('.js-plotly-plot');
  return {
    bar: barH,
    chartTop: chart.getBoundingClientRect().top,
    chartBottom: chart.getBoundingClientRect().bottom,
    captionTop: caption.getBoundingClientRect().top,
    captionBottom: caption.getBoundingClientRect().bottom,
    caption: caption.textContent,
    drawnHeight: gd._fullLayout.height,
    askedHeight: gd.layout.height,
  };
}"""


@pytest.mark.parametrize("preset", list(MODULES))
@pytest.mark.parametrize(("path", "plots"), PAGES, ids=["dashboard", "diagrams", "gradients"])
def test_each_figure_and_its_caption_fit_a_1280x720_screen(page, app_url, path, plots, preset):
    page.set_viewport_size(SCREEN)
    page.goto(f"{app_url}/{path}?preset={preset}&lesson=1")
    wait_ready(page, plots=plots)
    slides = page.locator(SLIDES)
    assert slides.count() >= 2, "every lesson figure is a slide: the chart and its caption in one container"
    for i in range(slides.count()):
        slide = slides.nth(i)
        slide.evaluate(MEASURE)  # scrolls the slide to the top of the screen, under the sticky bar
        page.wait_for_timeout(150)  # the scroll has been painted
        m = slide.evaluate(MEASURE)
        name = slide.evaluate("e => Array.from(e.classList).find(c => c.startsWith('st-key-'))")
        page.screenshot(path=str(SHOTS / f"lesson_slide_{path or 'dashboard'}_{preset}_{i}.png"))
        assert m["chartTop"] >= m["bar"] - 1, (name, m)  # not under the sticky controls
        assert m["captionBottom"] <= SCREEN["height"], (name, m)  # the caption is on the same screen
        assert m["chartBottom"] <= m["captionTop"] + 1, (name, m)  # the caption is under the figure
        assert MODULES[preset] in m["caption"], (name, m)  # the auto-caption states the configuration
        assert m["drawnHeight"] == m["askedHeight"], (name, m)  # a scaled diagram is drawn at its own size
    assert page.locator("[data-testid=stDataFrame]").count() == 0  # static tables only: no data grid
    tables = page.locator(TABLE).evaluate_all(f"ts => ts.map({BOXES})")
    assert tables, "the page's tables are static Markdown tables"
    for boxes in tables:
        assert all(scroll <= client for scroll, client in boxes), tables  # every row shown, no inner scroll
    settled(page)
    assert problems(page) == []


def test_a_long_table_is_split_in_parts_that_each_fit(page, app_url):
    """vanishing: the recursion table has hidden_size rows; lesson mode shows them all, split if long."""
    page.set_viewport_size(SCREEN)
    page.goto(f"{app_url}/gradients?preset=vanishing&hidden_size=30&lesson=1")
    wait_ready(page, plots=3)
    tables = page.locator(TABLE)
    sizes = tables.evaluate_all("ts => ts.map(t => [t.querySelectorAll('tbody tr').length, "
                                f"t.getBoundingClientRect().height, ({BOXES})(t)])")  # fmt: skip
    rows = [n for n, *_ in sizes]
    assert max(rows) <= 12 and rows.count(12) >= 2, sizes  # the 30 units in parts of 12, 12, 6
    assert all(h <= SCREEN["height"] for _, h, _ in sizes), sizes
    assert all(s <= c for *_, boxes in sizes for s, c in boxes), sizes  # no inner scroll
    assert page.get_by_text("Rows 25–30 of 30").count() >= 1
    assert problems(page) == []


PHONE_MEASURE = """(slide) => {
  const chart = slide.querySelector('[data-testid="stPlotlyChart"] .plot-container');
  const caption = slide.querySelector('[data-testid="stCaptionContainer"]');
  const gd = slide.querySelector('.js-plotly-plot');
  slide.scrollLeft = 400;  // a block that scrolls sideways moves; one that fits (or clips) stays at 0
  const r = chart.getBoundingClientRect(), s = slide.getBoundingClientRect();
  return {
    left: r.left, right: r.right, width: r.width, slideLeft: s.left, slideRight: s.right, slideWidth: s.width,
    scrolled: slide.scrollLeft, screen: window.innerWidth, captionTop: caption.getBoundingClientRect().top,
    bottom: r.bottom, drawnWidth: gd._fullLayout.width, askedWidth: gd.layout.width,
    drawnHeight: gd._fullLayout.height, askedHeight: gd.layout.height,
  };
}"""
PAGE_SCROLL = """() => Array.from(document.querySelectorAll(
  'html, body, [data-testid=stMain], [data-testid=stMainBlockContainer], [data-testid=stVerticalBlock]'),
  e => { e.scrollLeft = 400; return e.scrollLeft; }).filter(x => x > 0)"""


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("path", "plots"), PAGES[:2], ids=["dashboard", "diagrams"])
def test_on_a_phone_each_figure_fits_the_width_and_nothing_scrolls_sideways(page, app_url, path, plots, lang):
    page.set_viewport_size(PHONE)
    page.goto(f"{app_url}/{path}?preset=dims_2layer_bi&lesson=1&lang={lang}")
    wait_ready(page, plots=plots)
    page.wait_for_timeout(300)  # the container queries have been applied to the drawn charts
    slides = page.locator(SLIDES)
    assert slides.count() >= 2
    for i in range(slides.count()):
        slide = slides.nth(i)
        slide.scroll_into_view_if_needed()
        m = slide.evaluate(PHONE_MEASURE)
        name = slide.evaluate("e => Array.from(e.classList).find(c => c.startsWith('st-key-'))")
        assert m["scrolled"] == 0, (name, m)  # the figure's block does not scroll sideways
        assert m["slideLeft"] - 1 <= m["left"] and m["right"] <= min(m["slideRight"], m["screen"]) + 1, (name, m)
        assert m["width"] >= 0.9 * m["slideWidth"] - 16, (name, m)  # it uses the width: scaled no more than needed
        assert m["bottom"] <= m["captionTop"] + 1, (name, m)  # the caption is under it, not over it
        # drawn at its own size, or a figure without one at least 820 px wide, then scaled: texts keep their places
        assert m["drawnHeight"] == m["askedHeight"] and m["drawnWidth"] >= min(m["askedWidth"], 820), (name, m)
    assert page.evaluate(PAGE_SCROLL) == []  # nothing on the page scrolls sideways
    if not path:  # the step controls, stacked on a phone, scroll with the page (sticky they covered half of it)
        sticky = "() => Array.from(document.querySelectorAll('.st-key-dash-steps, [data-testid=stLayoutWrapper]'),"
        sticky += " e => getComputedStyle(e).position).filter(p => p === 'sticky').length"
        assert page.locator(".st-key-dash-steps").count() == 1 and page.evaluate(sticky) == 0
    page.screenshot(path=str(SHOTS / f"lesson_phone_{path or 'dashboard'}_{lang}.png"), full_page=True)
    settled(page)
    assert problems(page) == []
