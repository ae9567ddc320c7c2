"""The figures of a lesson export, in order: a list of (file name, title, t -> go.Figure) jobs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import plotly.graph_objects as go

from rnnviz.figures import concat, equation, heatmaps, unrolled
from rnnviz.i18n import text
from rnnviz.trace import Trace

DIRECTION_NAMES = ("forward", "reverse")


@dataclass(frozen=True)
class Job:
    """One figure to export: ``build(t)`` draws it at step t (called once per frame with --frames)."""

    name: str  # file stem, ascii: "equation_l0_forward"
    title: str  # translated heading for index.html
    build: Callable[[int], go.Figure]


def lesson_jobs(trace: Trace, lang: str, batch: int = 0) -> list[Job]:
    """The hidden-state heatmaps (one panel per layer and direction, laid out as the network), each
    layer's output, the concat diagram, the unrolled network, then the step equation of every layer and
    direction. All in lesson style."""
    tr = lambda key, **kw: text(lang, key, **kw)  # noqa: E731
    jobs = [
        Job("hidden_states", tr("lesson.figure.heatmaps"),
            lambda t: heatmaps.hidden_heatmaps(trace, batch, t, lang, lesson=True)),
        Job("layer_outputs", tr("lesson.figure.outputs"),
            lambda t: heatmaps.output_heatmaps(trace, batch, t, lang, lesson=True)),
        Job("concat", tr("lesson.figure.concat" if trace.bidirectional else "lesson.figure.concat_uni"),
            lambda t: concat.concat_figure(trace, t, batch, lang, lesson=True)),
        Job("unrolled", tr("lesson.figure.unrolled"),
            lambda t: unrolled.unrolled_figure(trace, t, batch, lang, lesson=True)),
    ]
    for layer in range(trace.num_layers):
        for d in range(trace.num_directions):
            direction = tr(f"lesson.direction.{d}")
            jobs.append(Job(f"equation_l{layer}_{DIRECTION_NAMES[d]}",
                            tr("lesson.figure.equation", layer=layer, direction=direction),
                            _equation(trace, layer, d, batch, lang)))
    return jobs


def _equation(trace: Trace, layer: int, d: int, batch: int, lang: str) -> Callable[[int], go.Figure]:
    return lambda t: equation.equation_figure(trace, layer, d, t, batch, lang, lesson=True)
