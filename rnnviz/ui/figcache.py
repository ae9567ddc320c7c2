"""Figures cached per (spec, batch, t, lang, lesson): built once, shared, never mutated after caching."""

from __future__ import annotations

import plotly.graph_objects as go

from rnnviz.figures.equation import equation_figure, matmul_figure
from rnnviz.figures.heatmaps import hidden_heatmaps, output_heatmaps
from rnnviz.figures.stack import stack
from rnnviz.sources.sourced import tokens_of
from rnnviz.spec import RNNSpec
from rnnviz.ui import caches
from rnnviz.ui.runs import get_run


@caches.shared("heatmaps")
def heatmaps(spec: RNNSpec, batch: int, t: int, lang: str, lesson: bool) -> go.Figure:
    """hidden_heatmaps of the cached trace (a char model's text under the time ticks)."""
    return hidden_heatmaps(get_run(spec).trace, batch, t, lang, lesson, tokens=tokens_of(spec))


@caches.shared("outputs")
def outputs(spec: RNNSpec, batch: int, t: int, lang: str, lesson: bool) -> go.Figure:
    """output_heatmaps of the cached trace (a char model's text under the time ticks)."""
    return output_heatmaps(get_run(spec).trace, batch, t, lang, lesson, tokens=tokens_of(spec))


@caches.shared("equation")
def equation(spec: RNNSpec, layer: int, direction: int, t: int, batch: int, lang: str, lesson: bool, matmul: bool):
    """equation_figure (or matmul_figure) of the cached trace."""
    build = matmul_figure if matmul else equation_figure
    return build(get_run(spec).trace, layer, direction, t, batch, lang, lesson)


@caches.shared("equations")
def equations(spec: RNNSpec, layer: int, direction: int, t: int, batch: int, lang: str):
    """The equation above the one-matmul view, as one chart (one mount per step in the browser)."""
    args = (spec, layer, direction, t, batch, lang, False)
    return stack([equation(*args, False), equation(*args, True)])
