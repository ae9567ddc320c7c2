"""The tutorials' nn.RNNCell loop: the same weights stepped by hand equal nn.RNN (single and stacked)."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import Tensor, nn


@dataclass(frozen=True, eq=False)
class CellLoop:
    """What the RNNCell loop produced, next to what nn.RNN returns for the same input."""

    output: Tensor  # as rnn(x, h0)[0]
    h_n: Tensor  # as rnn(x, h0)[1]
    reference_output: Tensor
    reference_h_n: Tensor

    @property
    def max_abs_diff(self) -> float:
        """max |cell loop - nn.RNN| over output and h_n."""
        return max(
            float((self.output - self.reference_output).abs().max()),
            float((self.h_n - self.reference_h_n).abs().max()),
        )


def make_cells(rnn: nn.RNN) -> list[list[nn.RNNCell]]:
    """``cells[layer][direction]``: an nn.RNNCell holding a copy of that layer's weights."""
    D = 2 if rnn.bidirectional else 1
    cells = []
    for layer in range(rnn.num_layers):
        row = []
        for d in range(D):
            in_size = rnn.input_size if layer == 0 else D * rnn.hidden_size
            cell = nn.RNNCell(in_size, rnn.hidden_size, bias=rnn.bias, nonlinearity=rnn.nonlinearity)
            cell = cell.to(rnn.weight_ih_l0.dtype)
            suffix = f"_l{layer}" + ("_reverse" if d else "")
            with torch.no_grad():
                for name in ("weight_ih", "weight_hh") + (("bias_ih", "bias_hh") if rnn.bias else ()):
                    getattr(cell, name).copy_(getattr(rnn, name + suffix))
            row.append(cell)
        cells.append(row)
    return cells


def rnncell_loop(rnn: nn.RNN, x: Tensor, h0: Tensor | None = None) -> CellLoop:
    """Run ``x`` through nn.RNNCell step by step with ``rnn``'s weights, as the tutorials write it::

        for t in range(seq_len):          # forward direction of one layer
            h = cell(x[t], h)             # h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)
            outputs.append(h)

    Stacked layers feed each layer's outputs (both directions concatenated) to the next; the reverse
    direction loops t = L-1 .. 0. Dropout is not applied (compare in ``eval()``). A 2-D (unbatched)
    ``x`` ``[L, in]`` with ``h0`` ``[num_layers*D, H]`` works as in nn.RNN.
    """
    D = 2 if rnn.bidirectional else 1
    batched = x.dim() == 3
    x_tm = x.unsqueeze(1) if not batched else (x.transpose(0, 1) if rnn.batch_first else x)  # [L, N, in]
    h_start = h0 if h0 is None or batched else h0.unsqueeze(1)  # [num_layers*D, N, H]
    L, N = x_tm.shape[0], x_tm.shape[1]
    if h_start is None:
        h_start = x_tm.new_zeros(rnn.num_layers * D, N, rnn.hidden_size)
    cells = make_cells(rnn)
    h_n, inp = [], x_tm
    with torch.no_grad():
        for layer in range(rnn.num_layers):
            outs = []
            for d in range(D):
                h = h_start[layer * D + d]  # [N, H]
                steps = [None] * L
                for t in range(L) if d == 0 else reversed(range(L)):
                    h = cells[layer][d](inp[t], h)  # [N, H]
                    steps[t] = h
                outs.append(torch.stack(steps))  # [L, N, H]
                h_n.append(h)
            inp = torch.cat(outs, dim=-1)  # [L, N, D*H], the next layer's input
        ref_out, ref_h_n = rnn(x, h0)
    output, h_n = inp, torch.stack(h_n)  # [L, N, D*H], [num_layers*D, N, H]
    if not batched:
        output, h_n = output.squeeze(1), h_n.squeeze(1)  # [L, D*H], [num_layers*D, H]
    elif rnn.batch_first:
        output = output.transpose(0, 1)  # [N, L, D*H]
    return CellLoop(output, h_n, ref_out, ref_h_n)
