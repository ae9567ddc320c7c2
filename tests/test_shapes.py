"""shape_report: the tensors' dimensions by name, every parameter as PyTorch names and shapes it."""

from __future__ import annotations

import pytest
import torch

from rnnviz import parameter_table, shape_report, unroll
from tests.models import tiny_rnn


@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("bias", [False, True])
def test_parameters_as_torch_names_them(bidirectional: bool, bias: bool) -> None:
    rnn = tiny_rnn(3, 5, 3, bidirectional=bidirectional, bias=bias)
    report = shape_report(unroll(rnn, torch.randn(4, 2, 3)))
    table = report.parameters
    assert table["name"].tolist() == [name for name, _ in rnn.named_parameters()]
    assert table["shape"].tolist() == [list(p.shape) for p in rnn.parameters()]
    D = 2 if bidirectional else 1
    shapes = dict(zip(table["name"], table["shape"], strict=True))
    assert shapes["weight_ih_l0"] == [5, 3] and shapes["weight_hh_l0"] == [5, 5]
    assert shapes["weight_ih_l1"] == [5, D * 5] and shapes["weight_ih_l2"] == [5, D * 5]
    assert ("weight_ih_l2_reverse" in shapes) == bidirectional and ("bias_ih_l0" in shapes) == bias
    if bias:
        assert shapes["bias_hh_l1"] == [5]
    assert report.num_parameters == sum(p.numel() for p in rnn.parameters()) == int(table["numel"].sum())


def test_parameter_table_of_a_module_equals_that_of_the_trace() -> None:
    rnn = tiny_rnn(3, 4, 2, bidirectional=True)
    trace = unroll(rnn, torch.randn(2, 1, 3))
    assert parameter_table(rnn).equals(parameter_table(trace.params))


@pytest.mark.parametrize("batch_first", [False, True])
def test_tensor_rows_name_each_dimension(batch_first: bool) -> None:
    rnn = tiny_rnn(3, 4, 2, bidirectional=True, batch_first=batch_first)
    x = torch.randn(2, 6, 3) if batch_first else torch.randn(6, 2, 3)
    trace = unroll(rnn, x)
    rows = shape_report(trace).tensors.set_index("name")
    assert rows.index.tolist() == ["input", "h0", "output", "h_n"]
    assert rows.loc["input", "shape"] == list(x.shape)
    assert rows.loc["output", "shape"] == list(trace.output.shape)
    assert rows.loc["h_n", "shape"] == list(trace.h_n.shape) == rows.loc["h0", "shape"] == [4, 2, 4]
    seq = "batch=2 × seq_len=6" if batch_first else "seq_len=6 × batch=2"
    assert rows.loc["input", "dims"] == f"{seq} × input_size=3"
    assert rows.loc["output", "dims"] == f"{seq} × num_directions*hidden_size=8"
    assert rows.loc["h_n", "dims"] == "num_layers*num_directions=4 × batch=2 × hidden_size=4"


def test_unbatched_rows_have_no_batch_dimension() -> None:
    rnn = tiny_rnn(3, 4, 1, batch_first=True)
    trace = unroll(rnn, torch.randn(6, 3))
    rows = shape_report(trace).tensors.set_index("name")
    assert rows.loc["input", "shape"] == [6, 3] and rows.loc["output", "shape"] == list(trace.output.shape) == [6, 4]
    assert rows.loc["h_n", "shape"] == list(trace.h_n.shape) == [1, 4]
    assert "batch" not in " ".join(rows["dims"])


def test_gated_shapes_name_c0_c_n_and_the_row_blocks() -> None:
    from torch import nn

    lstm = nn.LSTM(3, 5, 2, proj_size=2, bidirectional=True)
    report = shape_report(unroll(lstm, torch.randn(4, 2, 3)))
    rows = report.tensors.set_index("name")
    assert rows.index.tolist() == ["input", "h0", "c0", "output", "h_n", "c_n"]
    assert rows.loc["h0", "dims"] == "num_layers*num_directions=4 × batch=2 × proj_size=2"
    assert rows.loc["c_n", "dims"] == "num_layers*num_directions=4 × batch=2 × hidden_size=5"
    assert rows.loc["output", "dims"] == "seq_len=4 × batch=2 × num_directions*proj_size=4"
    blocks = dict(zip(report.parameters["name"], report.parameters["blocks"], strict=True))
    assert blocks["weight_ih_l1"] == "4*hidden_size rows: W_ii | W_if | W_ig | W_io"
    assert blocks["bias_hh_l0_reverse"] == "4*hidden_size rows: b_hi | b_hf | b_hg | b_ho"
    assert blocks["weight_hr_l0"] == "proj_size rows: W_hr"
    gru = parameter_table(nn.GRU(3, 5))
    assert gru.set_index("name").loc["weight_hh_l0", "blocks"] == "3*hidden_size rows: W_hr | W_hz | W_hn"
    assert "blocks" not in parameter_table(nn.RNN(3, 5)).columns


@pytest.mark.parametrize("bias", [False, True])
def test_parameter_count_is_1x_3x_4x(bias: bool) -> None:
    from torch import nn

    counts = [shape_report(unroll(m(3, 5, 2, bias=bias), torch.randn(4, 1, 3))).num_parameters
              for m in (nn.RNN, nn.GRU, nn.LSTM)]  # fmt: skip
    assert counts[1] == 3 * counts[0] and counts[2] == 4 * counts[0]
    assert counts[0] == sum(p.numel() for p in nn.RNN(3, 5, 2, bias=bias).parameters())
