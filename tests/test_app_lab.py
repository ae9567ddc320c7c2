"""AppTest of the language-model lab page: settings from the URL, a short training to the end, sampling, errors."""

from __future__ import annotations

import time

import pytest
from apptest import codes, open_app

from rnnviz.i18n import text
from rnnviz.limits import Limits

PAGE = "rnnviz/ui/pages/lab.py"
TINY = dict(lab_hidden_size="8", lab_steps="6", lab_batch_size="4", lab_num_steps="5", lab_cells="rnn,gru")


def _train_to_end(at, seconds: float = 120.0):
    """Press Train and rerun until the run is done (the fragment's polling, by hand)."""
    next(b for b in at.button if b.label in ("Train", "训练")).click().run()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if "lab_prefix" in [t.key for t in at.text_input]:  # the sampling tools appear once the run is done
            break
        time.sleep(0.3)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_lab_page_opens_with_url_settings():
    at = open_app(PAGE, **TINY)
    assert at.number_input(key="lab_hidden_size").value == 8
    assert at.number_input(key="lab_steps").value == 6
    assert not at.error


def test_bad_url_value_gives_a_notice_and_the_default():
    at = open_app(PAGE, lab_hidden_size="-3", lab_cells="rnn,banana")
    assert at.number_input(key="lab_hidden_size").value == 64
    assert len(at.warning) >= 2


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_train_to_the_end_and_sample(lang):
    at = _train_to_end(open_app(PAGE, lang=lang, **TINY))
    prefix = at.text_input(key="lab_prefix").value  # the sampling tools are there
    assert prefix
    samples = codes(at)
    assert len(samples) >= 3  # one sample per cell (taken at the last validation) and the sampled text
    assert samples[-1].startswith(prefix)
    assert len(at.get("download_button")) == 2  # one checkpoint per cell
    assert not at.error


def test_a_link_with_the_same_settings_reopens_the_finished_models(monkeypatch):
    params = dict(TINY, lab_seed="11")
    _train_to_end(open_app(PAGE, **params))
    monkeypatch.setattr("rnnviz.ui.lab_jobs.session_id", lambda: "another visitor")  # AppTest has one session id
    again = open_app(PAGE, **params)  # another visitor opens the same link
    assert any("trained already" in s.value for s in again.success)
    assert again.text_input(key="lab_prefix").value  # sampling works without training again


def test_stop_keeps_what_the_models_learnt():
    at = open_app(PAGE, **dict(TINY, lab_steps="2000", lab_seed="12"))
    next(b for b in at.button if b.label == "Train").click().run()
    deadline = time.monotonic() + 60
    while "step 0 of" in _progress(at) and time.monotonic() < deadline:  # let it learn a little first
        time.sleep(0.3)
        at.run()
    next(b for b in at.button if b.label == "Stop").click().run()
    deadline = time.monotonic() + 60
    while "lab_prefix" not in [t.key for t in at.text_input] and time.monotonic() < deadline:
        time.sleep(0.3)
        at.run()
    at.run()
    assert not at.exception
    assert at.text_input(key="lab_prefix").value
    assert "Stopped after" in _progress(at)


def _progress(at) -> str:
    return " ".join(p.proto.text for p in at.get("progress"))


def test_own_text_errors_are_messages():
    at = open_app(PAGE, lab_corpus="own")
    assert any("Paste a text" in i.value for i in at.info)
    at.text_area(key="lab_own_text").input("too short").run()
    assert not at.exception and any("at least" in e.value for e in at.error)
    at.text_area(key="lab_own_text").input("<script>alert(1)</script> " * 20).run()
    assert not at.exception and not at.error  # any text is just text


def test_clearing_the_sampling_control_falls_back_to_consecutive():
    at = open_app(PAGE, lab_sampling="random")
    assert at.get("button_group")  # the segmented control is there
    at.session_state["lab_sampling"] = None
    at.run()
    assert not at.exception
    assert at.session_state["lab_sampling"] == "consecutive"


