"""The three kinds by name and by module: kind_of(module), get_kind("gru"), unwrap(module)."""

from __future__ import annotations

from torch import nn

from rnnviz.kinds.base import Kind
from rnnviz.kinds.gru import GRUKind
from rnnviz.kinds.lstm import LSTMKind
from rnnviz.kinds.rnn import RNNKind

KINDS: dict[str, Kind] = {k.name: k for k in (RNNKind(), GRUKind(), LSTMKind())}
CELLS = tuple(KINDS)  # "rnn", "gru", "lstm"


def get_kind(name: str) -> Kind:
    """The kind called ``name`` ("rnn" | "gru" | "lstm")."""
    if name not in KINDS:
        raise ValueError(f"cell must be one of {', '.join(CELLS)}; got {name!r}")
    return KINDS[name]


def unwrap(module: object) -> object:
    """The module itself: a ``torch.compile``d module (OptimizedModule) gives its ``_orig_mod``."""
    while isinstance(module, nn.Module) and type(module).__name__ == "OptimizedModule":
        module = module._orig_mod
    return module


def kind_of(module: object) -> Kind:
    """The kind of an nn.RNN / nn.GRU / nn.LSTM (checked; compiled modules unwrapped), or a ValueError that says
    what is expected."""
    module = unwrap(module)
    for kind in KINDS.values():
        if type(module) is kind.module_type or isinstance(module, kind.module_type):
            kind.check(module)
            return kind
    raise ValueError(
        f"module must be a torch.nn.RNN, nn.GRU or nn.LSTM, got {type(module).__name__}; "
        "pass the recurrent layer itself (e.g. model.rnn), built with "
        "nn.RNN(input_size, hidden_size, ...), nn.GRU(...) or nn.LSTM(...)"
    )
