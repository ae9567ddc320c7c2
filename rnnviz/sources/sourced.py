"""SourcedSpec: an RNNSpec whose weights (and input) came from a file, the lab or the user's numbers (no streamlit).

The spec's fields are the module's configuration as inferred (cell, sizes, layers, bidirectional, bias,
proj_size, the asked nonlinearity / batch_first / dropout) and the input's shape, so every label a page draws
from the spec is true of the loaded module. ``build()`` builds the seeded module of those fields, its seeded
input and hx (the same RNG order as the snippet), then loads the source's weights into it and puts the user's
input in place of the seeded one. With ``Source`` it identifies a run; it is never put in a shared cache.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

import torch
from torch import Tensor, nn

from rnnviz.i18n import text
from rnnviz.spec import RNNSpec

MODEL_SOURCES = ("settings", "upload", "lab")  # URL source=...; "settings" is today's seeded module
MAX_INLINE = 2000  # numbers of an own input written into the snippet as a literal; past it the snippet says so


@dataclass(frozen=True)
class Source:
    """Where a run's weights and input came from. Part of the run's identity (with the spec's fields)."""

    model: str = "settings"  # "settings" | "upload" | "lab"
    model_id: str = ""  # the file's fingerprint with the options it was read with, or the lab job and cell
    input_id: str = ""  # "" = the spec's seeded input; else the fingerprint of the user's input
    label: str = ""  # the file's base name or the lab model's name, for captions (plain text, never HTML)

    @property
    def shared(self) -> bool:
        """True when nothing of the user is in it: the seeded settings (a plain RNNSpec is used then)."""
        return self.model == "settings" and not self.input_id


@dataclass(frozen=True, eq=False)
class Weights:
    """A loaded module's weights and the Python that loads them into ``rnn`` (for the snippet)."""

    state: dict[str, Tensor]  # rnn.state_dict() of the module (float32, CPU); never mutated
    load_lines: tuple[str, ...]  # torch.load(..., weights_only=True), rnn.load_state_dict(...): after nn.X(...)


@dataclass(frozen=True, eq=False)
class OwnInput:
    """The user's input as the module takes it, and the Python that builds it (for the snippet)."""

    x: Tensor  # in the module's layout: [L, N, F], or [N, L, F] under batch_first
    h0: Tensor | None  # [num_layers*D, N, H_out]; None: the spec's h0_kind (zeros or seeded random)
    c0: Tensor | None  # LSTM: [num_layers*D, N, hidden_size]
    code: tuple[str, ...]  # lines that set x (and h0/c0) after the seeded ones
    tokens: tuple[str, ...] | None = None  # a char model's text, one character per time step


def tokens_of(spec: RNNSpec) -> tuple[str, ...] | None:
    """What a char model read at each time step (the user's text, one token per step), else None."""
    own = getattr(spec, "own", None)
    return own.tokens if own is not None else None


@dataclass(frozen=True)
class SourcedSpec(RNNSpec):
    """An RNNSpec with the weights and/or input of a source; compare and hash by fields and ``source``."""

    source: Source = Source()
    weights: Weights | None = field(default=None, compare=False, repr=False)
    own: OwnInput | None = field(default=None, compare=False, repr=False)

    def build(self) -> tuple[nn.Module, Tensor, Tensor | tuple[Tensor, Tensor] | None]:
        """The module with the source's weights, the input and hx (fresh copies on every call)."""
        module, x, hx = RNNSpec.build(self)
        if self.weights is not None:
            with torch.no_grad():
                module.load_state_dict(self.weights.state, strict=True)
        if self.own is not None:
            x = self.own.x.clone()
            if self.own.h0 is not None:
                h0 = self.own.h0.clone()
                hx = (h0, self.own.c0.clone()) if self.own.c0 is not None else h0
        return module, x, hx

    def replace(self, **changes) -> RNNSpec:
        """A copy with some fields changed: a plain seeded RNNSpec when the module changes (the weights no
        longer fit); without the own input when its shape changes; else the same source."""
        changed = {k for k, v in changes.items() if getattr(self, k) != v}
        if changed & set(FIXED) or (self.weights is None and changed & set(SHAPE)):
            return plain(self).replace(**changes)
        if self.own is not None and changed & set(SHAPE):
            source = dataclasses.replace(self.source, input_id="")
            return dataclasses.replace(self, source=source, own=None, **changes)
        return dataclasses.replace(self, **changes)

    def snippet_lines(self) -> tuple[str, ...]:
        """What the snippet adds after the seeded lines: load the weights, set the input."""
        return (*(self.weights.load_lines if self.weights else ()), *(self.own.code if self.own else ()))


FIXED = ("input_size", "hidden_size", "num_layers", "bias", "bidirectional", "cell", "proj_size")  # the weights'
SHAPE = ("seq_len", "batch_size", "batch_first", "lengths")  # the own input's


def plain(spec: RNNSpec) -> RNNSpec:
    """The seeded RNNSpec with the same fields (no source)."""
    return RNNSpec(**{k: getattr(spec, k) for k in RNNSpec.__dataclass_fields__})


def private(value: object) -> bool:
    """True for a value that holds a user's weights or input: it must stay in that user's session."""
    if isinstance(value, (tuple, list)):
        return any(private(v) for v in value)
    return isinstance(value, SourcedSpec)


def fixed_fields(module: nn.RNNBase, cell: str) -> dict[str, object]:
    """The spec fields a module's weights decide (and the options it was built with)."""
    out = {
        "cell": cell,
        "input_size": module.input_size,
        "hidden_size": module.hidden_size,
        "num_layers": module.num_layers,
        "bias": module.bias,
        "bidirectional": module.bidirectional,
        "batch_first": module.batch_first,
        "dropout": float(module.dropout),
        "proj_size": getattr(module, "proj_size", 0),
    }
    if cell == "rnn":
        out["nonlinearity"] = module.nonlinearity
    return out


def weights_of(module: nn.RNNBase, load_lines: tuple[str, ...]) -> Weights:
    """The weights of ``module`` (float32 copies), with the lines that load them in the snippet."""
    state = {k: v.detach().to(torch.float32).clone() for k, v in module.state_dict().items()}
    return Weights(state, load_lines)


def tensor_literal(name: str, t: Tensor, comment: str) -> tuple[str, ...]:
    """``name = torch.tensor([...])  # comment`` (exact float32 values), or a note past MAX_INLINE numbers."""
    if t.numel() > MAX_INLINE:
        return (f"# {name}: {comment} ({t.numel():,} numbers, too many to print here: load them from your file)",)
    return (f"{name} = torch.tensor({t.tolist()!r})  # {comment}",)


def describe(spec: RNNSpec, lang: str = "en") -> str:
    """One line for captions: where the weights and the input came from ('' for the seeded settings)."""
    src = getattr(spec, "source", None)
    if src is None:
        return ""
    parts = []
    if src.model == "upload":
        parts.append(text(lang, "src.origin.upload", name=safe_name(src.label), id=src.model_id[:8]))
    elif src.model == "lab":
        parts.append(text(lang, "src.origin.lab", name=src.label))
    if src.input_id:
        parts.append(text(lang, "src.origin.input"))
    return " · ".join(parts)


def safe_name(name: str) -> str:
    """A file's name for captions and Markdown: letters, digits, ``.``, ``-``, ``_`` and spaces, at most 60."""
    cleaned = re.sub(r"[^\w.\- ]", "_", name)
    return cleaned if len(cleaned) <= 60 else cleaned[:59] + "…"
