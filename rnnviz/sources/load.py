"""load_state_dict(file or state_dict) -> (the real nn.RNN / nn.GRU / nn.LSTM, how it was inferred)."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass

import torch
from torch import Tensor, nn

from rnnviz.limits import Limits
from rnnviz.sources.errors import Message, SourceError, cap_error, clip, listing, shape
from rnnviz.sources.files import find_state_dict, is_tensor_dict, load_blob, read_source
from rnnviz.sources.infer import KINDS, Config, check_keys, infer, no_layer_error, recurrent_groups
from rnnviz.sources.vocab import CharModel, HeadKeys, build_head, find_head

FLOATS = (torch.float16, torch.bfloat16, torch.float32, torch.float64)
DEFAULTS = {"nonlinearity": "tanh", "batch_first": False, "dropout": 0.0}  # what the weights cannot tell


@dataclass(frozen=True, eq=False)
class Inference:
    """How a state_dict became a module: the configuration, each fact that told it, what was asked, notes."""

    config: Config
    kwargs: Mapping[str, object]  # the constructor's arguments: KINDS[config.kind].module(**kwargs)
    prefix: str  # where the module's keys sit in the state_dict: "" or e.g. "rnn."
    container: tuple[str, ...]  # keys that led from the file to the state_dict, e.g. ("state_dict",)
    file_format: str  # "torch" | "safetensors" | "mapping"
    source_name: str  # the file's base name, "<bytes>" or "<state_dict>"
    candidates: tuple[str, ...]  # prefixes of every recurrent module in the state_dict
    facts: tuple[Message, ...]  # how each inferred value was told (key and shape)
    asked: tuple[Message, ...]  # what the weights cannot tell: the value used and the default
    notes: tuple[Message, ...]  # conversions, NaN/inf, ignored keys
    char: CharModel | None  # embedding + decoder around the module, when the state_dict has them
    dtype: torch.dtype = torch.float32  # the module's dtype

    @property
    def kind(self) -> str:
        return self.config.kind

    def call(self) -> str:
        """The constructor call that builds the module: ``nn.LSTM(input_size=5, hidden_size=3, ...)``."""
        return f"nn.{self.kind}({', '.join(f'{k}={v!r}' for k, v in self.kwargs.items())})"

    def lines(self, lang: str = "en") -> list[str]:
        """Every fact, asked option and note as a sentence in ``lang``."""
        return [m.text(lang) for m in (*self.facts, *self.asked, *self.notes)]

    def __str__(self) -> str:
        return "\n".join(self.lines("en"))


def load_state_dict(
    src: object,
    *,
    nonlinearity: str | None = None,
    batch_first: bool | None = None,
    dropout: float | None = None,
    prefix: str | None = None,
    vocab: object = None,
    dtype: torch.dtype = torch.float32,
    limits: Limits | None = None,
) -> tuple[nn.RNNBase, Inference]:
    """Build the nn.RNN / nn.GRU / nn.LSTM a state_dict belongs to, with its weights, and say how.

    Args:
        src: a path (``.pt``, ``.pth``, ``.safetensors``), the file's bytes, a file-like object (an upload),
            a state_dict, a dict holding one (``{"state_dict": ...}``, ``{"model": ...}``, a lab checkpoint
            ``{"state_dict", "config", "vocab"}``) or an ``nn.Module``. Files are read in memory only, with
            ``torch.load(..., weights_only=True, map_location="cpu")`` or safetensors: nothing in them runs.
        nonlinearity, batch_first, dropout: what the weights cannot tell. None: the checkpoint's ``config``
            if it has the option, else torch's default ("tanh", False, 0.0). ``nonlinearity`` is nn.RNN's only.
        prefix: which recurrent module of a whole model's state_dict (e.g. ``"rnn."``) when it has several.
        vocab: the tokens of a char model's embedding rows (a string of characters, a list, or a dict
            token -> index / index -> token); a lab checkpoint's ``vocab`` is used when not given.
        dtype: the module's dtype; weights of other float dtypes are converted, with a note.
        limits: the caps (default ``Limits.from_env()``), checked from the shapes before anything is built.

    Returns:
        ``(module, inference)``: the module in eval mode, loaded with ``load_state_dict(strict=True)``, so it
        computes what the original module computes; ``inference`` says how every value was told.

    Raises:
        SourceError (a ValueError): for a file that is not plain tensors, no or several recurrent modules,
            missing/unexpected keys, inconsistent shapes, non-float weights, sizes over the caps, bad options.
    """
    limits = Limits.from_env() if limits is None else limits
    obj, fmt, name = _open(src, limits)
    state, container, outer = find_state_dict(obj, name, usable=lambda d: bool(recurrent_groups(d)))
    groups = recurrent_groups(state)
    if not groups:
        raise no_layer_error(state)
    chosen = _choose(groups, prefix)
    config, facts = infer(groups[chosen], chosen)
    if len(groups) > 1 or chosen:
        facts.insert(0, Message("source.fact.prefix", {"prefix": repr(chosen), "n": len(groups)}))
    if container:
        facts.insert(0, Message("source.fact.container", {"key": repr(container[-1])}))
    _check_caps(config, limits)  # from the first layer's shapes, before anything else is looked at
    check_keys(groups[chosen], config, chosen)
    hints = outer.get("config") if isinstance(outer, Mapping) else None
    kwargs, asked, notes = _options(config, hints, nonlinearity=nonlinearity, batch_first=batch_first, dropout=dropout)
    params = {k: state[chosen + k] for k in config.expected()}
    tensors, conv_notes = _convert(params, dtype, chosen)
    module, build_notes = _build(config.kind, kwargs, tensors, dtype)
    char, head_notes = _char_model(state, chosen, config, dtype, limits, vocab, outer)
    used = {chosen + k for k in params} | set(char.keys.keys() if char else ())
    ignored = [k for k in state if k not in used]
    if ignored:
        notes.append(Message("source.note.ignored", {"n": len(ignored), "keys": listing(ignored)}))
    inference = Inference(
        config=config,
        kwargs=kwargs,
        prefix=chosen,
        container=container,
        file_format=fmt,
        source_name=name,
        candidates=tuple(groups),
        facts=tuple(facts),
        asked=tuple(asked),
        notes=tuple(conv_notes + build_notes + head_notes + notes),
        char=char,
        dtype=dtype,
    )
    return module, inference


def _open(src: object, limits: Limits) -> tuple[object, str, str]:
    """(what the source holds, its format, its name)."""
    if isinstance(src, nn.Module):
        return src.state_dict(), "mapping", "<state_dict>"
    if isinstance(src, Mapping):
        return src, "mapping", "<state_dict>"
    blob = read_source(src, limits)
    obj, fmt = load_blob(blob, limits)
    return obj, fmt, blob.name


def _choose(groups: Mapping[str, object], prefix: str | None) -> str:
    if prefix is not None:
        want = prefix if prefix in ("", None) or prefix.endswith(".") else prefix + "."
        if want not in groups:
            raise SourceError("source.err.no_prefix", prefix=clip(prefix, 60), found=listing(map(repr, groups)))
        return want
    if len(groups) > 1:
        err = SourceError("source.err.several", found=listing([repr(p) for p in groups]))
        err.candidates = tuple(groups)  # for the app's picker
        raise err
    return next(iter(groups))


def _check_caps(config: Config, limits: Limits) -> None:
    """Sizes from the shapes against the caps, before any module is built."""
    if config.proj_size and config.proj_size >= config.hidden_size:
        raise SourceError("source.err.proj_size", proj=config.proj_size, hidden=config.hidden_size)
    for field in ("num_layers", "hidden_size", "input_size", "parameters"):  # parameters last: it counts layers
        value = config.num_parameters if field == "parameters" else getattr(config, field)
        if value > getattr(limits, field):
            raise cap_error(field, value, getattr(limits, field))


def _options(config: Config, hints: object, **given: object) -> tuple[dict, list[Message], list[Message]]:
    """The constructor's arguments: the inferred ones and the asked ones (given, else the checkpoint's, else
    torch's default), with a sentence for each asked one."""
    hints = hints if isinstance(hints, Mapping) else {}
    asked, notes, chosen = [], [], {}
    for name, default in DEFAULTS.items():
        if name == "nonlinearity" and not KINDS[config.kind].nonlinearity:
            if given[name] not in (None, "tanh"):
                notes.append(Message("source.note.nonlinearity", {"kind": config.kind, "value": clip(given[name])}))
            continue
        value, origin = given[name], "given"
        if value is None and name in hints:
            value, origin = hints[name], "checkpoint"
        if value is None:
            value, origin = default, "default"
        chosen[name] = _check_option(name, value)
        asked.append(Message(f"source.asked.{name}.{origin}", {"value": repr(chosen[name]), "default": repr(default)}))
    kwargs = {
        "input_size": config.input_size,
        "hidden_size": config.hidden_size,
        "num_layers": config.num_layers,
        **({"nonlinearity": chosen["nonlinearity"]} if "nonlinearity" in chosen else {}),
        "bias": config.bias,
        "batch_first": chosen["batch_first"],
        "dropout": chosen["dropout"],
        "bidirectional": config.bidirectional,
        **({"proj_size": config.proj_size} if config.proj_size else {}),
    }
    return kwargs, asked, notes


