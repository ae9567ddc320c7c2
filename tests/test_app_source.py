"""AppTest of the sidebar's model source: an uploaded state_dict, refusals, the URL's source=, a lab model."""

from __future__ import annotations

import json
import zipfile
from io import BytesIO
from types import SimpleNamespace

import pytest
import torch
from apptest import codes, open_app, step_overlay
from learned_models import trained
from sources_models import RNNModel, make_module, safetensors_bytes, torch_bytes
from test_sources_hostile import _PathPayload, _Payload

from rnnviz.figures.heatmaps import hidden_step
from rnnviz.i18n import text
from rnnviz.run import build_run
from rnnviz.sources.sourced import SourcedSpec

OCTET = "application/octet-stream"
DIAGRAMS, GRADIENTS, COMPARE = (f"rnnviz/ui/pages/{p}.py" for p in ("diagrams", "gradients", "compare"))


def _upload(at, data: bytes, name: str = "my_model.pt"):
    at.file_uploader(key="src_file").set_value((name, data, OCTET)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _spec(at):
    return at.session_state["_rnnviz_view"].spec


def _query(at, key: str) -> str | None:
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


def _badges(at) -> list[str]:
    """The badges' text (st.badge is Markdown ``:green-badge[...]`` in AppTest)."""
    return [m.value for m in at.markdown if m.value.startswith((":green-badge[", ":red-badge["))]


def test_a_link_without_source_is_unchanged_and_writes_no_source():
    at = open_app(hidden_size="3", cell="gru")
    assert at.segmented_control(key="source").value == "settings"
    assert "source" not in at.query_params
    assert not isinstance(_spec(at), SourcedSpec)
    assert at.selectbox(key="preset")  # the settings' widgets are there


@pytest.mark.parametrize("raw", ["banana", "<script>alert(1)</script>", "x" * 500])
def test_an_unknown_source_in_the_link_gets_a_notice_and_the_settings(raw):
    at = open_app(source=raw)
    assert at.segmented_control(key="source").value == "settings"
    assert any("is not one of settings, upload, lab" in w.value for w in at.warning)
    assert "<script>" not in "".join(w.value for w in at.warning if "`" not in w.value)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_source_upload_without_a_file_says_upload_one_and_shows_the_settings(lang):
    at = open_app(source="upload", lang=lang)
    assert _query(at, "source") == "upload"
    assert any(text(lang, "src.notice.no_file") == i.value for i in at.info)
    assert not isinstance(_spec(at), SourcedSpec)
    assert at.title  # the page still works


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_uploaded_gru_drives_every_label_and_matches_torch(lang, tmp_path, monkeypatch):
    gru = make_module("GRU", input_size=5, hidden_size=3, num_layers=2, bidirectional=True)
    data = torch_bytes({"state_dict": gru.state_dict()})
    at = _upload(open_app(source="upload", lang=lang), data, "my_gru.pt")
    spec = _spec(at)
    assert isinstance(spec, SourcedSpec) and spec.cell == "gru" and spec.input_size == 5
    assert (spec.hidden_size, spec.num_layers, spec.bidirectional) == (3, 2, True)
    assert at.title[0].value == text(lang, "gates.dash.title", module="nn.GRU")
    assert any("my_gru.pt" in c.value for c in at.caption)  # where the weights came from
    ok = text(lang, "gates.parity_ok", module="nn.GRU", diff="")
    assert any(b.startswith(":green-badge[") and ok in b for b in _badges(at)), _badges(at)
    assert "input_size" not in [n.key for n in at.number_input]  # the file decides the sizes
    run = build_run(spec)
    for name, p in gru.named_parameters():  # the run's module has the file's weights
        torch.testing.assert_close(dict(run.rnn.named_parameters())[name], p)
    # the snippet loads the file (under its own name) and computes the page's numbers
    snippet = next(c for c in codes(at) if "torch.load('my_gru.pt'" in c)
    (tmp_path / "my_gru.pt").write_bytes(data)
    monkeypatch.chdir(tmp_path)
    scope: dict = {}
    exec(snippet, scope)
    torch.testing.assert_close(scope["output"], run.trace.output)
    torch.testing.assert_close(scope["h_n"], run.trace.h_n)


def test_how_it_was_inferred_is_shown_and_the_asked_options_change_the_module():
    rnn = make_module("RNN", input_size=3, hidden_size=4, num_layers=2, nonlinearity="relu")
    at = _upload(open_app(source="upload"), safetensors_bytes(rnn.state_dict()), "relu.safetensors")
    lines = [t.value for t in at.text]
    assert any(line.startswith("Kind RNN: weight_ih_l0 [4, 3]") for line in lines)
    assert any("nonlinearity 'tanh'" in line and "default" in line for line in lines)  # the default, and said so
    assert _spec(at).nonlinearity == "tanh"
    at.selectbox(key="src_nonlinearity").set_value("relu").run()
    at.toggle(key="src_batch_first").set_value(True).run()
    assert not at.exception
    spec = _spec(at)
    assert (spec.nonlinearity, spec.batch_first) == ("relu", True)
    run = build_run(spec)
    want, _ = rnn(run.x.transpose(0, 1))  # the original module (time-major) on the same input
    torch.testing.assert_close(run.trace.output.transpose(0, 1), want)
    assert run.parity <= 1e-5
    assert any("from safetensors.torch import load_file" in c for c in codes(at))


def test_a_whole_model_with_two_recurrent_modules_gets_a_picker():
    torch.manual_seed(0)
    state = {**{f"enc.{k}": v for k, v in torch.nn.LSTM(4, 3).state_dict().items()},
             **{f"dec.{k}": v for k, v in torch.nn.GRU(3, 2).state_dict().items()}}  # fmt: skip
    at = _upload(open_app(source="upload"), torch_bytes(state))
    assert at.selectbox(key="src_prefix").options == ["enc.", "dec."]
    assert _spec(at).cell == "lstm"
    at.selectbox(key="src_prefix").set_value("dec.").run()
    assert not at.exception
    assert (_spec(at).cell, _spec(at).input_size, _spec(at).hidden_size) == ("gru", 3, 2)


def test_the_tutorials_char_model_reads_a_text_with_its_vocab():
    model = RNNModel("LSTM", 5, 4, 3, 1)
    data = torch_bytes({"state_dict": model.state_dict(), "vocab": list("abcde")})
    at = _upload(open_app(source="upload"), data)
    assert at.selectbox(key="own_input").value == "text"
    at.text_area(key="own_text").set_value("badcab").run()
    spec = _spec(at)
    assert (spec.seq_len, spec.batch_size, spec.input_size) == (6, 1, 4)
    run = build_run(spec)
    want, _ = model.rnn(model.encoder(torch.tensor([1, 0, 3, 2, 0, 1]))[:, None])
    torch.testing.assert_close(run.trace.output, want.detach())
    at.text_area(key="own_text").set_value("bad zebra").run()  # ' ', 'z', 'r' are not in the vocab
    assert not at.exception
    assert any("'z'" in e.value and "'r'" in e.value for e in at.error)


def test_the_heatmaps_say_which_character_each_step_read():
    """A char model's text is on the heatmaps' time axis (the chart sent and the step drawn over it)."""
    model = RNNModel("GRU", 5, 4, 3, 1)
    data = torch_bytes({"state_dict": model.state_dict(), "vocab": list("ab cd")})
    at = _upload(open_app(source="upload"), data)
    at.text_area(key="own_text").set_value("ab cab").run()
    assert not at.exception
    (hidden,) = [json.loads(c.proto.spec) for c in at.get("plotly_chart") if "fig_hidden" in c.proto.id]
    ticks = [ax["ticktext"] for name, ax in hidden["layout"].items() if name.startswith("xaxis") and "ticktext" in ax]
    assert ticks == [["0<br>a", "1<br>b", "2<br>␣", "3<br>c", "4<br>a", "5<br>b"]]
    marks = json.loads(step_overlay(at).proto.json)["charts"]["fig_hidden"]
    assert marks == json.loads(json.dumps(hidden_step(build_run(_spec(at)).trace, 0, "en", False, tuple("ab cab"))))


@pytest.mark.parametrize("payload", [_Payload, _PathPayload])
def test_a_pickle_that_would_run_code_is_refused_on_the_page_and_never_runs(tmp_path, payload):
    marker = tmp_path / "pwned"
    data = torch_bytes({"weight_ih_l0": torch.zeros(3, 2), "x": payload(marker)})
    at = _upload(open_app(source="upload"), data, "evil.pt")
    assert not marker.exists()
    refusals = [e.value for e in at.error]
    assert any("Nothing in it was run" in e for e in refusals), refusals
    assert any("evil.pt" in e for e in refusals)  # the main area says which file and that the settings are shown
    assert not isinstance(_spec(at), SourcedSpec)
    assert at.title


def _zip_bytes() -> bytes:
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "hello")
    return buf.getvalue()


