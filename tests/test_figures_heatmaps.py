"""Hidden-state heatmaps on the go.Figure: panels, shared colour range, axis titles, step marker, values."""

import json

import numpy as np
import plotly.graph_objects as go
import pytest
import torch

from rnnviz import RNNSpec, style, unroll
from rnnviz.figures.heatmaps import (
    CELL_BUDGET,
    hidden_heatmap,
    hidden_heatmaps,
    hidden_step,
    output_heatmaps,
    output_step,
    shared_range,
    time_block,
)
from rnnviz.i18n import text


def trace_of(**kw):
    rnn, x, h0 = RNNSpec(**kw).build()
    return unroll(rnn, x, h0)


def heatmaps(fig):
    return [d for d in fig.data if d.type == "heatmap"]


@pytest.mark.parametrize("layers", [1, 2, 3])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_one_heatmap_per_layer_and_direction(layers, bidirectional):
    trace = trace_of(num_layers=layers, bidirectional=bidirectional)
    fig = hidden_heatmaps(trace, batch=1, t=2)
    assert len(heatmaps(fig)) == layers * (2 if bidirectional else 1)
    assert len(heatmaps(output_heatmaps(trace, 1, 2))) == layers


def test_values_are_the_trace_states_time_on_x_unit_on_y():
    trace = trace_of(num_layers=2, bidirectional=True)
    fig = hidden_heatmaps(trace, batch=1)
    names = [d.name for d in heatmaps(fig)]
    for layer in range(2):
        for d, dname in enumerate(("forward", "reverse")):
            z = np.asarray(heatmaps(fig)[names.index(f"layer {layer} {dname}")].z)
            torch.testing.assert_close(torch.from_numpy(z), trace.hidden(layer, d)[:, 1, :].T.double())


def test_layer_output_is_the_concat_with_a_split_line():
    trace = trace_of(num_layers=2, bidirectional=True, hidden_size=3)
    fig = output_heatmaps(trace, batch=0, t=1)
    z = np.asarray(heatmaps(fig)[-1].z)  # bottom row: layer 0
    torch.testing.assert_close(torch.from_numpy(z), trace.layer_outputs[0][:, 0, :].T.double())
    assert z.shape == (6, trace.seq_len)
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert len(lines) == 2 and all(s.y0 == 2.5 for s in lines)


def test_tanh_range_is_fixed_and_shared():
    fig = hidden_heatmaps(trace_of(nonlinearity="tanh"), 0, 0)
    assert (fig.layout.coloraxis.cmin, fig.layout.coloraxis.cmax) == (-1.0, 1.0)
    assert all(d.coloraxis == "coloraxis" for d in heatmaps(fig))


def test_relu_range_is_nice_and_covers_every_state():
    trace = trace_of(nonlinearity="relu", seq_len=12, hidden_size=5)
    fig = hidden_heatmaps(trace, 0, 0)
    top = max(float(o.max()) for o in trace.layer_outputs)
    assert fig.layout.coloraxis.cmin == 0.0 and top <= fig.layout.coloraxis.cmax < 10 * max(top, 0.1)
    assert (fig.layout.coloraxis.cmin, fig.layout.coloraxis.cmax) == shared_range(trace)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_axis_titles_and_panel_titles(lang):
    trace = trace_of(num_layers=2, bidirectional=True)
    fig = hidden_heatmaps(trace, 0, 3, lang=lang)
    assert fig.layout.xaxis3.title.text == text(lang, "dash.fig.axis_time")  # bottom row
    assert fig.layout.yaxis.title.text == text(lang, "dash.fig.axis_unit")
    titles = " ".join(a.text or "" for a in fig.layout.annotations)
    assert text(lang, "dash.fig.panel_reverse", layer=0, last=trace.seq_len - 1) in titles
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    assert len(arrows) == 2 and all(a.ax > a.x for a in arrows)  # reverse panels: arrow points right to left


def test_step_marker_on_every_panel():
    trace = trace_of(num_layers=3, bidirectional=True)
    boxes = step_boxes(hidden_heatmaps(trace, 0, 4))
    assert len(boxes) == 6 and all((s.x0, s.x1) == (3.5, 4.5) for s in boxes)
    assert not [s for s in hidden_heatmaps(trace, 0, None).layout.shapes if s.type == "rect"]


