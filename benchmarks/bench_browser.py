"""The app in a real browser against two reference pages of the same stack, as ratios measured in one run.

Run: python benchmarks/bench_browser.py [--steps 10] [--loads 5] [--only step,ready,play,ladder]

It serves the app as the README does (``streamlit run app.py``) and two pages built here, with the app's
own .streamlit/config.toml: a *floor page* (one button that reruns and redraws one small Plotly heatmap)
and a *one-chart page* (one Plotly heatmap, nothing else), and drives Debian's chromium (headless) with:

- step latency: click on "next step" -> the page shows the new step and the script is idle, two animation
  frames later (every chart repainted); --steps steps taking turns with the floor page's button, the
  median of the step-by-step ratios ours / floor (both under the same load).
  Targets: <= 1.8x at the default configuration, <= 2.5x at 3 layers, bidirectional, L 200, H 64, N 4.
- page ready: navigation in a fresh browser context -> every chart drawn, the step buttons on the page,
  the script idle; --loads loads per page, each after a load of the one-chart page: the median of the
  load-by-load ratios ours / one-chart (target <= 1.3x), with the
  browser's performance timeline: scripts and bytes loaded, long tasks, first paint, elements drawn.
- ladder (not in the default run): page ready of three more pages of the same stack against the one-chart
  page, each adding what any real page of this app needs: a title, a paragraph and a button; then one of
  each input widget kind the sidebar uses and a slider; then the three charts of the dashboard. It shows
  how much of the dashboard's ratio a page pays before any rnnviz content.
- play: at the default configuration and each offered speed, 20 steps: the interval between the steps
  shown against the timer's, steps skipped, and steps shown after "pause" (a queue).
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT))

from harness import CHROMIUM, READY, VIEWPORT, launch_chromium, streamlit_server  # noqa: E402

DEFAULT = {"lang": "en"}
LARGE = {"lang": "en", "num_layers": 3, "bidirectional": "true", "seq_len": 200, "hidden_size": 64, "batch_size": 4}
PAGES = [("dashboard", ""), ("diagrams", "diagrams"), ("gradients", "gradients")]
STEP_CASES = [  # (name, query, target ratio to the floor page)
    ("default", DEFAULT, 1.8),
    ("3 layers bi L200 H64 N4", LARGE, 2.5),
    ("nn.LSTM, default sizes", {"lang": "en", "cell": "lstm"}, None),
]

FLOOR_PAGE = """
import numpy as np
import plotly.graph_objects as go
import streamlit as st

st.session_state.setdefault("n", 0)
if st.button("next", key="next"):
    st.session_state.n += 1
n = st.session_state.n
st.markdown(f"### step {n}")
z = np.sin(np.arange(24.0).reshape(4, 6) + n)
st.plotly_chart(go.Figure(go.Heatmap(z=z)), key="chart")
"""
ONE_CHART_PAGE = """
import numpy as np
import plotly.graph_objects as go
import streamlit as st

st.plotly_chart(go.Figure(go.Heatmap(z=np.sin(np.arange(24.0).reshape(4, 6)))), key="chart")
"""

# The ladder: the one-chart page plus what every page of the app needs, a kind at a time (--only ladder)
_CHART = 'st.plotly_chart(go.Figure(go.Heatmap(z=np.sin(np.arange(24.0).reshape(4, 6)))), key="chart{i}")'
_TEXT = """st.title("torch.nn.RNN, step by step")
st.markdown("Every number on this page is the number **PyTorch** computes.")
st.button("next", key="step_next")
"""
_WIDGETS = """with st.sidebar:
    st.segmented_control("Language", ["English", "zh"], key="lang", default="English")
    st.selectbox("Preset", ["a", "b"], key="preset")
    st.number_input("input_size", value=4, key="input_size")
    st.checkbox("bidirectional", key="bidirectional")
    st.text_input("lengths", key="lengths")
