"""nn.LSTM as PyTorch writes it: i, f, o = sigmoid(..), g = tanh(..), c = f c + i g, h = o tanh(c) (W_hr: proj)."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from rnnviz.kinds.base import Gates, Kind, Range


class LSTMKind(Kind):
    name = "lstm"
    module_type = nn.LSTM
    cell_type = nn.LSTMCell
    gate_names = ("i", "f", "g", "o")
    block_names = ("i", "f", "g", "o")  # weight_ih_l0 = W_ii | W_if | W_ig | W_io, [4H, in]
    has_cell_state = True
    has_projection = True
    values_per_unit = 6  # h_t, c_t, i, f, g, o

    def kernel(self, module: nn.Module):
        return torch._VF.lstm  # (out, h_n, c_n)

    def gate_terms(self, x: Tensor, h_prev: Tensor, w: dict[str, Tensor | None]) -> Gates:
        ih = F.linear(x, w["W_ih"], w.get("b_ih"))  # [.., N, 4H]
        hh = F.linear(h_prev, w["W_hh"], w.get("b_hh"))  # [.., N, 4H]; h_prev [.., N, H_out]
        pre = ih + hh
        p_i, p_f, p_g, p_o = pre.chunk(4, dim=-1)
        gates = {"i": torch.sigmoid(p_i), "f": torch.sigmoid(p_f), "g": torch.tanh(p_g), "o": torch.sigmoid(p_o)}
        blocks = {}
        for k, a, b in zip(self.gate_names, ih.chunk(4, dim=-1), hh.chunk(4, dim=-1), strict=True):
            blocks["i" + k], blocks["h" + k] = a, b
        return Gates(ih=ih, hh=hh, pre=pre, blocks=blocks, gates=gates)

    @staticmethod
    def cell_update(g: Gates, c_prev: Tensor) -> Tensor:
        """c_t = f * c_{t-1} + i * g."""
        return g.gates["f"] * c_prev + g.gates["i"] * g.gates["g"]

    @staticmethod
    def hidden_from_cell(o: Tensor, c: Tensor, W_hr: Tensor | None) -> tuple[Tensor, Tensor]:
        """(o * tanh(c_t), h_t): h_t = o * tanh(c_t), then W_hr (o * tanh(c_t)) with proj_size > 0."""
        m = o * torch.tanh(c)  # [.., N, H]
        return m, (m if W_hr is None else F.linear(m, W_hr))  # h_t [.., N, H_out]

    def step(self, x: Tensor, state: tuple[Tensor, ...], w: dict[str, Tensor | None], nonlinearity: str):
        h, c = state
        g = self.gate_terms(x, h, w)
        c = self.cell_update(g, c)
        return self.hidden_from_cell(g.gates["o"], c, w.get("W_hr"))[1], c

    def value_range(self, quantity: str, nonlinearity: str = "tanh") -> Range:
        ranges = {"i": (0.0, 1.0), "f": (0.0, 1.0), "o": (0.0, 1.0), "g": (-1.0, 1.0), "c": (None, None)}
        ranges["h"] = (-1.0, 1.0)  # o * tanh(c); with proj_size the projection is unbounded (see Trace)
        if quantity not in ranges:
            raise ValueError(f"nn.LSTM has h, c, i, f, g, o; got {quantity!r}")
        return ranges[quantity]

    def make_cell(self, module: nn.Module, in_size: int) -> nn.Module:
        if module.proj_size:
            return ProjLSTMCell(in_size, module.hidden_size, module.proj_size, bias=module.bias)
        return nn.LSTMCell(in_size, module.hidden_size, bias=module.bias)

    def cell_step(self, cell: nn.Module, x: Tensor, state: tuple[Tensor, ...]) -> tuple[Tensor, ...]:
        return cell(x, state)  # (h_t, c_t)

    def cell_comment(self, nonlinearity: str) -> str:
        return "c_t = f * c_{t-1} + i * g, h_t = o * tanh(c_t)"

    def snippet_cell(self, hidden_size: int, bias: bool, nonlinearity: str, proj_size: int) -> str | None:
        return None if proj_size else super().snippet_cell(hidden_size, bias, nonlinearity, proj_size)

    def snippet_step(self, nonlinearity: str, proj_size: int) -> list[str]:
        if not proj_size:
            return [f"h, c = cell(inp[t], (h, c))  # {self.cell_comment(nonlinearity)}"]
        return [  # proj_size has no nn.LSTMCell: the step written out, with the module's own weights
            'gates = inp[t] @ w["weight_ih"].T + h @ w["weight_hh"].T + w.get("bias_ih", 0) + w.get("bias_hh", 0)',
            "i, f, g, o = gates.chunk(4, dim=-1)  # row blocks W_ii | W_if | W_ig | W_io",
            "c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)  # c_t = f * c_{t-1} + i * g",
            'h = (torch.sigmoid(o) * torch.tanh(c)) @ w["weight_hr"].T  # h_t = W_hr (o * tanh(c_t))',
        ]


class ProjLSTMCell(nn.Module):
    """The LSTM step with ``proj_size`` written out: PyTorch has no nn.LSTMCell with a projection.

    Parameters as nn.LSTM names them: weight_ih [4H, in], weight_hh [4H, P], bias_ih, bias_hh [4H],
    weight_hr [P, H]. ``forward(x, (h, c))`` returns ``(h_t [N, P], c_t [N, H])``.
    """

    def __init__(self, input_size: int, hidden_size: int, proj_size: int, bias: bool = True) -> None:
        super().__init__()
        H, P = hidden_size, proj_size
        self.weight_ih = nn.Parameter(torch.empty(4 * H, input_size))
        self.weight_hh = nn.Parameter(torch.empty(4 * H, P))
        self.bias_ih = nn.Parameter(torch.zeros(4 * H)) if bias else None
        self.bias_hh = nn.Parameter(torch.zeros(4 * H)) if bias else None
        self.weight_hr = nn.Parameter(torch.empty(P, H))

    def forward(self, x: Tensor, state: tuple[Tensor, Tensor]) -> tuple[Tensor, Tensor]:
        h, c = state  # [N, P], [N, H]
        gates = F.linear(x, self.weight_ih, self.bias_ih) + F.linear(h, self.weight_hh, self.bias_hh)  # [N, 4H]
        i, f, g, o = gates.chunk(4, dim=-1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)  # c_t = f * c_{t-1} + i * g
        h = F.linear(torch.sigmoid(o) * torch.tanh(c), self.weight_hr)  # h_t = W_hr (o * tanh(c_t))
        return h, c