def _check_option(name: str, value: object) -> object:
    if name == "nonlinearity" and value in ("tanh", "relu"):
        return value
    if name == "batch_first" and isinstance(value, bool):
        return value
    if name == "dropout" and isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1:
        return float(value)
    allowed = {"nonlinearity": "'tanh' or 'relu'", "batch_first": "True or False", "dropout": "a number in [0, 1]"}
    raise SourceError("source.err.option", name=name, value=clip(value), allowed=allowed[name])


def _convert(params: Mapping[str, Tensor], dtype: torch.dtype, prefix: str) -> tuple[dict, list[Message]]:
    """Each weight as a dense ``dtype`` tensor; notes for converted dtypes and for NaN/inf values."""
    if dtype not in FLOATS[2:]:
        raise SourceError(
            "source.err.option", name="dtype", value=clip(dtype), allowed="torch.float32 or torch.float64"
        )
    out, dtypes, notes = {}, set(), []
    for name, t in params.items():
        if t.layout != torch.strided or t.is_quantized or t.dtype not in FLOATS:
            raise SourceError("source.err.dtype", key=prefix + name, dtype=str(t.dtype).replace("torch.", ""))
        if t.dtype != dtype:
            dtypes.add(t.dtype)
        out[name] = t.detach().to(dtype=dtype, copy=True).contiguous()
        if not bool(out[name].isfinite().all()):  # one pass; count only when something is off
            nan, inf = int(out[name].isnan().sum()), int(out[name].isinf().sum())
            notes.append(Message("source.note.nonfinite", {"key": prefix + name, "nan": nan, "inf": inf}))
    if dtypes:
        names = ", ".join(sorted(str(d).replace("torch.", "") for d in dtypes))
        to = str(dtype).replace("torch.", "")
        narrowed = any(torch.finfo(d).bits > torch.finfo(dtype).bits for d in dtypes)
        notes.insert(
            0, Message("source.note.narrowed" if narrowed else "source.note.widened", {"from": names, "to": to})
        )
    return out, notes