@pytest.mark.parametrize(
    "data, says",
    [
        (b"\x00\x01 not a model at all", "not"),
        (_zip_bytes(), "zip"),
        (torch_bytes({"fc.weight": torch.zeros(2, 2)}), "weight_ih_l0"),  # no recurrent layer: the expected names
        (torch_bytes({"weight_ih_l0": torch.zeros(3, 2), "weight_hh_l0": torch.zeros(2, 2)}), "weight_hh_l0"),
        (b"", ""),
    ],
)
def test_a_wrong_file_gets_its_message_and_the_page_keeps_working(data, says):
    at = _upload(open_app(source="upload"), data, "wrong.pt")
    errors = " ".join(e.value for e in at.error)
    assert errors and says in errors
    assert not isinstance(_spec(at), SourcedSpec)


def test_every_page_works_on_an_uploaded_lstm_with_projections():
    lstm = make_module("LSTM", input_size=4, hidden_size=5, num_layers=2, proj_size=2, bidirectional=True)
    at = _upload(open_app(source="upload"), torch_bytes(lstm.state_dict()), "proj.pt")
    assert _spec(at).proj_size == 2
    for page in (DIAGRAMS, GRADIENTS, COMPARE):
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert isinstance(_spec(at), SourcedSpec), page
        assert any("proj.pt" in c.value for c in at.caption), page
    assert _query(at, "source") == "upload"


