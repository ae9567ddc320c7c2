"""rnnviz: unroll any torch.nn.RNN, nn.GRU or nn.LSTM step by step and see every number PyTorch computes."""

from rnnviz.bptt import Gradients, bptt
from rnnviz.cells import CellLoop, make_cells, rnncell_loop
from rnnviz.kinds import CELLS, get_kind, kind_of
from rnnviz.limits import Limits
from rnnviz.params import Notice, Parsed, from_params, to_params
from rnnviz.presets import PRESETS, Preset
from rnnviz.shapes import ShapeReport, parameter_table, shape_report
from rnnviz.sources import load_state_dict
from rnnviz.spec import RNNSpec, make_input
from rnnviz.trace import Terms, Trace
from rnnviz.unroll import unroll

__all__ = [
    "CELLS",
    "PRESETS",
    "CellLoop",
    "Gradients",
    "Limits",
    "Notice",
    "Parsed",
    "Preset",
    "RNNSpec",
    "ShapeReport",
    "Terms",
    "Trace",
    "bptt",
    "from_params",
    "get_kind",
    "kind_of",
    "load_state_dict",
    "make_cells",
    "make_input",
    "parameter_table",
    "rnncell_loop",
    "shape_report",
    "to_params",
    "unroll",
]
