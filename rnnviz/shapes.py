"""The shape report: input, h0 (c0), output, h_n (c_n) and every parameter, each dimension named as PyTorch does."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from torch import nn

from rnnviz.kinds import get_kind, kind_of
from rnnviz.trace import Trace


@dataclass(frozen=True)
class ShapeReport:
    """``tensors``: name, shape, dims (what each dimension means). ``parameters``: name, shape, numel, and for
    GRU/LSTM ``blocks``: the row blocks stacked in each weight (``weight_ih_l0`` [3H, I] = W_ir | W_iz | W_in)."""

    tensors: pd.DataFrame
    parameters: pd.DataFrame
    num_parameters: int


def shape_report(trace: Trace) -> ShapeReport:
    """Shapes of one unrolled call, laid out exactly as torch returns them (LSTM: c0 and c_n too)."""
    D, H, H_out = trace.num_directions, trace.hidden_size, trace.H_out
    L, N = trace.seq_len, trace.batch_size
    h_name = "proj_size" if trace.proj_size else "hidden_size"
    seq = [("batch", N), ("seq_len", L)] if trace.batch_first else [("seq_len", L), ("batch", N)]
    state = [("num_layers*num_directions", trace.num_layers * D), ("batch", N), (h_name, H_out)]
    cell = [("num_layers*num_directions", trace.num_layers * D), ("batch", N), ("hidden_size", H)]
    rows = {"input": seq + [("input_size", trace.input_size)], "h0": state}
    if trace.kind.has_cell_state:
        rows["c0"] = cell
    rows |= {"output": seq + [(f"num_directions*{h_name}", D * H_out)], "h_n": state}
    if trace.kind.has_cell_state:
        rows["c_n"] = cell
    if not trace.batched:
        rows = {k: [d for d in v if d[0] != "batch"] for k, v in rows.items()}
    tensors = pd.DataFrame(
        [
            {
                "name": name,
                "shape": [size for _, size in dims],
                "dims": " × ".join(f"{dim}={size}" for dim, size in dims),
            }
            for name, dims in rows.items()
        ]
    )
    table = parameter_table(trace.params, trace.cell)
    return ShapeReport(tensors, table, sum(int(p.numel()) for p in trace.params.values()))


def parameter_table(params: dict | nn.Module, cell: str | None = None) -> pd.DataFrame:
    """name, shape and numel of each parameter, in PyTorch's order (weight_ih_l0, weight_hh_l0, ...).

    For a GRU or LSTM (``cell``, or the module's own kind) a ``blocks`` column says what the rows stack.
    """
    if isinstance(params, nn.Module):
        cell = cell or _cell_of(params)
        items = list(params.named_parameters())
    else:
        items = list(params.items())
    rows = [{"name": name, "shape": list(p.shape), "numel": int(p.numel())} for name, p in items]
    kind = get_kind(cell or "rnn")
    if not kind.block_names:
        return pd.DataFrame(rows, columns=["name", "shape", "numel"])
    for row in rows:
        row["blocks"] = blocks_of(row["name"], kind.block_names)
    return pd.DataFrame(rows, columns=["name", "shape", "numel", "blocks"])


def blocks_of(name: str, block_names: tuple[str, ...]) -> str:
    """What the rows of one gated parameter stack: weight_ih_l0 -> "3*hidden_size rows: W_ir | W_iz | W_in"."""
    base = name.split("_l")[0]  # weight_ih | weight_hh | bias_ih | bias_hh | weight_hr
    if base == "weight_hr":
        return "proj_size rows: W_hr"  # LSTM's projection h_t = W_hr (o * tanh(c_t)); not GRU's W_hr block
    sym = ("W_" if base.startswith("weight") else "b_") + base[-2]  # W_i, W_h, b_i, b_h
    return f"{len(block_names)}*hidden_size rows: " + " | ".join(sym + k for k in block_names)


def _cell_of(module: nn.Module) -> str:
    """The module's kind; "rnn" (no blocks column) for any other module, whose parameters are listed as they are."""
    try:
        return kind_of(module).name
    except ValueError:
        return "rnn"