def test_switching_back_to_settings_keeps_the_settings():
    at = open_app(hidden_size="4", seq_len="7", cell="gru")
    at.segmented_control(key="source").set_value("upload").run()
    _upload(at, torch_bytes(make_module("RNN", input_size=2, hidden_size=3).state_dict()))
    assert _spec(at).hidden_size == 3
    at.segmented_control(key="source").set_value("settings").run()
    assert not at.exception
    spec = _spec(at)
    assert not isinstance(spec, SourcedSpec)
    assert (spec.hidden_size, spec.seq_len, spec.cell) == (4, 7, "gru")
    assert "source" not in at.query_params


def test_uploaded_runs_live_in_the_session_not_in_a_shared_cache():
    at = _upload(open_app(source="upload"), torch_bytes(make_module("GRU", input_size=2, hidden_size=3).state_dict()))
    lru = at.session_state["_rnnviz_session_cache"]
    names = {name for name, _ in lru}
    assert {"upload", "run", "heatmaps"} <= names
    other = open_app(source="upload")  # another visitor with the same link: no file, the settings
    assert not isinstance(_spec(other), SourcedSpec)


def _fake_registry(trainings):
    job = SimpleNamespace(running=False, trainings=trainings)
    return SimpleNamespace(job=lambda owner: job)


def test_a_lab_model_is_a_source_with_its_text_on_the_time_axis(monkeypatch):
    t = trained("gru", num_layers=2)
    monkeypatch.setattr("rnnviz.ui.lab_jobs.get_registry", lambda: _fake_registry([t]))
    at = open_app(source="lab")
    assert at.selectbox(key="src_lab").options == ["GRU (8 steps)"]
    spec = _spec(at)
    assert isinstance(spec, SourcedSpec) and spec.source.model == "lab"
    assert (spec.cell, spec.input_size, spec.hidden_size, spec.num_layers) == ("gru", 8, 8, 2)
    assert at.selectbox(key="own_input").value == "text"
    passage = at.text_area(key="own_text").value
    assert passage and spec.seq_len == len(passage) and spec.own.tokens == tuple(passage)
    run = build_run(spec)
    x = t.model.embedding(torch.tensor([t.vocab.idx_to_char.index(c) for c in passage]))[:, None]
    want, _ = t.model.rnn(x)
    torch.testing.assert_close(run.trace.output, want.detach())
    assert any("lab GRU" in c.value for c in at.caption)


