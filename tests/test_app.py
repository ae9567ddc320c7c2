"""AppTest of app.py: default page, presets, interactions, URL state, hostile URLs, language, caps."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from rnnviz import PRESETS, RNNSpec, style
from rnnviz.i18n import text
from rnnviz.lesson.caption import caption
from rnnviz.presets import BEGINNER_PATH
from rnnviz.ui import lesson
from rnnviz.ui.lesson import escape_markdown
from tests.apptest import codes, open_app, step_overlay, tables

SPEC_KEYS = (
    "input_size",
    "hidden_size",
    "num_layers",
    "nonlinearity",
    "bias",
    "batch_first",
    "dropout",
    "bidirectional",
    "seq_len",
    "batch_size",
    "seed",
    "input_kind",
    "h0_kind",
    "training",
)


def run(**params) -> AppTest:
    return open_app(**params)


def charts(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def heatmap_count(chart: dict) -> int:
    return sum(1 for d in chart["data"] if d["type"] == "heatmap")


def text_of(at) -> str:
    texts = [str(e.value) for kind in ("markdown", "caption", "title", "subheader") for e in at.get(kind)]
    return " ".join(texts + codes(at))


def test_default_page_is_the_simplest_example_with_one_click_to_the_next():
    at = run()
    spec = PRESETS[BEGINNER_PATH[0]].spec  # nn.RNN(4, 2): 1 layer, one direction
    for k in SPEC_KEYS:
        assert at.get_by_key(k).value == getattr(spec, k), k
    figs = charts(at)
    assert len(figs) == 3  # hidden states, outputs, and the equation above the one-matmul view (one chart)
    assert heatmap_count(figs[0]) == 1
    assert "matches torch.nn.RNN: max |diff|" in text_of(at)
    assert at.query_params["preset"] == BEGINNER_PATH[0] and at.query_params["bidirectional"] == "false"
    assert PRESETS[BEGINNER_PATH[0]].code in codes(at)
    assert not at.warning
    at.button(key="dash_next").click().run()
    second = PRESETS[BEGINNER_PATH[1]].spec
    assert at.get_by_key("bidirectional").value == second.bidirectional is True
    assert at.query_params["preset"] == BEGINNER_PATH[1]
    assert heatmap_count(charts(at)[0]) == 2


@pytest.mark.parametrize("name", list(PRESETS))
def test_each_preset_from_the_url(name):
    at = run(preset=name)
    spec = PRESETS[name].spec
    keys = [k for k in SPEC_KEYS if k != "nonlinearity" or spec.cell == "rnn"] + ["cell"]  # nn.RNN's own option
    for k in keys + (["proj_size"] if spec.cell == "lstm" else []):
        assert at.get_by_key(k).value == getattr(spec, k), k
    assert at.get_by_key("preset").value == name
    assert heatmap_count(charts(at)[0]) == spec.num_layers * spec.num_directions
    assert at.query_params["preset"] == name


def test_preset_picker_sets_widgets_and_a_change_makes_it_custom():
    at = run()
    at.get_by_key("preset").set_value("pytorch_docs").run()
    assert at.get_by_key("hidden_size").value == 20 and at.get_by_key("seq_len").value == 5
    assert at.query_params["preset"] == "pytorch_docs"
    at.get_by_key("num_layers").set_value(3).run()
    assert at.get_by_key("preset").value == "custom" and "preset" not in at.query_params
    assert at.get_by_key("hidden_size").value == 20


def test_widget_change_updates_figures_text_and_url():
    at = run(hidden_size="3")  # the RNNSpec defaults (no config in the URL opens the beginner path)
    before, code_before = charts(at)[0], text_of(at)
    at.get_by_key("hidden_size").set_value(5).run()
    after = charts(at)[0]
    assert after != before and after["layout"]["yaxis"]["range"] == [4.5, -0.5]  # unit 0 on top
    assert "hidden_size=5" in text_of(at) and "hidden_size=5" not in code_before
    assert at.query_params["hidden_size"] == "5"
    at.get_by_key("bidirectional").set_value(False).run()
    assert heatmap_count(charts(at)[0]) == 2 and at.query_params["bidirectional"] == "false"
    at.get_by_key("nonlinearity").set_value("relu").run()
    assert charts(at)[0]["layout"]["coloraxis"]["cmin"] == 0.0


def step_boxes(at, key: str = "fig_hidden"):
    """(x0, x1) of the step boxes the browser draws over chart ``key`` (rnnviz.ui.stepview)."""
    overlay = step_overlay(at)
    shapes = json.loads(overlay.proto.json)["charts"][key]["shapes"]
    return {(s["x0"], s["x1"]) for s in shapes if s["line"].get("color") == style.HIGHLIGHT}


def test_step_controls_move_t_without_touching_the_config():
    at = run(hidden_size="3")  # the RNNSpec defaults (no config in the URL opens the beginner path)
    hidden = charts(at)[0]
    at.get_by_key("step_next").click().run()
    assert at.query_params["t"] == "1" and at.get_by_key("step_slider").value == 1
    assert step_boxes(at) == {(0.5, 1.5)} and step_boxes(at, "fig_output") == {(0.5, 1.5)}
    assert charts(at)[0] == hidden  # the chart itself does not change with t: the browser draws the step
    at.get_by_key("step_slider").set_value(4).run()
    assert at.query_params["t"] == "4" and step_boxes(at) == {(3.5, 4.5)}
    assert "t = 4" in text_of(at)
    at.get_by_key("step_back").click().run()
    assert at.query_params["t"] == "3"
    at.get_by_key("step_first").click().run()
    assert at.query_params["t"] == "0" and at.get_by_key("step_first").disabled


def test_url_params_set_widgets_step_batch_and_equation():
    at = run(
        input_size="2",
        hidden_size="4",
        num_layers="3",
        nonlinearity="relu",
        bias="0",
        batch_first="1",
        bidirectional="false",
        seq_len="7",
        batch_size="3",
        seed="42",
        input_kind="sine",
        h0_kind="random",
        t="5",
        batch="2",
    )
    assert not at.warning
    want = RNNSpec(2, 4, 3, "relu", False, True, 0.0, False, 7, 3, 42, "sine", "random")
    for k in SPEC_KEYS:
        assert at.get_by_key(k).value == getattr(want, k), k
    assert at.get_by_key("batch").value == 2 and at.get_by_key("step_slider").value == 5
    assert "t = 5" in text_of(at) and "torch.manual_seed(42)" in text_of(at)


@pytest.mark.parametrize(
    "params",
    [
        {"hidden_size": "abc", "seq_len": "-4", "num_layers": "1e99", "bias": "maybe"},
        {"input_size": "<script>alert(1)</script>", "preset": "../../etc/passwd", "lang": "<b>xx</b>"},
        {"dropout": "nan", "seed": "-1", "t": "999", "batch": "-3", "lesson": "`![x](http://evil)`"},
        {"seq_len": "9" * 60, "nonlinearity": "sigmoid", "input_kind": "](javascript:alert(1))"},
    ],
)
def test_hostile_urls_give_notices_not_tracebacks(params):
    at = run(**params)
    warnings = [w.value for w in at.warning]
    assert warnings, "every bad value is announced"
    for w in warnings:
        assert "<script>" not in w.replace("`<script>", "") or "`" in w  # URL text only inside code spans
        assert w.count("`") % 2 == 0
    assert charts(at)  # the page still renders


def test_caps_from_env_are_announced(monkeypatch):
    monkeypatch.setenv("RNNVIZ_MAX_SEQ_LEN", "10")
    at = run(seq_len="50")
    assert at.get_by_key("seq_len").value == 10
    assert any("cap" in w.value for w in at.warning)
    assert "seq_len ≤ 10" in " ".join(c.value for c in at.sidebar.caption)


def test_cells_cap_shrinks_the_sequence():
    at = run(seq_len="256", hidden_size="128", num_layers="6", batch_size="16")
    spec_cells = 1
    for k in ("seq_len", "hidden_size", "num_layers", "batch_size"):
        spec_cells *= at.get_by_key(k).value
    assert spec_cells * 2 <= 400_000 and at.warning


def test_shapes_section_states_the_modules_own_shapes_and_parameter_count():
    """The shapes tables (Markdown) and the count are nn.RNN's own: named_parameters, their shapes and numel."""
    params = {"input_size": "4", "hidden_size": "3", "num_layers": "2", "bidirectional": "true", "seq_len": "5"}
    at = run(**params)
    rnn = RNNSpec(input_size=4, hidden_size=3, num_layers=2, bidirectional=True, seq_len=5).build()[0]
    tensors, parameters = [t for t in tables(at) if "dimensions" in t.columns or "numel" in t.columns]
    assert list(parameters["name"]) == [name for name, _ in rnn.named_parameters()]
    assert list(parameters["shape"]) == [str(list(p.shape)) for p in rnn.parameters()]
    assert list(parameters["numel"]) == [str(p.numel()) for p in rnn.parameters()]
    assert dict(zip(tensors["name"], tensors["shape"], strict=True))["output"] == "[5, 2, 6]"  # batch_size 2
    total = sum(p.numel() for p in rnn.parameters())
    assert f"{text('en', 'dash.shapes.count')}: **{total:,}**" in [m.value for m in at.markdown]


