"""Cell kinds: what differs between nn.RNN, nn.GRU and nn.LSTM, one module per kind behind one interface."""

from rnnviz.kinds.base import Gates, Kind, Range
from rnnviz.kinds.registry import CELLS, KINDS, get_kind, kind_of, unwrap

__all__ = ["CELLS", "KINDS", "Gates", "Kind", "Range", "get_kind", "kind_of", "unwrap"]
