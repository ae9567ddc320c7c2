"""RNNSpec: one frozen configuration that builds a seeded nn.RNN, its input and h0; validation lives here."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import torch
from torch import Tensor, nn

NONLINEARITIES = ("tanh", "relu")
INPUT_KINDS = ("normal", "uniform", "sine", "ramp")  # randn, rand, a sine wave per feature, a linear ramp
H0_KINDS = ("zeros", "random")  # torch.zeros / torch.randn
SEED_MAX = 2**31 - 1  # the largest seed: the same in the URL, the CLI and the app's widget


@dataclass(frozen=True)
class RNNSpec:
    """Everything that determines a page: the nn.RNN's arguments, the input and h0, the seed.

    ``build()`` seeds torch, then creates, in this order, the module, the input and h0 -- the same
    order as the PyTorch snippet the app shows, so that snippet reproduces the numbers exactly.
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
    def h0_shape(self) -> tuple[int, int, int]:
        return (self.num_layers * self.num_directions, self.batch_size, self.hidden_size)

    @property
    def output_shape(self) -> tuple[int, int, int]:
        L, N, DH = self.seq_len, self.batch_size, self.num_directions * self.hidden_size
        return (N, L, DH) if self.batch_first else (L, N, DH)

    @property
    def h_n_shape(self) -> tuple[int, int, int]:
        return self.h0_shape

    @property
    def cells(self) -> int:
        """How many hidden values the trace holds: seq_len * batch * layers * D * hidden."""
        return self.seq_len * self.batch_size * self.num_layers * self.num_directions * self.hidden_size

    def replace(self, **changes) -> RNNSpec:
        """A copy with some fields changed (validated)."""
        return dataclasses.replace(self, **changes)

    def rnn_kwargs(self) -> dict[str, object]:
        """The keyword arguments of nn.RNN, in its own order."""
        return {
            "input_size": self.input_size,
            "hidden_size": self.hidden_size,
            "num_layers": self.num_layers,
            "nonlinearity": self.nonlinearity,
            "bias": self.bias,
            "batch_first": self.batch_first,
            "dropout": float(self.dropout),
            "bidirectional": self.bidirectional,
        }

    # --- building --------------------------------------------------------------------------------
    def build(self) -> tuple[nn.RNN, Tensor, Tensor | None]:
        """The seeded module (in train or eval mode), its input and h0 (None for zeros).

        Leaves torch's global RNG as it was.
        """
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(self.seed)
            rnn = nn.RNN(**self.rnn_kwargs())
            x = make_input(self.input_kind, self.input_shape, self.batch_first)
            h0 = torch.randn(self.h0_shape) if self.h0_kind == "random" else None
        rnn.train(self.training)
        return rnn, x, h0


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
