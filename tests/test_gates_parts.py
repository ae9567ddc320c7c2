"""The gated step view cut into small figures (a panel per quantity, the step in parts): the same numbers as the
whole figures, in the same order, on the same scales, and no fixed width (they take their column's)."""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import pytest

from rnnviz.figures import gates
from rnnviz.spec import RNNSpec
from rnnviz.unroll import unroll


def trace_of(**kw):
    rnn, x, h0 = RNNSpec(**kw).build()
    return unroll(rnn, x, h0)


KINDS = [dict(cell="gru"), dict(cell="lstm"), dict(cell="lstm", proj_size=2, hidden_size=3)]


@pytest.mark.parametrize("kw", KINDS, ids=["gru", "lstm", "lstm-proj"])
def test_panels_are_the_whole_figures_panels(kw):
    trace = trace_of(bidirectional=True, seq_len=5, batch_size=2, **kw)
    whole = gates.gate_heatmaps(trace, layer=0, direction=1, batch=1, t=3)
    data = gates.panels(trace, 0, 1, 1)
    for panel_trace in whole.data:
        fig = gates.gate_panel(trace, name=panel_trace.name, layer=0, direction=1, batch=1, t=3)
        (hm,) = fig.data
        np.testing.assert_array_equal(np.asarray(hm.z), np.asarray(panel_trace.z))
        np.testing.assert_array_equal(np.asarray(hm.z), data[hm.name])
        assert (hm.zmin, hm.zmax) == (panel_trace.zmin, panel_trace.zmax)  # the same honest scale
        assert f"[{hm.zmin:g}, {hm.zmax:g}]" in fig.layout.title.text
        assert fig.layout.width is None  # takes its column's width
        (box,) = fig.layout.shapes
        assert (box.x0 + box.x1) / 2 == 3  # the step t boxed


@pytest.mark.parametrize("kw", KINDS, ids=["gru", "lstm", "lstm-proj"])
def test_step_parts_hold_every_column_in_order_on_the_shared_scale(kw):
    trace = trace_of(seq_len=4, **kw)
    whole = gates.gate_step_figure(trace, layer=0, direction=0, t=2)
    parts = gates.gate_step_parts(trace, layer=0, direction=0, t=2, lang="zh")
    cut = [d for fig in parts for d in fig.data]
    assert [d.name for d in cut] == [d.name for d in whole.data]
    for a, b in zip(cut, whole.data, strict=True):
        np.testing.assert_array_equal(np.asarray(a.z), np.asarray(b.z))
        assert (a.zmin, a.zmax, a.colorscale) == (b.zmin, b.zmax, b.colorscale)
    names = trace.kind.gate_names
    assert len(parts) == len(names) + 2  # the state in, a part per gate, the update
    for fig, g in zip(parts[1:-1], names, strict=True):
        assert [d.name for d in fig.data][-1] == g and len(fig.data) == 3  # its two block products, the gate
        assert fig.layout.shapes[0].line.color == gates.GATE_COLOURS[g]
    out = [d.name for d in parts[-1].data]
    assert out[-1] == "h_t" and ("c_t" in out) == trace.kind.has_cell_state
    assert all(fig.layout.width is None for fig in parts)


@pytest.mark.parametrize("kw", KINDS, ids=["gru", "lstm", "lstm-proj"])
def test_the_unvalidated_figures_are_valid_plotly(kw):
    """Built from plain dicts without validation (fast): plotly's validation accepts them unchanged."""
    trace = trace_of(seq_len=3, **kw)
    data = gates.panels(trace, 0, 0, 0)
    figs = [gates.gate_panel(trace, name=n, layer=0, direction=0, t=1, data=data) for n in data]
    figs += gates.gate_step_parts(trace, layer=0, direction=0, t=1)
    for lesson in (False, True):  # the whole figures (slides and exports) too
        figs += [gates.gate_heatmaps(trace, layer=0, direction=0, t=1, lesson=lesson)]
        figs += [gates.gate_step_figure(trace, layer=0, direction=0, t=1, lesson=lesson)]
        figs += [gates.weight_blocks_figure(trace, layer=0, direction=0, which=w, lesson=lesson) for w in ("ih", "hh")]
    for fig in figs:
        assert json.loads(go.Figure(fig.to_dict()).to_json()) == json.loads(fig.to_json())


@pytest.mark.parametrize("kw", KINDS, ids=["gru", "lstm", "lstm-proj"])
def test_the_reverse_direction_reads_its_state_from_t_plus_1(kw):
    """Every label of a previous state says h_(t+1) / c_(t+1) for the reverse direction, h_(t-1) forward."""
    trace = trace_of(bidirectional=True, seq_len=3, **kw)
    for d, right, wrong in ((0, "(t-1)", "(t+1)"), (1, "(t+1)", "(t-1)")):
        labels = list(gates.step_columns(trace, 0, d, 1, 0))
        eqs = gates.gate_equations(trace, 0, d, 1)
        parts = gates.gate_step_parts(trace, layer=0, direction=d, t=1)
        ticks = [tick for fig in parts for tick in fig.layout.xaxis.ticktext]
        for text_ in (*labels, *eqs, *ticks):
            assert wrong not in text_, (d, text_)
        assert sum(right in s for s in labels) == 1 + len(trace.kind.gate_names) + trace.kind.has_cell_state