def test_chinese_ui():
    at = run(lang="zh", hidden_size="3")
    assert at.title[0].value == text("zh", "dash.title")
    assert at.get_by_key("batch").label == text("zh", "dash.sb.batch")
    at.get_by_key("lang").set_value("en").run()
    assert at.title[0].value == text("en", "dash.title") and at.query_params["lang"] == "en"
    assert at.get_by_key("hidden_size").value == 3


def test_state_survives_a_page_switch():
    at = run(hidden_size="5", t="2")
    at.switch_page("rnnviz/ui/pages/diagrams.py").run()
    assert not at.exception
    assert at.query_params["hidden_size"] == "5" and at.get_by_key("hidden_size").value == 5
    at.switch_page("rnnviz/ui/pages/dashboard.py").run()
    assert at.get_by_key("step_slider").value == 2 and at.query_params["t"] == "2"


def play_ms(at) -> int | None:
    """What the browser is told: press "next" this many ms after the step is drawn (None: paused)."""
    overlay = step_overlay(at)
    return json.loads(overlay.proto.json)["play_ms"]


def test_play_asks_the_browser_for_the_next_step_at_the_chosen_speed():
    at = run(speed="0.5")
    assert play_ms(at) is None and at.get_by_key("step_speed").value == 0.5
    at.get_by_key("step_play").click().run()
    assert at.get_by_key("step_play").label == text("en", "dash.steps.pause") and play_ms(at) == 2000
    at.get_by_key("step_speed").set_value(0.25).run()
    assert play_ms(at) == 4000 and at.query_params["speed"] == "0.25"
    at.get_by_key("step_play").click().run()  # pause
    assert play_ms(at) is None and at.get_by_key("step_play").label == text("en", "dash.steps.play")


