"""The diagrams page: the unrolled network and how the bidirectional concat forms output and h_n.

Stable keys for tests: widgets diag_step, diag_layer, diag_unit; charts diag_unrolled, diag_concat;
containers (CSS class st-key-<key>) diag-unrolled, diag-concat, diag-identities.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from rnnviz import notation as nt
from rnnviz.figures.concat import Identity, concat_figure, concat_identities, diff_text, mark
from rnnviz.figures.unrolled import unrolled_figure
from rnnviz.idioms import Idiom, packing_idioms, tutorial_idioms
from rnnviz.spec import RNNSpec
from rnnviz.ui import caches, codeblock, export_panel, gates_section, lesson, runs, state

NO_UNIT = -1  # the "trace one output feature" choice that traces none (None would show as an empty box)


@caches.shared("unrolled")
def get_unrolled(spec: RNNSpec, t: int, batch: int, lang: str, lesson_mode: bool) -> go.Figure:
    """The unrolled network of this view (built once, shared: never mutated)."""
    return unrolled_figure(runs.get_run(spec).trace, t=t, batch=batch, lang=lang, lesson=lesson_mode)


@caches.shared("concat")
def get_concat(
    spec: RNNSpec, t: int, batch: int, lang: str, lesson_mode: bool, layer: int, unit: int | None
) -> go.Figure:
    """The concat diagram of this view (built once, shared: never mutated)."""
    trace = runs.get_run(spec).trace
    return concat_figure(trace, t=t, batch=batch, lang=lang, lesson=lesson_mode, layer=layer, unit=unit)


def _feature(spec: RNNSpec, layer: int, t: int, n: int, j: int) -> str:
    """Feature j at step t as one indexes it: output[t, n, j] (output[n, t, j] under batch_first) for the
    last layer; an inner layer's concat is not output, so it is named in words."""
    if layer < spec.num_layers - 1:
        return state.tr("diag.page.unit_inner", j=j, layer=layer, t=t)
    return nt.output_element(t, n, j, batch_first=spec.batch_first)


def step_control(L: int, t: int) -> int:
    """The step slider (shared with the dashboard through state.set_step)."""
    if L == 1:
        return 0
    st.session_state["diag_step"] = t
    st.slider(
        state.tr("diag.page.step"),
        0,
        L - 1,
        key="diag_step",
        help=state.tr("diag.page.step_help"),
        on_change=lambda: state.set_step(st.session_state["diag_step"]),
    )
    return t


def choice(key: str, options: list, default, label: str, help_text: str, fmt=str, where=st):
    """A selectbox whose remembered value is reset to ``default`` when the configuration no longer has it."""
    if st.session_state.get(key, default) not in options:
        st.session_state[key] = default
    st.session_state.setdefault(key, default)
    return where.selectbox(label, options, key=key, help=help_text, format_func=fmt)


def identities_section(identities: list[Identity], batch: int, H: int, view: state.View) -> None:
    """Each identity with its values for this batch element and a check mark computed from the trace."""
    with st.container(key="diag-identities"):
        st.subheader(
            state.tr("diag.page.identities_header" if len(identities) == 2 else "diag.page.identities_header_uni")
        )
        for ident in identities:
            diff = diff_text(state.current_lang(), ident.max_abs_diff)
            st.markdown(f"{mark(ident)} `{ident.lhs} == {ident.rhs}` · {diff}")
            table = pd.DataFrame(
                [ident.lhs_values[batch], ident.rhs_values[batch]],
                index=[f"{ident.lhs} (n = {batch})", f"{ident.rhs} (n = {batch})"],
                columns=[str(j) for j in range(H)],
            )
            lesson.show_table(table, view, "{:.4f}")  # lesson mode: every row, no inner scroll
            if not ident.ok:
                st.error(state.tr("diag.page.identity_failed"))
        st.caption(state.tr("diag.page.identities_caption"))


