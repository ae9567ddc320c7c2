"""The equation chart on a step: its element keeps the figure of its anchor step, and the step component
carries the figure of step t, which the browser draws in place (sections._equation_anchor, stepview)."""

import dataclasses
import json

import plotly.io as pio
import torch

from rnnviz import RNNSpec
from rnnviz.ui import figcache
from tests.apptest import open_app, step_overlay, tables


def equation_chart(at) -> tuple[str, dict]:
    """(element id, figure) of the dashboard's equation chart."""
    (chart,) = [c for c in at.get("plotly_chart") if "fig_equation_at" in c.proto.id]
    return chart.proto.id, json.loads(chart.proto.spec)


def redrawn(at):
    """The figure the step component redraws the equation chart with (None: the element shows step t)."""
    overlay = step_overlay(at)
    return json.loads(overlay.proto.json)["figures"]["fig_equation"]


def figure_of(spec: RNNSpec, t: int, layer: int = 0, direction: int = 0) -> dict:
    """What the chart of step t is: the cached figure the page sends, through JSON as the browser gets it."""
    return json.loads(pio.to_json(figcache.equations(spec, layer, direction, t, 0, "en"), validate=False))


def same_figure(sent: dict, want: dict) -> bool:
    return sent["data"] == want["data"] and sent["layout"] == want["layout"]


SPEC = RNNSpec(input_size=3, hidden_size=4, num_layers=2, bidirectional=True, seq_len=6)
QUERY = {"input_size": "3", "hidden_size": "4", "num_layers": "2", "bidirectional": "true", "seq_len": "6"}


def test_a_step_keeps_the_element_and_sends_the_figure_of_step_t():
    at = open_app(t="2", **QUERY)
    first_id, shown = equation_chart(at)
    assert same_figure(shown, figure_of(SPEC, 2)) and redrawn(at) is None  # first drawn: the element is t
    for t in (3, 4, 3, 2):
        at.get_by_key("step_slider").set_value(t).run()
        chart_id, shown = equation_chart(at)
        assert chart_id == first_id and same_figure(shown, figure_of(SPEC, 2))  # no new element, no remount
        assert same_figure(redrawn(at), figure_of(SPEC, t))  # what the browser draws: step t's own numbers
    assert not same_figure(figure_of(SPEC, 3), figure_of(SPEC, 4))  # the comparison can tell steps apart


def test_another_layer_or_direction_is_a_new_element_showing_step_t():
    at = open_app(t="1", **QUERY)
    at.get_by_key("step_next").click().run()
    old_id, _ = equation_chart(at)
    at.get_by_key("eq_layer").set_value(1).run()
    new_id, shown = equation_chart(at)
    assert new_id != old_id and same_figure(shown, figure_of(SPEC, 2, layer=1)) and redrawn(at) is None
    at.get_by_key("eq_direction").set_value(1).run()
    newer_id, shown = equation_chart(at)
    assert newer_id not in (old_id, new_id) and same_figure(shown, figure_of(SPEC, 2, layer=1, direction=1))
    at.get_by_key("step_back").click().run()
    assert equation_chart(at)[0] == newer_id
    assert same_figure(redrawn(at), figure_of(SPEC, 1, layer=1, direction=1))


def test_a_new_configuration_is_a_new_element_even_when_its_figure_is_the_same():
    at = open_app(t="0", **QUERY)
    at.get_by_key("step_next").click().run()  # the element holds t = 0, the browser redrew it to t = 1
    old_id, _ = equation_chart(at)
    at.get_by_key("seq_len").set_value(7).run()
    longer = dataclasses.replace(SPEC, seq_len=7)
    assert same_figure(figure_of(longer, 1), figure_of(SPEC, 1))  # one more step at the end: same numbers at 1
    new_id, shown = equation_chart(at)
    assert new_id != old_id  # so a new element: the chart redrawn for the old anchor is not kept as t = 1's
    assert same_figure(shown, figure_of(longer, 1)) and redrawn(at) is None


def gated_charts(at) -> dict[str, tuple[str, dict]]:
    """The gated step view's small charts: key -> (element id, figure)."""
    out = {}
    for c in at.get("plotly_chart"):
        for prefix in ("fig_gates_", "fig_gate_step_"):
            if prefix in c.proto.id and "_at" in c.proto.id:
                key = prefix + c.proto.id.split(prefix, 1)[1].rsplit("_at", 1)[0]
                out[key] = (c.proto.id, json.loads(c.proto.spec))
    return out


def gated_figures_of(spec: RNNSpec, t: int) -> dict[str, dict]:
    from rnnviz.ui import gates_section

    figs = gates_section.inplace_figures(spec, 0, 0, t, 0, "en")
    return {k: json.loads(pio.to_json(f, validate=False)) for k, f in figs.items()}


def test_gated_small_figures_are_redrawn_in_place_with_step_t():
    spec = RNNSpec(cell="lstm", input_size=3, hidden_size=4, seq_len=5)
    at = open_app(t="1", cell="lstm", input_size="3", hidden_size="4", seq_len="5")
    first = gated_charts(at)
    at1 = gated_figures_of(spec, 1)
    assert set(first) == set(at1) and len(first) >= 10  # a panel per gate, c_t and h_t; the step's parts
    assert all(same_figure(fig, at1[k]) for k, (_, fig) in first.items())
    overlay = step_overlay(at)
    assert all(v is None for v in json.loads(overlay.proto.json)["figures"].values())
    at.get_by_key("step_next").click().run()
    charts = gated_charts(at)
    assert {k: i for k, (i, _) in charts.items()} == {k: i for k, (i, _) in first.items()}  # no remount
    overlay = step_overlay(at)
    sent, at2 = json.loads(overlay.proto.json)["figures"], gated_figures_of(spec, 2)
    assert set(sent) == set(at2) and all(same_figure(sent[k], at2[k]) for k in at2)
    assert any(not same_figure(at1[k], at2[k]) for k in at2)  # the steps differ, so the check can fail


def terms_tables(at) -> list:
    """The dashboard's terms tables (the shapes section's two tables have a 'shape' column)."""
    return [t for t in tables(at) if "W_ih x_t + b_ih" in t.columns]


def test_terms_table_is_inline_when_short_and_one_click_away_when_long():
    from rnnviz.figures.equation import step_numbers
    from rnnviz.ui import runs

    for H, inline in ((4, True), (20, False)):
        at = open_app(t="2", hidden_size=str(H), seq_len="5")
        spec = RNNSpec(hidden_size=H, seq_len=5)
        want = step_numbers(runs.get_run(spec).trace, 0, 0, 2, 0)
        if not inline:
            assert terms_tables(at) == [] and at.expander  # not built while closed
            at.session_state["eq_terms_open"] = True
            at.run()
        (table,) = terms_tables(at)
        assert list(table.columns[:1]) == ["unit"] and list(table["unit"]) == [str(j) for j in range(H)]
        for column, key in zip(table.columns[1:], ("ih", "hh", "pre", "h_t"), strict=True):
            shown = torch.tensor(table[column].astype(float).to_numpy())  # 4 decimals, as st.table showed them
            torch.testing.assert_close(shown, torch.as_tensor(want[key]).double(), rtol=0, atol=5e-5)
