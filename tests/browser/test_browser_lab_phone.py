"""The lab on a phone (390x844): nothing sticks out sideways (only the minibatch picture and the tables scroll,
inside their own frames), the settings come two to a row, Train is reachable and trains, the loss curve and
the samples fit the screen."""

from __future__ import annotations

from harness import problems, screenshot, settled, wait_ready
from playwright.sync_api import expect

from rnnviz.i18n import text

PHONE = {"width": 390, "height": 844}
TINY = "lab_hidden_size=16&lab_steps=20&lab_batch_size=8&lab_num_steps=10&lab_cells=rnn,gru"

# Every element of the main area whose box leaves the screen sideways, unless an ancestor on the screen scrolls or
# clips it (overflow-x auto/scroll/hidden; not the page or the main area themselves); plus the page's own sideways
# scroll. Also returns the frames that scroll sideways (by their st-key-/data-testid), to check which they are.
OVERFLOW = """() => {
  const W = document.documentElement.clientWidth, out = [], frames = new Set();
  const inside = r => r.left >= -1 && r.right <= W + 1;
  const name = e => (Array.from(e.classList).find(c => c.startsWith('st-key-')) || e.getAttribute('data-testid')
                     || e.tagName);
  for (const e of document.querySelectorAll("[data-testid='stMain'] *")) {
    const r = e.getBoundingClientRect();
    if (!r.width || inside(r)) continue;
    let scroller = e.parentElement;  // the nearest ancestor on the screen that clips or scrolls sideways
    while (scroller && !(['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(scroller).overflowX)
                         && inside(scroller.getBoundingClientRect()))) scroller = scroller.parentElement;
    if (scroller && scroller !== document.documentElement && scroller !== document.body
        && !scroller.matches("[data-testid='stMain']")) { frames.add(name(scroller)); continue; }
    out.push(name(e) + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
  }
  const main = document.querySelector("[data-testid='stMain']");
  if (document.documentElement.scrollWidth > W + 1) out.push('the page scrolls sideways');
  if (main.scrollWidth > main.clientWidth + 1) out.push('the main area scrolls sideways');
  return {out: out.slice(0, 20), frames: Array.from(frames)};
}"""
FITS = """e => { const r = e.getBoundingClientRect();
                 return r.left >= 0 && r.right <= document.documentElement.clientWidth; }"""


def test_lab_on_a_phone_fits_the_width_and_trains(browser, app_url):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, locale="en-US")
    try:
        page = context.new_page()
        page.goto(f"{app_url}/lab?{TINY}&lab_seed=390")
        wait_ready(page, plots=1)
        found = page.evaluate(OVERFLOW)
        assert found["out"] == [], found
        assert set(found["frames"]) <= {"st-key-lab-batch-frame", "stDataFrame", "stDataFrameResizable"}, found

        # the number fields come two to a row (not one long column)
        boxes = [page.locator(f".st-key-lab_{k}").bounding_box() for k in ("hidden_size", "num_layers")]
        assert abs(boxes[0]["y"] - boxes[1]["y"]) < 2 and boxes[1]["x"] > boxes[0]["x"] + 100, boxes

        train = page.get_by_role("button", name=text("en", "lab.train.button"), exact=True)
        train.scroll_into_view_if_needed()
        assert train.evaluate(FITS)
        top = train.bounding_box()["y"] + page.evaluate("document.querySelector(\"[data-testid='stMain']\").scrollTop")
        assert top < 2 * PHONE["height"], top  # within two screens of the top: right under the settings
        train.click()
        page.get_by_text(text("en", "lab.status.done").split(" {seconds}")[0].format(done=20)).wait_for(
            state="visible", timeout=180_000
        )
        page.locator(".st-key-lab_prefix input").wait_for(state="visible", timeout=60_000)
        wait_ready(page, plots=1)
        settled(page)

        for key in ("lab_loss_fig", "lab_grad_fig"):  # the line charts are drawn at the phone's width
            chart = page.locator(f".st-key-{key} .js-plotly-plot").first
            expect(chart).to_be_visible()
            assert chart.evaluate(FITS), key
        for code in page.locator(".rnnviz-code").all():  # the samples wrap, they do not run off
            assert code.evaluate(FITS)
        found = page.evaluate(OVERFLOW)
        assert found["out"] == [], found
        assert problems(page) == []
        from conftest import SHOTS

        screenshot(page, SHOTS / "lab_phone_390x844.png")
    finally:
        context.close()
