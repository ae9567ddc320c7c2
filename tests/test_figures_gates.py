"""Gated figures (rnnviz.figures.gates): gate panels, honest scales, highlighted row blocks, equations' numbers."""

import re

import numpy as np
import pytest

from rnnviz import RNNSpec, unroll
from rnnviz.figures import gates

CASES = [("gru", 0, True), ("lstm", 0, True), ("lstm", 2, False)]


def trace_of(cell, proj_size=0, bidirectional=True, batch_first=False):
    spec = RNNSpec(cell=cell, proj_size=proj_size, hidden_size=3, bidirectional=bidirectional,
                   batch_first=batch_first, seq_len=5, h0_kind="random")  # fmt: skip
    module, x, hx = spec.build()
    return unroll(module, x, hx), module


@pytest.mark.parametrize("cell, proj, bi", CASES)
def test_gate_heatmaps_one_panel_per_gate_on_its_honest_scale(cell, proj, bi):
    tr, _ = trace_of(cell, proj, bi)
    layer, d = 1, (1 if bi else 0)
    fig = gates.gate_heatmaps(tr, layer=layer, direction=d, batch=1, t=2)
    heat = [tr_ for tr_ in fig.data if tr_.type == "heatmap"]
    names = [h.name for h in heat]
    want = list(tr.kind.gate_names) + (["c"] if cell == "lstm" else []) + ["h"]
    assert names == want
    sigmoid = {"r", "z", "i", "f", "o"}
    for h in heat:
        if h.name in sigmoid:
            assert (h.zmin, h.zmax) == (0.0, 1.0)
        elif h.name in ("n", "g"):
            assert (h.zmin, h.zmax) == (-1.0, 1.0)
        else:  # c_t, and h_t: symmetric around 0
            assert h.zmin == -h.zmax and h.zmax >= np.abs(np.asarray(h.z)).max()
        gate = tr.gates(layer, d)[h.name][:, 1].T if h.name in tr.kind.gate_names else None
        if gate is not None:
            np.testing.assert_allclose(np.asarray(h.z), gate.double().numpy(), rtol=0, atol=1e-12)
    # unit 0 at the top of every panel, and the step t boxed in every panel
    ys = [getattr(fig.layout, k) for k in fig.layout if k.startswith("yaxis")]
    assert len(ys) >= len(heat) and all(y.autorange == "reversed" for y in ys[: len(heat)])
    boxes = [s for s in fig.layout.shapes if s.type == "rect"]
    assert len(boxes) == len(heat) and all((s.x0, s.x1) == (1.5, 2.5) for s in boxes)
    titles = [a.text for a in fig.layout.annotations]
    assert any("[0, 1]" in t for t in titles) and any("[-1, 1]" in t for t in titles)


def test_c_t_panel_is_the_cell_state_and_h_t_has_proj_size_rows():
    tr, _ = trace_of("lstm", 2, True)
    fig = gates.gate_heatmaps(tr, layer=0, direction=0, batch=0, t=0)
    by = {h.name: np.asarray(h.z) for h in fig.data}
    np.testing.assert_allclose(by["c"], tr.cell_state(0, 0)[:, 0].T.double().numpy(), atol=1e-12)
    assert by["h"].shape == (2, 5) and by["c"].shape == (3, 5)


@pytest.mark.parametrize("cell, proj, bi", CASES)
def test_weight_blocks_outline_each_gate_block(cell, proj, bi):
    tr, module = trace_of(cell, proj, bi)
    for which in ("ih", "hh"):
        fig = gates.weight_blocks_figure(tr, layer=1, direction=0, which=which)
        W = getattr(module, f"weight_{which}_l1").detach().double().numpy()
        np.testing.assert_allclose(np.asarray(fig.data[0].z), W)
        rects = [s for s in fig.layout.shapes if s.type == "rect"]
        G = len(tr.kind.block_names)
        assert len(rects) == G and [(r.y0, r.y1) for r in rects] == [(k * 3 - 0.5, (k + 1) * 3 - 0.5) for k in range(G)]
        labels = [re.sub("<[^>]+>", "", a.text) for a in fig.layout.annotations]
        sym = "W_" + which[0]
        assert labels == [f"{sym}{g} [{k * 3}:{(k + 1) * 3}]" for k, g in enumerate(tr.kind.block_names)]
        assert (
            f"weight_{which}_l1" in fig.layout.title.text and f"[{W.shape[0]}, {W.shape[1]}]" in fig.layout.title.text
        )
    with pytest.raises(ValueError):
        gates.weight_blocks_figure(tr, layer=0, direction=0, which="hr")


