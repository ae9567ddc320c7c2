"""Fast figure plumbing for the dashboard's figures: plain-dict layouts, a small template, unvalidated go.Figure.

Building a go.Figure validates every property and deep-copies plotly_white's template (~7 kB of trace
defaults for 40 trace types): ~25 ms per figure, most of a step change. The figures here are built from
plain dicts that the tests validate once (tests/test_figures_*: ``go.Figure(fig.to_dict())`` gives the
same JSON), so the app can skip validation on every step.
"""

from __future__ import annotations

import copy
import functools
import html
import unicodedata

import plotly.graph_objects as go
import plotly.io as pio

from rnnviz import style
from rnnviz.notation import visible_char


class Axes:
    """The axis ids of one panel: x ('x', 'x2', ...) and y, and their layout keys."""

    def __init__(self, n: int):
        self.x, self.y = ("x", "y") if n == 1 else (f"x{n}", f"y{n}")
        self.xkey, self.ykey = self.x.replace("x", "xaxis"), self.y.replace("y", "yaxis")


UNUSED_TEMPLATE_KEYS = ("polar", "ternary", "scene", "geo", "mapbox", "colorscale")  # no such plots; own scales


@functools.lru_cache(maxsize=1)
def _small_template() -> dict:
    """plotly_white's 2-D layout defaults and its heatmap defaults: all our figures use of it."""
    full = pio.templates["plotly_white"].to_plotly_json()
    layout = {k: v for k, v in full["layout"].items() if k not in UNUSED_TEMPLATE_KEYS}
    return {"layout": layout, "data": {"heatmap": full["data"]["heatmap"]}}


@functools.lru_cache(maxsize=2)
def _plain_layout(lesson: bool) -> dict:
    layout = style.base_layout(lesson=lesson).to_plotly_json()
    layout["template"] = _small_template()
    return layout


def plain_layout(lesson: bool = False) -> dict:
    """style.base_layout as a fresh plain dict, with a small copy of its template (plotly_white)."""
    return copy.deepcopy(_plain_layout(lesson))


def figure(data: list[dict], layout: dict) -> go.Figure:
    """A go.Figure of plain dicts without per-property validation (the dicts are validated in tests).

    Empty ``shapes`` / ``annotations`` lists are left out, as plotly's validation would."""
    layout = {k: v for k, v in layout.items() if k not in ("shapes", "annotations") or len(v)}
    return go.Figure(data=data, layout=layout, _validate=False)


def plot_char(ch: str) -> str:
    """A character of the user's text as a figure draws it: whitespace made visible (notation.visible_char),
    escaped for plotly's HTML-like text."""
    return html.escape(visible_char(ch))


def text_width(s: str, size: float, bold: bool = False) -> float:
    """About how many pixels ``s`` takes at font ``size``: wide (CJK) characters 1 em, others ~0.6 em."""
    ems = sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in s)
    return ems * size * (1.06 if bold else 1.0)


class Frozen(go.Figure):
    """A figure that is never changed again (a shared cache's value): ``to_dict()`` is computed once.

    st.plotly_chart calls ``to_dict()`` on every script run (a deep copy and a base64 pass over every
    array: 20-40 ms per chart here), also when the chart did not change; a cached figure pays it once.
    Never change a frozen figure (a shared cache's values never are): change a copy, go.Figure(fig)."""

    def to_dict(self) -> dict:
        cached = self.__dict__.get("_rnnviz_dict")
        if cached is None:
            cached = self._rnnviz_dict = super().to_dict()
        return cached


def freeze(value):
    """``value`` with every go.Figure in it (itself, or a dict's values) frozen in place (see Frozen)."""
    if isinstance(value, go.Figure) and not isinstance(value, Frozen):
        value.__class__ = Frozen  # same object, same data: no copy
    elif isinstance(value, dict):
        for v in value.values():
            freeze(v)
    return value
