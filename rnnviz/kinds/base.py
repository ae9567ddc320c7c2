"""Kind: what differs between nn.RNN, nn.GRU and nn.LSTM, behind one small interface."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from torch import Tensor, nn

Range = tuple[float | None, float | None]  # (low, high); None: unbounded on that side


@dataclass(frozen=True, eq=False)
class Gates:
    """The gate terms of every step at once (or of one step): each tensor ``[.., N, H]`` unless named.

    ``blocks`` holds each row block's product under PyTorch's bias names: GRU ``ir`` = W_ir x_t + b_ir,
    ``hr`` = W_hr h_{t-1} + b_hr, ..., LSTM ``ii``, ``hi``, ``if``, ``hf``, ... ``pre`` is each gate's
    pre-activation in gate order, ``[.., N, G*H]`` (GRU n: ``in + r * hn``).
    """

    ih: Tensor  # [.., N, G*H] W_ih x_t + b_ih, all row blocks
    hh: Tensor  # [.., N, G*H] W_hh h_{t-1} + b_hh, all row blocks
    pre: Tensor  # [.., N, G*H]
    blocks: dict[str, Tensor] = field(default_factory=dict)
    gates: dict[str, Tensor] = field(default_factory=dict)  # r, z, n | i, f, g, o


class Kind:
    """One cell kind. Subclasses set the class attributes and implement the methods."""

    name: str  # "rnn" | "gru" | "lstm"
    module_type: type[nn.Module]  # nn.RNN | nn.GRU | nn.LSTM
    cell_type: type[nn.Module]  # nn.RNNCell | nn.GRUCell | nn.LSTMCell
    gate_names: tuple[str, ...] = ()  # GRU r, z, n; LSTM i, f, g, o
    block_names: tuple[str, ...] = ()  # the row blocks of weight_ih / weight_hh, in order
    has_cell_state: bool = False  # LSTM: c_t
    takes_nonlinearity: bool = False  # nn.RNN: nonlinearity="tanh" | "relu"
    has_projection: bool = False  # nn.LSTM: proj_size > 0 adds weight_hr_l{k}
    # Per hidden unit and step, how many values a trace of this kind holds (h_t, then gates and c_t)
    values_per_unit: int = 1

    @property
    def num_blocks(self) -> int:
        """G: weight_ih_l0 is [G*hidden_size, input_size]."""
        return max(1, len(self.block_names))

    # --- the module ------------------------------------------------------------------------------
    def check(self, module: nn.Module) -> None:
        """Raise ValueError for a module of this type that rnnviz cannot explain (an unknown mode, ...)."""

    def mode(self, module: nn.Module) -> str:
        return module.mode

    def constructor(self) -> str:
        """The class as the snippet writes it: ``nn.RNN``."""
        return "nn." + self.module_type.__name__

    # --- the kernel --------------------------------------------------------------------------------
    def kernel(self, module: nn.Module) -> Callable[..., tuple[Tensor, Tensor, Tensor | None]]:
        """The per-layer ATen kernel ``module.forward`` itself calls, as ``fn(*args) -> (out, h_n, c_n | None)``.

        ``args`` are the kernel's own (padded: input, hx, weights, bias, 1, 0.0, False, bidirectional, False;
        packed: data, batch_sizes, hx, weights, bias, 1, 0.0, False, bidirectional); ``hx`` is a tensor or,
        for LSTM, the tuple ``(h0, c0)``.
        """
        raise NotImplementedError

    # --- the step equations ----------------------------------------------------------------------
    def gate_terms(self, x: Tensor, h_prev: Tensor, w: dict[str, Tensor | None]) -> Gates:
        """Every block product and gate for inputs ``x [.., N, in]`` and ``h_prev [.., N, H_out]``."""
        raise NotImplementedError

    def step(self, x: Tensor, state: tuple[Tensor, ...], w: dict[str, Tensor | None], nonlinearity: str):
        """One differentiable step of the documented equations: the new state ``(h_t,)`` or ``(h_t, c_t)``."""
        raise NotImplementedError

    def value_range(self, quantity: str, nonlinearity: str = "tanh") -> Range:
        """The range a quantity can take (for colour scales): "h", "c" or a gate name."""
        raise NotImplementedError

    # --- the cell loop ----------------------------------------------------------------------------
    def make_cell(self, module: nn.Module, in_size: int) -> nn.Module:
        """An empty ``nn.*Cell`` of this kind with the module's sizes (weights copied by the caller)."""
        raise NotImplementedError

    def cell_step(self, cell: nn.Module, x: Tensor, state: tuple[Tensor, ...]) -> tuple[Tensor, ...]:
        """One step of the cell loop: the new state tuple ``(h,)`` or ``(h, c)``."""
        return (cell(x, state[0]),)

    def cell_comment(self, nonlinearity: str) -> str:
        """What one cell call computes, as a code comment."""
        raise NotImplementedError

    # --- the snippet -----------------------------------------------------------------------------
    def snippet_cell(self, hidden_size: int, bias: bool, nonlinearity: str, proj_size: int) -> str | None:
        """The cell's constructor in the cell-loop snippet (``nn.GRUCell(inp.shape[-1], 4, bias=True)``);
        None when PyTorch has no such cell (LSTM with proj_size: the snippet writes the step out)."""
        return f"nn.{self.cell_type.__name__}(inp.shape[-1], {hidden_size}, bias={bias})"

    def snippet_step(self, nonlinearity: str, proj_size: int) -> list[str]:
        """The loop body's lines for one step (state in ``h``, LSTM also ``c``)."""
        return [f"h = cell(inp[t], h)  # {self.cell_comment(nonlinearity)}"]
