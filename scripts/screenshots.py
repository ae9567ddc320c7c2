"""Regenerate the README's screenshots in docs/img/ from the real app: ``python scripts/screenshots.py``.

Starts ``streamlit run app.py`` exactly as the README and the browser tests do (tests/browser/harness.py),
opens each view in Debian's headless Chromium at 1280x800 and saves a PNG of the screen or of one section. Needs
``apt-get install -y chromium fonts-noto-cjk fonts-noto-color-emoji``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))
import harness  # noqa: E402  (tests/browser/harness.py: the same server and browser as the browser tests)

OUT = harness.ROOT / "docs" / "img"

BI = {"preset": "dims_2layer_bi", "t": "1"}
# name -> (page path, URL query, Plotly charts to wait for, what to shoot: "screen", "page" or a CSS selector)
VIEWS: dict[str, tuple[str, dict[str, str], int, str]] = {
    "dashboard": ("", BI, 4, "screen"),
    "heatmaps": ("", BI, 4, ".st-key-dash-heatmaps"),
    "equation": ("", BI, 4, ".st-key-dash-equation"),
    "unrolled": ("diagrams", BI, 2, ".st-key-diag-unrolled"),
    "concat": ("diagrams", BI, 2, ".st-key-diag-concat"),
    "lstm_step": ("", {"cell": "lstm", "t": "2"}, 6, ".st-key-dash-gates"),
    "unrolled_lstm": ("diagrams", {"cell": "lstm", "num_layers": "2", "bidirectional": "true", "hidden_size": "3",
                                   "seq_len": "4", "t": "1"}, 2, ".st-key-diag-unrolled"),  # fmt: skip
    "gradients": ("gradients", {"seq_len": "30", "num_layers": "1", "bidirectional": "false"}, 3, ".st-key-grad_norms"),
    "dashboard_zh": ("", {"preset": "dims_1layer_bi", "lang": "zh"}, 4, "screen"),
    "lesson": ("diagrams", {**BI, "lesson": "true"}, 2, "screen"),
    "lab": ("lab", {"lab_seed": "0"}, 1, "screen"),
    "lab_batch": ("lab", {"lab_seed": "0"}, 1, ".st-key-lab-batch"),
    "lab_curves": ("lab", {"lab_seed": "1"}, 1, ".st-key-lab-live"),  # other seeds: no finished run to reopen
    "lab_zh": ("lab", {"lab_seed": "2", "lang": "zh"}, 1, "screen"),
}
TRAIN_FIRST = ("lab", "lab_curves", "lab_zh")  # views that press Train and wait for the end of the run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"views to shoot (default: all): {', '.join(VIEWS)}")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNGs (default: docs/img)")
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in VIEWS]
    if unknown:
        parser.error(f"unknown view(s) {', '.join(unknown)}; choose from {', '.join(VIEWS)}")
    if not harness.CHROMIUM.exists():
        print(f"{harness.CHROMIUM} not found: {harness.INSTALL_HINT}", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    failed = 0
    with harness.streamlit_server() as base, sync_playwright() as pw:
        browser = harness.launch_chromium(pw)
        for name in args.names or VIEWS:
            failed += not _shoot(browser, base, name, args.out)
        browser.close()
    return 1 if failed else 0


def _shoot(browser, base: str, name: str, out: Path) -> bool:
    path, query, plots, what = VIEWS[name]
    context = browser.new_context(viewport=harness.VIEWPORT, locale="en-US", device_scale_factor=1)
    page = context.new_page()
    page.js_errors = []
    page.on("pageerror", lambda e: page.js_errors.append(str(e)))
    page.goto(f"{base}/{path}?{urlencode(query)}")
    harness.wait_ready(page, plots=plots, timeout=90_000)
    if name in TRAIN_FIRST:
        page.locator("[data-testid='stBaseButton-primary']").first.click()  # Train (the page's one primary button)
        done = re.compile(r"^(Done: \d+ steps|完成：\d+ 步)")  # lab.status.done in either language
        page.get_by_text(done).wait_for(state="visible", timeout=600_000)  # a loaded machine: minutes
        page.locator(".st-key-lab_prefix input").wait_for(state="visible", timeout=60_000)
        harness.wait_ready(page, plots=plots + 2, timeout=90_000)
        page.locator("h1").first.scroll_into_view_if_needed()  # the click scrolled the page: back to the top
    page.wait_for_timeout(500)  # let Plotly finish its transitions before the picture
    target = out / f"{name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    if what == "screen":
        page.screenshot(path=str(target))
    else:
        harness.screenshot(page, target, selector=None if what == "page" else what)
    issues = harness.problems(page)
    context.close()
    print(target, f"PROBLEMS: {issues}" if issues else "ok")
    return not issues


if __name__ == "__main__":
    sys.exit(main())