def test_without_a_lab_model_the_lab_source_says_what_to_do(monkeypatch):
    monkeypatch.setattr("rnnviz.ui.lab_jobs.session_id", lambda: "a visitor who trained nothing")
    at = open_app(source="lab")
    assert any(text("en", "src.notice.no_lab") == i.value for i in at.info)
    assert not isinstance(_spec(at), SourcedSpec)


def test_compare_shows_the_uploaded_model_on_the_side_that_asks_for_it():
    gru = make_module("GRU", input_size=4, hidden_size=3, num_layers=2, bidirectional=True)
    at = _upload(open_app(source="upload"), torch_bytes(gru.state_dict()), "cmp.pt")
    at.switch_page(COMPARE).run()
    assert not at.exception
    seeded = text("en", "src.cmp.seeded")
    assert sum(c.value == seeded for c in at.caption) == 2  # A = nn.RNN, B = nn.LSTM: both seeded, said so
    at.segmented_control(key="cmp_a_cell").set_value("gru").run()
    assert not at.exception, [e.value for e in at.exception]
    assert sum(c.value == seeded for c in at.caption) == 1  # A is now the file's GRU


def test_a_model_over_the_caps_says_the_cap_and_how_to_raise_it(monkeypatch):
    monkeypatch.setenv("RNNVIZ_MAX_HIDDEN_SIZE", "4")
    at = _upload(open_app(source="upload"), torch_bytes(make_module("RNN", input_size=2, hidden_size=8).state_dict()))
    errors = " ".join(e.value for e in at.error)
    assert "hidden_size is 8" in errors and "RNNVIZ_MAX_HIDDEN_SIZE" in errors
    assert not isinstance(_spec(at), SourcedSpec)


def test_float64_and_nan_weights_are_converted_or_shown_never_a_crash():
    rnn = make_module("RNN", dtype=torch.float64, input_size=2, hidden_size=3)
    at = _upload(open_app(source="upload"), torch_bytes(rnn.state_dict()), "f64.pt")
    assert any("torch.float64" in t.value and "converted" in t.value for t in at.text)
    assert build_run(_spec(at)).parity <= 1e-5
    state = make_module("GRU", input_size=2, hidden_size=3).state_dict()
    state["weight_hh_l0"][0, 0] = float("nan")
    at = _upload(open_app(source="upload"), torch_bytes(state), "nan.pt")
    assert any("NaN" in t.value for t in at.text)  # said in "How it was inferred"
    assert isinstance(_spec(at), SourcedSpec) and at.title


def test_a_model_trained_on_the_lab_page_opens_on_the_dashboard():
    from test_app_lab import TINY, _train_to_end

    at = _train_to_end(open_app("rnnviz/ui/pages/lab.py", **dict(TINY, lab_seed="23")))
    at.switch_page("rnnviz/ui/pages/dashboard.py").run()
    at.segmented_control(key="source").set_value("lab").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="src_lab").options == ["RNN (6 steps)", "GRU (6 steps)"]
    spec = _spec(at)
    assert spec.source.model == "lab" and (spec.cell, spec.input_size, spec.hidden_size) == ("rnn", 8, 8)
    assert _badges(at) and all(b.startswith(":green-badge[") for b in _badges(at))
    at.selectbox(key="src_lab").set_value("gru").run()
    assert _spec(at).cell == "gru" and at.title[0].value == text("en", "gates.dash.title", module="nn.GRU")


def test_the_gradients_comparison_says_which_line_is_the_uploaded_model():
    """nn.RNN, nn.GRU and nn.LSTM side by side: the uploaded GRU is the GRU line, the others are seeded; with
    the user's own input the caption says the seeded lines are fed the seeded input."""
    data = torch_bytes(make_module("GRU", input_size=3, hidden_size=2, num_layers=1).state_dict())
    at = _upload(open_app(source="upload"), data)
    at.switch_page(GRADIENTS).run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert text("en", "gates.grad.kinds_caption_model", module="nn.GRU", layer=0, scale="1") in captions
    assert text("en", "gates.grad.kinds_caption", layer=0, scale="1") not in captions  # "built from the same seed"
    at.selectbox(key="own_input").set_value("numbers").run()
    at.text_area(key="own_numbers").set_value("1, 2, 3\n4, 5, 6").run()
    assert not at.exception and _spec(at).source.input_id
    captions = [c.value for c in at.caption]
    assert text("en", "gates.grad.kinds_caption_input", module="nn.GRU", layer=0, scale="1") in captions
