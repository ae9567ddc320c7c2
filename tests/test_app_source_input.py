"""AppTest of the sidebar's own input: pasted numbers, a CSV, a tensor file with h0, and their refusals."""

from __future__ import annotations

import pytest
import torch
from apptest import codes, open_app
from sources_models import make_module, torch_bytes
from test_app_source import _spec, _upload

from rnnviz.run import build_run
from rnnviz.sources import parse_numbers
from rnnviz.sources.sourced import SourcedSpec

PASTED = "0.1, 0.2, 0.3, 0.4\n0.5 0.6 0.7 0.8\n-1 0 1 2\n\n1 2 3 4\n4 3 2 1\n"  # 2 sequences: 3 and 2 steps


def _paste(at, numbers: str):
    at.selectbox(key="own_input").set_value("numbers").run()
    at.text_area(key="own_numbers").set_value(numbers).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_pasted_numbers_become_x_and_lengths_and_the_snippet_reproduces_them():
    at = _paste(open_app(), PASTED)  # the beginner's nn.RNN(4, 2)
    spec = _spec(at)
    assert isinstance(spec, SourcedSpec) and spec.source.model == "settings" and spec.source.input_id
    assert (spec.seq_len, spec.batch_size, spec.lengths) == (3, 2, (3, 2))
    assert any("Your input: [3, 2, 4]" in c.value and "the model takes [3, 2, 4]" in c.value for c in at.caption)
    assert any("input: yours" in c.value for c in at.caption)
    assert "seq_len" not in [n.key for n in at.number_input]  # the numbers decide seq_len and batch
    run = build_run(spec)
    torch.testing.assert_close(run.x, parse_numbers(PASTED).x)
    snippet = next(c for c in codes(at) if "pack_padded_sequence" in c)
    scope: dict = {}
    exec(snippet, scope)
    torch.testing.assert_close(scope["output"], run.trace.output)
    torch.testing.assert_close(scope["h_n"], run.trace.h_n)


def test_numbers_with_the_wrong_feature_count_say_what_to_change():
    at = _paste(open_app(), "1 2 3\n4 5 6\n")
    errors = " ".join(e.value for e in at.error)
    assert "[2, 1, 3]" in errors and "input_size is 4 (it expects [2, 1, 4]): add 1 value(s)" in errors
    assert not isinstance(_spec(at), SourcedSpec)  # the seeded input, and the page still works
    assert at.title


@pytest.mark.parametrize(
    "csv, says",
    [
        (b"1,2,3,4\n5,6\n", "Line 2 has 2 value(s)"),
        (b"1,2,3,4\n5,six,7,8\n", "Line 2, column 2"),
        (b"\xff\xfe1,2\n", "UTF-8"),
        (b"", ""),
    ],
)
def test_a_bad_csv_names_the_line_and_column(csv, says):
    at = open_app()
    at.selectbox(key="own_input").set_value("csv").run()
    at.file_uploader(key="own_csv").set_value(("steps.csv", csv, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    errors = " ".join(e.value for e in at.error)
    assert errors and says in errors
    assert not isinstance(_spec(at), SourcedSpec)


def test_a_csv_with_a_sequence_column_gives_the_batch():
    at = open_app()
    at.selectbox(key="own_input").set_value("csv").run()
    csv = b"sequence,a,b,c,d\n0,1,2,3,4\n0,5,6,7,8\n1,9,9,9,9\n"
    at.file_uploader(key="own_csv").set_value(("steps.csv", csv, "text/csv")).run()
    spec = _spec(at)
    assert (spec.seq_len, spec.batch_size, spec.lengths) == (2, 2, (2, 1))


def test_a_tensor_file_brings_h0_and_c0_for_an_uploaded_lstm():
    lstm = make_module("LSTM", input_size=3, hidden_size=2, num_layers=1)
    at = _upload(open_app(source="upload"), torch_bytes(lstm.state_dict()), "lstm.pt")
    torch.manual_seed(1)
    x, h0, c0 = torch.randn(5, 2, 3), torch.randn(1, 2, 2), torch.randn(1, 2, 2)
    at.selectbox(key="own_input").set_value("file").run()
    at.file_uploader(key="own_file").set_value(("x.pt", torch_bytes({"x": x, "h0": h0, "c0": c0}), "x")).run()
    assert not at.exception, [e.value for e in at.exception]
    run = build_run(_spec(at))
    want, (h_n, c_n) = lstm(x, (h0, c0))
    torch.testing.assert_close(run.trace.output, want.detach())
    torch.testing.assert_close(run.trace.c_n, c_n.detach())
    assert "h0_kind" not in [s.key for s in at.selectbox]  # h0 and c0 came from the file: no kind to pick
    assert any("h0 and c0: from your file" in c.value for c in at.caption)


def test_own_numbers_follow_an_uploaded_batch_first_module():
    gru = make_module("GRU", input_size=4, hidden_size=3, batch_first=True)
    at = _upload(open_app(source="upload"), torch_bytes(gru.state_dict()), "bf.pt")
    at.toggle(key="src_batch_first").set_value(True).run()
    at = _paste(at, PASTED)
    spec = _spec(at)
    assert spec.batch_first and spec.lengths == (3, 2)
    run = build_run(spec)
    assert tuple(run.x.shape) == (2, 3, 4)  # [batch, seq_len, input_size]
    assert any("the model takes [2, 3, 4]" in c.value for c in at.caption)