def test_a_bad_speed_in_the_url_is_a_notice_not_an_error():
    at = run(speed="99")
    assert at.get_by_key("step_speed").value == 1.0 and any("speed" in w.value for w in at.warning)


# --- lesson mode and export ------------------------------------------------------------------------
def test_lesson_mode_shows_slides_with_captions_and_hides_the_chrome():
    at = run(lesson="1", t="2", hidden_size="2")
    spec = RNNSpec(hidden_size=2)
    figs = charts(at)
    assert len(figs) == 4
    for fig in figs[:2]:  # the heatmaps fill a lesson screen: with the caption under it, one 1280x720 screen
        assert (fig["layout"]["width"], fig["layout"]["height"]) == lesson.SCREEN_FIGURE
    assert all(fig["layout"]["font"]["size"] == style.LESSON_FONT_SIZE for fig in figs)
    want = escape_markdown(caption(spec, 2, "en"))
    assert [c.value for c in at.caption].count(want) == 4  # one auto-caption under each figure
    assert any("stSidebar" in h.proto.body for h in at.get("html"))  # the CSS that hides the chrome
    assert at.get_by_key("lesson_exit") is not None
    assert not at.get("download_button") and not any("nn.RNNCell" in c for c in codes(at))  # no export, code
    again = run(lesson="1", t="2", hidden_size="2")
    assert charts(again) == figs  # the same URL gives the same picture


