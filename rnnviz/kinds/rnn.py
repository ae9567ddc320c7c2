"""nn.RNN: h_t = f(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh), f = tanh or relu; no gates."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from rnnviz.kinds.base import Gates, Kind, Range

_KERNELS = {"RNN_TANH": torch._VF.rnn_tanh, "RNN_RELU": torch._VF.rnn_relu}


class RNNKind(Kind):
    name = "rnn"
    takes_nonlinearity = True
    module_type = nn.RNN
    cell_type = nn.RNNCell

    def check(self, module: nn.Module) -> None:
        if module.mode not in _KERNELS:
            raise ValueError(f"unsupported RNN mode {module.mode!r}; expected nonlinearity 'tanh' or 'relu'")

    def kernel(self, module: nn.Module):
        fn = _KERNELS[module.mode]
        return lambda *args: (*fn(*args), None)

    def gate_terms(self, x: Tensor, h_prev: Tensor, w: dict[str, Tensor | None]) -> Gates:
        ih = F.linear(x, w["W_ih"], w.get("b_ih"))  # [.., N, H]
        hh = F.linear(h_prev, w["W_hh"], w.get("b_hh"))  # [.., N, H]
        return Gates(ih=ih, hh=hh, pre=ih + hh)

    def step(self, x: Tensor, state: tuple[Tensor, ...], w: dict[str, Tensor | None], nonlinearity: str):
        pre = self.gate_terms(x, state[0], w).pre
        return (torch.tanh(pre) if nonlinearity == "tanh" else torch.relu(pre),)

    def value_range(self, quantity: str, nonlinearity: str = "tanh") -> Range:
        if quantity != "h":
            raise ValueError(f"nn.RNN has only h_t, got {quantity!r}")
        return (-1.0, 1.0) if nonlinearity == "tanh" else (0.0, None)

    def make_cell(self, module: nn.Module, in_size: int) -> nn.Module:
        return nn.RNNCell(in_size, module.hidden_size, bias=module.bias, nonlinearity=module.nonlinearity)

    def snippet_cell(self, hidden_size: int, bias: bool, nonlinearity: str, proj_size: int) -> str | None:
        return f"nn.RNNCell(inp.shape[-1], {hidden_size}, bias={bias}, nonlinearity={nonlinearity!r})"

    def cell_comment(self, nonlinearity: str) -> str:
        return f"h_t = {nonlinearity}(W_ih x_t + b_ih + W_hh h_{{t-1}} + b_hh)"
