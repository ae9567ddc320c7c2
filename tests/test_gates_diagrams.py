"""The diagrams of a gated cell: the unrolled network's c_t lane (nn.LSTM) and the concat diagram's c_n,
every label checked against the real tensors for every option (cell, proj_size, layers, directions, layout)."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnviz.figures.concat import colourbar_height, concat_figure, concat_identities
from rnnviz.figures.unrolled import unrolled_figure
from rnnviz.kinds import get_kind
from rnnviz.spec import RNNSpec
from rnnviz.unroll import unroll
from tests.test_figures_diagrams import arrow_lines, crossings, named, outside, overlaps, text_boxes, texts

SHAPE = re.compile(r"\[(\d+), (\d+)\] = \[([^\]]+)\]")  # "[12, 2] = [4·H, 2·H_out]"


def trace_of(**kw):
    rnn, x, h0 = RNNSpec(**kw).build()
    return unroll(rnn, x, h0)


def plain(s: str) -> str:
    return re.sub(r"<[^>]+>", "", s)


def symbolic(expr: str, trace) -> int:
    """'4·H' -> 4 * hidden_size, '2·H_out' -> 2 * H_out, 'H' -> hidden_size."""
    value = 1
    for factor in expr.split("·"):
        value *= {"H": trace.hidden_size, "H_out": trace.H_out}.get(factor.strip()) or int(factor)
    return value


@pytest.fixture(scope="module")
def lstm():
    return trace_of(cell="lstm", num_layers=2, bidirectional=True, hidden_size=3, seq_len=4, batch_size=2)


# --- the unrolled network -------------------------------------------------------------------------
def test_lstm_cells_hold_h_t_on_top_and_c_t_below(lstm):
    fig = unrolled_figure(lstm, t=1, batch=1)
    rows = {d.name: d for d in fig.data}
    for layer in range(2):
        for d in range(2):
            h, c = rows[f"cells:l{layer}:d{d}"], rows[f"c_cells:l{layer}:d{d}"]
            zc = np.asarray(c.z[0], dtype=float)
            drawn = zc[~np.isnan(zc)].reshape(lstm.seq_len, lstm.hidden_size)
            np.testing.assert_allclose(drawn, lstm.cell_state(layer, d)[:, 1].numpy())
            assert c.coloraxis == "coloraxis2" and h.coloraxis == "coloraxis"
            assert min(h.y) > max(c.y)  # h_t's lane above c_t's: h_t is what goes up


def test_lstm_c_lane_arrows_run_with_the_direction_and_end_in_c_n(lstm):
    fig = unrolled_figure(lstm, t=1)
    K, L = lstm.num_layers * 2, lstm.seq_len
    assert len(named(fig, "arrow:c_recurrence:")) == K * (L - 1)
    assert all(a.ax < a.x for a in named(fig, "arrow:c_recurrence:0"))  # c_{t-1} -> c_t
    assert all(a.ax > a.x for a in named(fig, "arrow:c_recurrence:1"))  # reverse: c_{t+1} -> c_t
    assert {a.text for a in named(fig, "c_n_label")} == {f"<b>c_n[{k}]</b>" for k in range(K)}
    assert {a.text for a in named(fig, "c0_label")} == {f"c0[{k}]" for k in range(K)}
    # the c lane's arrows run below the h lane's, in the same row
    h_y = {round(a.y, 6) for a in named(fig, "arrow:recurrence:")}
    c_y = {round(a.y, 6) for a in named(fig, "arrow:c_recurrence:")}
    assert not h_y & c_y and len(c_y) == K
    # c_t's scale is symmetric and holds every c_t
    ax = fig.layout.coloraxis2
    top = max(float(lstm.cell_state(k // 2, k % 2).abs().max()) for k in range(K))
    assert ax.cmin == -ax.cmax and ax.cmax >= top and ax.colorbar.title.text == "c_t"


@pytest.mark.parametrize("cell", ["rnn", "gru"])
def test_rnn_and_gru_have_no_c_lane(cell):
    trace = trace_of(cell=cell, num_layers=2, bidirectional=True, hidden_size=3, seq_len=4)
    fig = unrolled_figure(trace, t=1)
    assert not named(fig, "arrow:c_recurrence") and not named(fig, "c_n_label") and not named(fig, "c0_label")
    assert not [d for d in fig.data if d.name.startswith("c_cells")] and "coloraxis2" not in fig.layout.to_plotly_json()
    assert get_kind(cell).constructor() in " ".join(texts(fig))  # "the nn.GRU cell", not "the RNN cell"


def test_lstm_legend_and_row_labels_name_both_lanes(lstm):
    for lang, word in (("en", "c_t"), ("zh", "c_t")):
        fig = unrolled_figure(lstm, t=0, lang=lang)
        legend = named(fig, "legend")[0].text
        assert "nn.LSTM" in legend and word in legend and "c_n" in legend
        assert all(word in a.text for a in named(fig, "row_label") if "weight_hh" in a.text)


def test_projection_shows_weight_hr_and_narrower_h_strips():
    trace = trace_of(cell="lstm", proj_size=2, hidden_size=4, seq_len=3)
    fig = unrolled_figure(trace, t=0)
    rows = {d.name: d for d in fig.data}
    zh, zc = (np.asarray(rows[n].z[0], dtype=float) for n in ("cells:l0:d0", "c_cells:l0:d0"))
    assert (~np.isnan(zh)).sum() == 3 * 2 and (~np.isnan(zc)).sum() == 3 * 4  # h_t: proj_size, c_t: hidden_size
    assert any("weight_hr_l0" in a.text for a in named(fig, "row_label"))


# --- the concat diagram ---------------------------------------------------------------------------
def test_concat_c_n_panel_holds_c_n_and_says_it_is_not_output(lstm):
    for b in range(lstm.batch_size):
        fig = concat_figure(lstm, t=1, batch=b)
        panel = {d.name: d for d in fig.data if d.name.startswith("c_n_panel:")}
        assert len(panel) == lstm.c_n.shape[0]
        for k, d in enumerate(panel.values()):
            np.testing.assert_allclose(np.asarray(d.z, dtype=float)[:, 0], lstm.c_n[k, b].numpy())
            assert d.coloraxis == "coloraxis2"
        assert named(fig, "c_n_note") and fig.layout.coloraxis2.colorbar.title.text == "c"


@pytest.mark.parametrize("cell", ["rnn", "gru"])
def test_concat_without_cell_state_has_no_c_n(cell):
    fig = concat_figure(trace_of(cell=cell, bidirectional=True), t=0)
    assert not named(fig, "c_n") and not [d for d in fig.data if d.name.startswith("c_n")]


configs = st.fixed_dictionaries(
    dict(
        cell=st.sampled_from(["rnn", "gru", "lstm"]),
        num_layers=st.integers(1, 3),
        bidirectional=st.booleans(),
        batch_first=st.booleans(),
        hidden_size=st.integers(2, 5),
        proj=st.booleans(),
        seq_len=st.integers(1, 5),
        batch_size=st.integers(1, 3),
    )
)


@settings(max_examples=30, deadline=None)
@given(cfg=configs, lang=st.sampled_from(["en", "zh"]), data=st.data())
def test_every_claim_of_the_concat_diagram_is_true(cfg, lang, data):
    """Shapes of output, h_n, c_n and weight_ih_l{k} (numbers and symbols), the slices of the identities, the
    width of output in the c_n note: each is the real tensor's, for every cell kind and option."""
    proj = cfg.pop("proj")
    cfg["proj_size"] = cfg["hidden_size"] - 1 if proj and cfg["cell"] == "lstm" else 0
    trace = trace_of(**cfg)
    layer = data.draw(st.integers(0, trace.num_layers - 1))
    fig = concat_figure(trace, t=0, lang=lang, layer=layer)
    words = [plain(s) for s in texts(fig)]
    # weight_ih_l{k}: the numbers are the parameter's shape, the symbols evaluate to it
    note = next(s for s in words if "weight_ih_l" in s)
    k = int(re.search(r"weight_ih_l(\d+)", note).group(1))
    rows, cols, sym = SHAPE.search(note).groups()
    if f"weight_ih_l{k}" in trace.params:
        real = tuple(trace.params[f"weight_ih_l{k}"].shape)
    else:  # what a second layer would have: build it
        kw = RNNSpec(**cfg).rnn_kwargs() | dict(num_layers=2)
        real = tuple(get_kind(trace.kind.name).module_type(**kw).weight_ih_l1.shape)
    assert (int(rows), int(cols)) == real, note
    assert tuple(symbolic(e, trace) for e in sym.split(", ")) == real, note
    assert trace.kind.constructor() in note or trace.num_layers - 1 == layer
    # h_n and c_n: the shapes the titles state
    h_title = next(s for s in words if s.startswith(("All of h_n", "完整的 h_n")))
    assert f"= [{', '.join(map(str, trace.h_n.reshape(-1, trace.batch_size, trace.H_out).shape))}]" in h_title
    assert ("H_out]" in h_title) == bool(trace.proj_size)
    c_title = [s for s in words if "c_n" in s and "num_layers" in s]
    if trace.kind.has_cell_state:
        shape = trace.c_n.reshape(-1, trace.batch_size, trace.hidden_size).shape
        assert f"= [{', '.join(map(str, shape))}]" in c_title[0]
        assert f"{trace.output.shape[-1]} " in next(s for s in words if "c_n[k]" in s)  # output's width
    else:
        assert not c_title
    # the identities' slices, evaluated as written, give h_n's entries
    if trace.batched and trace.lengths is None:
        scope = {"output": trace.output, "H": trace.H_out, "H_out": trace.H_out}
        for ident in concat_identities(trace):
            lhs = eval(ident.lhs, scope)  # noqa: S307
            rhs = eval(ident.rhs, {"h_n": trace.h_n})  # noqa: S307
            torch.testing.assert_close(lhs, rhs)


@pytest.mark.parametrize("proj", [0, 2])
@pytest.mark.parametrize("bi", [False, True])
def test_lstm_diagrams_keep_text_apart(bi, proj):
    trace = trace_of(cell="lstm", num_layers=2, bidirectional=bi, hidden_size=4, proj_size=proj, seq_len=6)
    for lang in ("en", "zh"):
        for lesson in (False, True):
            for build in (unrolled_figure, concat_figure):
                fig = build(trace, t=3, lang=lang, lesson=lesson)
                boxes = text_boxes(fig)
                lay = fig.layout
                bar = lay.coloraxis2.colorbar  # c's colour bar, left of h's
                pw = lay.width - lay.margin.l - lay.margin.r
                right = lay.margin.l + bar.x * pw
                boxes.append(("colourbar_c", right - bar.len, lay.margin.t - colourbar_height(bar.tickfont.size),
                              right, lay.margin.t - bar.ypad))  # fmt: skip
                where = (build.__name__, lang, lesson)
                assert not overlaps(boxes), (where, overlaps(boxes))
                assert not crossings(boxes, arrow_lines(fig)), (where, crossings(boxes, arrow_lines(fig)))
                assert not outside(boxes, lay.width, lay.height), where
