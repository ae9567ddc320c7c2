"""AppTest: the diagrams page says output's layout right and checks the tutorials' idioms; one-direction wording."""

from __future__ import annotations

from rnnviz.i18n import text
from tests.apptest import open_app

PAGE = "rnnviz/ui/pages/diagrams.py"


def words(at) -> str:
    return " ".join(str(e.value) for kind in ("markdown", "caption", "code", "subheader") for e in at.get(kind))


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
