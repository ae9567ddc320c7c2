"""Your own numbers: pasted text and CSV -> x [L, N, F] and lengths, fitted to a module; h0/c0 and input files."""

from __future__ import annotations

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from rnnviz import Limits
from rnnviz.sources import SourceError, expected_input_shape, fit_input, parse_csv, parse_numbers
from rnnviz.sources.tensors import input_file
from tests.sources_models import make_module, safetensors_bytes, torch_bytes


def test_pasted_numbers_one_step_per_line_sequences_by_blank_lines():
    numbers = parse_numbers("1, 2, 3\n4 5 6\n\n\n# a comment\n7,8 ,9\n")
    assert numbers.shape == (2, 2, 3) and numbers.lengths == (2, 1)
    torch.testing.assert_close(numbers.x[:, 0], torch.tensor([[1.0, 2, 3], [4, 5, 6]]))
    torch.testing.assert_close(numbers.x[:, 1], torch.tensor([[7.0, 8, 9], [0, 0, 0]]))  # padded after its end
    assert "different lengths (2, 1)" in numbers.notes[0].text("en")
    same = parse_numbers("1 2\n3 4\n\n5 6\n7 8")
    assert same.shape == (2, 2, 2) and same.lengths is None and not same.notes
    torch.testing.assert_close(parse_numbers(b"-1.5e-3, .5, 2.\n").x.flatten(), torch.tensor([-1.5e-3, 0.5, 2.0]))


ROWS = st.lists(st.integers(-99, 99), min_size=3, max_size=3)  # one time step, 3 features


@given(st.lists(st.lists(ROWS, min_size=1, max_size=5), min_size=1, max_size=4))
def test_any_sequences_round_trip_through_text(seqs):
    text = "\n\n".join("\n".join(", ".join(map(str, row)) for row in seq) for seq in seqs)
    numbers = parse_numbers(text)
    lens = [len(s) for s in seqs]
    assert numbers.shape == (max(lens), len(seqs), 3)
    assert numbers.lengths == (tuple(lens) if len(set(lens)) > 1 else None)
    for n, seq in enumerate(seqs):
        assert numbers.x[: len(seq), n].tolist() == [[float(v) for v in row] for row in seq]
        assert not numbers.x[len(seq) :, n].any()


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("1,2,3\n4,5\n", "Line 2 has 2 value.*line 1 has 3"),
        ("1,2\n\n3,4,5\n", "Line 3 has 3 value.*line 1 has 2"),
        ("1,2\n3,abc\n", "Line 2, column 2: 'abc' is not a number"),
        ("1,,2\n", "Line 1, column 2 is empty"),
        ("1_000\n", "Line 1, column 1: '1_000' is not a number"),
        ("\n \n# only a comment\n", "No numbers found"),
        ("", "No numbers found"),
        (b"1,2\n\xff\n", "not UTF-8"),
    ],
)
def test_bad_numbers_name_the_line_and_column(text, match):
    with pytest.raises(SourceError, match=match):
        parse_numbers(text)


def test_numbers_over_the_caps_are_refused_before_converting():
    lim = Limits(seq_len=3, batch_size=2, input_size=2)
    with pytest.raises(SourceError, match="seq_len is 4, above this server's cap of 3"):
        parse_numbers("1\n2\n3\n4", limits=lim)
    with pytest.raises(SourceError, match="batch_size is 3"):
        parse_numbers("1\n\n2\n\n3", limits=lim)
    with pytest.raises(SourceError, match="input_size is 3"):
        parse_numbers("1 2 3", limits=lim)
    with pytest.raises(SourceError, match="above this server's cap of 0 MB"):
        parse_numbers("1 2 3", limits=Limits(upload_mb=0))


def test_non_finite_input_is_kept_and_noted():
    numbers = parse_numbers("nan, 1\ninf, -inf\n")
    assert numbers.x.isnan().sum() == 1 and numbers.x.isinf().sum() == 2
    assert "3 NaN or infinite" in numbers.notes[0].text("en")


def test_csv_with_a_header_and_a_sequence_id_column():
    csv = "sequence,x1,x2\nb,1,2\na,3,4\nb,5,6\n"
    numbers = parse_csv(csv)
    assert numbers.sequence_ids == ("b", "a") and numbers.lengths == (2, 1)
    torch.testing.assert_close(numbers.x[:, 0], torch.tensor([[1.0, 2], [5, 6]]))
    torch.testing.assert_close(numbers.x[:, 1], torch.tensor([[3.0, 4], [0, 0]]))
    plain = parse_csv("x1,x2\n1,2\n3,4\n")
    assert plain.shape == (2, 1, 2) and plain.sequence_ids is None
    assert parse_csv("1;2\n3;4\n").shape == (2, 1, 2)  # ; and tab separators are recognised
    assert parse_csv("1\t2\n3\t4\n").shape == (2, 1, 2)
    by_index = parse_csv("7,1,2\n7,3,4\n8,5,6\n", sequence_column=0)
    assert by_index.sequence_ids == ("7", "8") and by_index.shape == (2, 2, 2)
    assert parse_csv("ID,a\nq,1\n", sequence_column="id").sequence_ids == ("q",)


@pytest.mark.parametrize(
    ("csv", "kwargs", "match"),
    [
        ("a,b\n1,2\n3\n", {}, "Line 3 has 1 value.*line 2 has 2"),
        ("a,b\n1,2\n3,zz\n", {}, r"Line 3, column 2 \(b\): 'zz' is not a number"),
        ("a,b\n1,\n", {}, r"Line 2, column 2 \(b\) is empty"),
        ("a,b\n", {}, "No numbers found"),
        ("a,b\n1,2\n", {"sequence_column": "run"}, "No sequence-id column 'run': the columns are a, b"),
        ("1,2\n", {"sequence_column": 5}, "No sequence-id column"),
    ],
)
def test_bad_csv_names_the_line_and_column(csv, kwargs, match):
    with pytest.raises(SourceError, match=match):
        parse_csv(csv, **kwargs)


