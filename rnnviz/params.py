"""RNNSpec <-> flat string parameters (the URL query, CLI flags): never raises, reports every fix-up."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields

from rnnviz.limits import Limits
from rnnviz.presets import PRESETS
from rnnviz.spec import CELLS, H0_KINDS, INPUT_KINDS, NONLINEARITIES, SEED_MAX, RNNSpec, trace_cells

TRUE, FALSE = ("true", "1", "yes", "on"), ("false", "0", "no", "off")
CHOICES = {"nonlinearity": NONLINEARITIES, "input_kind": INPUT_KINDS, "h0_kind": H0_KINDS, "cell": CELLS}
MAX_RAW = 40  # longer raw values are not even parsed
CAPPED = ("input_size", "hidden_size", "num_layers", "seq_len", "batch_size")  # fields with a Limits cap


@dataclass(frozen=True)
class Notice:
    """One value that could not be used as given. ``reason`` is a code the UI translates:
    invalid | too_small | too_large | capped | cells | unknown_preset | not_for_cell | lengths_count."""

    field: str
    raw: str  # what was given (shortened); display as plain text, never as HTML
    used: object  # what is used instead
    reason: str

    def message(self) -> str:
        """A plain English sentence (the app uses its translated catalogue instead)."""
        return f"{self.field}={self.raw!r} {_REASONS[self.reason]}; using {self.used!r}"


_REASONS = {
    "invalid": "is not a valid value",
    "too_small": "is below the smallest allowed value",
    "too_large": "is above the largest allowed value",
    "capped": "is above this server's cap",
    "cells": "would make the trace too large for this server",
    "unknown_preset": "is not a known preset",
    "not_for_cell": "does not apply to this cell (nonlinearity: nn.RNN only; proj_size: nn.LSTM only, < hidden_size)",
    "lengths_count": "needs one length per sequence (batch_size of them), each in 1..seq_len",
}


@dataclass(frozen=True)
class Parsed:
    """What a set of parameters resolved to."""

    spec: RNNSpec
    t: int  # the current step, clamped to 0..seq_len-1
    preset: str | None
    notices: tuple[Notice, ...]


def to_params(spec: RNNSpec, t: int = 0, preset: str | None = None) -> dict[str, str]:
    """Every field of ``spec`` plus ``t`` (and ``preset``) as strings; booleans as true/false."""
    out = {f.name: _fmt(getattr(spec, f.name)) for f in fields(RNNSpec)}
    out["t"] = str(t)
    if preset:
        out["preset"] = preset
    return out


def from_params(params: Mapping[str, object], limits: Limits | None = None, base: RNNSpec | None = None) -> Parsed:
    """Read a spec from string parameters. Missing keys keep ``base`` (or the preset's value);
    anything invalid falls back or is clamped, with a ``Notice``. Unknown keys are ignored."""
    limits = limits or Limits()
    notices: list[Notice] = []
    raw = {k: _first(v) for k, v in params.items()}
    preset = raw.get("preset") or None  # "?preset=" means no preset
    if preset is not None and preset not in PRESETS:
        notices.append(Notice("preset", _short(preset), None, "unknown_preset"))
        preset = None
    spec = PRESETS[preset].spec if preset else (base or RNNSpec())
    values = {f.name: getattr(spec, f.name) for f in fields(RNNSpec)}
    for name, default in list(values.items()):
        if name in raw:
            values[name] = _parse_field(name, raw[name], default, limits, notices)
    raw_lengths = raw.get("lengths") if "lengths" in raw else None
    values["lengths"] = None if "lengths" in raw else values["lengths"]
    values = _fit_cells(_fit_caps(_fit_cell_options(values, notices), limits, notices), limits, notices)
    values["lengths"] = _fit_lengths(raw_lengths, values, notices) if "lengths" in raw else _kept_lengths(values)
    spec = RNNSpec(**values)
    t = 0
    if "t" in raw:
        t = _parse_number("t", raw["t"], 0, 0, spec.seq_len - 1, notices, int)
    return Parsed(spec=spec, t=t, preset=preset, notices=tuple(notices))


def _parse_field(name: str, text: str, default: object, limits: Limits, notices: list[Notice]) -> object:
    if name in CHOICES:
        value = text.strip().lower()
        if value in CHOICES[name]:
            return value
        notices.append(Notice(name, _short(text), default, "invalid"))
        return default
    if isinstance(default, bool):
        value = text.strip().lower()
        if value in TRUE or value in FALSE:
            return value in TRUE
        notices.append(Notice(name, _short(text), default, "invalid"))
        return default
    if name == "lengths":  # parsed after the sizes are final: _fit_lengths
        return None
    if name == "dropout":
        return _parse_number(name, text, default, 0.0, 1.0, notices, float)
    if name == "seed":
        return _parse_number(name, text, default, 0, SEED_MAX, notices, int)
    if name == "proj_size":  # 0 = off; checked against cell and hidden_size in _fit_cell_options
        return _parse_number(name, text, default, 0, limits.hidden_size, notices, int)
    return _parse_number(name, text, default, 1, getattr(limits, name), notices, int, capped=True)


def _parse_number(name, text, default, low, high, notices, kind, capped=False):
    """Parse an int or float; invalid -> default, out of range -> clamped, each with a notice."""
    try:
        if len(text) > MAX_RAW:
            raise ValueError
        value = kind(text.strip())
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError
        value = value + 0  # -0.0 -> 0.0
    except (ValueError, TypeError, OverflowError):
        notices.append(Notice(name, _short(text), default, "invalid"))
        return default
    if value < low:
        notices.append(Notice(name, _short(text), low, "too_small"))
        return low
    if value > high:
        notices.append(Notice(name, _short(text), high, "capped" if capped else "too_large"))
        return high
    return value


def _fit_cell_options(values: dict, notices: list[Notice]) -> dict:
    """nonlinearity is nn.RNN's (else "tanh"); proj_size is nn.LSTM's and smaller than hidden_size (else 0)."""
    if values["cell"] != "rnn" and values["nonlinearity"] != "tanh":
        notices.append(Notice("nonlinearity", str(values["nonlinearity"]), "tanh", "not_for_cell"))
        values = {**values, "nonlinearity": "tanh"}
    p = values["proj_size"]
    if p and (values["cell"] != "lstm" or p >= values["hidden_size"]):
        notices.append(Notice("proj_size", str(p), 0, "not_for_cell"))
        values = {**values, "proj_size": 0}
    return values


def parse_lengths(text: str) -> tuple[int, ...] | None:
    """'6,4' (or '6 4', '(6, 4)') -> (6, 4); '' or 'none' -> None; raises ValueError for anything else."""
    body = text.strip().strip("()[]").replace(",", " ").split()
    if not body or text.strip().lower() == "none":
        return None
    if len(text) > MAX_RAW:
        raise ValueError(f"lengths: at most {MAX_RAW} characters")
    return tuple(int(n) for n in body)


def format_lengths(lengths: tuple[int, ...] | None) -> str:
    """(6, 4) -> '6,4'; None -> '' (the URL and the sidebar's text box)."""
    return "" if lengths is None else ",".join(str(n) for n in lengths)


def _fit_lengths(text: str, values: dict, notices: list[Notice]) -> tuple[int, ...] | None:
    """One length per sequence in 1..seq_len: out of range -> clamped, wrong count or not numbers -> None."""
    L, N = values["seq_len"], values["batch_size"]
    try:
        lengths = parse_lengths(text)
    except ValueError:
        notices.append(Notice("lengths", _short(text), None, "invalid"))
        return None
    if lengths is None:
        return None
    if len(lengths) != N:
        notices.append(Notice("lengths", _short(text), None, "lengths_count"))
        return None
    fit = tuple(min(max(n, 1), L) for n in lengths)
    if fit != lengths:
        reason = "too_small" if any(n < 1 for n in lengths) else "too_large"
        notices.append(Notice("lengths", _short(text), format_lengths(fit), reason))
    return fit


def _kept_lengths(values: dict) -> tuple[int, ...] | None:
    """Lengths kept from ``base`` or a preset, dropped if the sizes no longer fit them."""
    lengths = values["lengths"]
    if lengths is None or len(lengths) != values["batch_size"] or max(lengths) > values["seq_len"]:
        return None
    return lengths


def _fit_caps(values: dict, limits: Limits, notices: list[Notice]) -> dict:
    """Sizes kept from ``base`` or a preset obey this server's caps too."""
    for name in CAPPED:
        cap = getattr(limits, name)
        if values[name] > cap:
            notices.append(Notice(name, str(values[name]), cap, "capped"))
            values = {**values, name: cap}
    return values


def _fit_cells(values: dict, limits: Limits, notices: list[Notice]) -> dict:
    """Shrink seq_len, then batch_size, until the trace fits ``limits.cells`` (a gated trace counts its gates)."""
    cells = trace_cells
    for name in ("seq_len", "batch_size"):
        if cells(values) <= limits.cells:
            break
        fit = max(1, limits.cells // (cells(values) // values[name]))
        notices.append(Notice(name, str(values[name]), fit, "cells"))
        values = {**values, name: fit}
    return values


def _fmt(value: object) -> str:
    if value is None or isinstance(value, tuple):
        return format_lengths(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _first(value: object) -> str:
    """A query parameter may come as a list (repeated key): take the first; everything becomes str."""
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    return str(value)


def _short(text: str) -> str:
    return text if len(text) <= MAX_RAW else text[:MAX_RAW] + "…"
