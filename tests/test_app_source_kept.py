"""AppTest of uploads kept across pages: the sidebar's model, the own input and /learned's checkpoint stay the
session's until removed, also after the lab page (which draws no model settings) and a language switch."""

from __future__ import annotations

import torch
from apptest import open_app
from learned_models import trained
from sources_models import make_module, torch_bytes

from rnnviz.i18n import text
from rnnviz.lab.checkpoint import to_bytes
from rnnviz.sources.sourced import SourcedSpec

OCTET = "application/octet-stream"
LAB, DASHBOARD, LEARNED = (f"rnnviz/ui/pages/{p}.py" for p in ("lab", "dashboard", "learned"))


def _spec(at):
    return at.session_state["_rnnviz_view"].spec


def _gru_upload(at, name: str = "my_gru.pt"):
    torch.manual_seed(0)
    data = torch_bytes(make_module("GRU", input_size=3, hidden_size=4).state_dict())
    at.file_uploader(key="src_file").set_value((name, data, OCTET)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _there_and_back(at, page: str = LAB):
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    at.switch_page(DASHBOARD).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_an_uploaded_model_stays_after_the_lab_page_and_says_which_file():
    at = _there_and_back(_gru_upload(open_app(source="upload")))
    spec = _spec(at)
    assert isinstance(spec, SourcedSpec) and (spec.cell, spec.input_size, spec.hidden_size) == ("gru", 3, 4)
    assert at.title[0].value == text("en", "gates.dash.title", module="nn.GRU")
    assert any("`my_gru.pt`" in c.value for c in at.caption)  # the file in use, by name
    assert at.button(key="src_file_remove")  # and a way to remove it
    assert not any(i.value == text("en", "src.notice.no_file") for i in at.info)
    # the browser's new picker is told its value (else it shows Settings and sends that back on the next click)
    assert at.segmented_control(key="source").proto.set_value


def test_an_uploaded_model_stays_after_a_language_switch_and_every_page():
    at = _gru_upload(open_app(source="upload"))
    for page in ("diagrams", "gradients", "lab", "learned", "compare"):
        at = _there_and_back(at, f"rnnviz/ui/pages/{page}.py")
        assert _spec(at).cell == "gru", page
    at.segmented_control(key="lang").set_value("zh").run()  # (AppTest reads zh labels of some pages' pickers badly)
    at = _there_and_back(at)
    assert at.title[0].value == text("zh", "gates.dash.title", module="nn.GRU")
    assert any("`my_gru.pt`" in c.value for c in at.caption)


def test_removing_the_upload_returns_to_the_settings_model_and_asks_for_a_file():
    at = _there_and_back(_gru_upload(open_app(source="upload", cell="lstm", hidden_size="5")))
    at.button(key="src_file_remove").click().run()
    assert not at.exception
    spec = _spec(at)
    assert not isinstance(spec, SourcedSpec) and (spec.cell, spec.hidden_size) == ("lstm", 5)
    assert any(i.value == text("en", "src.notice.no_file") for i in at.info)
    assert at.file_uploader(key="src_file")  # ready for another file
    at = _there_and_back(at)
    assert not isinstance(_spec(at), SourcedSpec)  # removed stays removed


def test_another_file_replaces_the_upload():
    at = _gru_upload(open_app(source="upload"))
    at.button(key="src_file_remove").click().run()
    lstm = make_module("LSTM", input_size=2, hidden_size=3)
    at.file_uploader(key="src_file").set_value(("lstm.pt", torch_bytes(lstm.state_dict()), OCTET)).run()
    at = _there_and_back(at)
    assert (_spec(at).cell, _spec(at).input_size) == ("lstm", 2)
    captions = " ".join(c.value for c in at.caption)
    assert "`lstm.pt`" in captions and "my_gru.pt" not in captions


def test_a_file_name_is_shown_as_text_never_as_markup():
    at = _there_and_back(_gru_upload(open_app(source="upload"), "<b>x</b>`*y*`.pt"))
    assert _spec(at).cell == "gru"
    shown = [c.value for c in at.caption if "<b>x</b>" in c.value]
    assert shown and all("`<b>x</b>'*y*'.pt`" in c for c in shown), shown  # one code span: no markup


def test_an_own_csv_input_stays_after_the_lab_page():
    at = open_app()
    at.selectbox(key="own_input").set_value("csv").run()
    csv = b"a,b,c,d\n1,2,3,4\n5,6,7,8\n9,9,9,9\n"
    at.file_uploader(key="own_csv").set_value(("steps.csv", csv, "text/csv")).run()
    assert _spec(at).seq_len == 3
    at = _there_and_back(at)
    assert isinstance(_spec(at), SourcedSpec) and _spec(at).seq_len == 3
    assert any("`steps.csv`" in c.value for c in at.caption)
    at.button(key="own_csv_remove").click().run()
    assert not isinstance(_spec(at), SourcedSpec)


def test_a_learned_checkpoint_stays_after_another_page():
    t = trained("gru", num_layers=1)
    at = open_app(LEARNED)
    at.radio(key="learned_source").set_value("upload").run()
    at.file_uploader(key="learned_upload").set_value(("ckpt.pt", to_bytes(t.model, t.config, t.vocab), OCTET)).run()
    assert at.success  # the parity badge
    at.switch_page(LAB).run()
    at.switch_page(LEARNED).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success and any("`ckpt.pt`" in c.value for c in at.caption)
    assert {"learned_text_fig"} <= {c.key for c in at.get("plotly_chart")}


def test_the_labs_uploaded_text_stays_after_the_dashboard():
    at = open_app(LAB, lab_corpus="own")
    body = ("the cat sat on the mat. " * 40).encode()
    at.file_uploader(key="lab_own_file").set_value(("cats.txt", body, "text/plain")).run()
    assert not at.exception and not any("Paste a text" in i.value for i in at.info)
    at.switch_page(DASHBOARD).run()
    at.switch_page(LAB).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not any("Paste a text" in i.value for i in at.info)  # not asked for again
    assert any("`cats.txt`" in c.value for c in at.caption)


def test_a_file_over_the_upload_cap_is_not_kept(monkeypatch):
    monkeypatch.setenv("RNNVIZ_MAX_UPLOAD_MB", "1")  # (the server's maxUploadSize refuses it before, normally)
    at = open_app(source="upload")
    at.file_uploader(key="src_file").set_value(("big.pt", b"\0" * (2**20 + 1), OCTET)).run()
    assert not at.exception
    assert any(e.value == text("en", "kept.too_big", mb=1) for e in at.error)
    assert not at.session_state["_rnnviz_kept_uploads"] and not isinstance(_spec(at), SourcedSpec)


def test_learned_offers_the_sidebars_file_when_it_is_a_lab_checkpoint():
    t = trained("gru", num_layers=1)
    at = open_app(source="upload")
    at.file_uploader(key="src_file").set_value(("ckpt.pt", to_bytes(t.model, t.config, t.vocab), OCTET)).run()
    at.switch_page(LEARNED).run()
    at.radio(key="learned_source").set_value("upload").run()
    offer = at.button(key="learned_use_sidebar")
    assert offer.label == text("en", "learned.use_sidebar", name="`ckpt.pt`")
    offer.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success and {"learned_text_fig"} <= {c.key for c in at.get("plotly_chart")}  # the model, shown
    assert not any(b.key == "learned_use_sidebar" for b in at.button)  # used: no offer any more
    at.button(key="learned_upload_remove").click().run()  # removing this page's copy leaves the sidebar's
    assert isinstance(_spec(at), SourcedSpec) and any(b.key == "learned_use_sidebar" for b in at.button)


def test_learned_offers_nothing_for_a_sidebar_file_that_is_not_a_checkpoint():
    at = _gru_upload(open_app(source="upload"))  # a plain nn.GRU state_dict: the sidebar's, not a lab checkpoint
    at.switch_page(LEARNED).run()
    at.radio(key="learned_source").set_value("upload").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not any(b.key == "learned_use_sidebar" for b in at.button)
    assert at.file_uploader(key="learned_upload")  # its own uploader, as before