st.slider("Current step t", 0, 5, key="t")
"""
_HEAD = "import numpy as np\nimport plotly.graph_objects as go\nimport streamlit as st\n"
LADDER = [  # (name, page source, charts)
    ("+ text and a button", _HEAD + _TEXT + _CHART.format(i=0), 1),
    ("+ 5 widget kinds, slider", _HEAD + _WIDGETS + _TEXT + _CHART.format(i=0), 1),
    ("+ two more charts", _HEAD + _WIDGETS + _TEXT + "\n".join(_CHART.format(i=i) for i in range(3)), 3),
]

# Every chart of the page really drawn (each stPlotlyChart holds a rendered .main-svg), and at least n.
CHARTS_DRAWN = """n => { const c = document.querySelectorAll("[data-testid='stPlotlyChart']");
  return c.length >= n && Array.from(c).every(e => e.querySelector('.main-svg')); }"""
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(0))))"
LONG_TASKS = """(() => { window.__longtasks = [];
  try { new PerformanceObserver(l => window.__longtasks.push(...l.getEntries()))
          .observe({type: 'longtask', buffered: true}); } catch (e) {} })();"""
TIMELINE = """() => {
  const nav = performance.getEntriesByType('navigation')[0] || {};
  const res = performance.getEntriesByType('resource');
  const js = res.filter(r => r.name.split('?')[0].endsWith('.js'));
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  const lt = window.__longtasks || [];
  return {
    ready: performance.now(),
    dcl: nav.domContentLoadedEventEnd || 0,
    fcp: fcp ? fcp.startTime : 0,
    scripts: js.length,
    scripts_end: Math.max(0, ...js.map(r => r.responseEnd)),
    kib: res.reduce((a, r) => a + (r.encodedBodySize || 0), 0) / 1024,
    longtasks: lt.length,
    longtask_ms: lt.reduce((a, t) => a + t.duration, 0),
    elements: document.querySelectorAll("[data-testid='stElementContainer']").length,
    charts: document.querySelectorAll("[data-testid='stPlotlyChart']").length,
  };
}"""


def url(base: str, path: str = "", query: dict | None = None) -> str:
    return f"{base}/{path}" + ("?" + urlencode({k: str(v) for k, v in query.items()}) if query else "")


def fresh_page(browser):
    context = browser.new_context(viewport=VIEWPORT, locale="en-US", device_scale_factor=1)
    context.add_init_script(LONG_TASKS)
    page = context.new_page()
    page.set_default_timeout(120_000)
    return context, page


def settle(page, charts: int = 1, extra: str | None = None) -> None:
    """Script idle, ``charts`` charts drawn (and ``extra`` present), then two frames."""
    page.wait_for_function(CHARTS_DRAWN, arg=charts, polling="raf")
    if extra:
        page.wait_for_selector(extra, state="attached")
    page.wait_for_selector(READY, state="attached")
    page.evaluate(TWO_FRAMES)


# --- step latency --------------------------------------------------------------------------------
def step_ms(page, button: str, shown: str, target: str) -> float:
    """ms from a click on ``button`` until ``shown``'s text is ``target``, the script idle, two frames on."""
    ready = f"""t => {{ const e = document.querySelector({shown!r});
      return !!e && e.textContent.trim() === t && !!document.querySelector({READY!r})
        && !document.querySelector('[data-stale="true"]'); }}"""
    start = time.perf_counter()
    page.locator(button).first.click()
    page.wait_for_function(ready, arg=target, polling="raf")
    page.evaluate(TWO_FRAMES)
    return (time.perf_counter() - start) * 1000


