"""The tutorials' nn.RNNCell loop equals nn.RNN (single and stacked cells, both directions)."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from rnnviz import make_cells, rnncell_loop
from tests.models import assert_parity, tiny_rnn

OPTIONS = [
    {},
    {"bidirectional": True},
    {"batch_first": True},
    {"batch_first": True, "bidirectional": True, "nonlinearity": "relu"},
    {"bias": False},
]


@pytest.mark.parametrize("num_layers", [1, 3])
@pytest.mark.parametrize("options", OPTIONS)
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_cell_loop_equals_nn_rnn(num_layers, options, dtype) -> None:
    rnn = tiny_rnn(3, 5, num_layers, dtype=dtype, **options)
    D = 2 if rnn.bidirectional else 1
    x = torch.randn((2, 6, 3) if rnn.batch_first else (6, 2, 3), dtype=dtype)
    h0 = torch.randn(num_layers * D, 2, 5, dtype=dtype)
    for given in (h0, None):
        loop = rnncell_loop(rnn, x, given)
        out, h_n = rnn(x, given)
        assert_parity(loop.output, out.detach())
        assert_parity(loop.h_n, h_n.detach())
        assert_parity(loop.reference_output, out.detach())
        assert loop.max_abs_diff <= (1e-5 if dtype == torch.float32 else 1e-10)


def test_cell_loop_unbatched() -> None:
    rnn = tiny_rnn(3, 4, 2, bidirectional=True, batch_first=True)
    x, h0 = torch.randn(5, 3), torch.randn(4, 4)
    loop = rnncell_loop(rnn, x, h0)
    out, h_n = rnn(x, h0)
    assert loop.output.shape == (5, 8) and loop.h_n.shape == (4, 4)
    assert_parity(loop.output, out.detach())
    assert_parity(loop.h_n, h_n.detach())


def test_make_cells_copies_each_layer_and_direction() -> None:
    rnn = tiny_rnn(3, 4, 2, bidirectional=True, nonlinearity="relu")
    cells = make_cells(rnn)
    assert [len(row) for row in cells] == [2, 2]
    cell = cells[1][1]
    assert isinstance(cell, nn.RNNCell) and cell.nonlinearity == "relu"
    assert cell.weight_ih.shape == (4, 8)  # layer 1 reads both directions of layer 0
    assert torch.equal(cell.weight_ih, rnn.weight_ih_l1_reverse) and torch.equal(cell.bias_hh, rnn.bias_hh_l1_reverse)
    assert cell.weight_ih.data_ptr() != rnn.weight_ih_l1_reverse.data_ptr()  # a copy, not a view
    assert make_cells(tiny_rnn(3, 4, 1, bias=False))[0][0].bias_ih is None


@pytest.mark.parametrize("cell", ["gru", "lstm", "lstm_proj"])
@pytest.mark.parametrize("options", [{}, {"bidirectional": True, "batch_first": True}, {"bias": False}])
def test_gated_cell_loops_equal_the_module(cell, options) -> None:
    from rnnviz.kinds.lstm import ProjLSTMCell
    from tests.models import tiny

    kw = {"proj_size": 2} if cell == "lstm_proj" else {}
    module = tiny(cell.split("_")[0], 3, 5, 2, dtype=torch.float64, **kw, **options)
    D = 2 if module.bidirectional else 1
    x = torch.randn((2, 6, 3) if module.batch_first else (6, 2, 3), dtype=torch.float64)
    h0 = torch.randn(2 * D, 2, 2 if kw else 5, dtype=torch.float64)
    hx = (h0, torch.randn(2 * D, 2, 5, dtype=torch.float64)) if cell != "gru" else h0
    for given in (hx, None):
        loop = rnncell_loop(module, x, given)
        assert loop.max_abs_diff <= 1e-10
        assert (loop.c_n is None) == (cell == "gru")
    want = {"gru": nn.GRUCell, "lstm": nn.LSTMCell, "lstm_proj": ProjLSTMCell}[cell]
    cells = make_cells(module)
    assert all(type(c) is want for row in cells for c in row)
    if kw:  # no nn.LSTMCell has a projection: ours carries weight_hr and reads h of proj_size
        assert cells[1][0].weight_hh.shape == (20, 2) and cells[1][0].weight_hr.shape == (2, 5)
        assert cells[1][0].weight_ih.shape == (20, 2 * D)
