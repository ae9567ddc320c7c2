"""AppTest: the diagrams page says output's layout right and checks the tutorials' idioms; one-direction wording."""

from __future__ import annotations

import pytest

from rnnviz.i18n import text
from tests.apptest import codes, open_app

PAGE = "rnnviz/ui/pages/diagrams.py"


def words(at) -> str:
    return " ".join([str(e.value) for kind in ("markdown", "caption", "subheader") for e in at.get(kind)] + codes(at))


def test_batch_first_page_names_output_batch_first_and_checks_the_idioms():
    at = open_app(PAGE, batch_first="true", bidirectional="true", num_layers="2", seq_len="5", batch_size="3")
    said = words(at)
    assert "How output[:, t] = [h_t→ ; h_t←]" in said and "output[t] =" not in said
    assert "output.view(3, 5, 2, 3)" in said  # (batch, seq_len, num_directions, hidden)
    assert said.count("✓") >= 5 and "✗" not in said  # 2 identities + 3 idioms


def test_one_direction_gets_one_direction_wording_in_both_languages():
    for lang in ("en", "zh"):
        at = open_app(PAGE, bidirectional="false", num_layers="1", lang=lang)
        heads = [s.value for s in at.subheader]
        assert text(lang, "diag.page.identities_header_uni") in heads
        assert text(lang, "diag.page.identities_header") not in heads


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_lengths_from_the_sidebar_pad_and_are_checked_on_the_diagrams_page(lang):
    """The sidebar's lengths box reaches the URL and the spec; the diagrams page explains h_n vs output[-1]
    with every line ✓; a count that does not match batch_size gets a notice, never a traceback."""
    at = open_app(PAGE, lang=lang, seq_len="6", batch_size="2", bidirectional="true", lengths="6,3")
    assert at.text_input(key="lengths").value == "6,3"
    assert not at.exception and at.query_params["lengths"] in ("6,3", ["6,3"])
    checks = [m.value for m in at.markdown if m.value.startswith(("✓", "✗"))]
    padding = text(lang, "diag.pack.last_is_padding", n=1, length=3, L=6)
    assert any(padding in c for c in checks) and all(c.startswith("✓") for c in checks)
    assert any(s.value == text(lang, "diag.page.pack_header") for s in at.subheader)
    at = open_app(None, lang=lang, lengths="6")  # one length for two sequences: said on the opening page
    assert at.query_params["lengths"] in ("", [""]) and any("lengths" in w.value for w in at.warning)


def test_lengths_typed_in_the_sidebar_reach_the_url_and_the_page():
    at = open_app(PAGE, seq_len="6", batch_size="2")
    at.text_input(key="lengths").set_value("5,2").run()
    assert not at.exception and at.query_params["lengths"] in ("5,2", ["5,2"])
    assert any(s.value == text("en", "diag.page.pack_header") for s in at.subheader)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_gradients_page_says_it_does_not_apply_lengths(lang):
    at = open_app("rnnviz/ui/pages/gradients.py", lang=lang, seq_len="6", batch_size="2", lengths="6,3")
    note = text(lang, "grad.note.lengths", lengths="6,3", L=6)
    assert any(i.value == note for i in at.info)
    assert not any(i.value == note for i in open_app("rnnviz/ui/pages/gradients.py", lang=lang).info)
