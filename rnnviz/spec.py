"""RNNSpec: one frozen configuration that builds a seeded nn.RNN, nn.GRU or nn.LSTM, its input and hx."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass

import torch
from torch import Tensor, nn

from rnnviz.kinds import CELLS, get_kind

NONLINEARITIES = ("tanh", "relu")
INPUT_KINDS = ("normal", "uniform", "sine", "ramp")  # randn, rand, a sine wave per feature, a linear ramp
H0_KINDS = ("zeros", "random")  # torch.zeros / torch.randn
SEED_MAX = 2**31 - 1  # the largest seed: the same in the URL, the CLI and the app's widget


@dataclass(frozen=True)
class RNNSpec:
    """Everything that determines a page: the module's arguments, the input and h0 (and c0), the seed.

    ``cell`` picks nn.RNN, nn.GRU or nn.LSTM; ``nonlinearity`` is nn.RNN's only, ``proj_size`` nn.LSTM's.
    ``build()`` seeds torch, then creates, in this order, the module, the input, h0 and (LSTM) c0 -- the
    same order as the PyTorch snippet the app shows, so that snippet reproduces the numbers exactly.
    """

    input_size: int = 4  # features per time step (nn.RNN input_size)
    hidden_size: int = 3  # units per layer and direction (nn.RNN hidden_size)
    num_layers: int = 2  # stacked layers; layer l > 0 reads layer l-1's output
    nonlinearity: str = "tanh"  # "tanh" | "relu"
    bias: bool = True  # use b_ih and b_hh
    batch_first: bool = False  # input/output as [batch, seq_len, feature]
    dropout: float = 0.0  # dropout on each layer's output except the last (train mode only)
    bidirectional: bool = True  # a second, reverse direction; output is [.., 2*hidden_size]
    seq_len: int = 6  # L: time steps in the input
    batch_size: int = 2  # N: sequences in the batch
    seed: int = 0  # torch.manual_seed before building weights, input and h0
    input_kind: str = "normal"  # see INPUT_KINDS
    h0_kind: str = "zeros"  # see H0_KINDS
    training: bool = False  # module.train() (dropout acts) instead of module.eval()
    cell: str = "rnn"  # "rnn" | "gru" | "lstm": nn.RNN, nn.GRU or nn.LSTM
    proj_size: int = 0  # nn.LSTM only: h_t = W_hr (o * tanh(c_t)) of this size (0 = no projection)
    lengths: tuple[int, ...] | None = None  # each sequence's valid length (padding after it); None = all seq_len

    def __post_init__(self) -> None:
        for name in ("input_size", "hidden_size", "num_layers", "seq_len", "batch_size"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{name} must be a whole number >= 1, got {value!r}")
        if not isinstance(self.seed, int) or isinstance(self.seed, bool) or not 0 <= self.seed <= SEED_MAX:
            raise ValueError(f"seed must be a whole number in 0..{SEED_MAX}, got {self.seed!r}")
        for name in ("bias", "batch_first", "bidirectional", "training"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"{name} must be True or False, got {getattr(self, name)!r}")
        if isinstance(self.dropout, bool) or not isinstance(self.dropout, (int, float)) or not 0 <= self.dropout <= 1:
            raise ValueError(f"dropout must be a probability in [0, 1], got {self.dropout!r}")
        _check_choice("nonlinearity", self.nonlinearity, NONLINEARITIES)
        _check_choice("input_kind", self.input_kind, INPUT_KINDS)
        _check_choice("h0_kind", self.h0_kind, H0_KINDS)
        _check_choice("cell", self.cell, CELLS)
        p = self.proj_size
        if not isinstance(p, int) or isinstance(p, bool) or p < 0:
            raise ValueError(f"proj_size must be a whole number >= 0 (0 = no projection), got {p!r}")
        if p and self.cell != "lstm":
            raise ValueError(f"proj_size exists only for LSTM: set proj_size=0 for cell={self.cell!r}, or cell='lstm'")
        if p >= self.hidden_size:
            raise ValueError(f"proj_size must be smaller than hidden_size={self.hidden_size}, got {p}")
        _check_lengths(self)
        if self.cell != "rnn" and self.nonlinearity != "tanh":
            raise ValueError(
                f"nonlinearity applies to nn.RNN only ({self.cell.upper()} uses sigmoid gates and tanh): "
                "leave it at 'tanh' or set cell='rnn'"
            )

    # --- derived sizes -------------------------------------------------------------------------
    @property
    def num_directions(self) -> int:
        """D: 2 if bidirectional else 1."""
        return 2 if self.bidirectional else 1

    @property
    def input_shape(self) -> tuple[int, int, int]:
        L, N = self.seq_len, self.batch_size
        return (N, L, self.input_size) if self.batch_first else (L, N, self.input_size)

    @property
    def H_out(self) -> int:
        """The size of h_t: proj_size if > 0 (LSTM), else hidden_size."""
        return self.proj_size or self.hidden_size

    @property
    def h0_shape(self) -> tuple[int, int, int]:
        return (self.num_layers * self.num_directions, self.batch_size, self.H_out)

    @property
    def c0_shape(self) -> tuple[int, int, int] | None:
        """LSTM: ``[num_layers*D, batch, hidden_size]``; None for RNN/GRU."""
        if not get_kind(self.cell).has_cell_state:
            return None
        return (self.num_layers * self.num_directions, self.batch_size, self.hidden_size)

    @property
    def output_shape(self) -> tuple[int, int, int]:
        L, N, DH = self.seq_len, self.batch_size, self.num_directions * self.H_out
        return (N, L, DH) if self.batch_first else (L, N, DH)

    @property
    def h_n_shape(self) -> tuple[int, int, int]:
        return self.h0_shape

    @property
    def c_n_shape(self) -> tuple[int, int, int] | None:
        return self.c0_shape

    @property
    def cells(self) -> int:
        """How many values the trace holds: see ``trace_cells``."""
        return trace_cells(self.__dict__)

    def replace(self, **changes) -> RNNSpec:
        """A copy with some fields changed (validated)."""
        return dataclasses.replace(self, **changes)

    def rnn_kwargs(self) -> dict[str, object]:
        """The keyword arguments of the module (nn.RNN, nn.GRU or nn.LSTM), in its own order.

        ``nonlinearity`` only for nn.RNN; ``proj_size`` only for nn.LSTM with a projection."""
        kwargs = {"input_size": self.input_size, "hidden_size": self.hidden_size, "num_layers": self.num_layers}
        if self.cell == "rnn":
            kwargs["nonlinearity"] = self.nonlinearity
        kwargs |= {
            "bias": self.bias,
            "batch_first": self.batch_first,
            "dropout": float(self.dropout),
            "bidirectional": self.bidirectional,
        }
        if self.proj_size:
            kwargs["proj_size"] = self.proj_size
        return kwargs

    # --- building --------------------------------------------------------------------------------
    def build(self) -> tuple[nn.Module, Tensor, Tensor | tuple[Tensor, Tensor] | None]:
        """The seeded module (in train or eval mode), its input and hx as the module takes it: h0 for
        RNN/GRU, (h0, c0) for LSTM, None for zeros (h0_kind "random" draws c0 too, after h0).

        Leaves torch's global RNG as it was.
        """
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(self.seed)
            module = get_kind(self.cell).module_type(**self.rnn_kwargs())
            x = make_input(self.input_kind, self.input_shape, self.batch_first)
            hx = None
            if self.h0_kind == "random":
                h0 = torch.randn(self.h0_shape)
                hx = (h0, torch.randn(self.c0_shape)) if self.c0_shape else h0
        module.train(self.training)
        return module, x, hx


def _check_lengths(spec: RNNSpec) -> None:
    """``lengths``: None, or batch_size whole numbers in 1..seq_len (a list is kept as a tuple)."""
    lengths = spec.lengths
    if lengths is None:
        return
    if isinstance(lengths, list):
        lengths = tuple(lengths)
        object.__setattr__(spec, "lengths", lengths)
    ok = isinstance(lengths, tuple) and all(isinstance(n, int) and not isinstance(n, bool) for n in lengths)
    if not ok or len(lengths) != spec.batch_size or not all(1 <= n <= spec.seq_len for n in lengths):
        raise ValueError(
            f"lengths must be {spec.batch_size} whole numbers (one per sequence, batch_size={spec.batch_size}) "
            f"in 1..{spec.seq_len} (seq_len), e.g. {tuple(range(spec.seq_len, 0, -1))[: spec.batch_size]}; "
            f"or None for no padding; got {spec.lengths!r}"
        )


def trace_cells(values: Mapping[str, object]) -> int:
    """How many values a trace of these RNNSpec fields holds: seq_len * batch * layers * D * per-unit, where
    per-unit is H_out for h_t plus, for GRU, 3 gates of hidden_size and, for LSTM, 4 gates and c_t."""
    D = 2 if values["bidirectional"] else 1
    H, H_out = values["hidden_size"], values.get("proj_size", 0) or values["hidden_size"]
    per_unit = H_out + (get_kind(values.get("cell", "rnn")).values_per_unit - 1) * H
    return values["seq_len"] * values["batch_size"] * values["num_layers"] * D * per_unit


def make_input(kind: str, shape: tuple[int, int, int], batch_first: bool = False) -> Tensor:
    """An input tensor of ``shape`` ([L, N, in], or [N, L, in] when batch_first) of the given kind.

    normal: torch.randn; uniform: torch.rand; sine: sin(2*pi*t/L * (i+1) + n/2) for feature i of
    sequence n; ramp: t/(L-1) * 2 - 1, the same for every feature and sequence.
    """
    if kind == "normal":
        return torch.randn(shape)
    if kind == "uniform":
        return torch.rand(shape)
    L, N, F = (shape[1], shape[0], shape[2]) if batch_first else shape
    t = torch.arange(L, dtype=torch.float32).view(L, 1, 1)  # [L, 1, 1]
    if kind == "sine":
        freq = torch.arange(1, F + 1, dtype=torch.float32).view(1, 1, F)
        phase = torch.arange(N, dtype=torch.float32).view(1, N, 1) / 2
        x = torch.sin(2 * math.pi * t / L * freq + phase)  # [L, N, F]
    elif kind == "ramp":
        x = (t / max(L - 1, 1) * 2 - 1).expand(L, N, F).contiguous()  # [L, N, F]
    else:
        _check_choice("input_kind", kind, INPUT_KINDS)
    return x.transpose(0, 1).contiguous() if batch_first else x


def _check_choice(name: str, value: object, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}; got {value!r}")
