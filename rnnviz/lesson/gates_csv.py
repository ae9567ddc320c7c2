"""A gated trace (nn.GRU, nn.LSTM) as CSV: every h_t, c_t (LSTM) and gate of every layer, direction, sequence, step."""

from __future__ import annotations

import pandas as pd
from torch import Tensor

from rnnviz.lesson.export import with_keys
from rnnviz.trace import Trace


def gates_frame(trace: Trace) -> pd.DataFrame:
    """One row per (layer, direction, batch, t); columns h_0.. (H_out), then c_0.. (LSTM), then r_0.. / i_0.. per gate.

    ``t`` is time order for both directions, exactly as ``trace.hidden(layer, direction)[t, n]``.
    """
    L, N = trace.seq_len, trace.batch_size
    blocks = []
    for layer in range(trace.num_layers):
        for d in range(trace.num_directions):
            parts = {"h": trace.hidden(layer, d)}  # [L, N, H_out]
            if trace.kind.has_cell_state:
                parts["c"] = trace.cell_state(layer, d)  # [L, N, H]
            parts |= trace.gates(layer, d)  # each [L, N, H]
            cols = [_columns(name, v) for name, v in parts.items()]
            block = pd.concat(cols, axis=1)
            blocks.append(with_keys(block, layer, d, L, N))
    return pd.concat(blocks, ignore_index=True)


def gates_csv(trace: Trace) -> str:
    """``gates_frame`` as CSV text; floats written in full so they read back exactly."""
    return gates_frame(trace).to_csv(index=False)


def _columns(name: str, v: Tensor) -> pd.DataFrame:
    L, N, H = v.shape
    rows = v.transpose(0, 1).reshape(N * L, H).double().numpy()  # [N*L, H], batch-major rows
    return pd.DataFrame(rows, columns=[f"{name}_{i}" for i in range(H)])
