"""The trace of an unrolled RNN, GRU or LSTM: every hidden state as data; gates, c_t and per-step terms on demand."""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
from torch import Tensor

from rnnviz.kinds import Gates, Kind, Range, get_kind


@dataclass(frozen=True, eq=False)
class Terms:
    """Every term of the cell's equations, with the real numbers.

    nn.RNN: ``h_t = f(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)``. nn.GRU and nn.LSTM (G = 3 or 4 row
    blocks): ``ih``, ``hh`` and ``pre`` hold all blocks ``[.., N, G*H]``, ``blocks`` each block's product
    under PyTorch's bias names (GRU ``ir`` = W_ir x_t + b_ir, ``hn`` = W_hn h_{t-1} + b_hn, ...; LSTM
    ``ii``, ``hf``, ...), ``gates`` the gate values (GRU r, z, n; LSTM i, f, g, o; empty for nn.RNN), and
    for LSTM ``c_prev``, ``c_t`` and ``h_cell`` = o * tanh(c_t) (``h_t`` = W_hr h_cell with proj_size).

    For ``Trace.terms`` every tensor has a leading time axis ``[seq_len, batch, ...]``; for
    ``Trace.step`` that axis is gone (``[batch, ...]``). ``valid`` says which entries lie inside each
    sequence's length (all True without ``lengths``).
    """

    x_t: Tensor  # [.., N, in_l] the layer's input (layer l > 0: both directions of layer l-1)
    h_prev: Tensor  # [.., N, H_out] h_{t-1} as this direction sees it (h0 at its first step)
    ih: Tensor  # [.., N, G*H] W_ih x_t + b_ih
    hh: Tensor  # [.., N, G*H] W_hh h_{t-1} + b_hh
    pre: Tensor  # [.., N, G*H] the pre-activation of each block (RNN: ih + hh; GRU n: in + r * hn)
    h_t: Tensor  # [.., N, H_out]
    valid: Tensor  # [.., N] bool
    gates: dict[str, Tensor] = field(default_factory=dict)  # each [.., N, H]
    blocks: dict[str, Tensor] = field(default_factory=dict)  # each [.., N, H]
    c_prev: Tensor | None = None  # [.., N, H] LSTM c_{t-1} (c0 at the direction's first step)
    c_t: Tensor | None = None  # [.., N, H] LSTM
    h_cell: Tensor | None = None  # [.., N, H] LSTM o * tanh(c_t), before W_hr

    def at(self, t: int) -> Terms:
        """The terms of one time step ``t`` (time order, 0-based)."""
        pick = lambda v: None if v is None else v[t]  # noqa: E731
        return Terms(
            x_t=pick(self.x_t),
            h_prev=pick(self.h_prev),
            ih=pick(self.ih),
            hh=pick(self.hh),
            pre=pick(self.pre),
            h_t=pick(self.h_t),
            valid=pick(self.valid),
            gates={k: pick(v) for k, v in self.gates.items()},
            blocks={k: pick(v) for k, v in self.blocks.items()},
            c_prev=pick(self.c_prev),
            c_t=pick(self.c_t),
            h_cell=pick(self.h_cell),
        )