def idioms_section(idioms: list[Idiom], header: str = "diag.page.idioms_header", intro: str | None = None) -> None:
    """Each tutorial idiom with a check mark computed from the trace (✓: the claim holds on the numbers)."""
    if not idioms:
        return
    with st.container(key="diag-idioms" if intro is None else "diag-packing"):
        st.subheader(state.tr(header))
        if intro:
            st.caption(state.tr(intro))
        for idiom in idioms:
            diff = diff_text(state.current_lang(), idiom.max_abs_diff)
            st.markdown(f"{'✓' if idiom.ok else '✗'} {state.tr(idiom.key, **dict(idiom.kw))} · {diff}")
            codeblock.show(idiom.code, view.lang)


view = state.page_state()
spec = view.spec
trace = state.get_trace(spec)
D, H = spec.num_directions, spec.H_out
st.title(state.tr("diag.page.title"))
st.caption(state.tr("diag.page.intro"))
if view.lesson:
    lesson.apply_lesson_css()
    lesson.exit_button(view.lang)
t = step_control(spec.seq_len, view.t)
shown = dataclasses.replace(view, t=t)

figures = {"unrolled": get_unrolled(spec, t, view.batch, view.lang, view.lesson)}
with st.container(key="diag-unrolled"):
    st.subheader(state.tr("diag.page.unrolled_header"))
    lesson.show_figure(figures["unrolled"], shown, key="diag_unrolled")
    cell = trace.kind.constructor()
    st.caption(state.tr("diag.page.unrolled_caption_bi" if D == 2 else "diag.page.unrolled_caption_uni", cell=cell))
    if trace.kind.has_cell_state:
        st.caption(state.tr("diag.page.unrolled_caption_lstm"))

with st.container(key="diag-concat"):
    out_t = nt.output_at("t", batch_first=spec.batch_first)
    st.subheader(state.tr("diag.page.concat_header" if D == 2 else "diag.page.concat_header_uni", out_t=out_t))
    a, b = st.columns(2)
    layer = choice(
        "diag_layer",
        list(range(spec.num_layers)),
        spec.num_layers - 1,
        state.tr("diag.page.layer"),
        state.tr("diag.page.layer_help"),
        where=a,
    )
    unit = choice(
        "diag_unit",
        [NO_UNIT, *range(D * H)],
        NO_UNIT,
        state.tr("diag.page.unit"),
        state.tr("diag.page.unit_help"),
        fmt=lambda j: state.tr("diag.page.unit_none") if j == NO_UNIT else _feature(spec, layer, t, view.batch, j),
        where=b,
    )
    unit = None if unit == NO_UNIT else unit
    figures["concat"] = get_concat(spec, t, view.batch, view.lang, view.lesson, layer, unit)
    lesson.show_figure(figures["concat"], shown, key="diag_concat")
    st.caption(
        state.tr(
            "diag.page.concat_caption" if D == 2 else "diag.page.concat_caption_uni",
            H=H,
            H1=H - 1,
            DH1=D * H - 1,
            out_t=out_t,
        )
    )
    if unit is not None:
        d, k = divmod(unit, H)
        st.info(
            state.tr(
                f"diag.page.unit_source_{d}" if D == 2 else "diag.page.unit_source_uni",
                j=unit,
                k=k,
                t=t,
                layer=layer,
                order=t + 1 if d == 0 else spec.seq_len - t,
            )
        )

identities_section(concat_identities(trace), view.batch, H, view)
idioms_section(tutorial_idioms(trace))
if spec.lengths is not None:  # padded sequences: h_n against output[-1], and the call without packing
    unpacked = state.get_trace(spec.replace(lengths=None))
    idioms_section(packing_idioms(trace, unpacked), "diag.page.pack_header", "diag.page.pack_intro")
st.caption(state.tr("diag.page.h_n_rule" if D == 2 else "diag.page.h_n_rule_uni"))
gates_section.c_n_note(view)  # nn.LSTM: c_n beside h_n, not part of output
export_panel.render(figures, trace, spec, t, view.lang, preset=view.preset, batch=view.batch, key="diag_export")
