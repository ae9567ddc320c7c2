"""The BPTT page: dL/dh_t heatmaps, the vanishing/exploding curve, Jacobian norms, one recursion step by hand."""

from __future__ import annotations

import dataclasses
import math
from functools import partial

import numpy as np
import pandas as pd
import streamlit as st
import torch

from rnnviz import notation as nt
from rnnviz import style
from rnnviz.bptt import Gradients, bptt, scaled_copy
from rnnviz.figures.gradients import SCALES, gradient_heatmaps, gradient_norm_curve, jacobian_norm_curve
from rnnviz.spec import RNNSpec
from rnnviz.ui import caches, export_panel, gates_gradients, lesson, runs, state

SCALE_RANGE = (0.0, 10.0)  # the W_hh scale: 0 cuts the recurrence, 10 explodes almost anything
# The scale's stops, about evenly spaced in log10 (1, 1.25, 1.5, 2, 2.5, 3, 4, 5, ...): the useful range
# around 1 gets as much of the slider as 5..10 does, instead of a corner of a linear 0..10 slider.
SCALE_STOPS = (0.0, 0.1, 0.125, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0,
               2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)  # fmt: skip
JACOBIAN_BUDGET = 1e9  # seq_len * layers * D * H^3: past it the Jacobian norms are taken every k steps (SVDs)
RECURSION_LATEX = (
    r"\frac{\partial L}{\partial h_t} = \underbrace{\frac{\partial L}{\partial h_t}\Big|_{\text{output},\,h_n}}_{(1)}"
    r" + \underbrace{W_{hh}^\top \big(f'(\text{pre}_{next}) \odot \frac{\partial L}{\partial h_{next}}\big)}_{(2)}"
    r" + \underbrace{W_{ih}^{(l+1)\top} \delta^{(l+1)}_t}_{(3)}"
)  # (3): the layer above reads h_t; delta = f'(pre) * dL/dh of that layer


# --- cached computations (shared by sessions: never mutated) --------------------------------------------
@caches.shared("gradients")
def get_gradients(spec: RNNSpec, scale: float) -> Gradients:
    """bptt of the cached run with every W_hh scaled, under the run's seed (same dropout masks); with lengths,
    as the packed run computes it (padded steps get no gradient)."""
    run = runs.get_run(spec)
    return runs.forward(spec, scaled_copy(run.rnn, scale), run.x, run.h0, partial(bptt, lengths=spec.lengths))


def jacobian_every(spec: RNNSpec) -> int:
    """Take ||dh_T/dh_t|| every k steps so the SVDs stay within JACOBIAN_BUDGET."""
    cost = spec.seq_len * spec.num_layers * spec.num_directions * spec.hidden_size**3
    return max(1, math.ceil(cost / JACOBIAN_BUDGET))


@caches.shared("jacobians")
def get_jacobians(spec: RNNSpec, scale: float, batch: int) -> dict[tuple[int, int], np.ndarray]:
    """||dh_T/dh_t|| for every layer and direction of one sequence."""
    g, every = get_gradients(spec, scale), jacobian_every(spec)
    keys = [(layer, d) for layer in range(spec.num_layers) for d in range(spec.num_directions)]
    return {k: g.jacobian_norms(*k, batch, every).numpy() for k in keys}


@caches.shared("gradient_figures")
def get_figures(spec: RNNSpec, scale: float, batch: int, t: int, lang: str, lesson: bool, colour: str):
    """The three figures of this view."""
    g = get_gradients(spec, scale)
    return {
        "gradient_heatmaps": gradient_heatmaps(g, batch, t, colour, lang, lesson),
        "gradient_norms": gradient_norm_curve(g, batch, t, lang, lesson),
    } | ({} if spec.cell != "rnn" else {"jacobian_norms": jacobian_norm_curve(  # nn.RNN only: the recursion by hand
        g, batch, t, lang, lesson, norms=get_jacobians(spec, scale, batch), every=jacobian_every(spec))})  # fmt: skip


# --- page params ---------------------------------------------------------------------------------------
def parse_scale(raw: str) -> float:
    """A URL's scale, in range, as the nearest stop of the slider (in log10; 0 only for values near 0)."""
    value = float(raw)
    if not (math.isfinite(value) and SCALE_RANGE[0] <= value <= SCALE_RANGE[1]):
        raise ValueError(raw)
    if value < 0.05:
        return 0.0
    return min(SCALE_STOPS[1:], key=lambda s: abs(math.log10(s) - math.log10(value)))


def parse_colour(raw: str) -> str:
    if raw not in SCALES:
        raise ValueError(raw)
    return raw


def page_widget(name: str, parse, default):
    """Seed a widget's session value from this page's URL param once; returns the key."""
    if name not in st.session_state:
        st.session_state[name] = state.page_param(name, parse, default)
    return name


