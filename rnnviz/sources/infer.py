"""A recurrent module's configuration inferred from a state_dict's keys and shapes, with how it was told."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from torch import Tensor, nn

from rnnviz.kinds import KINDS as CELL_KINDS
from rnnviz.sources.errors import Message, SourceError, listing, shape


@dataclass(frozen=True)
class Kind:
    """What the weights of one cell kind look like and what its module takes, read from rnnviz.kinds."""

    name: str  # the torch.nn class: "RNN" | "GRU" | "LSTM"
    module: type[nn.RNNBase]
    gates: int  # rows of weight_ih_l0 per hidden unit
    nonlinearity: bool  # takes nonlinearity= (tanh or relu)
    proj: bool  # may have weight_hr_l* (proj_size)
    cell_state: bool  # has c_t: takes (h0, c0)


KINDS = {
    k.module_type.__name__: Kind(
        k.module_type.__name__,
        k.module_type,
        gates=k.num_blocks,
        nonlinearity=k.takes_nonlinearity,
        proj=k.has_projection,
        cell_state=k.has_cell_state,
    )
    for k in CELL_KINDS.values()
}
BY_GATES = {k.gates: k for k in KINDS.values()}


def kind_of(module: nn.Module) -> Kind | None:
    """The Kind of a torch module (by its class), or None."""
    return next((k for k in KINDS.values() if type(module) is k.module), None)


KEY = re.compile(
    r"^(?P<prefix>(?:.+\.)?)(?P<name>weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)_l(?P<layer>\d+)(?P<rev>_reverse)?$"
)
_CELL_KEY = re.compile(r"^(?:.+\.)?(?:weight_ih|weight_hh)$")  # nn.RNNCell / GRUCell / LSTMCell


@dataclass(frozen=True)
class Config:
    """The constructor arguments the weights determine (the rest -- nonlinearity, batch_first, dropout -- are asked)."""

    kind: str  # "RNN" | "GRU" | "LSTM": the torch.nn class
    input_size: int
    hidden_size: int
    num_layers: int
    bias: bool
    bidirectional: bool
    proj_size: int = 0  # LSTM only: h_t has proj_size units (weight_hr_l*)

    @property
    def num_directions(self) -> int:
        return 2 if self.bidirectional else 1

    @property
    def out_size(self) -> int:
        """Units of h_t (proj_size when projecting, else hidden_size)."""
        return self.proj_size or self.hidden_size

    def expected(self) -> dict[str, tuple[int, ...]]:
        """Every parameter's name and shape, as torch names them (``weight_ih_l1_reverse``...)."""
        rows, out = _gates(self.kind) * self.hidden_size, {}
        for layer in range(self.num_layers):
            width = self.input_size if layer == 0 else self.num_directions * self.out_size
            for suffix in ("", "_reverse")[: self.num_directions]:
                out[f"weight_ih_l{layer}{suffix}"] = (rows, width)
                out[f"weight_hh_l{layer}{suffix}"] = (rows, self.out_size)
                if self.bias:
                    out[f"bias_ih_l{layer}{suffix}"] = (rows,)
                    out[f"bias_hh_l{layer}{suffix}"] = (rows,)
                if self.proj_size:
                    out[f"weight_hr_l{layer}{suffix}"] = (self.proj_size, self.hidden_size)
        return out

    @property
    def num_parameters(self) -> int:
        return sum(_numel(s) for s in self.expected().values())

    def summary(self) -> str:
        """``LSTM(5, 3, num_layers=2, bidirectional=True)`` -- the call without the asked options."""
        args = [str(self.input_size), str(self.hidden_size)]
        if self.num_layers != 1:
            args.append(f"num_layers={self.num_layers}")
        if not self.bias:
            args.append("bias=False")
        if self.bidirectional:
            args.append("bidirectional=True")
        if self.proj_size:
            args.append(f"proj_size={self.proj_size}")
        return f"{self.kind}({', '.join(args)})"


def _gates(kind: str) -> int:
    return KINDS[kind].gates


def _numel(dims: tuple[int, ...]) -> int:
    n = 1
    for d in dims:
        n *= d
    return n


def recurrent_groups(state: Mapping[str, object]) -> dict[str, dict[str, object]]:
    """Keys named like nn.RNN/GRU/LSTM parameters, by prefix ('' or 'rnn.'); only prefixes with a weight_ih_l0."""
    groups: dict[str, dict[str, object]] = {}
    for key, value in state.items():
        m = KEY.match(key)
        if m:
            groups.setdefault(m["prefix"], {})[key[len(m["prefix"]) :]] = value
    return {p: g for p, g in groups.items() if "weight_ih_l0" in g}


def no_layer_error(state: Mapping[str, object]) -> SourceError:
    """The refusal of a state_dict without any recurrent layer: what was found, what names were expected."""
    keys = list(state)
    hint = "source.err.no_layer_cell" if any(_CELL_KEY.match(k) for k in keys) else "source.err.no_layer"
    return SourceError(hint, n=len(keys), found=listing(keys) or "—")


