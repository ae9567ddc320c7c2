"""The trace of an unrolled RNN: every hidden state as data, per-step terms computed on demand."""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import Tensor


@dataclass(frozen=True, eq=False)
class Terms:
    """The terms of the cell equation ``h_t = f(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)``.

    For ``Trace.terms`` every tensor has a leading time axis ``[seq_len, batch, ...]``; for
    ``Trace.step`` that axis is gone (``[batch, ...]``). ``valid`` says which entries lie inside each
    sequence's length (all True without ``lengths``). ``gates`` is empty for ``nn.RNN``; gated cells
    (GRU r/z/n, LSTM i/f/g/o) put their gate activations there.
    """

    x_t: Tensor  # [.., N, in_l] the layer's input (layer l > 0: both directions of layer l-1)
    h_prev: Tensor  # [.., N, H] h_{t-1} as this direction sees it (h0 at its first step)
    ih: Tensor  # [.., N, H] W_ih x_t + b_ih
    hh: Tensor  # [.., N, H] W_hh h_{t-1} + b_hh
    pre: Tensor  # [.., N, H] ih + hh, the pre-activation
    h_t: Tensor  # [.., N, H] f(pre)
    valid: Tensor  # [.., N] bool
    gates: dict[str, Tensor] = field(default_factory=dict)

    def at(self, t: int) -> Terms:
        """The terms of one time step ``t`` (time order, 0-based)."""
        pick = lambda v: v[t]  # noqa: E731
        return Terms(
            x_t=pick(self.x_t),
            h_prev=pick(self.h_prev),
            ih=pick(self.ih),
            hh=pick(self.hh),
            pre=pick(self.pre),
            h_t=pick(self.h_t),
            valid=pick(self.valid),
            gates={k: pick(v) for k, v in self.gates.items()},
        )


