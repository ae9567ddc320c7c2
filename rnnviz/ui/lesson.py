"""Lesson mode (?lesson=1): a presentation view -- no chrome, 16:9 figures, larger fonts, captions under figures."""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from rnnviz.i18n import text
from rnnviz.lesson.caption import caption
from rnnviz.lesson.export import SLIDE_SIZE
from rnnviz.ui import mdtable

# On screen a lesson figure and its caption fit one 1280x720 screen (no sidebar), also under the dashboard's
# sticky step controls: a figure takes at most SCREEN_FIGURE px (the main column at 1280 px is 1120 wide);
# a diagram drawn to a larger size of its own is scaled down as a whole (fonts and shapes together), never cut.
SCREEN_FIGURE = (1120, 520)  # px: width, height of a lesson figure on screen
# On a screen narrower than a figure (a phone): the figure is still drawn at its own size (a figure without one
# at least PHONE_DRAWN px wide, as state.py's phone layout draws every figure) and scaled as a whole to the
# slide's width, rounded down to FIT_STEP px (CSS scales by a number, not by a length over a length): it fits,
# and its texts keep their places. The slide is the CSS container whose width the queries read.
PHONE_DRAWN = 820
FIT_STEP, FIT_MIN = 16, 192  # px
NARROW = "@media (max-width: 1279.98px)"  # below the projector's 1280 px: a 1280x720 slide is never touched
_FIT_LADDER = "".join(
    f"@container rnnviz-slide (min-width: {a}px) {{ .stElementContainer {{ --avail: {a}; }} }}\n"
    for a in range(FIT_MIN, SCREEN_FIGURE[0] + 1, FIT_STEP)
)
# Streamlit's chrome, by its test ids: header and toolbar, the sidebar and its open/close buttons, the
# hover toolbars of elements, plotly's modebar, the footer. Constant text: never user input.
LESSON_CSS = f"""
<style>
{NARROW} {{ [class*="st-key-lesson-slide-"] {{ container: rnnviz-slide / inline-size; overflow-x: clip !important; }} }}
{_FIT_LADDER}""" + """
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stSidebarCollapseButton"], [data-testid="stHeader"], [data-testid="stToolbar"],
[data-testid="stDecoration"], [data-testid="stStatusWidget"], [data-testid="stElementToolbar"],
#MainMenu, footer, .modebar-container { display: none !important; }
[data-testid="stMainBlockContainer"], .block-container { padding-top: 1.5rem !important; max-width: 1400px; }
[data-testid="stCaptionContainer"] { font-size: 1.05rem; }
</style>
"""
PLOT_CONFIG = {"displayModeBar": False, "responsive": False}
TABLE_ROWS = 12  # a lesson table shows all its rows, in parts of at most this many (each fits a screen)
_DONE = "_rnnviz_lesson_drawn_"  # + "css" / "exit": drawn in this run
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]<>#|~$])")


def new_run() -> None:
    """Called by the shell at the start of every full run: the chrome below may be drawn once again."""
    for name in ("css", "exit"):
        st.session_state.pop(_DONE + name, None)


def chrome(lang: str) -> None:
    """The lesson chrome of a page: the CSS that hides Streamlit's, and the button that leaves lesson mode."""
    apply_lesson_css()
    exit_button(lang)


def apply_lesson_css() -> None:
    """Hide the sidebar, header, toolbars and footer for the rest of this page run (once per run)."""
    if _first("css"):
        st.html(LESSON_CSS)


def slide_figure(
    fig: go.Figure, width: int = SLIDE_SIZE[0], height: int = SLIDE_SIZE[1], font_size: int | None = None
) -> go.Figure:
    """A copy of ``fig`` for a slide (``fig`` is not changed): a figure without its own width fills a
    fixed ``width`` x ``height`` (16:9); a diagram drawn to its own size keeps it. ``font_size`` (e.g.
    style.LESSON_FONT_SIZE) sets the base font of figures not already built with ``lesson=True``."""
    out = go.Figure(fig, _validate=False)  # a copy of a valid figure: validating it again is slow
    if out.layout.width is None:
        out.update_layout(width=width, height=height, autosize=False)
    if font_size is not None:
        out.update_layout(font_size=font_size)
    return out


def screen_figure(fig: go.Figure) -> tuple[go.Figure, float]:
    """``fig`` for a lesson screen and the scale it is shown at: a figure without its own size fills
    SCREEN_FIGURE; a diagram with its own size keeps it and is shown scaled by ``k <= 1`` to fit it."""
    width, height = fig.layout.width, fig.layout.height
    if width is None:
        return slide_figure(fig, width=SCREEN_FIGURE[0], height=SCREEN_FIGURE[1]), 1.0
    k = min(1.0, SCREEN_FIGURE[0] / width, SCREEN_FIGURE[1] / height) if height else 1.0
    return go.Figure(fig, _validate=False), k