def infer(group: Mapping[str, object], prefix: str) -> tuple[Config, list[Message]]:
    """The configuration of one recurrent module's parameters (names without prefix) and how each value was told.

    Looks at shapes only (nothing is computed on the tensors); ``check_keys`` then checks every other key.
    """
    for name, value in group.items():
        if not isinstance(value, Tensor):
            raise SourceError("source.err.not_tensor", key=prefix + name, kind=type(value).__name__)
    w_ih, w_hh = group["weight_ih_l0"], group.get("weight_hh_l0")
    if w_hh is None:
        raise SourceError("source.err.missing_hh", key=prefix + "weight_hh_l0", ih=prefix + "weight_ih_l0")
    for key, t in (("weight_ih_l0", w_ih), ("weight_hh_l0", w_hh)):
        if t.dim() != 2 or min(t.shape) < 1:
            raise SourceError("source.err.not_matrix", key=prefix + key, shape=shape(t))
    rows, input_size = w_ih.shape
    facts: list[Message] = []
    w_hr = group.get("weight_hr_l0")
    if w_hr is not None:
        if w_hr.dim() != 2 or min(w_hr.shape) < 1:
            raise SourceError("source.err.not_matrix", key=prefix + "weight_hr_l0", shape=shape(w_hr))
        proj_size, hidden_size = w_hr.shape
        kind = next((k.name for k in KINDS.values() if k.proj and rows == k.gates * hidden_size), None)
        if kind is None:
            raise SourceError(
                "source.err.proj_not_lstm", key=prefix + "weight_ih_l0", shape=shape(w_ih), hidden=hidden_size
            )
        facts.append(Message("source.fact.hidden_proj", {"hidden": hidden_size, "shape": shape(w_hr)}))
    else:
        proj_size, hidden_size = 0, w_hh.shape[1]
        kind = (
            BY_GATES[rows // hidden_size].name if rows % hidden_size == 0 and rows // hidden_size in BY_GATES else None
        )
        if kind is None:
            raise SourceError("source.err.rows", shape=shape(w_ih), hh=shape(w_hh), hidden=hidden_size, rows=rows)
        facts.append(Message("source.fact.hidden", {"hidden": hidden_size, "shape": shape(w_hh)}))
    gates = rows // hidden_size
    facts.insert(0, Message("source.fact.kind", {"kind": kind, "gates": gates, "shape": shape(w_ih), "rows": rows}))
    facts.append(Message("source.fact.input", {"input": input_size, "shape": shape(w_ih)}))

    num_layers = max(int(KEY.match(n)["layer"]) for n in group) + 1  # gaps are caught as missing keys
    facts.append(Message("source.fact.layers", {"n": num_layers, "last": num_layers - 1}))
    bidirectional = any(n.endswith("_reverse") for n in group)
    facts.append(
        Message("source.fact.bidirectional", {"key": "weight_ih_l0_reverse"})
        if bidirectional
        else Message("source.fact.unidirectional", {})
    )
    bias = "bias_ih_l0" in group or "bias_hh_l0" in group
    facts.append(
        Message("source.fact.bias", {"shape": shape(group.get("bias_ih_l0", group.get("bias_hh_l0")))})
        if bias
        else Message("source.fact.no_bias", {})
    )
    if KINDS[kind].proj:
        facts.append(
            Message("source.fact.proj", {"proj": proj_size, "shape": shape(w_hr)})
            if proj_size
            else Message("source.fact.no_proj", {})
        )
    return Config(kind, int(input_size), int(hidden_size), num_layers, bias, bidirectional, int(proj_size)), facts


def check_keys(group: Mapping[str, Tensor], config: Config, prefix: str) -> None:
    """Every parameter the configuration needs is there with its shape, and nothing else is."""
    expected = config.expected()
    missing = [prefix + k for k in expected if k not in group]
    extra = [prefix + k for k in group if k not in expected]
    described = config.summary()
    if missing:
        raise SourceError(
            "source.err.missing", keys=listing(missing), config=described, expected=listing(list(expected), 12)
        )
    if extra:
        raise SourceError("source.err.unexpected", keys=listing(extra), config=described)
    for name, dims in expected.items():
        if tuple(group[name].shape) != dims:
            raise SourceError(
                "source.err.shape",
                key=prefix + name,
                found=shape(group[name]),
                expected=shape(dims),
                config=described,
                why=_why(name, config),
            )


def _why(name: str, config: Config) -> str:
    """Which rule fixes this parameter's shape, in words (English code-like text; the same in both languages)."""
    g, h, o = _gates(config.kind), config.hidden_size, config.out_size
    layer = int(KEY.match(name)["layer"])
    if name.startswith("weight_ih"):
        width = "input_size" if layer == 0 else f"{config.num_directions} × {o} (layer {layer - 1}'s output)"
        return f"[{g} × hidden_size, {width}]"
    if name.startswith("weight_hh"):
        return f"[{g} × hidden_size, {'proj_size' if config.proj_size else 'hidden_size'}]"
    if name.startswith("weight_hr"):
        return "[proj_size, hidden_size]"
    return f"[{g} × hidden_size] = [{g * h}]"
