"""The shape report: input, h0, output, h_n and every parameter, each dimension named as PyTorch does."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from torch import nn

from rnnviz.trace import Trace


@dataclass(frozen=True)
class ShapeReport:
    """``tensors``: name, shape, dims (what each dimension means). ``parameters``: name, shape, numel."""

    tensors: pd.DataFrame
    parameters: pd.DataFrame
    num_parameters: int


def shape_report(trace: Trace) -> ShapeReport:
    """Shapes of one unrolled call, laid out exactly as torch returns them."""
    D, H = trace.num_directions, trace.hidden_size
    L, N = trace.seq_len, trace.batch_size
    seq = [("batch", N), ("seq_len", L)] if trace.batch_first else [("seq_len", L), ("batch", N)]
    state = [("num_layers*num_directions", trace.num_layers * D), ("batch", N), ("hidden_size", H)]
    rows = {
        "input": seq + [("input_size", trace.input_size)],
        "h0": state,
        "output": seq + [("num_directions*hidden_size", D * H)],
        "h_n": state,
    }
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
    return ShapeReport(tensors, parameter_table(trace.params), sum(int(p.numel()) for p in trace.params.values()))


def parameter_table(params: dict | nn.Module) -> pd.DataFrame:
    """name, shape and numel of each parameter, in PyTorch's order (weight_ih_l0, weight_hh_l0, ...)."""
    items = params.named_parameters() if isinstance(params, nn.Module) else params.items()
    return pd.DataFrame(
        [{"name": name, "shape": list(p.shape), "numel": int(p.numel())} for name, p in items],
        columns=["name", "shape", "numel"],
    )