def test_big_maps_have_no_cell_text_and_are_downsampled_visibly():
    trace = trace_of(seq_len=256, hidden_size=64, num_layers=3, batch_size=1)
    k = time_block(trace)
    assert k > 1
    fig = hidden_heatmaps(trace, 0, 100)
    assert sum(np.asarray(d.z).size for d in heatmaps(fig)) <= CELL_BUDGET
    assert all(d.texttemplate is None for d in heatmaps(fig))
    assert str(k) in fig.layout.xaxis5.title.text
    small = hidden_heatmaps(trace_of(seq_len=4), 0, 0)
    assert all(d.texttemplate for d in heatmaps(small))


def test_figure_json_is_typed_arrays():
    fig = hidden_heatmaps(trace_of(), 0, 0)
    assert '"bdata"' in fig.to_json()


@pytest.mark.parametrize(("layer", "d"), [(0, 0), (1, 1)])
def test_single_panel_is_that_layer_and_direction_on_the_grids_scale(layer, d):
    trace = trace_of(num_layers=2, bidirectional=True, nonlinearity="relu")
    fig = hidden_heatmap(trace, layer, d, batch=1, t=3)
    (panel,) = heatmaps(fig)
    torch.testing.assert_close(torch.from_numpy(np.asarray(panel.z)), trace.hidden(layer, d)[:, 1, :].T.double())
    grid = hidden_heatmaps(trace, 1, 3).layout.coloraxis
    assert (fig.layout.coloraxis.cmin, fig.layout.coloraxis.cmax) == (grid.cmin, grid.cmax)
    assert [(s.x0, s.x1) for s in step_boxes(fig)] == [(2.5, 3.5)]
    assert len([a for a in fig.layout.annotations if a.showarrow]) == d  # the reverse arrow
    title = text("en", f"dash.fig.panel_{('forward', 'reverse')[d]}", layer=layer, last=5)
    assert title in fig.layout.annotations[0].text


def test_single_panel_rejects_a_missing_layer_or_direction():
    trace = trace_of(num_layers=2, bidirectional=False)
    with pytest.raises(ValueError, match="direction"):
        hidden_heatmap(trace, 0, 1)
    with pytest.raises(ValueError, match="layer"):
        hidden_heatmap(trace, 2, 0)


@pytest.mark.parametrize("lesson", [False, True])
def test_unvalidated_figures_are_valid_plotly(lesson):
    """The builders skip plotly's validation for speed; validating them gives the same figure."""
    trace = trace_of(num_layers=2, bidirectional=True, seq_len=300, hidden_size=8, batch_size=1)
    for fig in (hidden_heatmaps(trace, 0, 4, "zh", lesson), output_heatmaps(trace, 0, 4, "en", lesson),
                hidden_heatmap(trace, 1, 1, 0, 4, "en", lesson)):  # fmt: skip
        checked = go.Figure(fig.to_dict())  # raises on any invalid property
        assert json.loads(checked.to_json()) == json.loads(fig.to_json())


def test_lesson_figures_are_slides():
    fig = hidden_heatmaps(trace_of(num_layers=3), 0, 0, lesson=True)
    assert fig.layout.height == style.SLIDE_SIZE[1] and fig.layout.font.size == style.LESSON_FONT_SIZE


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_output_title_says_concat_only_with_two_directions(lang):
    for bidirectional in (False, True):
        trace = trace_of(num_layers=2, bidirectional=bidirectional, hidden_size=3)
        titles = [a.text for a in output_heatmaps(trace, 0, 1, lang).layout.annotations if a.text]
        key = "dash.fig.output_title" if bidirectional else "dash.fig.output_title_uni"
        D = 2 if bidirectional else 1
        assert all(any(text(lang, key, layer=layer, DH=D * 3) in t for t in titles) for layer in range(2))
        assert any("h←" in t for t in titles) == bidirectional  # no reverse half where there is none