def tr_inputs(cell, proj, bi):
    spec = RNNSpec(cell=cell, proj_size=proj, hidden_size=3, bidirectional=bi, seq_len=5, h0_kind="random")
    _, x, hx = spec.build()
    return x, hx


def _numbers(line: str) -> list[np.ndarray]:
    return [np.array([float(v) for v in m.split(",")]) for m in re.findall(r"\[([-0-9., ]+)\]", line)]


@pytest.mark.parametrize("cell, proj, bi", CASES)
def test_equations_carry_pytorchs_numbers(cell, proj, bi):
    tr, module = trace_of(cell, proj, bi)
    layer, d, t, n = 1, 0, 3, 1
    lines = gates.gate_equations(tr, layer, d, t, n, digits=6)
    s = tr.step(layer, d, t)
    for line in lines:
        name = line.split(" = ")[0].split("_")[0]
        last = _numbers(line)[-1]
        if name in tr.kind.gate_names:
            np.testing.assert_allclose(last, s.gates[name][n].double().numpy(), atol=2e-6)
        elif name == "c":
            np.testing.assert_allclose(last, s.c_t[n].double().numpy(), atol=2e-6)
    # the last line is h_t, and h_t is what nn.GRU / nn.LSTM output at t
    output = module(*tr_inputs(cell, proj, bi))[0]
    H = tr.H_out
    np.testing.assert_allclose(_numbers(lines[-1])[-1], output[t, n, :H].detach().double().numpy(), atol=2e-6)
    assert lines[-1].startswith("h_t = ")
    np.testing.assert_allclose(_numbers(lines[-1])[-1], tr.hidden(layer, d)[t, n].double().numpy(), atol=2e-6)
    if cell == "gru":  # PyTorch's convention: r multiplies (W_hn h + b_hn), after the product
        assert "r_t ⊙ (W_hn h_(t-1) + b_hn)" in lines[2]
    if proj:
        assert lines[-1].startswith("h_t = W_hr (o_t ⊙ tanh(c_t))")


def test_step_figure_columns_and_scales():
    tr, _ = trace_of("lstm", 0, True)
    fig = gates.gate_step_figure(tr, layer=0, direction=1, t=4, batch=0)
    s = tr.step(0, 1, 4)
    by = {h.name: h for h in fig.data}
    assert list(by)[:2] == ["h_(t+1)", "c_(t+1)"] and list(by)[-2:] == ["c_t", "h_t"]  # reverse: from t+1
    for g in "ifgo":
        np.testing.assert_allclose(np.asarray(by[g].z).ravel(), s.gates[g][0].double().numpy(), atol=1e-12)
        np.testing.assert_allclose(np.asarray(by[f"W_i{g} x_t + b_i{g}"].z).ravel(), s.blocks["i" + g][0].double())
    assert (by["i"].zmin, by["i"].zmax) == (0.0, 1.0) and (by["g"].zmin, by["g"].zmax) == (-1.0, 1.0)
    assert by["c_t"].zmin == -by["c_t"].zmax
    frames = [r for r in fig.layout.shapes if r.type == "rect"]
    assert len(frames) == 4  # one frame per gate, around its three columns
    assert fig.layout.yaxis.autorange == "reversed"


def test_kinds_norm_figure_is_log_with_the_forget_gate_on_its_own_axis():
    curves = {
        "rnn": np.array([1e-4, 1e-2, 1.0]),
        "gru": np.array([0.1, 0.5, 1.0]),
        "lstm": np.array([0.0, 1.0, np.inf]),
    }
    fig = gates.kinds_norm_figure(curves, forget=np.array([0.9, 0.8, 0.7]), t=1)
    assert fig.layout.yaxis.type == "log" and list(fig.layout.yaxis2.range) == [0, 1]
    lstm = fig.data[2]
    assert np.isnan(lstm.y[0]) and np.isnan(lstm.y[2])  # 0 and inf are not drawn on a log axis
    assert fig.data[3].yaxis == "y2"


def test_gate_means_are_the_unit_means():
    tr, _ = trace_of("gru")
    means = gates.gate_means(tr, 0, 0, 2, 1)
    for k, v in tr.step(0, 0, 2).gates.items():
        assert means[k] == pytest.approx(float(v[1].double().mean()))
    assert set(means) == {"r", "z", "n"}
