"""The dashboard's step view for a gated cell (nn.GRU, nn.LSTM): gate heatmaps, every term, equations, row blocks.

Stable keys for tests: containers dash-gates, fig_gates (a chart fig_gates_<quantity> per gate, c_t, h_t) and
fig_gate_step (charts fig_gate_step_<k>: the state in, each gate, the update); charts fig_weight_ih, fig_weight_hh.
In lesson mode fig_gates and fig_gate_step are one slide figure each (as exported).
Called from sections._equation once the layer and direction are picked; returns its figures by file stem.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from rnnviz.figures import gates
from rnnviz.lesson.caption import gated_caption
from rnnviz.lesson.export import DIRECTIONS
from rnnviz.spec import RNNSpec
from rnnviz.ui import caches, codeblock, inplace, lesson, mdtable, runs, state
from rnnviz.ui.state import View

PLOT_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"]}
PANEL_COLUMNS, PART_COLUMNS = 2, 3  # the small figures per row (Streamlit stacks columns on a phone)
# static, no user text: the small gate figures take their column's width on a phone too (the app keeps other
# figures at their laid-out width and scrolls them sideways, state._CSS)
_CSS = (
    "<style>@media (max-width:900px){.st-key-dash-gates .stElementContainer:has(.stPlotlyChart){min-width:0}}"
    "</style>"
)


@caches.shared("gate_figures")
def figures(spec: RNNSpec, layer: int, direction: int, t: int, batch: int, lang: str, lesson_: bool):
    """The four figures of the gated step view (cached: never mutated)."""
    tr = runs.get_run(spec).trace
    kw = dict(layer=layer, direction=direction, lang=lang, lesson=lesson_)
    stem = f"l{layer}_{DIRECTIONS[direction]}"
    return {
        f"gates_{stem}": gates.gate_heatmaps(tr, t=t, batch=batch, **kw),
        f"gate_step_{stem}": gates.gate_step_figure(tr, t=t, batch=batch, **kw),
    } | weight_figures(spec, layer, direction, lang, lesson_)


@caches.shared("gate_weights")
def weight_figures(spec: RNNSpec, layer: int, direction: int, lang: str, lesson_: bool):
    """weight_ih and weight_hh with their row blocks: the same at every step (cached without t)."""
    tr = runs.get_run(spec).trace
    kw = dict(layer=layer, direction=direction, lang=lang, lesson=lesson_)
    stem = f"l{layer}_{DIRECTIONS[direction]}"
    return {f"weight_{w}_{stem}": gates.weight_blocks_figure(tr, which=w, **kw) for w in ("ih", "hh")}


@caches.shared("gate_parts")
def parts(spec: RNNSpec, layer: int, direction: int, t: int, batch: int, lang: str):
    """The small figures of the step view: a panel per quantity, and the step cut into parts (cached)."""
    tr = runs.get_run(spec).trace
    kw = dict(layer=layer, direction=direction, lang=lang, t=t, batch=batch)
    data = gates.panels(tr, layer, direction, batch)
    return (
        {name: gates.gate_panel(tr, name=name, data=data, **kw) for name in data},
        gates.gate_step_parts(tr, **kw),
    )


def inplace_figures(spec: RNNSpec, layer: int, direction: int, t: int, batch: int, lang: str) -> dict[str, go.Figure]:
    """The small figures of the step view at step t by chart key: redrawn in place on a step (ui.inplace)."""
    panels, steps = parts(spec, layer, direction, t, batch, lang)
    return {f"fig_gates_{name}": fig for name, fig in panels.items()} | {
        f"fig_gate_step_{k}": fig for k, fig in enumerate(steps)
    }


def _grid(figs: list[tuple[str, go.Figure]], at: inplace.Anchor, columns: int) -> None:
    """Small figures in rows of ``columns``: side by side on a screen, one under the other on a phone."""
    for start in range(0, len(figs), columns):
        for col, (key, fig) in zip(st.columns(columns), figs[start : start + columns], strict=False):
            with col:
                inplace.chart(at, key, fig, config=PLOT_CONFIG, width="stretch")


def step_view(view: View, layer: int, direction: int, at: inplace.Anchor) -> dict[str, go.Figure]:
    """Everything about one gated step at view.t for ``layer`` and ``direction``; ``at``: the anchor of the
    small figures, redrawn in place on a step (rnnviz.ui.inplace)."""
    spec = view.spec
    trace = runs.get_run(spec).trace
    kind = trace.kind
    figs = figures(spec, layer, direction, view.t, view.batch, view.lang, view.lesson)
    keys = ("fig_gates", "fig_gate_step", "fig_weight_ih", "fig_weight_hh")
    with st.container(key="dash-gates"):
        st.markdown(f"**{state.tr('gates.hm.section')}**")
        fig_list = list(figs.values())
        if view.lesson:  # one slide each, as exported, with a caption that reads the slide's numbers
            _show(fig_list[0], view, keys[0])
            lesson.show_caption(gated_caption(trace, layer, direction, view.t, view.batch, view.lang, "gates"))
        else:
            st.markdown(_CSS, unsafe_allow_html=True)
            anchored = list(inplace_figures(spec, layer, direction, at.t, view.batch, view.lang).items())
            with st.container(key=keys[0]):
                _grid([(k, f) for k, f in anchored if k.startswith("fig_gates_")], at, PANEL_COLUMNS)
        st.caption(state.tr("gates.hm.caption"))
        st.markdown(f"**{state.tr('gates.step.section', cell=kind.constructor(), t=view.t)}**")
        if view.lesson:
            _show(fig_list[1], view, keys[1])
            lesson.show_caption(gated_caption(trace, layer, direction, view.t, view.batch, view.lang, "step"))
        else:
            with st.container(key=keys[1]):
                _grid([(k, f) for k, f in anchored if k.startswith("fig_gate_step_")], at, PART_COLUMNS)
        st.caption(state.tr("gates.step.caption", prev=gates.prev_step(direction)))
        st.markdown(f"**{state.tr('gates.eq.header')}**")
        lines = gates.gate_equations(trace, layer, direction, view.t, view.batch)
        codeblock.show("\n".join(lines), view.lang, None, key="gate_equations")  # keyed: a step updates it in place
        if kind.name == "gru":
            st.info(state.tr("gates.gru_convention"))
        if spec.proj_size:
            st.info(state.tr("gates.lstm_proj", P=spec.proj_size, H=spec.hidden_size))
        means = gates.gate_means(trace, layer, direction, view.t, view.batch)
        prev = gates.prev_step(direction)
        lines = [state.tr(f"gates.read.{kind.name}.{g}", mean=f"{means[g]:.2f}", prev=prev) for g in kind.gate_names]
        st.markdown(state.tr("gates.read.header") + "\n" + "\n".join(f"- {line}" for line in lines))
        a, b = st.columns(2)
        with a:
            _show(fig_list[2], view, keys[2])
        with b:
            _show(fig_list[3], view, keys[3])
        st.caption(state.tr("gates.w.caption", H=spec.hidden_size))
        if not view.lesson:
            cols = gates.step_columns(trace, layer, direction, view.t, view.batch)
            table = pd.DataFrame({label: v for label, (_, v) in cols.items() if v.size == spec.hidden_size})
            table.index.name = state.tr("gates.unit")
            mdtable.show(table, "{:.4f}", hide_index=False)  # static (no data grid, no Arrow); the unit numbers
            st.caption(state.tr("gates.table.caption"))
    return figs


def _show(fig: go.Figure, view: View, key: str) -> None:
    if view.lesson:
        lesson.show_figure(fig, view, key=key)
    else:
        st.plotly_chart(fig, key=key, config=PLOT_CONFIG, width="stretch")


def c_n_note(view: View) -> None:
    """Diagrams page, nn.LSTM: c_n is returned beside h_n but is not part of output (checked on the numbers)."""
    spec = view.spec
    if not spec.c_n_shape:
        return
    trace = runs.get_run(spec).trace
    top, D = spec.num_layers - 1, spec.num_directions
    ends = [trace.cell_state(top, d)[-1 if d == 0 else 0] for d in range(D)]  # [N, H]: each direction's last c_t
    diff = max(float((trace.c_n[top * D + d] - ends[d]).abs().max()) for d in range(D))  # c_n is [layers*D, N, H]
    with st.container(key="diag-c_n"):
        st.info(
            state.tr(
                "gates.diag.c_n",
                shape=list(spec.c_n_shape),
                H=spec.hidden_size,
                out=spec.H_out,
                DH=D * spec.H_out,
                diff=f"{diff:.1e}",
            )
        )
