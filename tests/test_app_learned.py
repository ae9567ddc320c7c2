"""AppTest of 'What did it learn': a model trained in the lab page, an uploaded checkpoint, bad files and text."""

from __future__ import annotations

import pytest
from apptest import open_app
from learned_models import trained
from test_app_lab import TINY, _train_to_end

from rnnviz.i18n import text
from rnnviz.lab.checkpoint import to_bytes

PAGE = "rnnviz/ui/pages/learned.py"


def _upload(at, data: bytes, name: str = "rnnviz_lab_lstm.pt"):
    """Upload ``data`` (choosing the upload first: AppTests share one session id, so a lab run may be listed;
    a file kept from before is removed first, as a user replaces it)."""
    at.radio(key="learned_source").set_value("upload").run()
    if any(b.key == "learned_upload_remove" for b in at.button):  # a file is kept: replacing it removes it first
        at.button(key="learned_upload_remove").click().run()
    at.file_uploader(key="learned_upload").set_value((name, data, "application/octet-stream"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_without_a_model_the_page_says_what_to_do(monkeypatch):
    monkeypatch.setattr("rnnviz.ui.lab_jobs.session_id", lambda: "a visitor who trained nothing")
    at = open_app(PAGE)
    assert any(text("en", "learned.none") == i.value for i in at.info)


def test_a_model_trained_in_the_lab_is_one_click_away():
    at = _train_to_end(open_app("rnnviz/ui/pages/lab.py", **dict(TINY, lab_seed="21")))
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.radio(key="learned_source").options == ["Trained in the lab: RNN", "Trained in the lab: GRU",
                                                      "Upload a lab checkpoint (.pt)"]  # fmt: skip
    assert at.success and "Checked" in at.success[0].value
    assert at.text_area[0].value  # the start of the validation text
    assert at.number_input(key="learned_unit").value in range(8)
    at.radio(key="learned_source").set_value("gru").run()
    assert not at.exception
    assert at.selectbox(key="learned_quantity").options == ["h_t (hidden state)", "gate r", "gate z", "gate n"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_uploaded_checkpoint_shows_every_view(lang):
    t = trained("lstm", num_layers=2)
    at = _upload(open_app(PAGE, lang=lang), to_bytes(t.model, t.config, t.vocab))
    assert at.success  # the parity badge
    keys = {c.key for c in at.get("plotly_chart")}
    assert {"learned_text_fig", "learned_pred_fig", "learned_units_fig", "learned_sat_fig"} <= keys
    assert len(at.selectbox(key="learned_layer").options) == 2
    assert len(at.selectbox(key="learned_quantity").options) == 7  # h, c, tanh(c), i, f, g, o
    at.selectbox(key="learned_quantity").set_value("f").run()  # the forget gate
    at.number_input(key="learned_unit").set_value(7).run()
    assert not at.exception and not at.error
    assert len(at.get("download_button")) >= 4 * 3 + 2


def test_a_passage_with_unknown_characters_or_too_short_gets_a_message():
    t = trained("gru", num_layers=1)
    at = _upload(open_app(PAGE), to_bytes(t.model, t.config, t.vocab))
    area = at.text_area[0]
    area.set_value("ma <b>QQ</b>").run()
    assert not at.exception
    assert any("does not know" in w.value for w in at.warning)
    assert not at.get("plotly_chart")
    at.text_area[0].set_value("m").run()
    assert any(text("en", "learned.empty") == i.value for i in at.info)


@pytest.mark.parametrize("data", [b"not a checkpoint", b"\x80\x02cos\nsystem\n(S'echo hi'\ntR."])
def test_a_bad_file_gets_a_message_not_a_traceback(data):
    at = _upload(open_app(PAGE), data, "evil.pt")
    assert at.error and "not a lab checkpoint" in at.error[0].value
    assert not at.get("plotly_chart")


def test_lesson_mode_captions_the_figures():
    t = trained("gru", num_layers=1)
    at = _upload(open_app(PAGE, lesson="1"), to_bytes(t.model, t.config, t.vocab))
    captions = [c.value for c in at.caption]
    assert any("GRU · layer 0 · unit" in c for c in captions)


def test_the_passage_is_capped(monkeypatch):
    monkeypatch.setenv("RNNVIZ_MAX_LEARNED_CHARS", "30")
    t = trained("gru", num_layers=1)
    at = _upload(open_app(PAGE), to_bytes(t.model, t.config, t.vocab))
    assert 2 <= len(at.text_area[0].value) <= 30
    assert at.text_area[0].max_chars == 30


def test_select_and_match_finds_the_hand_built_quote_unit():
    from learned_models import QUOTE_TEXT, quote_model

    from rnnviz.lab.config import LabConfig

    model, vocab = quote_model()
    data = to_bytes(model, LabConfig(cell="lstm", corpus="own", hidden_size=4), vocab)
    at = _upload(open_app(PAGE), data, "quotes.pt")
    assert any(text("en", "learned.empty") == i.value for i in at.info)  # an own text: nothing to start from
    at.text_area[0].set_value(QUOTE_TEXT).run()
    assert at.number_input(key="learned_unit").value == 0  # the best-ranked unit is shown first
    first = QUOTE_TEXT.index('"')
    at.slider(key="learned_span").set_value((first, first + 4)).run()
    at.slider(key="learned_thr_h").set_value(0.5).run()
    assert not at.exception
    picked = next(m.value for m in at.markdown if "units picked" in m.value)
    assert "0" in picked.split(":")[1].replace(" ", "").split(",")
    matches = at.dataframe[-1].value  # after the ranking table
    assert len(matches) >= QUOTE_TEXT.count('"') // 2  # every quoted span fires again
    assert first in matches.iloc[:, 0].tolist()  # the selected span itself is one of them


def test_switching_to_a_smaller_model_keeps_the_page_working():
    big = trained("lstm", num_layers=2)
    small = trained("gru", num_layers=1)
    at = _upload(open_app(PAGE), to_bytes(big.model, big.config, big.vocab))
    at.selectbox(key="learned_layer").set_value(1).run()
    at.selectbox(key="learned_quantity").set_value("c").run()
    at = _upload(at, to_bytes(small.model, small.config, small.vocab), "rnnviz_lab_gru.pt")
    assert not at.exception and not at.error
    assert at.selectbox(key="learned_layer").value == 0
    assert at.selectbox(key="learned_quantity").options[0] == "h_t (hidden state)"
