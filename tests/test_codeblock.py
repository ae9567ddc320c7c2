"""rnnviz.ui.codeblock: the tokens sent are the code, exactly, and Python is highlighted by kind."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rnnviz.snippet import cell_loop_snippet, snippet
from rnnviz.spec import RNNSpec
from rnnviz.ui.codeblock import tokens
from tests.apptest import codes, open_app


@settings(max_examples=300, deadline=None)
@given(st.text(), st.sampled_from(["python", None]))
def test_tokens_join_to_the_code_exactly(body, language):
    runs = tokens(body, language)
    lines = body.replace("\r\n", "\n").replace("\r", "\n") if language else body  # Python: "\n" line ends
    assert "".join(part for _, part in runs) == lines
    assert all(part for _, part in runs)  # no empty run
    assert all(a[0] != b[0] for a, b in zip(runs, runs[1:], strict=False))  # neighbours merged


def test_python_is_classed_by_kind():
    code = "import torch\nfor x in range(3):  # a loop\n    f('s', 2.5, None)\ndef g(): pass\nclass C: pass\n"
    by_text = {part.strip(): cls for cls, part in tokens(code) if part.strip()}
    assert by_text["import"] == by_text["for"] == by_text["in"] == "k"
    assert by_text["range"] == "b" and by_text["# a loop"] == "c"
    assert by_text["'s'"] == "s" and by_text["2.5"] == "n" and by_text["3"] == "n"
    assert by_text["g"] == "f" and by_text["C"] == "f"
    assert tokens("x = 1 # not python", None) == (("", "x = 1 # not python"),)  # plain text: one run


def test_the_dashboard_shows_the_code_it_runs():
    spec = RNNSpec(input_size=3, hidden_size=5, num_layers=2, bidirectional=True, seq_len=4)
    at = open_app(input_size="3", hidden_size="5", num_layers="2", bidirectional="true", seq_len="4")
    shown = codes(at)
    assert snippet(spec) in shown and cell_loop_snippet(spec, "en") in shown
    assert any(c.startswith("rnn = nn.RNN(input_size=3, hidden_size=5, num_layers=2") for c in shown)