@pytest.mark.parametrize("lesson", [False, True])
def test_step_legend_sits_below_the_x_axis_title_and_the_colour_bar_title_is_horizontal(lesson):
    fig = hidden_heatmaps(trace_of(num_layers=2), 0, 1, lesson=lesson)
    (legend,) = [a for a in fig.layout.annotations if a.text == text("en", "dash.fig.step_marker", t=1)]
    size = fig.layout.font.size
    assert -legend.yshift >= 2.5 * size + 20  # past the tick labels and the x-axis title under them
    assert -legend.yshift + size <= fig.layout.margin.b  # and still inside the figure
    assert fig.layout.coloraxis.colorbar.title.side == "top" and fig.layout.coloraxis.colorbar.title.text == "h_t"
    assert fig.layout.margin.t < 50  # no empty band above the first panel title


def test_lesson_cell_values_are_as_big_as_the_lesson_font():
    trace = trace_of(num_layers=2, bidirectional=True, hidden_size=2, seq_len=3)
    for fig in (hidden_heatmaps(trace, 0, 1, lesson=True), output_heatmaps(trace, 0, 1, lesson=True)):
        assert {d.textfont.size for d in heatmaps(fig)} == {style.LESSON_FONT_SIZE}
    assert {d.textfont.size for d in heatmaps(hidden_heatmaps(trace, 0, 1))} == {13}  # >= 12 px: legible at 1280 wide


def step_boxes(fig):
    return [s for s in fig.layout.shapes if s.type == "rect" and s.line.color == style.HIGHLIGHT]


def greyed(fig):
    """(x axis, x0, x1, y0, y1) of every rectangle that greys states not computed yet."""
    return [(s.xref, s.x0, s.x1, s.y0, s.y1) for s in fig.layout.shapes if s.fillcolor == style.NOT_YET]


def test_states_not_computed_yet_are_greyed_forward_after_t_reverse_before_t():
    trace = trace_of(num_layers=2, bidirectional=True, seq_len=6)
    fig = hidden_heatmaps(trace, 0, 2)
    panels = {d.xaxis: d.name for d in heatmaps(fig)}
    for xref, x0, x1, y0, y1 in greyed(fig):
        assert (y0, y1) == (0, 1)  # the whole panel height
        assert (x0, x1) == ((2.5, 5.5) if panels[xref].endswith("forward") else (-0.5, 1.5))
    assert len(greyed(fig)) == 4
    assert len(greyed(hidden_heatmaps(trace, 0, 0))) == 2  # t = 0: the reverse pass has computed every state
    assert len(greyed(hidden_heatmaps(trace, 0, 5))) == 2  # the last step: forward complete, reverse at its start


def test_layer_outputs_grey_the_forward_half_after_t_and_the_reverse_half_before_t():
    H = 3
    trace = trace_of(num_layers=2, bidirectional=True, seq_len=6, hidden_size=H)
    rects = greyed(output_heatmaps(trace, 0, 2))
    assert sorted((x0, x1, y0, y1) for _, x0, x1, y0, y1 in rects) == sorted(
        [(2.5, 5.5, -0.5, H - 0.5), (-0.5, 1.5, H - 0.5, 2 * H - 0.5)] * 2
    )
    uni = trace_of(num_layers=1, bidirectional=False, seq_len=6)
    assert [(x0, x1, y0, y1) for _, x0, x1, y0, y1 in greyed(output_heatmaps(uni, 0, 2))] == [(2.5, 5.5, 0, 1)]


