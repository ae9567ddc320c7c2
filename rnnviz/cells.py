"""The tutorials' cell loop: nn.RNNCell / nn.GRUCell / nn.LSTMCell with the same weights equal the module."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import Tensor, nn

from rnnviz.kinds import kind_of, unwrap


@dataclass(frozen=True, eq=False)
class CellLoop:
    """What the cell loop produced, next to what the module returns for the same input."""

    output: Tensor  # as module(x, hx)[0]
    h_n: Tensor  # as module(x, hx)[1] (LSTM: its h_n)
    reference_output: Tensor
    reference_h_n: Tensor
    c_n: Tensor | None = None  # LSTM: as module(x, hx)[1][1]
    reference_c_n: Tensor | None = None

    @property
    def max_abs_diff(self) -> float:
        """max |cell loop - module| over output, h_n (and c_n)."""
        pairs = [(self.output, self.reference_output), (self.h_n, self.reference_h_n)]
        if self.c_n is not None:
            pairs.append((self.c_n, self.reference_c_n))
        return max(float((a - b).abs().max()) for a, b in pairs)


def make_cells(module: nn.Module) -> list[list[nn.Module]]:
    """``cells[layer][direction]``: an nn.RNNCell / nn.GRUCell / nn.LSTMCell holding a copy of that layer's
    weights. An LSTM with ``proj_size`` has no PyTorch cell: ``rnnviz.kinds.lstm.ProjLSTMCell`` writes the
    projection out (``h_t = W_hr (o * tanh(c_t))``)."""
    module = unwrap(module)
    kind = kind_of(module)
    D = 2 if module.bidirectional else 1
    H_out = getattr(module, "proj_size", 0) or module.hidden_size
    cells = []
    for layer in range(module.num_layers):
        row = []
        for d in range(D):
            in_size = module.input_size if layer == 0 else D * H_out
            cell = kind.make_cell(module, in_size).to(module.weight_ih_l0.dtype)
            suffix = f"_l{layer}" + ("_reverse" if d else "")
            with torch.no_grad():
                for name in module._flat_weights_names:
                    if name.endswith(suffix):  # weight_ih_l1 (not weight_ih_l1_reverse) for d = 0
                        getattr(cell, name[: -len(suffix)]).copy_(getattr(module, name))  # what forward reads
            row.append(cell)
        cells.append(row)
    return cells


def rnncell_loop(
    module: nn.Module, x: Tensor, hx: Tensor | tuple[Tensor, Tensor] | None = None, *, h0: object = None
) -> CellLoop:
    """Run ``x`` through the module's cell step by step with its weights, as the tutorials write it::

        for t in range(seq_len):          # forward direction of one layer
            h = cell(x[t], h)             # nn.RNNCell / nn.GRUCell;  LSTM: h, c = cell(x[t], (h, c))
            outputs.append(h)

    Stacked layers feed each layer's outputs (both directions concatenated) to the next; the reverse
    direction loops t = L-1 .. 0. Dropout is not applied (compare in ``eval()``). ``hx`` as the module
    takes it (``(h0, c0)`` for LSTM; ``h0=`` is its old name); a 2-D (unbatched) ``x`` ``[L, in]`` works as
    in the module.
    """
    hx = hx if h0 is None else h0
    module = unwrap(module)
    kind = kind_of(module)
    D = 2 if module.bidirectional else 1
    H_out = getattr(module, "proj_size", 0) or module.hidden_size
    batched = x.dim() == 3
    x_tm = x.unsqueeze(1) if not batched else (x.transpose(0, 1) if module.batch_first else x)  # [L, N, in]
    L = x_tm.shape[0]
    start = _start_state(kind.has_cell_state, hx, batched, x_tm, module.num_layers * D, H_out, module.hidden_size)
    cells = make_cells(module)
    finals, inp = [], x_tm
    with torch.no_grad():
        for layer in range(module.num_layers):
            outs = []
            for d in range(D):
                state = tuple(s[layer * D + d] for s in start)  # (h [N, H_out],) or (h, c [N, H])
                steps = [None] * L
                for t in range(L) if d == 0 else reversed(range(L)):
                    state = kind.cell_step(cells[layer][d], inp[t], state)
                    steps[t] = state[0]
                outs.append(torch.stack(steps))  # [L, N, H_out]
                finals.append(state)
            inp = torch.cat(outs, dim=-1)  # [L, N, D*H_out], the next layer's input
        ref_out, ref_state = module(x, hx)
    output = inp
    h_n = torch.stack([s[0] for s in finals])  # [num_layers*D, N, H_out]
    c_n = torch.stack([s[1] for s in finals]) if kind.has_cell_state else None  # [num_layers*D, N, H]
    if not batched:
        output, h_n = output.squeeze(1), h_n.squeeze(1)  # [L, D*H_out], [num_layers*D, H_out]
        c_n = None if c_n is None else c_n.squeeze(1)
    elif module.batch_first:
        output = output.transpose(0, 1)  # [N, L, D*H_out]
    if kind.has_cell_state:
        return CellLoop(output, h_n, ref_out, ref_state[0], c_n, ref_state[1])
    return CellLoop(output, h_n, ref_out, ref_state)


def _start_state(has_c: bool, hx, batched: bool, x_tm: Tensor, n: int, H_out: int, H: int) -> tuple[Tensor, ...]:
    """(h0,) or (h0, c0), each ``[num_layers*D, N, size]``; zeros when hx is None."""
    N = x_tm.shape[1]
    if hx is None:
        zeros = (x_tm.new_zeros(n, N, H_out),)
        return zeros + ((x_tm.new_zeros(n, N, H),) if has_c else ())
    states = tuple(hx) if has_c else (hx,)
    return states if batched else tuple(s.unsqueeze(1) for s in states)
