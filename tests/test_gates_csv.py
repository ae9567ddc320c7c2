"""The gated CSV export: every h_t, c_t and gate, exactly the trace's numbers; hidden_states.csv with proj_size."""

import io

import numpy as np
import pandas as pd
import pytest
import torch

from rnnviz import RNNSpec
from rnnviz.lesson.export import hidden_csv, read_hidden_csv
from rnnviz.lesson.gates_csv import gates_csv
from rnnviz.run import make_trace


@pytest.mark.parametrize("cell, proj", [("gru", 0), ("lstm", 0), ("lstm", 2)])
def test_gates_csv_holds_every_state_and_gate(cell, proj):
    spec = RNNSpec(cell=cell, proj_size=proj, hidden_size=3, num_layers=2, bidirectional=True, seq_len=4)
    trace = make_trace(spec)
    frame = pd.read_csv(io.StringIO(gates_csv(trace)))
    assert len(frame) == spec.num_layers * 2 * spec.batch_size * spec.seq_len
    H_out = proj or 3
    assert [c for c in frame.columns if c.startswith("h_")] == [f"h_{i}" for i in range(H_out)]
    assert any(c.startswith("c_") for c in frame.columns) == (cell == "lstm")
    row = frame[(frame.layer == 1) & (frame.direction == "reverse") & (frame.batch == 1) & (frame.t == 2)].iloc[0]
    for g, v in trace.gates(1, 1).items():
        np.testing.assert_allclose(row[[f"{g}_{i}" for i in range(3)]].to_numpy(float), v[2, 1].double().numpy())
    np.testing.assert_allclose(row[[f"h_{i}" for i in range(H_out)]].to_numpy(float), trace.hidden(1, 1)[2, 1].double())
    if cell == "lstm":
        np.testing.assert_allclose(row[["c_0", "c_1", "c_2"]].to_numpy(float), trace.cell_state(1, 1)[2, 1].double())


def test_hidden_csv_round_trips_with_proj_size():
    trace = make_trace(RNNSpec(cell="lstm", proj_size=2, hidden_size=3, seq_len=3))
    back = read_hidden_csv(io.StringIO(hidden_csv(trace)))
    torch.testing.assert_close(back[1, 0], trace.hidden(1, 0), rtol=0, atol=0)
