"""stack: fixed-size figures as one chart -- the same traces, axes, colours, labels, in their own band."""

import numpy as np
import plotly.graph_objects as go
import pytest

from rnnviz import RNNSpec, unroll
from rnnviz.figures.equation import equation_figure, matmul_figure
from rnnviz.figures.stack import stack


def figures(**kw):
    trace = unroll(*RNNSpec(**kw).build())
    return [equation_figure(trace, 0, 0, 1, 0, "zh"), matmul_figure(trace, 0, 0, 1, 0, "zh")]


@pytest.mark.parametrize("kw", [{}, {"bias": False, "hidden_size": 5, "input_size": 2}])
def test_stack_keeps_every_trace_label_and_shape(kw):
    parts = figures(**kw)
    both = stack(parts)
    go.Figure(both.to_dict())  # valid plotly
    traces = [d for p in parts for d in p.data]
    assert len(both.data) == len(traces)
    for got, want in zip(both.data, traces, strict=True):
        np.testing.assert_array_equal(np.asarray(got.z), np.asarray(want.z))
        assert got.hovertemplate == want.hovertemplate and got.texttemplate == want.texttemplate
    texts = [a.text for a in both.layout.annotations]
    for p in parts:
        assert p.layout.title.text in texts and all(a.text in texts for a in p.layout.annotations)
    assert len(both.layout.shapes) == sum(len(p.layout.shapes) for p in parts)
    assert both.layout.width == max(p.layout.width for p in parts)
    assert both.layout.height >= sum(p.layout.height for p in parts)


def test_stack_gives_each_figure_its_own_axes_colours_and_band():
    top, bottom = figures()
    both = stack([top, bottom])
    n = len(top.data)
    assert {d.xaxis for d in both.data[:n]}.isdisjoint({d.xaxis for d in both.data[n:]})
    assert {d.coloraxis for d in both.data[:n]}.isdisjoint({d.coloraxis for d in both.data[n:]})
    for d in both.data:  # each trace's colour axis keeps its figure's range
        source = (top if d in both.data[:n] else bottom).layout[
            "coloraxis" if d.coloraxis in ("coloraxis", "coloraxis3") else "coloraxis2"
        ]
        assert (both.layout[d.coloraxis].cmin, both.layout[d.coloraxis].cmax) == (source.cmin, source.cmax)
    lowest_top = min(both.layout[d.yaxis.replace("y", "yaxis")].domain[0] for d in both.data[:n])
    highest_bottom = max(both.layout[d.yaxis.replace("y", "yaxis")].domain[1] for d in both.data[n:])
    assert highest_bottom < lowest_top  # the first figure above the second, no overlap
