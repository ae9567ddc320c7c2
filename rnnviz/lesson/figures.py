"""The figures of a lesson export, in order: a list of (file name, title, t -> go.Figure) jobs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from rnnviz.figures import concat, equation, gates, heatmaps, unrolled
from rnnviz.i18n import text
from rnnviz.lesson.export import DIRECTIONS
from rnnviz.trace import Trace


@dataclass(frozen=True)
class Job:
    """One figure to export: ``build(t)`` draws it at step t (called once per frame with --frames)."""

    name: str  # file stem, ascii: "equation_l0_forward"
    title: str  # translated heading for index.html
    build: Callable[[int], go.Figure]


def lesson_jobs(trace: Trace, lang: str, batch: int = 0, tokens: Sequence[str] | None = None) -> list[Job]:
    """The hidden-state heatmaps (all panels laid out as the network, then one image per layer and
    direction: ``hidden_l{l}_{forward|reverse}``), each layer's output, the concat diagram, the unrolled
    network, then the step equation of every layer and direction. All in lesson style. ``tokens``: a char
    model's text, one token per step, under the heatmaps' time ticks."""
    tr = lambda key, **kw: text(lang, key, **kw)  # noqa: E731
    pairs = [(layer, d) for layer in range(trace.num_layers) for d in range(trace.num_directions)]
    where = lambda layer, d: dict(layer=layer, direction=tr(f"lesson.direction.{d}"))  # noqa: E731
    jobs = [
        Job("hidden_states", tr("lesson.figure.heatmaps"),
            lambda t: heatmaps.hidden_heatmaps(trace, batch, t, lang, lesson=True, tokens=tokens)),
        *(Job(f"hidden_l{layer}_{DIRECTIONS[d]}", tr("lesson.figure.hidden", **where(layer, d)),
              _panel(trace, layer, d, batch, lang, tokens)) for layer, d in pairs),
        Job("layer_outputs", tr("lesson.figure.outputs"),
            lambda t: heatmaps.output_heatmaps(trace, batch, t, lang, lesson=True, tokens=tokens)),
        Job("concat", tr("lesson.figure.concat" if trace.bidirectional else "lesson.figure.concat_uni"),
            lambda t: concat.concat_figure(trace, t, batch, lang, lesson=True)),
        Job("unrolled", tr("lesson.figure.unrolled"),
            lambda t: unrolled.unrolled_figure(trace, t, batch, lang, lesson=True)),
    ]  # fmt: skip
    if trace.kind.gate_names:  # nn.GRU / nn.LSTM: every gate over time, and every term of the step
        for layer, d in pairs:
            stem, at = f"l{layer}_{DIRECTIONS[d]}", where(layer, d)
            heat = _gated(trace, layer, d, batch, lang, True)
            jobs.append(Job(f"gates_{stem}", tr("gates.lesson.gates", **at), heat))
            jobs.append(Job(f"gate_step_{stem}", tr("gates.lesson.step", **at), _gated(trace, layer, d, batch, lang)))
        return jobs
    jobs += [Job(f"equation_l{layer}_{DIRECTIONS[d]}", tr("lesson.figure.equation", **where(layer, d)),
                 _equation(trace, layer, d, batch, lang)) for layer, d in pairs]  # fmt: skip
    return jobs


def _gated(trace: Trace, layer: int, d: int, batch: int, lang: str, heat: bool = False) -> Callable[[int], go.Figure]:
    build = gates.gate_heatmaps if heat else gates.gate_step_figure
    return lambda t: build(trace, layer=layer, direction=d, t=t, batch=batch, lang=lang, lesson=True)


def _panel(trace: Trace, layer: int, d: int, batch: int, lang: str, tokens) -> Callable[[int], go.Figure]:
    return lambda t: heatmaps.hidden_heatmap(trace, layer, d, batch, t, lang, lesson=True, tokens=tokens)


def _equation(trace: Trace, layer: int, d: int, batch: int, lang: str) -> Callable[[int], go.Figure]:
    return lambda t: equation.equation_figure(trace, layer, d, t, batch, lang, lesson=True)