def scale_css(key: str, fig: go.Figure, k: float) -> str:
    """CSS that draws the chart with Streamlit key ``key`` at its own size and shows it scaled by ``k``.
    The scale is on Plotly's inner container, and a negative margin takes back the space it frees below:
    Streamlit sizes the chart from its outer box, so shrinking that box would redraw the chart smaller
    (its texts overlapping) instead of scaling it."""
    w, h = fig.layout.width, fig.layout.height
    box = f".st-key-{key}"
    return (
        f"<style>{box} {{ width: {w}px !important; max-width: none !important;"
        f" margin-bottom: {-(1 - k) * h:.0f}px !important; }}"
        f" {box} .plot-container {{ transform: scale({k:.4f}); transform-origin: 0 0; }}</style>"
    )


def fit_css(key: str, fig: go.Figure, k: float, own_size: bool) -> str:
    """CSS that fits the chart with Streamlit key ``key`` (shown at scale ``k`` on a wide screen) to a slide
    narrower than that: drawn at its own width (``own_size``, a diagram) or at least PHONE_DRAWN px, and
    scaled as a whole by --s = the slide's width (--avail, LESSON_CSS) over the drawn width; the negative
    margin takes back the height it frees, as in scale_css."""
    w, h = fig.layout.width, fig.layout.height
    box = f".st-key-{key}"
    drawn = f"{w}px" if own_size else f"max({min(w, PHONE_DRAWN)}px, 100%)"
    over = w if own_size else min(w, PHONE_DRAWN)  # the drawn width wherever it does not fit
    return (
        f"<style>@container rnnviz-slide (max-width: {k * w - 0.02:.2f}px) {{"
        f" {box} {{ width: {drawn} !important; min-width: 0 !important; max-width: none !important;"
        f" --s: min(1, calc(var(--avail, {FIT_MIN}) / {over}));"
        f" margin-bottom: calc((var(--s) - 1) * {h}px) !important; }}"
        f" {box} .plot-container {{ transform: scale(var(--s)); transform-origin: 0 0; }} }}</style>"
    )


def show_caption(caption_text: str) -> None:
    """``caption_text`` under a figure, shown literally (Markdown, HTML and $maths$ escaped)."""
    st.caption(escape_markdown(caption_text))


def show_figure(
    fig: go.Figure, view, key: str | None = None, config: dict | None = None, w_hh_scale: float | None = None
) -> None:
    """A page's figure. In lesson mode (``view.lesson``): sized by ``screen_figure`` so that it and the
    auto-caption under it fit one 1280x720 screen (in one container, key ``lesson-slide-<key>``), styled
    exactly as exported (no Streamlit theme), no modebar. Otherwise full width with ``config``.
    ``view`` has spec, t, lang and lesson (state.View); build ``fig`` with
    ``lesson=view.lesson`` so its fonts are the larger lesson fonts."""
    if not view.lesson:
        st.plotly_chart(fig, width="stretch", key=key, config=config)
        return
    shown, k = screen_figure(fig)
    if key and shown.layout.width and shown.layout.height:
        fit = fit_css(key, shown, k, own_size=fig.layout.width is not None)  # a narrow screen: scaled to fit
        # a diagram of its own width and height, larger than a screen: scaled as a whole
        st.html(scale_css(key, shown, k) + fit if k < 1 else fit)
    with st.container(key=f"lesson-slide-{key}" if key else None):  # one screen: the figure and its caption
        st.plotly_chart(shown, width="content", theme=None, config=PLOT_CONFIG, key=key)  # styled as exported
        show_caption(caption(view.spec, view.t, view.lang, w_hh_scale=w_hh_scale))


def show_table(
    frame: pd.DataFrame,
    view,
    fmt: str | None = None,
    subset: list[str] | None = None,
    hide_index: bool = False,
) -> None:
    """A page's table, static (a Markdown table: no data grid, no Arrow to load). In lesson mode every row is
    shown in parts of at most TABLE_ROWS rows, each headed by the rows it holds, so each part fits a screen.
    ``fmt`` formats the numbers (of the columns ``subset``, default all)."""
    if not view.lesson:
        mdtable.show(frame, fmt, subset, hide_index)
        return
    n = len(frame)
    for start in range(0, n, TABLE_ROWS):
        part = frame.iloc[start : start + TABLE_ROWS]
        if n > TABLE_ROWS:
            st.caption(text(view.lang, "lesson.table_part", first=start + 1, last=start + len(part), n=n))
        mdtable.show(part, fmt, subset, hide_index)


def exit_button(lang: str) -> None:
    """A small button that leaves lesson mode (the sidebar toggle is hidden in it)."""
    if _first("exit"):
        st.button(text(lang, "lesson.exit"), key="lesson_exit", on_click=_leave, type="tertiary")


def _first(name: str) -> bool:
    """True the first time ``name`` is drawn since new_run(): a page may call the shell's chrome again."""
    done = st.session_state.get(_DONE + name, False)
    st.session_state[_DONE + name] = True
    return not done


def _leave() -> None:
    st.session_state["lesson"] = False  # the sidebar toggle's key; state.py writes the URL on the rerun
    st.query_params["lesson"] = "false"


def escape_markdown(s: str) -> str:
    """``s`` with every Markdown / HTML / LaTeX special character backslash-escaped."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", s)
