"""The /compare page's two sides: A and B each override the shared spec's cell (and proj_size, hidden_size).

URL keys ``a.cell``, ``a.proj_size``, ``a.hidden_size`` and the same with ``b.``; anything else comes from the
sidebar. A side is validated and capped exactly like the shared spec (rnnviz.params.from_params), with notices.
No streamlit here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rnnviz.limits import Limits
from rnnviz.params import Notice, from_params
from rnnviz.spec import RNNSpec

SIDES = ("a", "b")
SIDE_KEYS = ("cell", "proj_size", "hidden_size")  # what a side may change; the rest is the sidebar's
DEFAULT_CELLS = {"a": "rnn", "b": "lstm"}


@dataclass(frozen=True)
class Side:
    """One side of the comparison: its spec, and what could not be used as given (field names prefixed)."""

    name: str  # "a" | "b"
    spec: RNNSpec
    notices: tuple[Notice, ...]

    def params(self) -> dict[str, str]:
        """This side's URL keys: ``a.cell=lstm&a.proj_size=0&a.hidden_size=3``."""
        return {f"{self.name}.{k}": str(getattr(self.spec, k)) for k in SIDE_KEYS}


def parse_side(name: str, raw: Mapping[str, object], base: RNNSpec, limits: Limits) -> Side:
    """Side ``name`` of the comparison from URL-like ``raw`` (``a.cell``, ...); never raises."""
    own = {k: _first(raw.get(f"{name}.{k}")) for k in SIDE_KEYS}
    own = {k: v for k, v in own.items() if v is not None}
    own.setdefault("cell", DEFAULT_CELLS[name])
    own.setdefault("proj_size", "0")
    values: dict[str, object] = dict(own)
    if own["cell"].strip().lower() in ("gru", "lstm"):  # nn.RNN's nonlinearity does not carry over to a gated side
        values["nonlinearity"] = "tanh"
    parsed = from_params(values, limits, base.replace(proj_size=0))
    notices = tuple(Notice(f"{name}.{n.field}", n.raw, n.used, n.reason) for n in parsed.notices)
    return Side(name, parsed.spec, notices)


def _first(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    return str(value)