def _build(kind: str, kwargs: Mapping, tensors: Mapping[str, Tensor], dtype: torch.dtype):
    """The real torch module with these weights (strict load); torch's RNG is left as it was."""
    notes = []
    with torch.random.fork_rng(devices=[]), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        module = KINDS[kind].module(**kwargs, dtype=dtype)
    if any("dropout" in str(w.message) for w in caught):
        notes.append(Message("source.note.dropout_one_layer", {"dropout": kwargs["dropout"]}))
    with torch.no_grad():
        module.load_state_dict(tensors, strict=True)
    return module.eval(), notes


def _char_model(state, prefix, config, dtype, limits, vocab, outer) -> tuple[CharModel | None, list[Message]]:
    """The embedding + decoder around the module, if the state_dict has one pair of the right shapes."""
    keys: HeadKeys | None = find_head(state, prefix, config)
    if keys is None:
        return None, []
    size = sum(state[k].numel() for k in keys.keys())
    if size + config.num_parameters > limits.parameters:
        cap = cap_error("parameters", size + config.num_parameters, limits.parameters)
        return None, [Message("source.note.head_capped", {"why": cap.text("en")})]
    if vocab is None and isinstance(outer, Mapping):
        vocab = outer.get("vocab")
    tensors, notes = _convert({k: state[k] for k in keys.keys()}, dtype, "")
    char = build_head(keys, tensors, vocab)
    if char.vocab is None:
        fact = "source.note.char"
    else:
        fact = "source.note.char_vocab" if all(len(t) == 1 for t in char.vocab) else "source.note.token_vocab"
    notes.insert(
        0,
        Message(
            fact,
            {
                "encoder": keys.encoder,
                "enc_shape": shape(state[keys.encoder]),
                "decoder": keys.decoder,
                "dec_shape": shape(state[keys.decoder]),
                "vocab": char.vocab_size,
            },
        ),
    )
    return char, notes


__all__ = ["Inference", "is_tensor_dict", "load_state_dict"]