@pytest.mark.parametrize("batch_first", [False, True])
def test_fit_input_gives_what_the_module_takes_and_it_runs(batch_first):
    rnn = make_module("GRU", input_size=2, hidden_size=3, num_layers=2, bidirectional=True, batch_first=batch_first)
    numbers = parse_numbers("1 2\n3 4\n5 6\n\n7 8\n")
    fitted = fit_input(numbers, rnn)
    assert tuple(fitted.x.shape) == expected_input_shape(rnn, 3, 2) == ((2, 3, 2) if batch_first else (3, 2, 2))
    assert fitted.lengths == (3, 1)
    packed = pack_padded_sequence(fitted.x, list(fitted.lengths), batch_first=batch_first, enforce_sorted=False)
    out, h_n = rnn(packed)
    out, _ = pad_packed_sequence(out, batch_first=batch_first)
    assert tuple(h_n.shape) == (4, 2, 3)


def test_a_feature_mismatch_says_exactly_what_to_change():
    rnn = make_module("RNN", input_size=4, hidden_size=3)
    with pytest.raises(SourceError) as err:
        fit_input(parse_numbers("1 2 3\n4 5 6"), rnn)
    msg = str(err.value)
    assert "Your numbers are [2, 1, 3] with 3 feature(s)" in msg and "input_size is 4" in msg
    assert "expects [2, 1, 4]" in msg and "add 1 value(s) to every line" in msg
    with pytest.raises(SourceError, match="remove 2 value"):
        fit_input(parse_numbers("1 2 3 4 5 6"), rnn)
    batch_first = make_module("RNN", input_size=4, hidden_size=3, batch_first=True)
    with pytest.raises(SourceError, match=r"expects \[1, 2, 4\]"):
        fit_input(parse_numbers("1 2 3\n4 5 6"), batch_first)


def test_h0_and_c0_as_numbers_or_tensors():
    lstm = make_module("LSTM", input_size=2, hidden_size=3, num_layers=2)
    numbers = parse_numbers("1 2\n3 4\n\n5 6\n7 8")  # N = 2
    h0 = parse_numbers("1 2 3\n4 5 6\n\n.1 .2 .3\n.4 .5 .6")  # a line per layer, a block per sequence: [2, 2, 3]
    c0 = torch.zeros(2, 2, 3)
    fitted = fit_input(numbers, lstm, h0=h0, c0=c0)
    torch.testing.assert_close(fitted.h0[1, 0], torch.tensor([4.0, 5, 6]))
    lstm(fitted.x, (fitted.h0, fitted.c0))
    with pytest.raises(SourceError, match=r"h0 is \[2, 3\], but this model and input need \[2, 2, 3\]"):
        fit_input(numbers, lstm, h0=torch.zeros(2, 3), c0=c0)
    with pytest.raises(SourceError, match="needs both h0 and c0; only h0"):
        fit_input(numbers, lstm, h0=h0)
    gru = make_module("GRU", input_size=2, hidden_size=3, num_layers=2)
    with pytest.raises(SourceError, match="c0 is only for an LSTM; this model is nn.GRU"):
        fit_input(numbers, gru, h0=h0, c0=c0)
    proj = make_module("LSTM", input_size=2, hidden_size=3, proj_size=1)
    fitted = fit_input(numbers, proj, h0=torch.zeros(1, 2, 1), c0=torch.zeros(1, 2, 3))  # h: proj_size, c: hidden
    proj(fitted.x, (fitted.h0, fitted.c0))


def test_fit_input_checks_the_trace_size_cap():
    rnn = make_module("RNN", input_size=1, hidden_size=4, num_layers=2)
    with pytest.raises(SourceError, match="cells is 24, above this server's cap of 10"):
        fit_input(parse_numbers("1\n2\n3"), rnn, limits=Limits(cells=10))


@pytest.mark.parametrize("writer", [torch_bytes, safetensors_bytes])
def test_an_input_file_with_x_lengths_h0_and_c0(writer):
    x = torch.randn(4, 2, 3)
    data = writer({"x": x, "lengths": torch.tensor([4, 2]), "h0": torch.ones(1, 2, 5), "c0": torch.zeros(1, 2, 5)})
    numbers, h0, c0 = input_file(data)
    assert numbers.lengths == (4, 2)
    torch.testing.assert_close(numbers.x[:, 0], x[:, 0])
    assert not numbers.x[2:, 1].any()  # after the second sequence's end: zeros, as pasted input
    lstm = make_module("LSTM", input_size=3, hidden_size=5)
    fitted = fit_input(numbers, lstm, h0=h0, c0=c0)
    lstm(pack_padded_sequence(fitted.x, list(fitted.lengths), enforce_sorted=False), (fitted.h0, fitted.c0))
    with pytest.raises(SourceError, match="no tensor named x or input"):
        input_file(torch_bytes({"y": x}))
    with pytest.raises(SourceError, match="lengths"):
        input_file(torch_bytes({"x": x, "lengths": torch.tensor([5, 1])}))
    with pytest.raises(SourceError, match="seq_len is 4, above"):
        input_file(torch_bytes({"x": x}), limits=Limits(seq_len=3))
    with pytest.raises(SourceError, match="h0 must be a floating-point tensor, not a int64"):
        input_file(torch_bytes({"x": x, "h0": torch.ones(1, 2, 5, dtype=torch.long)}))
    with pytest.raises(SourceError, match="input is \\[3\\] \\(float32\\)"):
        input_file(torch_bytes({"input": torch.zeros(3)}))
