"""The gradients page for a gated cell: dL/dc_t (LSTM), and nn.RNN / nn.GRU / nn.LSTM norm curves on one plot.

Stable keys for tests: charts grad_cell_norms, grad_kinds; container grad-gated.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from rnnviz.bptt import Gradients, bptt
from rnnviz.figures.gates import kinds_norm_figure
from rnnviz.spec import RNNSpec
from rnnviz.ui import caches, lesson, runs, state
from rnnviz.ui.state import View


@caches.shared("kind_norms")
def kind_norms(spec: RNNSpec, batch: int) -> dict[str, np.ndarray]:
    """||dL/dh_t|| of the last layer's forward direction for nn.RNN, nn.GRU and nn.LSTM of the same sizes."""
    out = {}
    for cell in ("rnn", "gru", "lstm"):
        s = spec.replace(cell=cell, proj_size=0, nonlinearity="tanh")
        run = runs.get_run(s)
        g = runs.forward(s, run.rnn, run.x, run.h0, bptt)
        out[cell] = g.norms(s.num_layers - 1, 0)[:, batch].numpy()
    return out


def section(g: Gradients, view: View) -> None:
    """What the page shows instead of the hand-written recursion (nn.RNN only)."""
    spec, tr = view.spec, g.trace
    layer = tr.num_layers - 1
    with st.container(key="grad-gated"):
        if tr.kind.has_cell_state:
            st.subheader(state.tr("gates.grad.cell_header"))
            c = g.grad_cell(layer, 0)[:, view.batch].double().norm(dim=-1).numpy()  # [L]
            h = g.norms(layer, 0)[:, view.batch].numpy()
            fig = kinds_norm_figure(
                {"lstm": h, "lstm_c": c},
                t=view.t,
                lang=view.lang,
                lesson=view.lesson,
                title_key="gates.grad.cell_title",
            )
            lesson.show_figure(fig, view, key="grad_cell_norms")
            st.caption(state.tr("gates.grad.cell_caption", layer=layer))
        st.subheader(state.tr("gates.grad.kinds_header"))
        forget = runs.get_run(spec.replace(cell="lstm", proj_size=0, nonlinearity="tanh")).trace.gates(layer, 0)["f"]
        f_mean = forget[:, view.batch].double().mean(dim=-1).numpy()  # [L]
        fig = kinds_norm_figure(
            kind_norms(spec, view.batch), forget=f_mean, t=view.t, lang=view.lang, lesson=view.lesson
        )
        lesson.show_figure(fig, view, key="grad_kinds")
        st.caption(state.tr("gates.grad.kinds_caption", layer=layer))