def test_lesson_chrome_once_per_page_and_leaving_it():
    at = run(lesson="true")
    for page in ("diagrams", "gradients", "dashboard"):
        at.switch_page(f"rnnviz/ui/pages/{page}.py").run()
        assert not at.exception, page
        assert len([b for b in at.button if b.key == "lesson_exit"]) == 1, page
    at.get_by_key("lesson_exit").click().run()
    assert at.query_params["lesson"] == "false" and not at.get_by_key("lesson").value
    assert not [b for b in at.button if b.key == "lesson_exit"] and open_export(at).get("download_button")
    assert any("nn.RNNCell" in c for c in codes(at))


def open_export(at: AppTest, key: str = "dash_export") -> AppTest:
    """Open the export panel (built only while open) and rerun."""
    at.session_state[f"{key}_open"] = True
    return at.run()


def test_export_panel_is_built_only_when_opened():
    at = run(hidden_size="2")
    assert not at.get("download_button")
    assert open_export(at).get("download_button")


def test_export_panel_follows_the_step_and_links_to_this_view():
    at = open_export(run(hidden_size="2"))
    keys = {b.proto.id.rsplit("-", 1)[-1] for b in at.get("download_button")}
    for stem in ("hidden_states", "layer_outputs", "equation_l0_forward", "matmul_l0_forward"):  # layer 0 first
        assert {f"dash_export_png_{stem}", f"dash_export_svg_{stem}", f"dash_export_html_{stem}"} <= keys
    assert {"dash_export_csv", "dash_export_npz", "dash_export_py"} <= keys
    at.get_by_key("step_next").click().run()
    links = [c for c in codes(at) if c.startswith("?")]
    assert len(links) == 2 and all("t=1" in link and "hidden_size=2" in link for link in links)
    assert "lesson=false" in links[0] and "lesson=true" in links[1]


@pytest.mark.parametrize(
    "params, module",
    [
        ({"cell": "gru"}, "nn.GRU"),
        ({"cell": "lstm", "proj_size": "1"}, "nn.LSTM"),
        ({"preset": "lstm_docs"}, "nn.LSTM"),
    ],
)
def test_gated_urls_show_the_gated_module(params, module):
    at = run(**params)
    assert not at.warning, [w.value for w in at.warning]
    assert at.query_params["cell"] == params.get("cell", "lstm")
    assert f"matches torch.{module}: max |diff|" in text_of(at)
    assert f"rnn = {module}(" in text_of(at)
    options = at.get_by_key("preset").options  # the picker lists every preset, gated ones too
    assert any("nn.LSTM" in o for o in options) and any("nn.GRU" in o for o in options)


def test_a_gated_url_with_nn_rnn_options_says_what_it_dropped():
    at = run(cell="lstm", proj_size="1", nonlinearity="relu")
    warnings = [w.value for w in at.warning]
    assert any("nonlinearity" in w and "does not apply" in w for w in warnings), warnings
    assert at.query_params["nonlinearity"] == "tanh" and at.query_params["proj_size"] == "1"