@pytest.mark.parametrize("lesson", [False, True])
def test_step_layers_are_exactly_what_a_step_adds(lesson):
    """The app draws hidden_step / output_step over the step-free figure: together they are the figure of t."""
    trace = trace_of(num_layers=2, bidirectional=True, seq_len=7)
    for build, step in ((hidden_heatmaps, hidden_step), (output_heatmaps, output_step)):
        plain, at_t = build(trace, 0, None, "zh", lesson).to_dict(), build(trace, 0, 3, "zh", lesson).to_dict()
        extra = step(trace, 3, "zh", lesson)
        assert plain["layout"].get("shapes", []) + extra["shapes"] == at_t["layout"]["shapes"]
        assert plain["layout"]["annotations"] + extra["annotations"] == at_t["layout"]["annotations"]
        assert plain["data"] == at_t["data"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_padding_is_marked_past_the_shown_sequence_length(lang):
    """Every panel (hidden states and outputs) boxes steps lengths[n]..L-1 of sequence n as padding; the
    reverse direction's title starts at that sequence's last step, not at seq_len - 1."""
    from rnnviz import RNNSpec
    from rnnviz.figures.heatmaps import output_heatmaps
    from rnnviz.i18n import text
    from rnnviz.run import make_trace

    trace = make_trace(RNNSpec(lengths=(6, 3), num_layers=2, bidirectional=True))
    label = text(lang, "dash.fig.padding", n=3)
    figs = ((hidden_heatmaps(trace, batch=1, lang=lang), 4), (output_heatmaps(trace, batch=1, lang=lang), 2))
    for fig, panels in figs:
        boxes = [s for s in fig.layout.shapes if s.line.dash == "dash" and s.type == "rect"]
        assert len(boxes) == panels and all((b.x0, b.x1) == (2.5, 5.5) for b in boxes)
        assert sum(a.text == label for a in fig.layout.annotations) == panels
    titles = [a.text for a in hidden_heatmaps(trace, batch=1, lang=lang).layout.annotations if a.text]
    assert any(text(lang, "dash.fig.panel_reverse", layer=0, last=2) in t for t in titles)
    full = hidden_heatmaps(trace, batch=0, lang=lang)  # sequence 0 has all 6 steps: no padding
    assert not [s for s in full.layout.shapes if s.line.dash == "dash"]
    assert not any(a.text == text(lang, "dash.fig.padding", n=6) for a in full.layout.annotations)


TEXT = "a <b>\n\tz"  # what a char model read: markup, a line break and a tab among the characters


@pytest.mark.parametrize("lesson", [False, True])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_char_models_text_is_under_the_time_ticks(lang, lesson):
    """Each time tick says the step and, under it, the character read there (whitespace made visible, HTML
    escaped); the plot area keeps its size; the x title says so; the step layers still add exactly what
    the figure of t has (the step legend moved under the taller ticks)."""
    from rnnviz.figures.heatmaps import TOKEN_LINE

    trace = trace_of(num_layers=2, bidirectional=True, seq_len=len(TEXT))
    tokens = tuple(TEXT)
    for build, step in ((hidden_heatmaps, hidden_step), (output_heatmaps, output_step)):
        plain, chars = build(trace, 0, None, lang, lesson), build(trace, 0, None, lang, lesson, tokens=tokens)
        axes = chars.layout.to_plotly_json().items()
        bottom = [ax for name, ax in axes if name.startswith("xaxis") and ax.get("showticklabels")]
        assert bottom and all(ax["tickvals"] == list(range(len(TEXT))) for ax in bottom)
        want = ["0<br>a", "1<br>␣", "2<br>&lt;", "3<br>b", "4<br>&gt;", "5<br>↵", "6<br>⇥", "7<br>z"]
        assert all(list(ax["ticktext"]) == want for ax in bottom)
        assert text(lang, "dash.fig.axis_time_chars") in bottom[0]["title"]["text"]
        taller = chars.layout.height - plain.layout.height
        assert taller == chars.layout.margin.b - plain.layout.margin.b == TOKEN_LINE[lesson]  # same plot area
        at_t = build(trace, 0, 3, lang, lesson, tokens=tokens).to_dict()
        extra = step(trace, 3, lang, lesson, tokens)
        assert chars.to_dict()["layout"]["annotations"] + extra["annotations"] == at_t["layout"]["annotations"]
        marker = extra["annotations"][-1]["yshift"]
        assert marker == step(trace, 3, lang, lesson)["annotations"][-1]["yshift"] - TOKEN_LINE[lesson]


def test_tokens_must_be_one_per_step():
    trace = trace_of(seq_len=5, num_layers=1, bidirectional=False)
    with pytest.raises(ValueError, match="one per time step, so 5, got 3"):
        hidden_heatmaps(trace, tokens=("a", "b", "c"))
    words = hidden_heatmaps(trace, tokens=("the", "cat", "sat", "on", "it"))  # a token vocab: words
    assert text("en", "dash.fig.axis_time_tokens") in words.layout.xaxis.title.text