@dataclass(frozen=True, eq=False)
class Trace:
    """Everything ``unroll`` recorded. Tensors are detached snapshots; time-major unless named otherwise.

    ``output`` and ``h_n`` are laid out exactly as ``rnn(x, h0)`` returns them (``batch_first`` and
    unbatched input respected; a ``PackedSequence`` input gives the padded ``output``, see
    ``packed_output``). Everything else is time-major: ``[seq_len, batch, ...]``.
    """

    mode: str  # "RNN_TANH" | "RNN_RELU" (later "GRU", "LSTM")
    input_size: int
    hidden_size: int
    num_layers: int
    bidirectional: bool
    bias: bool
    batch_first: bool
    dropout: float
    training: bool  # the module's mode at unroll time: dropout acts only when True
    batched: bool  # False for a 2-D (unbatched) input, as nn.RNN allows
    params: dict[str, Tensor]  # PyTorch's names: weight_ih_l0, weight_hh_l0_reverse, ...
    h0: Tensor  # [num_layers*D, N, H]
    layer_inputs: tuple[Tensor, ...]  # per layer [L, N, in_l]; l > 0 after dropout
    layer_outputs: tuple[Tensor, ...]  # per layer [L, N, D*H]; zero past each length
    dropout_masks: tuple[Tensor | None, ...]  # per layer: the scaled noise multiplied into its output
    output: Tensor  # as torch: [L, N, D*H] or [N, L, D*H] (batch_first) or [L, D*H]
    h_n: Tensor  # as torch: [num_layers*D, N, H] or [num_layers*D, H]
    lengths: Tensor | None  # [N] int64, None when every sequence has seq_len steps
    notes: tuple[str, ...] = ()  # things worth telling the user (NaN/inf in the input, ...)

    # --- sizes -------------------------------------------------------------------------------
    @property
    def num_directions(self) -> int:
        """D: 2 for a bidirectional RNN, else 1."""
        return 2 if self.bidirectional else 1

    @property
    def seq_len(self) -> int:
        return self.layer_outputs[0].shape[0]

    @property
    def batch_size(self) -> int:
        return self.layer_outputs[0].shape[1]

    @property
    def nonlinearity(self) -> str:
        return {"RNN_TANH": "tanh", "RNN_RELU": "relu"}[self.mode]

    def _check(self, layer: int, direction: int) -> None:
        if not 0 <= layer < self.num_layers:
            raise ValueError(f"layer must be in 0..{self.num_layers - 1}, got {layer}")
        if not 0 <= direction < self.num_directions:
            allowed = "0 (forward) or 1 (reverse)" if self.bidirectional else "0 (forward only)"
            raise ValueError(f"direction must be {allowed}, got {direction}")

    # --- hidden states ---------------------------------------------------------------------------
    def hidden(self, layer: int, direction: int = 0) -> Tensor:
        """h_t for every t of one layer and direction: ``[seq_len, batch, hidden_size]``, time order.

        For the reverse direction ``hidden(l, 1)[t]`` is the state after it has read x_t (it reads
        t = L-1 down to 0). Past a sequence's length the state is 0, as in torch's padded output.
        """
        self._check(layer, direction)
        H = self.hidden_size
        return self.layer_outputs[layer][..., direction * H : (direction + 1) * H]

    @property
    def valid(self) -> Tensor:
        """``[seq_len, batch]`` bool: True where step t lies inside sequence n's length."""
        t = torch.arange(self.seq_len).unsqueeze(1)  # [L, 1]
        if self.lengths is None:
            return torch.ones(self.seq_len, self.batch_size, dtype=torch.bool)
        return t < self.lengths.unsqueeze(0)  # [L, N]

    def h_prev(self, layer: int, direction: int = 0) -> Tensor:
        """h_{t-1} as each step of (layer, direction) saw it: ``[seq_len, batch, hidden_size]``.

        Forward: h0 at t = 0, then h_{t-1}. Reverse: h0 at each sequence's last valid step, then the
        state of step t + 1.
        """
        h = self.hidden(layer, direction)  # [L, N, H]
        h0 = self.h0[layer * self.num_directions + direction]  # [N, H]
        if direction == 0:
            return torch.cat([h0.unsqueeze(0), h[:-1]], dim=0)
        shifted = torch.cat([h[1:], torch.zeros_like(h[:1])], dim=0)  # h_{t+1}
        first = torch.arange(self.seq_len).unsqueeze(1) == (self._lengths() - 1).unsqueeze(0)  # [L, N]
        return torch.where(first.unsqueeze(-1), h0.unsqueeze(0), shifted)

    # --- weights ---------------------------------------------------------------------------------
    def weight_names(self, layer: int, direction: int = 0) -> dict[str, str]:
        """PyTorch's parameter names for one layer and direction: keys W_ih, W_hh, b_ih, b_hh."""
        self._check(layer, direction)
        suffix = f"_l{layer}" + ("_reverse" if direction == 1 else "")
        names = {"W_ih": "weight_ih" + suffix, "W_hh": "weight_hh" + suffix}
        if self.bias:
            names |= {"b_ih": "bias_ih" + suffix, "b_hh": "bias_hh" + suffix}
        return names

    def weights(self, layer: int, direction: int = 0) -> dict[str, Tensor | None]:
        """W_ih ``[H, in_l]``, W_hh ``[H, H]``, b_ih ``[H]``, b_hh ``[H]`` (None without bias)."""
        names = self.weight_names(layer, direction)
        return {k: self.params[names[k]] if k in names else None for k in ("W_ih", "W_hh", "b_ih", "b_hh")}

    # --- per-step terms --------------------------------------------------------------------------
    def terms(self, layer: int, direction: int = 0) -> Terms:
        """All terms of the cell equation for every step of (layer, direction), computed now."""
        return self._terms(
            layer,
            direction,
            self.layer_inputs[layer],
            self.h_prev(layer, direction),
            self.hidden(layer, direction),
            self.valid,
        )

    def step(self, layer: int, direction: int, t: int) -> Terms:
        """The terms of the cell equation at one step ``t`` (time order): tensors ``[batch, ...]``.

        Computes that step only (what the app does on every step change).
        """
        self._check(layer, direction)
        if not 0 <= t < self.seq_len:
            raise ValueError(f"t must be in 0..{self.seq_len - 1}, got {t}")
        h = self.hidden(layer, direction)  # [L, N, H]
        h0 = self.h0[layer * self.num_directions + direction]  # [N, H]
        if direction == 0:
            h_prev = h0 if t == 0 else h[t - 1]
        else:
            later = h[t + 1] if t + 1 < self.seq_len else torch.zeros_like(h0)
            h_prev = torch.where((t == self._lengths() - 1).unsqueeze(-1), h0, later)  # [N, H]
        return self._terms(layer, direction, self.layer_inputs[layer][t], h_prev, h[t], self.valid[t])

    def _terms(self, layer: int, direction: int, x: Tensor, h_prev: Tensor, h_t: Tensor, valid: Tensor) -> Terms:
        w = self.weights(layer, direction)
        ih = F.linear(x, w["W_ih"], w["b_ih"])  # [.., N, H]
        hh = F.linear(h_prev, w["W_hh"], w["b_hh"])  # [.., N, H]
        return Terms(x_t=x, h_prev=h_prev, ih=ih, hh=hh, pre=ih + hh, h_t=h_t, valid=valid)

    def _lengths(self) -> Tensor:
        """``[N]`` int64: each sequence's length (seq_len for all without ``lengths``)."""
        return self.lengths if self.lengths is not None else torch.full((self.batch_size,), self.seq_len)

    def activation(self, pre: Tensor) -> Tensor:
        """The cell's nonlinearity f, applied to a pre-activation."""
        return torch.tanh(pre) if self.mode == "RNN_TANH" else torch.relu(pre)

    def packed_output(self) -> torch.nn.utils.rnn.PackedSequence:
        """``output`` packed as torch returns it for a ``PackedSequence`` input."""
        out = self.layer_outputs[-1]  # [L, N, D*H]
        return torch.nn.utils.rnn.pack_padded_sequence(out, self._lengths(), enforce_sorted=False)
