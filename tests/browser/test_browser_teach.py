"""In a real browser: nothing is fetched from outside the server (the favicon is local), and on a phone the
sidebar is out of the way and no two texts of a figure overlap."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from harness import launch_chromium, problems, wait_ready  # noqa: F401 -- launch_chromium: see the fixture

PAGES = [("", 4), ("diagrams", 2), ("gradients", 3)]
PHONE = {"width": 390, "height": 844}

# Every drawn text of every Plotly chart as a box; pairs of boxes that overlap by more than 2 px both ways.
OVERLAPS = """() => {
  const found = [];
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const boxes = Array.from(plot.querySelectorAll('text'))
      .filter(t => t.textContent.trim() && t.getClientRects().length)
      .map(t => [t.textContent.trim(), t.getBoundingClientRect()])
      .filter(([_, r]) => r.width > 0 && r.height > 0);
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const [a, r] = boxes[i], [b, s] = boxes[j];
      const w = Math.min(r.right, s.right) - Math.max(r.left, s.left);
      const h = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
      if (w > 2 && h > 2) found.push(a + ' / ' + b);
    }
  }
  return found;
}"""


def _external(requests: list[str]) -> list[str]:
    local = ("127.0.0.1", "localhost")
    return [u for u in requests if not u.startswith(("data:", "blob:")) and urlparse(u).hostname not in local]


@pytest.mark.parametrize(("path", "plots"), PAGES)
def test_nothing_is_fetched_from_the_internet(page, app_url, path, plots):
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    page.goto(f"{app_url}/{path}")
    wait_ready(page, plots=plots)
    page.wait_for_timeout(500)
    assert _external(seen) == []
    icon = page.evaluate("() => Array.from(document.querySelectorAll('link[rel~=icon]'), l => l.href)")
    assert icon and not _external(icon), icon
    assert problems(page) == []


@pytest.mark.parametrize(("path", "plots"), PAGES)
def test_a_phone_gets_the_page_not_the_sidebar_and_no_overlapping_texts(browser, app_url, path, plots):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, locale="en-US")
    try:
        pg = context.new_page()
        pg.goto(f"{app_url}/{path}")
        wait_ready(pg, plots=plots)
        pg.wait_for_timeout(800)
        right = pg.evaluate("() => document.querySelector(\"[data-testid='stSidebar']\").getBoundingClientRect().right")
        assert right <= 1, right  # collapsed off screen: the page is readable
        title = pg.locator("h1").first.bounding_box()
        assert title and title["x"] >= 0 and title["x"] + title["width"] <= PHONE["width"] + 1
        assert pg.evaluate(OVERLAPS) == []
    finally:
        context.close()
