"""The shared state of every page: the sidebar's RNNSpec, the current step, language and URL, and the cached trace.

Contract for pages (``rnnviz/ui/pages/*.py``)::

    from rnnviz.ui import state

    view = state.page_state()          # View(spec, t, batch, lang, preset, lesson, notices) of this run
    trace = state.get_trace(view.spec)  # cached per spec: never mutate it (or figures cached from it)
    st.header(state.tr("grad.title"))   # a catalogue string in the current language
    scale = state.page_param("g_scale", float, 1.0)  # this page's own URL param, validated, with a notice
    state.set_page_param("g_scale", 2.0)             # ... and written back to the URL

``app.py`` calls ``render_shell()`` once per run, before ``st.navigation(...).run()``: it renders the shared
sidebar (every nn.RNN option, sizes, seed, input and h0 kinds, train/eval, preset, language, batch
element, lesson mode), in lesson mode the lesson chrome (rnnviz.ui.lesson.chrome: pages need not call
it; calling it again is harmless), shows URL notices, and rewrites the URL query from the state, so the URL always
reproduces the page -- also after a page switch, which may drop the query string. The URL is read only
on the first run of a session; after that the widgets are the truth.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import streamlit as st

from rnnviz.i18n import text
from rnnviz.limits import Limits
from rnnviz.params import Notice, format_lengths
from rnnviz.spec import RNNSpec
from rnnviz.trace import Trace
from rnnviz.ui import lesson, runs, sidebar, source
from rnnviz.ui.url import AppParams, app_to_params, notice_text, parse_app_params

T = TypeVar("T")
SPEC_KEYS = tuple(f.name for f in dataclasses.fields(RNNSpec))  # widget keys == URL keys == RNNSpec fields
_PENDING = "_rnnviz_pending_preset"
_INIT, _VIEW, _NOTICES, _URL0, _PAGE_PARAMS = (
    "_rnnviz_init",
    "_rnnviz_view",
    "_rnnviz_notices",
    "_rnnviz_url0",
    "_rnnviz_pp",
)
_CSS = (  # static, no user text: less space above the title; the static tables (Markdown, mdtable) as dense
    # as st.table was (its font size and cell padding) and, when wider than their column (a phone, many units),
    # scrolled sideways in their own box (Streamlit lets a Markdown table overflow the page); on a phone every
    # figure keeps the width it is laid out for (squeezed, its numbers and labels would overlap) and scrolls
    # sideways in its block; on a phone the dashboard's four step buttons stay on one row (Streamlit stacks
    # columns there: four full-width rows), and a touch screen without a mouse gets no hint about arrow keys
    "<style>[data-testid='stMainBlockContainer']{padding-top:2.5rem}"
    "@media (max-width:640px){.st-key-dash-steps [data-testid='stHorizontalBlock'] > [data-testid='stColumn']"
    ":nth-child(-n+4){min-width:0;flex:1 1 0}.st-key-dash-steps [data-testid='stHorizontalBlock'] >"
    " [data-testid='stColumn']:nth-child(4){flex-grow:2.5}}"
    "@media (hover:none) and (pointer:coarse){.st-key-step-keys{display:none}}"
    "[data-testid='stMarkdownContainer']:has(> table){overflow-x:auto}"
    "[data-testid='stMarkdownContainer'] > table{font-size:0.875rem}"
    "[data-testid='stMarkdownContainer'] > table :is(th,td){padding:0.25rem 0.375rem}"
    "@media (max-width:900px){[data-testid='stVerticalBlock']:has(> .stElementContainer .stPlotlyChart)"
    "{overflow-x:auto}.stElementContainer:has(.stPlotlyChart){min-width:820px}}</style>"
)
STEP_KEY = "t"  # the current step lives here (not a widget key: it survives page switches)


@dataclass(frozen=True)
class View:
    """What every page shows in this run."""

    spec: RNNSpec  # the configuration (validated and capped)
    t: int  # the current step, 0..seq_len-1
    batch: int  # the batch element shown, 0..batch_size-1
    lang: str  # "en" | "zh"
    preset: str | None  # the preset this spec equals, if any
    lesson: bool  # lesson (presentation) mode
    notices: tuple[str, ...]  # translated notices of this run (plain Markdown-safe text)


# --- public API for pages ------------------------------------------------------------------------
def page_state() -> View:
    """The View of the current run (renders the shell first if app.py did not, e.g. a page run alone)."""
    if _VIEW not in st.session_state:
        render_shell()
    view: View = st.session_state[_VIEW]
    t = min(max(int(st.session_state.get(STEP_KEY, view.t)), 0), view.spec.seq_len - 1)
    return view if t == view.t else dataclasses.replace(view, t=t)


def get_trace(spec: RNNSpec) -> Trace:
    """The Trace of ``spec``, cached per spec (shared by all sessions: do not mutate it)."""
    return runs.get_run(spec).trace


def tr(key: str, **kwargs: object) -> str:
    """The catalogue string ``key`` in the current language, formatted with ``kwargs``."""
    return text(current_lang(), key, **kwargs)


def current_lang() -> str:
    """'en' or 'zh'."""
    lang = st.session_state.get("lang", "en")
    return lang if lang in ("en", "zh") else "en"


def opening_lang() -> str:
    """The language of this run before render_shell (the navigation's titles): the session's, or on its first
    run the one the URL or the browser asks for, as render_shell will read it."""
    if st.session_state.get(_INIT):
        return current_lang()
    url = {k: st.query_params.get(k) for k in st.query_params}
    return parse_app_params(url, limits(), _accept_language()).lang


def page_param(name: str, parse: Callable[[str], T], default: T) -> T:
    """A page's own URL parameter ``name``: ``parse(raw)`` of the opening URL's value, else ``default``.

    ``parse`` raises ValueError (or TypeError) for a bad value: then a notice is shown and ``default`` is
    used. The value is kept for the session and written to the URL on every run (see set_page_param).
    """
    store = st.session_state.setdefault(_PAGE_PARAMS, {})
    if name in store:
        return store[name]
    raw = st.session_state.get(_URL0, {}).get(name)
    value = default
    if raw is not None:
        try:
            value = parse(raw)
        except (ValueError, TypeError, OverflowError):
            st.warning(notice_text(current_lang(), Notice(name, raw[:40], default, "invalid")), icon="⚠️")
    store[name] = value
    return value


def set_page_param(name: str, value: object) -> None:
    """Keep ``value`` as the page parameter ``name`` and write it to the URL now."""
    st.session_state.setdefault(_PAGE_PARAMS, {})[name] = value
    st.query_params[name] = _fmt(value)


def set_step(t: int) -> None:
    """Move the current step to ``t`` (clamped) and write it to the URL (also from inside a fragment)."""
    view = st.session_state.get(_VIEW)
    top = view.spec.seq_len - 1 if view else max(int(t), 0)
    st.session_state[STEP_KEY] = min(max(int(t), 0), top)
    st.query_params["t"] = str(st.session_state[STEP_KEY])


# --- the shell (app.py) --------------------------------------------------------------------------
def limits() -> Limits:
    """Caps from RNNVIZ_MAX_* environment variables, else st.secrets (same names or a [limits] table)."""
    env = dict(_secret_limits())
    env.update({k: v for k, v in os.environ.items() if k.startswith("RNNVIZ_MAX_")})
    return Limits.from_env(env)


def render_shell(model: bool = True) -> View:
    """Once per full run: resolve the state (URL on a session's first run, else the widgets), render the
    shared sidebar (``model=False``: without the nn.RNN settings, for a page with its own), show notices and
    rewrite the URL. Returns the View (also kept for page_state)."""
    lim = limits()
    ss = st.session_state
    lesson.new_run()
    if ss.get(_PENDING) and ss.get(_INIT):  # asked for by a page (request_preset): before any widget exists
        apply_preset(ss.pop(_PENDING))
    if not ss.get(_INIT):
        ss[_URL0] = {k: st.query_params.get(k) for k in st.query_params}
        params = parse_app_params(ss[_URL0], lim, _accept_language())
        source.init_from_url(ss[_URL0], lambda key, **kw: text(params.lang, key, **kw))
        ss[_INIT] = True
    else:
        params = parse_app_params(_widget_params(), lim)
        kept = tuple(  # t, batch: quietly; a typed length that could not be used: said
            n for n in params.notices if n.reason in ("capped", "cells", "not_for_cell") or n.field == "lengths"
        )
        params = dataclasses.replace(params, preset=_matching_preset(ss.get("preset"), params.spec), notices=kept)
    _store(params)
    shown = sidebar.render(params.spec, lim, apply_preset=_apply_preset, model=model)  # the spec, or a source's
    params = dataclasses.replace(params, lang=current_lang(), batch=int(ss["batch"]), lesson=bool(ss["lesson"]))
    notices = tuple(notice_text(params.lang, n) for n in params.notices)
    preset = params.preset if shown is params.spec else None
    view = View(shown, params.t, params.batch, params.lang, preset, params.lesson, notices)
    ss[_VIEW] = view
    st.html(_CSS)  # static CSS only (no user text): less empty space above the title
    if view.lesson:
        lesson.chrome(view.lang)  # every page: no Streamlit chrome, a button to leave
    for message in notices:
        st.warning(message, icon="⚠️")
    source.show_notes(shown)
    _write_url(params)
    return view


def _widget_params() -> dict[str, object]:
    ss = st.session_state
    stash = ss.get(sidebar.STASH, {})  # settings hidden while a model source or an own input decides them
    raw: dict[str, object] = {k: _fmt(ss[k] if k in ss else stash[k]) for k in SPEC_KEYS if k in ss or k in stash}
    raw |= {k: _fmt(ss[k]) for k in ("lang", "batch", "lesson") if k in ss}
    raw["t"] = str(ss.get(STEP_KEY, 0))
    return raw


def _store(p: AppParams) -> None:
    """Put validated values into the widgets' keys (before the widgets are drawn in this run)."""
    ss = st.session_state
    for k in SPEC_KEYS:
        ss[k] = _widget_value(p.spec, k)
    ss["preset"] = p.preset or sidebar.CUSTOM
    ss["lang"], ss["batch"], ss["lesson"], ss[STEP_KEY] = p.lang, p.batch, p.lesson, p.t


def _widget_value(spec: RNNSpec, key: str) -> object:
    """The widget's value of field ``key``: lengths as the text box shows them ("6,4", "" for none)."""
    value = getattr(spec, key)
    return format_lengths(value) if key == "lengths" else value


def _matching_preset(name: object, spec: RNNSpec) -> str | None:
    from rnnviz.presets import PRESETS

    return name if isinstance(name, str) and name in PRESETS and PRESETS[name].spec == spec else None


def _apply_preset() -> None:
    """on_change of the preset picker: set every widget to the preset's values."""
    apply_preset(st.session_state.get("preset"))


def apply_preset(name: object) -> None:
    """Set every widget to preset ``name``'s values (and the gradients page's W_hh scale if it has one);
    a callback, so the next run reads them."""
    from rnnviz.presets import PRESETS

    if name in PRESETS:
        p = PRESETS[name]
        for k in SPEC_KEYS:
            st.session_state[k] = _widget_value(p.spec, k)
        st.session_state["preset"] = name
        st.session_state["batch"] = 0
        st.session_state[STEP_KEY] = 0
        if p.g_scale is not None:
            st.session_state["g_scale"] = p.g_scale
            st.session_state.setdefault(_PAGE_PARAMS, {})["g_scale"] = p.g_scale


def request_preset(name: str) -> None:
    """From a page, after the sidebar exists: switch to preset ``name`` on the next run (call st.rerun)."""
    st.session_state[_PENDING] = name


def first_visit_on_default(page: str) -> bool:
    """True the first time this session shows ``page`` while the configuration is still the one a bare
    link opens (the URL said at most lang and lesson, nothing changed since): the page may pick its example."""
    from rnnviz.presets import BEGINNER_PATH

    ss, seen = st.session_state, f"_rnnviz_seen_{page}"
    first, ss[seen] = not ss.get(seen), True
    url = ss.get(_URL0) or {}
    untouched = set(url) <= {"lang", "lesson"} and ss.get("preset") == BEGINNER_PATH[0]
    return first and untouched


def _write_url(p: AppParams) -> None:
    extra = {k: _fmt(v) for k, v in st.session_state.get(_PAGE_PARAMS, {}).items()} | source.url_params()
    want = app_to_params(p, extra)
    if st.query_params.to_dict() != want:
        st.query_params.from_dict(want)


def _accept_language() -> str | None:
    try:
        return st.context.locale or st.context.headers.get("Accept-Language")
    except Exception:  # no browser context (AppTest, bare mode)
        return None


def _secret_limits() -> dict[str, str]:
    """RNNVIZ_MAX_* from st.secrets, or a [limits] table (seq_len = 512); {} when there is no secrets file."""
    try:
        secrets = dict(st.secrets)
    except Exception:  # no secrets.toml anywhere: that's fine
        return {}
    out = {k: str(v) for k, v in secrets.items() if k.startswith("RNNVIZ_MAX_")}
    table = secrets.get("limits")
    if isinstance(table, dict) or hasattr(table, "items"):
        out |= {f"RNNVIZ_MAX_{k.upper()}": str(v) for k, v in table.items()}
    return out


def _fmt(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