def steps(browser, floor: str, base: str, query: dict, n: int) -> tuple[list[float], list[float]]:
    """n steps on our dashboard and n on the floor page, taking turns (so both see the same load), after
    one warm-up step each: (floor ms, ours ms)."""
    from rnnviz.i18n import text

    f_context, f_page = fresh_page(browser)
    f_page.goto(floor)
    settle(f_page)
    context, page = fresh_page(browser)
    page.goto(url(base, "", {**query, "t": 0}))
    settle(page, 2, ".st-key-step_next button")
    t, forward, ours, floors = 0, True, [], []
    for i in range(n + 1):  # next to the last step (where "next" is disabled), then back to 0, and so on
        floors.append(step_ms(f_page, ".st-key-next button", ".stMarkdown h3", f"step {i + 1}"))
        at_end = page.locator(".st-key-step_next button:visible").first.is_disabled()
        forward = not at_end if forward else t == 0
        t += 1 if forward else -1
        button = f".st-key-step_{'next' if forward else 'back'} button:visible"
        ours.append(step_ms(page, button, ".st-key-dash-equation h3", text("en", "dash.eq.section", t=t)))
    context.close()
    f_context.close()
    return floors[1:], ours[1:]  # the first click warms each page


# --- page ready ----------------------------------------------------------------------------------
def load(browser, address: str, charts: int, extra: str | None) -> dict:
    context, page = fresh_page(browser)
    start = time.perf_counter()
    page.goto(address, wait_until="commit")
    settle(page, charts, extra)
    wall = (time.perf_counter() - start) * 1000
    timeline = page.evaluate(TIMELINE)
    context.close()
    return {"wall": wall, **timeline}


def chart_count(browser, address: str) -> int:
    """How many charts the page has once it has settled (the count the timed loads wait for)."""
    context, page = fresh_page(browser)
    page.goto(address)
    page.wait_for_selector(READY, state="attached")
    page.wait_for_timeout(4000)
    page.wait_for_selector(READY, state="attached")
    n = page.locator("[data-testid='stPlotlyChart']").count()
    context.close()
    return n


def loads(browser, address: str, ref: str, n: int, extra: str | None = None) -> tuple[list[dict], list[dict]]:
    """n fresh loads of ``address`` and n of the one-chart page ``ref``, taking turns: (ours, ref's)."""
    charts = chart_count(browser, address)
    load(browser, address, charts, extra)  # warm the server's caches and the HTTP cache of nothing
    ours, refs = [], []
    for _ in range(n):
        refs.append(load(browser, ref, 1, None))
        ours.append(load(browser, address, charts, extra))
    return ours, refs


def summary(rows: list[dict]) -> dict:
    return {k: statistics.median(r[k] for r in rows) for k in rows[0]}


def timeline_line(name: str, s: dict) -> str:
    return (
        f"  {name:<24} ready {s['wall']:7.0f} ms | dom {s['dcl']:5.0f} fcp {s['fcp']:5.0f} "
        f"scripts {s['scripts']:3.0f} ({s['kib']:6.0f} KiB, last at {s['scripts_end']:5.0f}) "
        f"long tasks {s['longtasks']:3.0f} = {s['longtask_ms']:5.0f} ms | elements {s['elements']:3.0f} "
        f"charts {s['charts']:2.0f}"
    )


# --- play ----------------------------------------------------------------------------------------
WATCH = """() => { window.__steps = [];
  const h = () => document.querySelector('.st-key-dash-equation h3');
  let last = h() && h().textContent;
  new MutationObserver(() => { const e = h(); if (e && e.textContent !== last) {
      last = e.textContent; window.__steps.push([performance.now(), last]); } })
    .observe(document.body, {subtree: true, childList: true, characterData: true}); }"""


def play(browser, base: str, query: dict, steps: int = 20) -> list[dict]:
    """For each play speed offered: the median interval between steps shown, skipped steps, queue."""
    from rnnviz.ui.sections import PLAY_SPEEDS

    results = []
    for speed in PLAY_SPEEDS:
        context, page = fresh_page(browser)
        page.goto(url(base, "", {**query, "seq_len": steps + 5, "t": 0, "speed": speed}))
        settle(page, 2, ".st-key-step_play button")
        page.evaluate(WATCH)
        page.locator(".st-key-step_play button:visible").first.click()
        page.wait_for_function(f"() => window.__steps.length >= {steps}", polling=100, timeout=180_000)
        page.locator(".st-key-step_play button:visible").first.click()  # pause
        at_pause = page.evaluate("() => window.__steps.length")
        page.wait_for_timeout(3000)
        seen = page.evaluate("() => window.__steps")
        context.close()
        ts = [int(re.search(r"t = (\d+)", s).group(1)) for _, s in seen[:steps]]
        gaps = [b - a for a, b in zip(ts, ts[1:], strict=False)]
        times = [t for t, _ in seen[:steps]]
        intervals = [b - a for a, b in zip(times, times[1:], strict=False)]
        results.append(
            {
                "speed": speed,
                "timer": 1000 / speed,
                "interval": statistics.median(intervals),
                "skipped": sum(g - 1 for g in gaps if g > 1),
                "after_pause": len(seen) - at_pause,
            }
        )
    return results


