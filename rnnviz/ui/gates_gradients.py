"""The gradients page for a gated cell: dL/dc_t (LSTM), and nn.RNN / nn.GRU / nn.LSTM norm curves on one plot.

Stable keys for tests: charts grad_cell_norms, grad_kinds; container grad-gated.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from rnnviz.bptt import Gradients, bptt, scaled_copy
from rnnviz.figures.gates import kinds_norm_figure
from rnnviz.kinds import get_kind
from rnnviz.spec import RNNSpec
from rnnviz.ui import caches, lesson, runs, state
from rnnviz.ui.state import View


def comparison_specs(spec: RNNSpec) -> dict[str, RNNSpec]:
    """The three modules the comparison runs: nn.RNN (tanh), nn.GRU and nn.LSTM (no projection) of spec's sizes."""
    return {cell: spec.replace(cell=cell, proj_size=0, nonlinearity="tanh") for cell in ("rnn", "gru", "lstm")}


def comparison_cells(spec: RNNSpec) -> int:
    """The largest trace the comparison runs (the nn.LSTM's: 6 values per unit and step, against h_t's 1 for an
    nn.RNN): the app's cells cap applies to it like to any trace."""
    return max(s.cells for s in comparison_specs(spec).values())


@caches.shared("kind_norms")
def kind_norms(spec: RNNSpec, batch: int, scale: float = 1.0) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """||dL/dh_t|| of the last layer's forward direction for nn.RNN, nn.GRU and nn.LSTM of the same sizes, each
    with every W_hh scaled by ``scale`` as on the page, and the nn.LSTM's mean forget gate ([L] each; callers
    check comparison_cells against the cap first)."""
    norms, layer = {}, spec.num_layers - 1
    for cell, s in comparison_specs(spec).items():
        run = runs.get_run(s)
        g = runs.forward(s, scaled_copy(run.rnn, scale), run.x, run.h0, partial(bptt, lengths=s.lengths))
        norms[cell] = g.norms(layer, 0)[:, batch].numpy()
        if cell == "lstm":
            forget = g.trace.gates(layer, 0)["f"][:, batch].double().mean(dim=-1).numpy()  # [L]
    return norms, forget


@caches.shared("kind_figures")
def kinds_figure(spec: RNNSpec, batch: int, t: int, lang: str, lesson_: bool, scale: float = 1.0) -> go.Figure:
    """The three curves and the nn.LSTM's forget gate mean on one plot (cached: never mutated)."""
    norms, f_mean = kind_norms(spec, batch, scale)
    return kinds_norm_figure(norms, forget=f_mean, t=t, lang=lang, lesson=lesson_)


@caches.shared("kind_figures")
def cell_figure(h: np.ndarray, c: np.ndarray, t: int, lang: str, lesson_: bool) -> go.Figure:
    """||dL/dh_t|| and ||dL/dc_t|| of the nn.LSTM ([L] each), cached by their values (they follow the page's
    W_hh scale)."""
    return kinds_norm_figure(
        {"lstm": h, "lstm_c": c}, t=t, lang=lang, lesson=lesson_, title_key="gates.grad.cell_title"
    )


def section(g: Gradients, view: View, scale: float = 1.0) -> None:
    """What the page shows instead of the hand-written recursion (nn.RNN only)."""
    spec, tr = view.spec, g.trace
    layer = tr.num_layers - 1
    with st.container(key="grad-gated"):
        if tr.kind.has_cell_state:
            st.subheader(state.tr("gates.grad.cell_header"))
            c = g.grad_cell(layer, 0)[:, view.batch].double().norm(dim=-1).numpy()  # [L]
            h = g.norms(layer, 0)[:, view.batch].numpy()
            fig = cell_figure(h, c, view.t, view.lang, view.lesson)
            lesson.show_figure(fig, view, key="grad_cell_norms")
            st.caption(state.tr("gates.grad.cell_caption", layer=layer))
        st.subheader(state.tr("gates.grad.kinds_header"))
        cells, cap = comparison_cells(spec), state.limits().cells
        if cells > cap:  # an nn.LSTM of these sizes is a bigger trace than this page's own: over the cap
            st.info(state.tr("gates.grad.kinds_too_big", cells=f"{cells:,}", cap=f"{cap:,}"))
            return
        fig = kinds_figure(spec, view.batch, view.t, view.lang, view.lesson, scale)
        lesson.show_figure(fig, view, key="grad_kinds")
        st.caption(kinds_caption(spec, layer, scale))


def kinds_caption(spec: RNNSpec, layer: int, scale: float) -> str:
    """What the comparison's lines are. A page's own model (an upload, a lab model, the user's input) is at
    most one of them: the line of its kind, when comparison_specs keeps its weights; the others are seeded
    modules of its sizes (on the seeded input: the user's belongs to the page's model alone)."""
    args = {"layer": layer, "scale": f"{scale:g}"}
    source = getattr(spec, "source", None)
    if source is None or source.shared:
        return state.tr("gates.grad.kinds_caption", **args)
    kept = [cell for cell, s in comparison_specs(spec).items() if getattr(s, "source", None) == source]
    if not kept:  # e.g. an nn.LSTM with a projection: the comparison has none
        return state.tr("gates.grad.kinds_caption_none", **args)
    key = "gates.grad.kinds_caption_input" if source.input_id else "gates.grad.kinds_caption_model"
    return state.tr(key, module=get_kind(kept[0]).constructor(), **args)
