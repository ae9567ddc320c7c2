"""nn.GRU as PyTorch writes it: r, z = sigmoid(..), n = tanh(W_in x + b_in + r * (W_hn h + b_hn)), h = (1-z) n + z h."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from rnnviz.kinds.base import Gates, Kind, Range


class GRUKind(Kind):
    name = "gru"
    module_type = nn.GRU
    cell_type = nn.GRUCell
    gate_names = ("r", "z", "n")
    block_names = ("r", "z", "n")  # weight_ih_l0 = W_ir | W_iz | W_in, [3H, in]
    values_per_unit = 4  # h_t, r, z, n

    def kernel(self, module: nn.Module):
        return lambda *args: (*torch._VF.gru(*args), None)

    def gate_terms(self, x: Tensor, h_prev: Tensor, w: dict[str, Tensor | None]) -> Gates:
        ih = F.linear(x, w["W_ih"], w.get("b_ih"))  # [.., N, 3H]
        hh = F.linear(h_prev, w["W_hh"], w.get("b_hh"))  # [.., N, 3H]
        i_r, i_z, i_n = ih.chunk(3, dim=-1)
        h_r, h_z, h_n = hh.chunk(3, dim=-1)
        r = torch.sigmoid(i_r + h_r)
        z = torch.sigmoid(i_z + h_z)
        pre_n = i_n + r * h_n  # r multiplies after W_hn (PyTorch's form, not the paper's)
        n = torch.tanh(pre_n)
        blocks = {"ir": i_r, "hr": h_r, "iz": i_z, "hz": h_z, "in": i_n, "hn": h_n}
        pre = torch.cat([i_r + h_r, i_z + h_z, pre_n], dim=-1)  # [.., N, 3H]
        return Gates(ih=ih, hh=hh, pre=pre, blocks=blocks, gates={"r": r, "z": z, "n": n})

    @staticmethod
    def combine(g: Gates, h_prev: Tensor) -> Tensor:
        """h_t = (1 - z) * n + z * h_{t-1}."""
        z, n = g.gates["z"], g.gates["n"]
        return (1 - z) * n + z * h_prev

    def step(self, x: Tensor, state: tuple[Tensor, ...], w: dict[str, Tensor | None], nonlinearity: str):
        return (self.combine(self.gate_terms(x, state[0], w), state[0]),)

    def value_range(self, quantity: str, nonlinearity: str = "tanh") -> Range:
        ranges = {"r": (0.0, 1.0), "z": (0.0, 1.0), "n": (-1.0, 1.0), "h": (None, None)}
        if quantity not in ranges:
            raise ValueError(f"nn.GRU has h, r, z, n; got {quantity!r}")
        # h_t is a convex mix of n (in [-1, 1]) and h_{t-1}: within [-1, 1] unless h0 lies outside
        return ranges[quantity]

    def make_cell(self, module: nn.Module, in_size: int) -> nn.Module:
        return nn.GRUCell(in_size, module.hidden_size, bias=module.bias)

    def cell_comment(self, nonlinearity: str) -> str:
        return "h_t = (1 - z) * n + z * h_{t-1}, n = tanh(W_in x_t + b_in + r * (W_hn h_{t-1} + b_hn))"
