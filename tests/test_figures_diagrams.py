"""The unrolled-network and concat diagrams: structure of the go.Figure, identities against torch, the page."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest
from torch import nn

from rnnviz import style
from rnnviz.figures import _shapes as sh
from rnnviz.figures.concat import colourbar_height, concat_figure, concat_identities
from rnnviz.figures.heatmaps import shared_range
from rnnviz.figures.unrolled import MOST_COLUMNS, unrolled_figure
from rnnviz.i18n import diagrams as catalogue
from rnnviz.i18n import text
from rnnviz.presets import PRESETS
from rnnviz.spec import RNNSpec
from rnnviz.unroll import unroll
from tests.apptest import open_app

PAGE = "rnnviz/ui/pages/diagrams.py"


def trace_of(spec: RNNSpec):
    rnn, x, h0 = spec.build()
    return unroll(rnn, x, h0)


@pytest.fixture(scope="module")
def bi():
    return trace_of(PRESETS["dims_2layer_bi"].spec)  # 2 layers, bidirectional, H = 2, L = 3, N = 2


@pytest.fixture(scope="module")
def uni():
    return trace_of(PRESETS["dims_1layer_uni"].spec)


@pytest.fixture(scope="module")
def long():
    return trace_of(RNNSpec(seq_len=60))


def named(fig, prefix: str) -> list:
    """Shapes and annotations whose name (role) starts with ``prefix``."""
    return [o for o in (*fig.layout.shapes, *fig.layout.annotations) if (o.name or "").startswith(prefix)]


def traces(fig, prefix: str) -> list:
    return [d for d in fig.data if (d.name or "").startswith(prefix)]


def texts(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations if a.text] + [fig.layout.title.text]


# --- the catalogue ---------------------------------------------------------------------------------
def test_catalogue_has_the_same_keys_in_both_languages():
    assert set(catalogue.EN) == set(catalogue.ZH) and all(k.startswith("diag.") for k in catalogue.EN)
    for key in catalogue.EN:  # the same placeholders, so formatting never fails in one language only
        assert sorted(_fields(catalogue.EN[key])) == sorted(_fields(catalogue.ZH[key])), key


def _fields(template: str) -> list[str]:
    import string

    return [f for _, f, _, _ in string.Formatter().parse(template) if f]


# --- visible steps ---------------------------------------------------------------------------------
@given(L=st.integers(1, 300), t=st.integers(0, 299), most=st.integers(7, 16))
@settings(max_examples=60)
def test_visible_steps_keep_the_ends_and_the_current_step(L, t, most):
    t = min(t, L - 1)
    steps = sh.visible_steps(L, t, most)
    drawn = [s for s in steps if s is not None]
    assert drawn == sorted(set(drawn)) and {0, L - 1, t} <= set(drawn)
    if L <= most:
        assert steps == list(range(L))
    else:  # every collapsed run is one ellipsis between two drawn steps that are not neighbours
        assert len(steps) <= 11 and steps[0] == 0 and steps[-1] == L - 1
        for i, s in enumerate(steps):
            if s is None:
                assert steps[i + 1] > steps[i - 1] + 1
            elif i and steps[i - 1] is not None:
                assert s == steps[i - 1] + 1


# --- identities against torch ---------------------------------------------------------------------
configs = st.fixed_dictionaries(
    {
        "input_size": st.integers(1, 4),
        "hidden_size": st.integers(1, 5),
        "num_layers": st.integers(1, 3),
        "nonlinearity": st.sampled_from(["tanh", "relu"]),
        "bias": st.booleans(),
        "batch_first": st.booleans(),
        "bidirectional": st.booleans(),
    }
)


@given(cfg=configs, L=st.integers(1, 6), N=st.integers(1, 3), seed=st.integers(0, 10_000), batched=st.booleans())
@settings(max_examples=40, deadline=None)
def test_identities_equal_torch_slices(cfg, L, N, seed, batched):
    torch.manual_seed(seed)
    rnn = nn.RNN(**cfg).eval()
    H = cfg["hidden_size"]
    shape = ((N, L) if cfg["batch_first"] else (L, N)) if batched else (L,)
    x = torch.randn(*shape, cfg["input_size"])
    with torch.no_grad():
        output, h_n = rnn(x)
    ids = concat_identities(unroll(rnn, x))
    out = output if not batched else (output.transpose(0, 1) if cfg["batch_first"] else output)
    out = out if batched else out.unsqueeze(1)  # [L, N, D*H]
    h_n = h_n if batched else h_n.unsqueeze(1)
    expect_fwd = (out[-1, :, :H], h_n[-2] if cfg["bidirectional"] else h_n[-1])
    assert len(ids) == (2 if cfg["bidirectional"] else 1)
    torch.testing.assert_close(torch.from_numpy(ids[0].lhs_values).float(), expect_fwd[0])
    torch.testing.assert_close(torch.from_numpy(ids[0].rhs_values).float(), expect_fwd[1])
    if cfg["bidirectional"]:
        torch.testing.assert_close(torch.from_numpy(ids[1].lhs_values).float(), out[0, :, H:])
        torch.testing.assert_close(torch.from_numpy(ids[1].rhs_values).float(), h_n[-1])
        assert ids[1].rhs == "h_n[-1]" and ids[0].rhs == "h_n[-2]"
    for i in ids:
        assert i.ok and i.max_abs_diff == 0.0
        assert i.max_abs_diff == float(np.abs(i.lhs_values - i.rhs_values).max())


def test_identity_names_follow_the_layout():
    spec = RNNSpec(num_layers=1, seq_len=4)
    assert [i.lhs for i in concat_identities(trace_of(spec))] == ["output[-1, :, :H]", "output[0, :, H:]"]
    bf = trace_of(spec.replace(batch_first=True))
    assert [i.lhs for i in concat_identities(bf)] == ["output[:, -1, :H]", "output[:, 0, H:]"]
    assert [i.lhs for i in concat_identities(trace_of(spec.replace(bidirectional=False)))] == ["output[-1]"]


def test_a_broken_identity_is_reported(bi):
    from dataclasses import replace

    tampered = replace(bi, h_n=bi.h_n.clone().index_fill_(0, torch.tensor([2]), 0.5))  # h_n[-2] changed
    fwd, rev = concat_identities(tampered)
    assert not fwd.ok and fwd.max_abs_diff > 0.1 and rev.ok
    fig = concat_figure(tampered, t=0)
    assert "✗" in named(fig, "identity:0")[0].text and "✓" in named(fig, "identity:1")[0].text


def test_lengths_do_not_crash_and_the_identity_uses_each_last_step():
    torch.manual_seed(3)
    rnn = nn.RNN(3, 2, 2, bidirectional=True).eval()
    x, lengths = torch.randn(5, 3, 3), torch.tensor([5, 2, 4])
    trace = unroll(rnn, x, lengths=lengths)
    packed = nn.utils.rnn.pack_padded_sequence(x, lengths, enforce_sorted=False)
    with torch.no_grad():
        _, h_n = rnn(packed)
    fwd, rev = concat_identities(trace)
    assert fwd.lhs == "output[lengths[n]-1, n, :H]" and fwd.ok and rev.ok
    torch.testing.assert_close(torch.from_numpy(fwd.rhs_values).float(), h_n[-2])
    for t in range(5):
        assert concat_figure(trace, t=t, batch=1).data and unrolled_figure(trace, t=t, batch=1).data


# --- the concat figure ------------------------------------------------------------------------------
def test_concat_strips_hold_the_trace_numbers_on_the_heatmap_scale(bi):
    fig = concat_figure(bi, t=1, batch=1)
    H = bi.hidden_size
    strips = {d.name: d for d in fig.data}
    out = bi.output[:, 1, :].numpy()  # [L, 2H]
    np.testing.assert_allclose(strips["strip:output"].z, out.T, rtol=0, atol=0)
    np.testing.assert_allclose(strips["strip:0"].z, out[:, :H].T)
    np.testing.assert_allclose(strips["strip:1"].z, out[:, H:].T)
    np.testing.assert_allclose(strips["h_n:0"].z[:, 0], bi.h_n[2, 1].numpy())  # right of the forward strip
    np.testing.assert_allclose(strips["h_n:1"].z[:, 0], bi.h_n[3, 1].numpy())  # left of the reverse strip
    assert len(traces(fig, "h_n_panel:")) == 4  # every entry of h_n, with its source
    assert {d.coloraxis for d in fig.data} == {"coloraxis"}
    lo, hi = shared_range(bi)
    assert (fig.layout.coloraxis.cmin, fig.layout.coloraxis.cmax) == (lo, hi) == (-1.0, 1.0)
    assert fig.layout.coloraxis.colorscale == tuple(tuple(c) for c in style.DIVERGING)


def test_concat_marks_halves_arrows_and_the_current_step(bi):
    fig = concat_figure(bi, t=2)
    assert len(named(fig, "half:")) == 2 and len(named(fig, "bracket:")) == 2
    # computed left to right above, right to left below
    (fwd,), (rev,) = named(fig, "arrow:time:0"), named(fig, "arrow:time:1")
    assert fwd.ax < fwd.x and rev.ax > rev.x
    # step t = 2 (column 2): its cells are outlined and sent to the two halves of output[2]
    for box in named(fig, "current:"):
        assert (box.x0 + box.x1) / 2 == 2
    down, up = named(fig, "arrow:concat:0")[0], named(fig, "arrow:concat:1")[0]
    assert down.x == up.x == 2 and down.ay < down.y and up.ay > up.y  # y grows downwards
    # h_n: the forward state leaves on the right, the reverse on the left
    assert named(fig, "arrow:h_n:0")[0].x > 2 and named(fig, "arrow:h_n:1")[0].x < 0
    ident = named(fig, "identity:0")[0].text + named(fig, "identity:1")[0].text
    assert "output[-1, :, :H]" in ident and "output[0, :, H:]" in ident and ident.count("✓") == 2
    assert "[2, 4]" in named(fig, "next_layer")[0].text  # weight_ih_l1 is [H, 2H] = [2, 4]


def test_concat_hover_names_the_source(bi):
    fig = concat_figure(bi, t=0)
    out = {d.name: d for d in fig.data}["strip:output"]
    first, second = out.text[0][1], out.text[2][1]  # output[t=1] features 0 (forward) and 2 (reverse)
    assert "forward" in first and "unit 0" in first and "reverse" in second and "unit 0" in second


def test_selected_unit_outlines_its_source(bi):
    fig = concat_figure(bi, t=1, unit=3)  # output[1, :, 3] = reverse unit 1
    (src,), (dst,) = named(fig, "selected:1"), named(fig, "selected:output")
    assert (src.x0 + src.x1) / 2 == (dst.x0 + dst.x1) / 2 == 1
    assert not named(concat_figure(bi, t=1), "selected")


def test_concat_of_an_inner_layer_feeds_the_next(bi):
    fig = concat_figure(bi, t=0, layer=0)
    np.testing.assert_allclose({d.name: d for d in fig.data}["strip:output"].z, bi.layer_outputs[0][:, 0].numpy().T)
    note = named(fig, "next_layer")[0].text
    assert "weight_ih_l1" in note and "[2, 4]" in note
    assert not named(fig, "identity:0")[0].text.count("✓")  # the identities are about output, the last layer
    assert len(named(fig, "h_n_entry:mine")) == 2


def test_unidirectional_concat_is_the_honest_degenerate_case(uni):
    fig = concat_figure(uni, t=2)
    assert not traces(fig, "strip:1") and not named(fig, "arrow:concat:1") and not named(fig, "arrow:time:1")
    assert len(named(fig, "half:")) == 1 and len(traces(fig, "h_n_panel:")) == 1
    np.testing.assert_allclose({d.name: d for d in fig.data}["strip:output"].z, uni.output[:, 0].numpy().T)
    ident = named(fig, "identity:0")[0].text
    assert "output[-1]" in ident and "✓" in ident
    assert text("en", "diag.concat.half_uni", H=2) in [a.text for a in named(fig, "half_label")]
    assert "[2, 2]" in named(fig, "next_layer")[0].text  # a second layer's weight_ih_l1 would be [H, H]


def test_long_sequences_collapse_in_the_concat(long):
    fig = concat_figure(long, t=30)
    z = {d.name: d for d in fig.data}["strip:0"].z
    assert z.shape[1] <= 16 and np.isnan(z).all(axis=0).sum() == 2  # two ellipsis columns
    steps = [a.text.replace("<b>", "").replace("</b>", "") for a in named(fig, "step")]
    assert {"t=0", "t=30", "t=59"} <= set(steps) and len(named(fig, "ellipsis")) >= 2


# --- the unrolled figure ----------------------------------------------------------------------------
def test_unrolled_structure(bi):
    fig = unrolled_figure(bi, t=1)
    layers, D, L = bi.num_layers, bi.num_directions, bi.seq_len
    assert len(named(fig, "cell:")) == layers * D * L
    assert len(named(fig, "input_box")) == L and len(named(fig, "same_w:")) == layers * D
    rec = named(fig, "arrow:recurrence:")
    assert len(rec) == layers * D * (L - 1)
    assert all(a.ax < a.x for a in named(fig, "arrow:recurrence:0"))  # forward: left to right
    assert all(a.ax > a.x for a in named(fig, "arrow:recurrence:1"))  # reverse: right to left
    # layer 0 reads x_t, layer 1 reads the concat of layer 0; each cell feeds its layer's concat
    assert len(named(fig, "arrow:up:x->cell")) == D * L
    assert len(named(fig, "arrow:up:concat->cell")) == D * L * (layers - 1)
    assert len(named(fig, "arrow:up:cell->concat")) == layers * D * L
    assert len(named(fig, "h0_label")) == len(named(fig, "h_n_label")) == layers * D
    assert {a.text for a in named(fig, "h_n_label")} == {f"<b>h_n[{k}]</b>" for k in range(layers * D)}
    current = [s for s in named(fig, "current")]
    assert current and all((s.x0 + s.x1) / 2 == 1 for s in current)


def test_unrolled_cells_show_the_trace_states(bi):
    fig = unrolled_figure(bi, t=0, batch=1)
    row = {d.name: d for d in fig.data}["cells:l1:d1"]
    z = np.asarray(row.z[0], dtype=float)
    H = bi.hidden_size
    drawn = z[~np.isnan(z)].reshape(bi.seq_len, H)  # step by step, H values each
    np.testing.assert_allclose(drawn, bi.hidden(1, 1)[:, 1].numpy())
    assert len(row.x) == len(z) + 1  # cell edges


def test_unidirectional_unrolled_has_no_reverse_and_no_concat(uni):
    fig = unrolled_figure(uni, t=0)
    assert not named(fig, "arrow:recurrence:1") and not traces(fig, "concat") and not named(fig, "concat:")
    assert len(named(fig, "cell:")) == uni.seq_len and len(named(fig, "arrow:up:x->cell")) == uni.seq_len


def test_stacked_unidirectional_layers_read_the_states_below():
    trace = trace_of(PRESETS["pytorch_docs"].spec)  # 2 layers, unidirectional
    fig = unrolled_figure(trace, t=4)
    assert len(named(fig, "arrow:up:cell->cell")) == trace.seq_len


def test_long_sequences_collapse_in_the_unrolled_network(long):
    for t in (0, 30, 59):
        fig = unrolled_figure(long, t=t)
        steps = [a.text.replace("<b>", "").replace("</b>", "") for a in named(fig, "step_label")]
        assert f"t = {t}" in steps and "t = 0" in steps and "t = 59" in steps
        assert len(steps) <= MOST_COLUMNS and named(fig, "ellipsis")
        assert len(named(fig, "cell:")) == len(steps) * long.num_layers * 2


@pytest.mark.parametrize("build", [unrolled_figure, concat_figure])
def test_figures_speak_both_languages(bi, build):
    en, zh = texts(build(bi, t=1, lang="en")), texts(build(bi, t=1, lang="zh"))
    assert len(en) == len(zh) and en != zh
    assert not [s for s in en + zh if "diag." in s]  # no missing catalogue key
    assert any("层" in s for s in zh) and not any("层" in s for s in en)


def test_bad_arguments_say_what_is_expected(bi):
    with pytest.raises(ValueError, match="batch"):
        unrolled_figure(bi, batch=5)
    with pytest.raises(ValueError, match="layer"):
        concat_figure(bi, layer=2)
    assert concat_figure(bi, t=99).data and unrolled_figure(bi, t=-3).data  # t is clamped


# --- the page ---------------------------------------------------------------------------------------
def open_page(**params: str) -> AppTest:
    return open_app(PAGE, **params)


def charts(at: AppTest) -> dict[str, dict]:
    return {c.proto.id.rsplit("-", 1)[-1]: json.loads(c.proto.spec) for c in at.get("plotly_chart")}


def test_page_default_shows_both_diagrams_and_checked_identities():
    at = open_page(t="2", hidden_size="3")  # the RNNSpec defaults: 2 layers, bidirectional
    figs = charts(at)
    assert set(figs) == {"diag_unrolled", "diag_concat"}
    marks = [m.value for m in at.markdown if m.value.startswith(("✓ `", "✗ `"))]  # the identities (not idioms)
    assert marks == [
        "✓ `output[-1, :, :H] == h_n[-2]` · max |diff| = 0",
        "✓ `output[0, :, H:] == h_n[-1]` · max |diff| = 0",
    ]
    current = [s for s in figs["diag_concat"]["layout"]["shapes"] if s.get("name") == "current:0"][0]
    assert (current["x0"] + current["x1"]) / 2 == 2
    assert at.get_by_key("diag_step").value == 2

    at.get_by_key("diag_step").set_value(4).run()
    assert at.query_params["t"] == "4"
    current = [s for s in charts(at)["diag_concat"]["layout"]["shapes"] if s.get("name") == "current:0"][0]
    assert (current["x0"] + current["x1"]) / 2 == 4

    at.get_by_key("diag_unit").set_value(4).run()  # H = 3: feature 4 is reverse unit 1
    assert any(text("en", "diag.page.unit_source_1", j=4, k=1, t=4, layer=1, order=2) == i.value for i in at.info)
    assert any(s.get("name") == "selected:1" for s in charts(at)["diag_concat"]["layout"]["shapes"])


def test_page_unidirectional_in_chinese():
    at = open_page(bidirectional="false", lang="zh", num_layers="1")
    assert at.title[0].value == text("zh", "diag.page.title")
    marks = [m.value for m in at.markdown if m.value.startswith(("✓ `", "✗ `"))]
    assert marks == ["✓ `output[-1] == h_n[-1]` · 最大 |差| = 0"]
    assert not at.get_by_key("diag_layer").options[1:]  # one layer only


def test_page_long_sequence_and_layer_switch():
    at = open_page(seq_len="60", t="30", hidden_size="20")
    at.get_by_key("diag_layer").set_value(0).run()
    assert not at.exception
    note = [a for a in charts(at)["diag_concat"]["layout"]["annotations"] if a.get("name") == "next_layer"][0]
    assert "weight_ih_l1" in note["text"] and "[20, 40]" in note["text"]


# --- layout: no text touches other text, nothing is cut off ----------------------------------------
APP_WIDTH = 830  # px: the app's main column, where st.plotly_chart stretches a figure to
LAYOUTS = [  # (input_size, hidden_size, num_layers, bidirectional, seq_len, nonlinearity)
    (3, 2, 1, True, 1, "tanh"),
    (3, 2, 1, False, 3, "relu"),
    (3, 2, 2, True, 3, "tanh"),
    (4, 3, 3, True, 6, "relu"),
    (4, 1, 4, True, 9, "tanh"),
    (4, 3, 4, False, 9, "tanh"),
    (3, 20, 2, True, 40, "tanh"),
    (3, 3, 2, False, 40, "relu"),
    (12, 20, 4, True, 40, "relu"),
]


def text_boxes(fig, width: float | None = None) -> list[tuple[str, float, float, float, float]]:
    """(role, left, top, right, bottom) in px of every text annotation, the colour bar and the title,
    with the figure drawn ``width`` px wide (default: its own width), from positions and sh.text_size."""
    lay = fig.layout
    W, H = width or lay.width, lay.height
    m = lay.margin
    pw, ph = W - m.l - m.r, H - m.t - m.b
    (x0, x1), (y0, y1) = lay.xaxis.range, lay.yaxis.range  # y1 is the top (a reversed axis lists it first)
    base = lay.font.size
    boxes = []
    for a in lay.annotations:
        if not a.text:
            continue
        if a.xref == "paper":
            x, y = m.l + a.x * pw, m.t + (1 - a.y) * ph
        else:
            x, y = m.l + (a.x - x0) / (x1 - x0) * pw, m.t + (y1 - a.y) / (y1 - y0) * ph
        x, y = x + (a.xshift or 0), y - (a.yshift or 0)
        w, h = sh.text_size(a.text, a.font.size or base)
        left = {"left": x, "right": x - w}.get(a.xanchor, x - w / 2)
        top = {"top": y, "bottom": y - h}.get(a.yanchor, y - h / 2)
        boxes.append((a.name, left, top, left + w, top + h))
    bar = lay.coloraxis.colorbar
    boxes.append(("colourbar", m.l + pw - bar.len, m.t - colourbar_height(bar.tickfont.size), m.l + pw, m.t - bar.ypad))
    w, h = sh.text_size(lay.title.text, lay.title.font.size)
    boxes.append(("title", 0.01 * W, 4, 0.01 * W + w, 4 + h))
    return boxes


def arrow_lines(fig, width: float | None = None) -> list[tuple[str, float, float, float, float]]:
    """(role, x0, y0, x1, y1) in px of every arrow (an annotation without text), tail to head."""
    lay = fig.layout
    W, H = width or lay.width, lay.height
    m = lay.margin
    pw, ph = W - m.l - m.r, H - m.t - m.b
    (x0, x1), (y0, y1) = lay.xaxis.range, lay.yaxis.range
    px = lambda x: m.l + (x - x0) / (x1 - x0) * pw
    py = lambda y: m.t + (y1 - y) / (y1 - y0) * ph
    return [(a.name, px(a.ax), py(a.ay), px(a.x), py(a.y)) for a in lay.annotations if a.showarrow and not a.text]


def crossings(boxes, lines) -> list[tuple[str, str]]:
    """Text boxes that a horizontal or vertical arrow runs through (an ellipsis stands on its arrows)."""
    out = []
    for name, left, top, right, bottom in boxes:
        for role, ax, ay, bx, by in lines:
            if name == "ellipsis":
                continue
            lo_x, hi_x, lo_y, hi_y = min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)
            if min(hi_x, right - 1) >= max(lo_x, left + 1) and min(hi_y, bottom - 1) >= max(lo_y, top + 1):
                out.append((name, role))
    return out


def overlaps(boxes) -> list[tuple[str, str]]:
    out = []
    for i, (na, la, ta, ra, ba) in enumerate(boxes):
        for nb, lb, tb, rb, bb in boxes[i + 1 :]:
            if min(ra, rb) - max(la, lb) > 1 and min(ba, bb) - max(ta, tb) > 1:
                out.append((na, nb))
    return out


def outside(boxes, W: float, H: float) -> list[str]:
    return [n for n, left, top, right, bottom in boxes if left < -1 or top < -1 or right > W + 1 or bottom > H + 1]


@pytest.mark.parametrize("cfg", LAYOUTS, ids=lambda c: "-".join(map(str, c)))
def test_no_text_touches_other_text_or_the_edges(cfg):
    n_in, H, layers, bi, L, act = cfg
    trace = trace_of(
        RNNSpec(input_size=n_in, hidden_size=H, num_layers=layers, bidirectional=bi, seq_len=L, nonlinearity=act)
    )
    for lang in ("en", "zh"):
        for lesson in (False, True):
            for build in (unrolled_figure, concat_figure):
                fig = build(trace, t=L // 2, lang=lang, lesson=lesson)
                widths = [fig.layout.width] + ([] if lesson else [APP_WIDTH])  # lesson figures keep their size
                for width in widths:
                    where = (build.__name__, lang, lesson, width)
                    boxes = text_boxes(fig, width)
                    assert not overlaps(boxes), (where, overlaps(boxes))
                    lines = arrow_lines(fig, width)
                    assert not crossings(boxes, lines), (where, crossings(boxes, lines))
                    cut = outside(boxes, width, fig.layout.height)
                    assert not cut, (where, cut)


@pytest.mark.parametrize("lesson", [False, True])
@pytest.mark.parametrize("cell", ["rnn", "lstm"])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_unvalidated_diagrams_are_valid_plotly(cell, bidirectional, lesson):
    """concat_figure and unrolled_figure skip plotly's validation for speed (20-30 ms each, most of a
    class's server time on this page); validating them gives the same figure."""
    import json

    import plotly.graph_objects as go

    from rnnviz import RNNSpec, unroll
    from rnnviz.figures.concat import concat_figure
    from rnnviz.figures.unrolled import unrolled_figure

    rnn, x, h0 = RNNSpec(cell=cell, num_layers=2, bidirectional=bidirectional, seq_len=12).build()
    trace = unroll(rnn, x, h0)
    for fig in (concat_figure(trace, 3, 1, "zh", lesson), unrolled_figure(trace, 3, 1, "en", lesson)):
        checked = go.Figure(fig.to_dict())  # raises on any invalid property
        assert json.loads(checked.to_json()) == json.loads(fig.to_json())