# --- sections ------------------------------------------------------------------------------------------
def spectrum_table(g: Gradients) -> pd.DataFrame:
    tr, rows = g.trace, []
    if tr.kind.gate_names:  # nn.GRU / nn.LSTM: one row per row block of weight_hh (W_hr, W_hz, W_hn, ...)
        return pd.DataFrame(gated_spectrum_rows(g))
    for layer in range(tr.num_layers):
        for d in range(tr.num_directions):
            rho, sigma = g.spectrum(layer, d)
            rows.append({state.tr("grad.col_weight"): tr.weight_names(layer, d)["W_hh"],
                         state.tr("grad.col_rho"): rho, state.tr("grad.col_sigma"): sigma})  # fmt: skip
    return pd.DataFrame(rows)


def gated_spectrum_rows(g: Gradients) -> list[dict]:
    """Spectral radius (square blocks only) and largest singular value of each W_h* block."""
    tr, rows = g.trace, []
    for layer in range(tr.num_layers):
        for d in range(tr.num_directions):
            name, blocks = tr.weight_names(layer, d)["W_hh"], tr.weight_blocks(layer, d)
            for k, gate in enumerate(tr.kind.block_names):
                W = blocks[f"W_h{gate}"].double()  # [H, H_out]
                rho = float(torch.linalg.eigvals(W).abs().max()) if W.shape[0] == W.shape[1] else float("nan")
                rows.append({state.tr("grad.col_weight"): f"{name}[{k * tr.hidden_size}:{(k + 1) * tr.hidden_size}]"
                             f" (W_h{gate})", state.tr("grad.col_rho"): rho,
                             state.tr("grad.col_sigma"): float(torch.linalg.matrix_norm(W, ord=2))})  # fmt: skip
    return rows


def show_notes(g: Gradients, spec: RNNSpec) -> None:
    for note in g.notes:
        where = "" if note.direction is None else state.tr(f"grad.direction_{note.direction}")
        st.warning(state.tr(f"grad.note.{note.code}", layer=note.layer, where=where, t=note.t), icon="⚠️")
    if spec.training and spec.dropout > 0 and spec.num_layers > 1:
        st.info(state.tr("grad.note.dropout"))
    if spec.lengths is not None:  # what the loss sees: the packed run (padded steps are not computed)
        st.info(state.tr("grad.note.lengths", lengths=",".join(map(str, spec.lengths)), L=spec.seq_len))


def last_steps(spec: RNNSpec) -> str:
    """The forward direction's last step: seq_len - 1, or with lengths each sequence's own (lengths - 1)."""
    if spec.lengths is None:
        return str(spec.seq_len - 1)
    return "lengths - 1 = " + ", ".join(str(n - 1) for n in spec.lengths)


def show_summary(g: Gradients, batch: int) -> None:
    tr = g.trace
    layer, d = tr.num_layers - 1, 0
    n = g.norms(layer, d)[:, batch]
    first, last = float(n[0]), float(n[-1])
    if math.isfinite(first) and math.isfinite(last) and last > 0 and tr.seq_len > 1:
        arrow = style.DIRECTION_ARROWS[d]
        ratio = nt.power_of_ten(first / last)  # a factor that underflows is a power of ten, not 0
        st.markdown(state.tr("grad.summary", ratio=ratio, layer=layer, arrow=arrow))


def recursion_section(g: Gradients, t: int, batch: int, view: state.View) -> None:
    """The recursion at step ``t`` with real numbers, for a layer and direction picked here."""
    tr = g.trace
    st.subheader(state.tr("grad.recursion_header"))
    st.markdown(state.tr("grad.recursion_intro"))
    st.latex(RECURSION_LATEX)
    a, b, _ = st.columns([1, 1, 3])
    layer = a.selectbox(state.tr("grad.layer_label"), range(tr.num_layers), index=tr.num_layers - 1, key="grad_layer")
    d = b.selectbox(state.tr("grad.direction_label"), range(tr.num_directions), key="grad_direction",
                    format_func=lambda i: state.tr(f"grad.direction_{i}"))  # fmt: skip
    r = g.recursion(layer, d, t, batch)
    st.caption(state.tr(f"grad.fprime_{tr.nonlinearity}"))
    if r.next_t is None:
        st.markdown(state.tr("grad.recursion_last", t=t, batch=batch))
    else:
        st.markdown(state.tr("grad.recursion_next", t=t, batch=batch, next=r.next_t))
    cols = {
        "grad.col_grad_next": r.grad_next, "grad.col_fprime_next": r.fprime_next,
        "grad.col_through_time": r.through_time, "grad.col_direct": r.direct, "grad.col_from_above": r.from_above,
        "grad.col_total": r.total, "grad.col_autograd": r.autograd,
        "grad.col_diff": (r.total - r.autograd).abs(),
    }  # fmt: skip
    frame = pd.DataFrame({state.tr(k): v.double().numpy() for k, v in cols.items()})
    numbers = list(frame.columns)
    frame.insert(0, state.tr("grad.col_unit"), range(len(frame)))  # the unit as a column, so the table shows it
    lesson.show_table(frame, view, "{:.4g}", numbers, hide_index=True)
    st.caption(state.tr("grad.table_caption"))
    st.markdown(state.tr("grad.parity", diff=f"{r.max_abs_diff:.2g}"))