@dataclass(frozen=True, eq=False)
class Trace:
    """Everything ``unroll`` recorded. Tensors are detached snapshots; time-major unless named otherwise.

    ``output`` and ``h_n`` (and ``c_n``) are laid out exactly as ``module(x, hx)`` returns them
    (``batch_first`` and unbatched input respected; a ``PackedSequence`` input gives the padded
    ``output``, see ``packed_output``). Everything else is time-major: ``[seq_len, batch, ...]``.
    H_out is ``proj_size`` for an LSTM with a projection, else ``hidden_size``.
    """

    mode: str  # "RNN_TANH" | "RNN_RELU" | "GRU" | "LSTM" (the module's own mode)
    input_size: int
    hidden_size: int
    num_layers: int
    bidirectional: bool
    bias: bool
    batch_first: bool
    dropout: float
    training: bool  # the module's mode at unroll time: dropout acts only when True
    batched: bool  # False for a 2-D (unbatched) input, as the module allows
    params: dict[str, Tensor]  # PyTorch's names: weight_ih_l0, weight_hh_l0_reverse, ... (as forward reads them)
    h0: Tensor  # [num_layers*D, N, H_out]
    layer_inputs: tuple[Tensor, ...]  # per layer [L, N, in_l]; l > 0 after dropout
    layer_outputs: tuple[Tensor, ...]  # per layer [L, N, D*H_out]; zero past each length
    dropout_masks: tuple[Tensor | None, ...]  # per layer: the scaled noise multiplied into its output
    output: Tensor  # as torch: [L, N, D*H_out] or [N, L, D*H_out] (batch_first) or [L, D*H_out]
    h_n: Tensor  # as torch: [num_layers*D, N, H_out] or [num_layers*D, H_out]
    lengths: Tensor | None  # [N] int64, None when every sequence has seq_len steps
    notes: tuple[str, ...] = ()  # things worth telling the user (NaN/inf in the input, ...)
    cell: str = "rnn"  # "rnn" | "gru" | "lstm"
    proj_size: int = 0  # LSTM's projection (0: none)
    c0: Tensor | None = None  # LSTM: [num_layers*D, N, H]
    c_n: Tensor | None = None  # LSTM, as torch: [num_layers*D, N, H] or [num_layers*D, H]; None for RNN/GRU
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    # --- sizes -------------------------------------------------------------------------------
    @property
    def kind(self) -> Kind:
        """What is specific to this cell kind (rnnviz.kinds): gates, equations, value ranges."""
        return get_kind(self.cell)

    @property
    def num_directions(self) -> int:
        """D: 2 for a bidirectional module, else 1."""
        return 2 if self.bidirectional else 1

    @property
    def H_out(self) -> int:
        """The size of h_t: proj_size if > 0 (LSTM), else hidden_size."""
        return self.proj_size or self.hidden_size

    @property
    def seq_len(self) -> int:
        return self.layer_outputs[0].shape[0]

    @property
    def batch_size(self) -> int:
        return self.layer_outputs[0].shape[1]

    @property
    def nonlinearity(self) -> str:
        """nn.RNN's f ("tanh" | "relu"). GRU and LSTM: "tanh", the function that bounds n, g and tanh(c_t)."""
        return {"RNN_TANH": "tanh", "RNN_RELU": "relu"}.get(self.mode, "tanh")

    def value_range(self, quantity: str = "h") -> Range:
        """The range of "h", "c" or a gate (for colour scales); None on a side means unbounded."""
        if quantity == "h" and self.proj_size:
            return (None, None)  # W_hr (o * tanh(c_t)) is unbounded
        return self.kind.value_range(quantity, self.nonlinearity)

    def _check(self, layer: int, direction: int) -> None:
        if not 0 <= layer < self.num_layers:
            raise ValueError(f"layer must be in 0..{self.num_layers - 1}, got {layer}")
        if not 0 <= direction < self.num_directions:
            allowed = "0 (forward) or 1 (reverse)" if self.bidirectional else "0 (forward only)"
            raise ValueError(f"direction must be {allowed}, got {direction}")

    def _check_t(self, t: int) -> None:
        if not 0 <= t < self.seq_len:
            raise ValueError(f"t must be in 0..{self.seq_len - 1}, got {t!r}")

    # --- hidden states ---------------------------------------------------------------------------
    def hidden(self, layer: int, direction: int = 0) -> Tensor:
        """h_t for every t of one layer and direction: ``[seq_len, batch, H_out]``, time order.

        For the reverse direction ``hidden(l, 1)[t]`` is the state after it has read x_t (it reads
        t = L-1 down to 0). Past a sequence's length the state is 0, as in torch's padded output.
        """
        self._check(layer, direction)
        H = self.H_out
        return self.layer_outputs[layer][..., direction * H : (direction + 1) * H]

    @property
    def valid(self) -> Tensor:
        """``[seq_len, batch]`` bool: True where step t lies inside sequence n's length."""
        t = torch.arange(self.seq_len).unsqueeze(1)  # [L, 1]
        if self.lengths is None:
            return torch.ones(self.seq_len, self.batch_size, dtype=torch.bool)
        return t < self.lengths.unsqueeze(0)  # [L, N]

    def h_prev(self, layer: int, direction: int = 0) -> Tensor:
        """h_{t-1} as each step of (layer, direction) saw it: ``[seq_len, batch, H_out]``.

        Forward: h0 at t = 0, then h_{t-1}. Reverse: h0 at each sequence's last valid step, then the
        state of step t + 1.
        """
        h0 = self.h0[layer * self.num_directions + direction]  # [N, H_out]
        return self._prev_all(self.hidden(layer, direction), h0, direction)

    def _prev_all(self, seq: Tensor, init: Tensor, direction: int) -> Tensor:
        """The state each step starts from, ``[L, N, F]``: ``init`` at the direction's first step."""
        if direction == 0:
            return torch.cat([init.unsqueeze(0), seq[:-1]], dim=0)
        shifted = torch.cat([seq[1:], torch.zeros_like(seq[:1])], dim=0)  # state of t+1
        first = torch.arange(self.seq_len).unsqueeze(1) == (self._lengths() - 1).unsqueeze(0)  # [L, N]
        return torch.where(first.unsqueeze(-1), init.unsqueeze(0), shifted)

    def _prev_at(self, seq: Tensor, init: Tensor, direction: int, t: int) -> Tensor:
        """The state step ``t`` starts from, ``[N, F]``."""
        if direction == 0:
            return init if t == 0 else seq[t - 1]
        later = seq[t + 1] if t + 1 < self.seq_len else torch.zeros_like(init)
        return torch.where((t == self._lengths() - 1).unsqueeze(-1), init, later)

    # --- gated cells -----------------------------------------------------------------------------
    def gates(self, layer: int, direction: int = 0) -> dict[str, Tensor]:
        """The gates of every step, time order, each ``[seq_len, batch, hidden_size]``; zero past each length.

        GRU ``{"r", "z", "n"}``, LSTM ``{"i", "f", "g", "o"}``, nn.RNN ``{}``.
        """
        g = self._all_gates(layer, direction)
        valid = self.valid.unsqueeze(-1)  # [L, N, 1]
        return {k: torch.where(valid, v, torch.zeros_like(v)) for k, v in g.gates.items()}

    def cell_state(self, layer: int, direction: int = 0) -> Tensor:
        """LSTM only: c_t for every t, ``[seq_len, batch, hidden_size]``, time order; zero past each length.

        Recomputed from the recorded h_t: the gates for all steps at once, then the elementwise scan
        c_t = f * c_{t-1} + i * g from c0 (reverse direction: from each sequence's own last step).
        """
        self._check(layer, direction)
        if not self.kind.has_cell_state:
            raise ValueError(f"cell_state is for nn.LSTM only: this trace is an {self.mode} (it has no c_t)")
        key = ("c", layer, direction)
        if key not in self._cache:
            self._cache[key] = self._scan_cell(layer, direction)
        return self._cache[key]

    def _all_gates(self, layer: int, direction: int) -> Gates:
        """Every block product and gate for all steps at once (a few matmuls), cached."""
        self._check(layer, direction)
        key = ("g", layer, direction)
        if key not in self._cache:
            w = self.weights(layer, direction)
            self._cache[key] = self.kind.gate_terms(self.layer_inputs[layer], self.h_prev(layer, direction), w)
        return self._cache[key]

    def _scan_cell(self, layer: int, direction: int) -> Tensor:
        g = self._all_gates(layer, direction).gates
        f, ig = g["f"], g["i"] * g["g"]  # [L, N, H]
        c0 = self.c0[layer * self.num_directions + direction]  # [N, H]
        cs, c, L = torch.empty_like(f), c0, self.seq_len
        if direction == 0:
            for t in range(L):
                c = torch.addcmul(ig[t], f[t], c, out=cs[t])  # c_t = f * c_{t-1} + i * g
        else:
            starts = (torch.arange(L).unsqueeze(1) == (self._lengths() - 1).unsqueeze(0)).unsqueeze(-1)  # [L, N, 1]
            c = torch.zeros_like(c0)
            for t in reversed(range(L)):
                c_prev = c0 if self.lengths is None and t == L - 1 else torch.where(starts[t], c0, c)
                c = torch.addcmul(ig[t], f[t], c_prev, out=cs[t])
        if self.lengths is not None:
            cs = torch.where(self.valid.unsqueeze(-1), cs, torch.zeros_like(cs))
        return cs

    def c_prev(self, layer: int, direction: int = 0) -> Tensor:
        """LSTM: c_{t-1} as each step saw it, ``[seq_len, batch, hidden_size]`` (c0 at the first step)."""
        c = self.cell_state(layer, direction)
        return self._prev_all(c, self.c0[layer * self.num_directions + direction], direction)

    # --- weights ---------------------------------------------------------------------------------
    def weight_names(self, layer: int, direction: int = 0) -> dict[str, str]:
        """PyTorch's parameter names for one layer and direction: keys W_ih, W_hh, b_ih, b_hh (W_hr: proj)."""
        self._check(layer, direction)
        suffix = f"_l{layer}" + ("_reverse" if direction == 1 else "")
        names = {"W_ih": "weight_ih" + suffix, "W_hh": "weight_hh" + suffix}
        if self.bias:
            names |= {"b_ih": "bias_ih" + suffix, "b_hh": "bias_hh" + suffix}
        if self.proj_size:
            names["W_hr"] = "weight_hr" + suffix
        return names

    def weights(self, layer: int, direction: int = 0) -> dict[str, Tensor | None]:
        """W_ih ``[G*H, in_l]``, W_hh ``[G*H, H_out]``, b_ih, b_hh ``[G*H]`` (None without bias);
        G = 1 (RNN), 3 (GRU: r|z|n), 4 (LSTM: i|f|g|o); LSTM with proj_size also W_hr ``[proj_size, H]``."""
        names = self.weight_names(layer, direction)
        keys = ("W_ih", "W_hh", "b_ih", "b_hh") + (("W_hr",) if self.proj_size else ())
        return {k: self.params[names[k]] if k in names else None for k in keys}

    def weight_blocks(self, layer: int, direction: int = 0) -> dict[str, Tensor | None]:
        """The row blocks under their maths names: GRU W_ir, W_iz, W_in, W_hr, ..., b_ir, ...; LSTM W_ii, ...

        nn.RNN: W_ih, W_hh, b_ih, b_hh as ``weights``. Note GRU's W_hr is the r block of weight_hh, not
        LSTM's projection weight_hr.
        """
        w = self.weights(layer, direction)
        if not self.kind.block_names:
            return w
        out: dict[str, Tensor | None] = {}
        G = self.kind.num_blocks
        for src, side in (("W_ih", "i"), ("W_hh", "h")):
            for k, block in zip(self.kind.block_names, w[src].chunk(G, dim=0), strict=True):
                out[f"W_{side}{k}"] = block
        for src, side in (("b_ih", "i"), ("b_hh", "h")):
            parts = w[src].chunk(G) if w[src] is not None else (None,) * G
            for k, block in zip(self.kind.block_names, parts, strict=True):
                out[f"b_{side}{k}"] = block
        return out

    # --- per-step terms --------------------------------------------------------------------------
    def terms(self, layer: int, direction: int = 0) -> Terms:
        """All terms of the cell's equations for every step of (layer, direction), computed now."""
        g = self._all_gates(layer, direction)
        h_prev, h = self.h_prev(layer, direction), self.hidden(layer, direction)
        c = self._cell_terms(layer, direction, g, None)
        return self._make_terms(self.layer_inputs[layer], h_prev, h, self.valid, g, c)

    def step(self, layer: int, direction: int, t: int) -> Terms:
        """The terms of the cell's equations at one step ``t`` (time order): tensors ``[batch, ...]``.

        Computes that step only (what the app does on every step change); LSTM's c_{t-1} and c_t come
        from ``cell_state`` (one scan, cached).
        """
        self._check(layer, direction)
        self._check_t(t)
        h = self.hidden(layer, direction)  # [L, N, H_out]
        h_prev = self._prev_at(h, self.h0[layer * self.num_directions + direction], direction, t)  # [N, H_out]
        x = self.layer_inputs[layer][t]
        g = self.kind.gate_terms(x, h_prev, self.weights(layer, direction))
        c = self._cell_terms(layer, direction, g, t)
        return self._make_terms(x, h_prev, h[t], self.valid[t], g, c)

    def _cell_terms(self, layer: int, direction: int, g: Gates, t: int | None):
        """(c_prev, c_t, o * tanh(c_t)) for LSTM at every step (t None) or at step t; None otherwise."""
        if not self.kind.has_cell_state:
            return None
        c_all = self.cell_state(layer, direction)
        c0 = self.c0[layer * self.num_directions + direction]
        if t is None:
            c_prev, c_t = self._prev_all(c_all, c0, direction), c_all
        else:
            c_prev, c_t = self._prev_at(c_all, c0, direction, t), c_all[t]
        return c_prev, c_t, g.gates["o"] * torch.tanh(c_t)

    @staticmethod
    def _make_terms(x: Tensor, h_prev: Tensor, h_t: Tensor, valid: Tensor, g: Gates, c) -> Terms:
        c_prev, c_t, h_cell = c if c is not None else (None, None, None)
        return Terms(
            x_t=x, h_prev=h_prev, ih=g.ih, hh=g.hh, pre=g.pre, h_t=h_t, valid=valid, gates=dict(g.gates),
            blocks=dict(g.blocks), c_prev=c_prev, c_t=c_t, h_cell=h_cell,
        )  # fmt: skip

    def _lengths(self) -> Tensor:
        """``[N]`` int64: each sequence's length (seq_len for all without ``lengths``)."""
        return self.lengths if self.lengths is not None else torch.full((self.batch_size,), self.seq_len)

    def activation(self, pre: Tensor) -> Tensor:
        """nn.RNN's nonlinearity f, applied to a pre-activation (GRU/LSTM have gates instead: ValueError)."""
        if self.mode == "RNN_TANH":
            return torch.tanh(pre)
        if self.mode == "RNN_RELU":
            return torch.relu(pre)
        raise ValueError(f"an {self.mode} has no single activation f: its gates are in trace.gates(layer, direction)")

    def packed_output(self) -> torch.nn.utils.rnn.PackedSequence:
        """``output`` packed as torch returns it for a ``PackedSequence`` input."""
        out = self.layer_outputs[-1]  # [L, N, D*H_out]
        return torch.nn.utils.rnn.pack_padded_sequence(out, self._lengths(), enforce_sorted=False)