# --- main ----------------------------------------------------------------------------------------
def ref_server(stack: ExitStack, name: str, source: str) -> str:
    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="rnnviz-bench-")))
    shutil.copytree(ROOT / ".streamlit", folder / ".streamlit")
    (folder / f"{name}.py").write_text(source)
    return stack.enter_context(streamlit_server(script=f"{name}.py", cwd=folder))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--loads", type=int, default=5)
    ap.add_argument("--only", default="step,ready,play")
    args = ap.parse_args()
    only = set(args.only.split(","))
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} not found: apt-get install -y chromium fonts-noto-cjk")
    from playwright.sync_api import sync_playwright

    med = statistics.median
    with ExitStack() as stack, sync_playwright() as pw:
        app = stack.enter_context(streamlit_server())
        floor = ref_server(stack, "floor", FLOOR_PAGE)
        one = ref_server(stack, "one_chart", ONE_CHART_PAGE)
        browser = launch_chromium(pw)
        if "step" in only:
            print(f"step latency, median of {args.steps} steps, each taking turns with a floor page's step (ms)")
            for name, query, target in STEP_CASES:
                f, ours = steps(browser, floor, app, query, args.steps)
                ratio = med(o / x for o, x in zip(ours, f, strict=True))
                aim = f"(target <= {target}x)" if target else "(no target: the gated cells kept fast)"
                print(f"  {name:<26} {med(ours):7.1f}, floor page {med(f):7.1f}: median ratio {ratio:.2f}x {aim}")
        if "ready" in only:
            print(f"page ready, median of {args.loads} fresh loads, each after one of the one-chart page (ms)")
            for name, path in PAGES:
                for label, query in (
                    ("", DEFAULT),
                    (" lesson 1x1", {**DEFAULT, "lesson": 1, "num_layers": 1, "bidirectional": "false"}),
                ):
                    if label and name != "dashboard":
                        continue
                    extra = ".st-key-step_next button" if name == "dashboard" else None
                    ours, refs = loads(browser, url(app, path, query), one, args.loads, extra)
                    ratio = med(o["wall"] / r["wall"] for o, r in zip(ours, refs, strict=True))
                    print(timeline_line("one-chart page", summary(refs)))
                    print(timeline_line(name + label, summary(ours)) + f"  median ratio {ratio:.2f}x (target <= 1.3x)")
        if "ladder" in only:
            print(f"page ready of reference pages, the one-chart page plus ..., median of {args.loads} (ms)")
            for name, source, charts in LADDER:
                page = ref_server(stack, "ladder", source)
                ours, refs = loads(browser, page, one, args.loads)
                ratio = med(o["wall"] / r["wall"] for o, r in zip(ours, refs, strict=True))
                print(timeline_line(name, summary(ours)) + f"  median ratio {ratio:.2f}x ({charts} chart(s))")
        if "play" in only:
            print("play at the default configuration, 20 steps per speed")
            for r in play(browser, app, DEFAULT):
                print(
                    f"  {r['speed']:>4} steps/s: timer {r['timer']:6.0f} ms, shown every {r['interval']:6.0f} ms "
                    f"({r['interval'] / r['timer']:.2f}x), skipped {r['skipped']}, shown after pause {r['after_pause']}"
                )
        browser.close()


if __name__ == "__main__":
    main()
