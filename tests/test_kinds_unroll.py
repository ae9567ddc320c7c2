"""unroll for nn.GRU and nn.LSTM: parity with the module over every option (hypothesis), gates and c_t against
the documented equations written out by hand, the invariants of the equations, and step() terms."""

from __future__ import annotations

import warnings

import torch
from hypothesis import given, settings

from rnnviz import unroll
from tests.models import MODULES, assert_parity, gated_hand_loop, seeded, single_layer_reference, tol
from tests.strategies import Case, build, cases, torch_run

GATED = dict(max_len=6, max_batch=3, max_size=5, dropouts=(0.0, 0.0, 0.4, 1.0))  # smaller: gated cells cost more


@settings(max_examples=60, deadline=None)
@given(cases(("gru", "lstm"), **GATED))
def test_gated_unroll_matches_torch_for_every_option(c: Case) -> None:
    module, x, hx = build(c)
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "LSTM with projections is not supported with oneDNN"
        trace, rng_ours = seeded(lambda: unroll(module, x, hx, lengths=c.lengths), c.seed + 1)
        (out, state), rng_torch = seeded(lambda: torch_run(module, x, hx, c.lengths), c.seed + 1)
    assert torch.equal(rng_ours, rng_torch)  # the dropout masks came from the same stream
    assert trace.cell == c.cell and trace.H_out == (c.proj_size or c.hidden_size)
    assert_parity(trace.output, out)
    if c.cell == "lstm":
        assert_parity(trace.h_n, state[0])
        assert_parity(trace.c_n, state[1])
    else:
        assert_parity(trace.h_n, state)
        assert trace.c_n is None
    D, valid = trace.num_directions, trace.valid
    for layer in range(c.num_layers):
        ref_out, ref_h_n, ref_c_n = single_layer_reference(trace, module, layer)
        for d in range(D):
            H_out = trace.H_out
            assert_parity(trace.hidden(layer, d), ref_out[..., d * H_out : (d + 1) * H_out])
            if c.cell == "lstm":  # c_t at each sequence's own last step is that layer's c_n
                cs = trace.cell_state(layer, d)  # [L, N, H]
                ends = trace._lengths() - 1 if d == 0 else torch.zeros(trace.batch_size, dtype=torch.long)
                assert_parity(cs[ends, torch.arange(trace.batch_size)], ref_c_n[d])
                assert torch.equal(cs[~valid], torch.zeros_like(cs[~valid]))
            check_equations(trace, layer, d)


def check_equations(trace, layer: int, d: int) -> None:
    """Gates and c_t against the hand-written loop; the invariants of PyTorch's equations."""
    valid = trace.valid  # [L, N]
    loop, gates = gated_hand_loop(trace, layer, d), trace.gates(layer, d)
    assert list(gates) == list(trace.kind.gate_names)
    close = dict(atol=1e-10 if trace.h0.dtype == torch.float64 else 1e-5, rtol=0.0)
    for k, v in gates.items():
        assert v.shape == (trace.seq_len, trace.batch_size, trace.hidden_size)
        torch.testing.assert_close(v[valid], loop[k][valid], **close)
        assert torch.equal(v[~valid], torch.zeros_like(v[~valid]))
        lo = 0.0 if k in ("r", "z", "i", "f", "o") else -1.0
        assert bool(((v >= lo) & (v <= 1)).all()), k  # sigmoid in [0, 1]; n, g = tanh(...) in [-1, 1]
    torch.testing.assert_close(trace.hidden(layer, d)[valid], loop["h"][valid], **close)
    h_prev, h = trace.h_prev(layer, d), trace.hidden(layer, d)
    if trace.cell == "gru":
        z, n = gates["z"], gates["n"]
        torch.testing.assert_close(((1 - z) * n + z * h_prev)[valid], h[valid], **close)
        return
    c, c_prev = trace.cell_state(layer, d), trace.c_prev(layer, d)
    torch.testing.assert_close(c[valid], loop["c"][valid], **close)
    i, f, g, o = (gates[k] for k in "ifgo")
    torch.testing.assert_close((f * c_prev + i * g)[valid], c[valid], **close)
    m = o * torch.tanh(c)
    W_hr = trace.weights(layer, d).get("W_hr")
    torch.testing.assert_close((m if W_hr is None else m @ W_hr.T)[valid], h[valid], **close)


@settings(max_examples=25, deadline=None)
@given(cases(("rnn", "gru", "lstm"), **GATED))
def test_step_is_terms_at_t(c: Case) -> None:
    module, x, hx = build(c)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        trace = unroll(module, x, hx, lengths=c.lengths)
    G = trace.kind.num_blocks
    for layer in range(trace.num_layers):
        for d in range(trace.num_directions):
            terms = trace.terms(layer, d)
            assert terms.ih.shape[-1] == terms.hh.shape[-1] == terms.pre.shape[-1] == G * trace.hidden_size
            for t in range(trace.seq_len):
                step, at = trace.step(layer, d, t), terms.at(t)
                for name in ("x_t", "h_prev", "ih", "hh", "pre", "h_t", "c_prev", "c_t", "h_cell"):
                    a, b = getattr(step, name), getattr(at, name)
                    assert (a is None) == (b is None) == (name in ("c_prev", "c_t", "h_cell") and c.cell != "lstm")
                    if a is not None:
                        torch.testing.assert_close(a, b, **tol(trace.h0.dtype))
                assert sorted(step.gates) == sorted(trace.kind.gate_names)
                assert sorted(step.blocks) == sorted(at.blocks)


def test_blocks_are_each_row_blocks_product() -> None:
    """trace.step exposes W_ir x_t + b_ir, W_hr h_{t-1} + b_hr, ... under PyTorch's bias names."""
    for cell, names in (("gru", "rzn"), ("lstm", "ifgo")):
        torch.manual_seed(3)
        module = MODULES[cell](3, 4, 1, bidirectional=True).double()
        x = torch.randn(5, 2, 3, dtype=torch.float64)
        trace = unroll(module, x)
        s, w = trace.step(0, 1, 2), trace.weight_blocks(0, 1)
        for k in names:
            assert w[f"W_i{k}"].shape == (4, 3) and w[f"W_h{k}"].shape == (4, 4)
            torch.testing.assert_close(s.blocks["i" + k], s.x_t @ w[f"W_i{k}"].T + w[f"b_i{k}"])
            torch.testing.assert_close(s.blocks["h" + k], s.h_prev @ w[f"W_h{k}"].T + w[f"b_h{k}"])
        if cell == "gru":  # r multiplies after W_hn: n = tanh(W_in x + b_in + r * (W_hn h + b_hn))
            torch.testing.assert_close(s.gates["n"], torch.tanh(s.blocks["in"] + s.gates["r"] * s.blocks["hn"]))
