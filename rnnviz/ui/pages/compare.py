"""The /compare page: two modules side by side (A and B, e.g. nn.RNN against nn.LSTM) on the same input and seed.

Stable keys for tests: widgets cmp_a_cell, cmp_b_cell, cmp_a_proj, cmp_b_proj; charts cmp_hidden_a, cmp_hidden_b,
cmp_grads; containers cmp-a, cmp-b. URL: a.cell, a.proj_size, a.hidden_size and the same with b. (see compare_sides).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import streamlit as st

from rnnviz.bptt import bptt
from rnnviz.figures.gates import kinds_norm_figure
from rnnviz.kinds import CELLS, get_kind
from rnnviz.shapes import shape_report
from rnnviz.spec import RNNSpec
from rnnviz.ui import caches, codeblock, figcache, lesson, runs, source, state
from rnnviz.ui.compare_sides import SIDE_KEYS, SIDES, Side, parse_side
from rnnviz.ui.url import notice_text

COLOURS = {"a": "#1b7837", "b": "#762a83"}


@caches.shared("compare_norms")
def grad_norms(spec: RNNSpec, batch: int) -> np.ndarray:
    """||dL/dh_t|| of the last layer's forward direction, by autograd: ``[seq_len]``."""
    run = runs.get_run(spec)
    g = runs.forward(spec, run.rnn, run.x, run.h0, bptt)
    return g.norms(spec.num_layers - 1, 0)[:, batch].numpy()


def sides(view) -> list[Side]:
    """A and B from this page's URL params (first run) or widgets, validated; notices shown once."""
    raw = {}
    for s in SIDES:
        for k in SIDE_KEYS:
            value = state.page_param(f"{s}.{k}", str, None)
            if value is not None:
                raw[f"{s}.{k}"] = value
        cell = st.session_state.get(f"cmp_{s}_cell")
        if cell is not None:  # the widgets, once drawn, are the truth (proj_size only for an LSTM)
            raw[f"{s}.cell"] = str(cell)
            raw[f"{s}.proj_size"] = str(st.session_state.get(f"cmp_{s}_proj", 0) if cell == "lstm" else 0)
    out = [parse_side(s, raw, view.spec, state.limits()) for s in SIDES]
    out = [dataclasses.replace(s, spec=source.adopt(s.spec, view.spec)) for s in out]  # the uploaded model, if asked
    for side in out:
        for k, v in side.params().items():
            state.set_page_param(k, v)
        st.session_state[f"cmp_{side.name}_cell"] = side.spec.cell
        st.session_state[f"cmp_{side.name}_proj"] = side.spec.proj_size
    return out


def side_column(side: Side, view) -> None:
    spec = side.spec
    run = runs.get_run(spec)
    module = get_kind(spec.cell).constructor()
    with st.container(key=f"cmp-{side.name}"):
        st.subheader(state.tr(f"cmp.side_{side.name}", module=module))
        st.segmented_control(
            state.tr("cmp.cell"),
            CELLS,
            key=f"cmp_{side.name}_cell",
            format_func=lambda c: get_kind(c).constructor(),
            required=True,
        )
        if spec.cell == "lstm":
            st.number_input(
                state.tr("gates.sb.proj_size"), 0, spec.hidden_size - 1, step=1, key=f"cmp_{side.name}_proj",
                help=state.tr("gates.sb.proj_size_help"),
            )  # fmt: skip
        for n in side.notices:
            st.warning(notice_text(view.lang, n), icon="⚠️")
        source.side_note(spec, view.spec, state.tr)
        call = f"rnn = {module}({', '.join(f'{k}={v!r}' for k, v in spec.rnn_kwargs().items())})"
        codeblock.show(call, view.lang, key=f"cmp_{side.name}_call")  # the two sides can be the same call
        ok = run.parity <= 1e-5
        st.badge(
            state.tr("gates.parity_ok" if ok else "gates.parity_bad", module=module, diff=f"{run.parity:.1e}"),
            icon=":material/check_circle:" if ok else ":material/error:",
            color="green" if ok else "red",
        )
        report = shape_report(run.trace)
        st.metric(state.tr("dash.shapes.count"), f"{report.num_parameters:,}")
        shapes = report.tensors.assign(shape=report.tensors["shape"].map(lambda s: str(list(s))))[["name", "shape"]]
        shapes.columns = [state.tr("dash.shapes.col_name"), state.tr("dash.shapes.col_shape")]
        st.dataframe(shapes, hide_index=True, width="stretch")
        fig = figcache.heatmaps(spec, view.batch, view.t, view.lang, view.lesson)
        lesson.show_figure(fig, view, key=f"cmp_hidden_{side.name}")


view = state.page_state()
st.title(state.tr("cmp.title"))
st.caption(state.tr("cmp.intro", seed=view.spec.seed))
a, b = sides(view)
left, right = st.columns(2, gap="large")
with left:
    side_column(a, view)
with right:
    side_column(b, view)

st.subheader(state.tr("cmp.grads_header"))
labels = {s.name: state.tr(f"cmp.curve_{s.name}", module=get_kind(s.spec.cell).constructor()) for s in (a, b)}
curves = {s.name: grad_norms(s.spec, view.batch) for s in (a, b)}
lstm = next((s for s in (a, b) if s.spec.cell == "lstm"), None)
forget = None
if lstm is not None:
    f = runs.get_run(lstm.spec).trace.gates(lstm.spec.num_layers - 1, 0)["f"]
    forget = f[:, view.batch].double().mean(dim=-1).numpy()  # [L]
fig = kinds_norm_figure(curves, forget=forget, t=view.t, lang=view.lang, lesson=view.lesson, labels=labels,
                        colours=COLOURS, title_key="cmp.grads_title")  # fmt: skip
lesson.show_figure(fig, view, key="cmp_grads")
st.caption(state.tr("cmp.grads_caption", layer=view.spec.num_layers - 1))