def params_table(g: Gradients) -> pd.DataFrame:
    rows = []
    for name, grad in g.param_grads.items():
        row = {state.tr("grad.col_weight"): name, state.tr("grad.col_shape"): str(list(grad.shape)),
               state.tr("grad.col_norm"): float(grad.double().norm())}  # fmt: skip
        if g.manual is not None:  # nn.RNN: the recursion by hand, against autograd
            row[state.tr("grad.col_manual_diff")] = float((g.manual.param_grads[name] - grad).abs().max())
        rows.append(row)
    return pd.DataFrame(rows)


# --- the page ------------------------------------------------------------------------------------------
if state.first_visit_on_default("gradients"):  # a plain link: show what the page is about, vanishing
    state.request_preset("vanishing")
    st.rerun()
view = state.page_state()
spec = view.spec
st.title(state.tr("grad.title"))
st.markdown(state.tr("grad.intro"))
examples = st.columns(2)
for col, name in zip(examples, ("vanishing", "exploding"), strict=True):
    col.button(state.tr(f"preset.{name}"), key=f"grad_preset_{name}", on_click=state.apply_preset, args=(name,),
               type="primary" if view.preset == name else "secondary", width="stretch")  # fmt: skip

scale_key = page_widget("g_scale", parse_scale, 1.0)
left, right = st.columns([2, 3])
scale = left.select_slider(state.tr("grad.scale_label"), SCALE_STOPS, key=scale_key,
                           format_func=lambda s: f"{s:g}×", help=state.tr("grad.scale_help"))  # fmt: skip
state.set_page_param("g_scale", scale)
t = view.t
if spec.seq_len > 1:  # the shared current step (the dashboard's too)
    t = left.slider(state.tr("grad.step_label"), 0, spec.seq_len - 1, view.t, help=state.tr("grad.step_help"))
    if t != view.t:
        state.set_step(t)
try:
    with st.spinner():
        g = get_gradients(spec, float(scale))
except (ValueError, RuntimeError) as err:
    st.error(state.tr("grad.error", error=type(err).__name__))
    st.stop()
with right:
    st.markdown(f"**{state.tr('grad.spectrum_header')}**")
    numbers = [state.tr("grad.col_rho"), state.tr("grad.col_sigma")]
    lesson.show_table(spectrum_table(g), view, "{:.3f}", numbers, hide_index=True)
    st.caption(state.tr("grad.spectrum_caption"))
st.markdown(
    state.tr("grad.loss_default" if spec.bidirectional else "grad.loss_default_uni", last=last_steps(spec))
    + "  "
    + state.tr("grad.loss_value", loss=f"{g.loss:.4g}")
)
show_notes(g, spec)

st.subheader(state.tr("grad.heatmap_header"))
colour_key = page_widget("g_colour", parse_colour, "log")
colour = st.segmented_control(state.tr("grad.heatmap_scale"), SCALES, key=colour_key,
                              format_func=lambda s: state.tr(f"grad.heatmap_scale_{s}"),
                              help=state.tr("grad.heatmap_scale_help")) or "log"  # fmt: skip
state.set_page_param("g_colour", colour)
shown = dataclasses.replace(view, t=t)  # the step of this run (the slider may just have moved it)
figures = get_figures(spec, float(scale), view.batch, t, view.lang, view.lesson, colour)
lesson.show_figure(figures["gradient_heatmaps"], shown, key="grad_heatmaps", w_hh_scale=float(scale))
st.caption(state.tr("grad.heatmap_caption"))

st.subheader(state.tr("grad.norm_header"))
lesson.show_figure(figures["gradient_norms"], shown, key="grad_norms", w_hh_scale=float(scale))
show_summary(g, view.batch)
st.caption(state.tr("grad.norm_caption"))

if g.manual is not None:  # nn.RNN: Jacobians and the recursion by hand (a gated cell: autograd only, see notes)
    st.subheader(state.tr("grad.jac_header"))
    lesson.show_figure(figures["jacobian_norms"], shown, key="grad_jacobians", w_hh_scale=float(scale))
    st.caption(state.tr("grad.jac_caption", last=spec.seq_len - 1))
    if jacobian_every(spec) > 1:
        st.caption(state.tr("grad.jac_every", k=jacobian_every(spec)))
    recursion_section(g, t, view.batch, view)
    st.markdown(state.tr("grad.parity_all", diff=f"{g.max_abs_diff:.2g}"))
else:
    gates_gradients.section(g, shown, float(scale))

st.subheader(state.tr("grad.params_header"))
table = params_table(g)
numbers = [c for c in (state.tr("grad.col_norm"), state.tr("grad.col_manual_diff")) if c in table]
lesson.show_table(table, view, "{:.4g}", numbers, hide_index=True)

export_panel.render(figures, runs.get_run(spec).trace, spec, t, view.lang, preset=view.preset, batch=view.batch,
                    key="grad_export", gradients=g, w_hh_scale=float(scale))  # fmt: skip