def test_hostile_url_values_never_break_the_page():
    at = open_app(PAGE, lab_hidden_size="1e999", lab_lr="nan", lab_corpus="<script>", lab_steps="-1",
                  lab_cells="", lab_sampling="%00")  # fmt: skip
    assert not at.exception and len(at.warning) >= 6
    assert at.number_input(key="lab_lr").value == 0.01


def test_a_full_server_says_busy_and_try_again(monkeypatch):
    from rnnviz.lab.jobs import Registry

    full = Registry(max_running=0)  # every slot taken by other visitors
    monkeypatch.setattr("rnnviz.ui.lab_jobs.get_registry", lambda: full)
    at = open_app(PAGE, **TINY)
    next(b for b in at.button if b.label == "Train").click().run()
    assert not at.exception
    assert any("busy" in w.value and "Try again" in w.value for w in at.warning)


NN_RNN_WIDGETS = ("preset", "input_size", "hidden_size", "num_layers", "seq_len", "batch_size", "seed", "batch")


def _sidebar_keys(at) -> set[str]:
    return {w.key for kind in ("number_input", "selectbox", "toggle", "text_input", "segmented_control")
            for w in at.sidebar.get(kind) if w.key}  # fmt: skip


def test_the_lab_sidebar_has_only_what_applies_and_keeps_the_dashboard_settings():
    at = open_app(None, hidden_size="5", lang="en")
    assert set(NN_RNN_WIDGETS) <= _sidebar_keys(at)  # the dashboard: every nn.RNN setting
    at.switch_page(PAGE).run()
    assert not at.exception
    keys = _sidebar_keys(at)
    assert keys & set(NN_RNN_WIDGETS) == set(), keys  # the lab: none of them ...
    assert {"lang", "lesson"} <= keys  # ... only the language and lesson mode
    assert [c.value for c in at.sidebar.caption] == [text("en", "lab.sb.caps", **vars(Limits()))]  # the lab's caps
    assert at.number_input(key="lab_hidden_size")  # the lab's own settings are on the page
    at.switch_page("rnnviz/ui/pages/dashboard.py").run()
    assert at.sidebar.number_input(key="hidden_size").value == 5  # the dashboard's settings came back intact


def test_the_lab_sidebar_switches_language():
    at = open_app(PAGE, lang="zh")
    assert at.title[0].value == "语言模型实验室"
    assert "hidden_size" not in _sidebar_keys(at)


@pytest.mark.parametrize(("lang", "sampling"), [("en", "consecutive"), ("zh", "random")])
def test_the_loop_section_shows_every_line_with_this_pages_shapes(lang, sampling):
    from rnnviz.lab.loop import LOOPS, loop_code

    at = open_app(PAGE, lang=lang, lab_sampling=sampling, **TINY)
    assert [e.label for e in at.expander if e.label == text(lang, "lab.loop.header")]
    assert loop_code(sampling) in codes(at)
    shown = " ".join(m.value for m in at.markdown)
    for line, _ in LOOPS[sampling]:
        assert f"`{line.strip()}`" in shown
    assert "`[4, 5]`" in shown and "`[5, 4, 8]`" in shown  # X [batch_size, num_steps], embedded [T, N, H]
    assert "`[20]`" in shown  # y: num_steps * batch_size targets
    assert any("'tuple' object has no attribute 'detach'" in c for c in codes(at))


def test_the_model_source_and_typed_input_survive_a_visit_to_the_lab():
    at = open_app(None, source="lab", lang="en")
    assert at.sidebar.segmented_control(key="source").value == "lab"
    at.switch_page(PAGE).run()
    assert "source" not in _sidebar_keys(at)  # the lab trains its own model: no model source there
    at.switch_page("rnnviz/ui/pages/dashboard.py").run()
    assert not at.exception
    assert at.sidebar.segmented_control(key="source").value == "lab"  # the choice came back with the page
