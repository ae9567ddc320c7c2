"""Property-based parity of rnnviz.unroll with torch.nn.RNN over every option combined (hypothesis)."""

from __future__ import annotations

import torch
from hypothesis import given, settings

from rnnviz import unroll
from tests.models import assert_parity, hand_loop, layer_reference, seeded
from tests.strategies import Case, build, cases, torch_run


@settings(max_examples=50, deadline=None)
@given(cases())
def test_unroll_matches_torch_for_every_option(c: Case) -> None:
    rnn, x, h0 = build(c)
    with torch.no_grad():
        trace, rng_ours = seeded(lambda: unroll(rnn, x, h0, lengths=c.lengths), c.seed + 1)
        (out, h_n), rng_torch = seeded(lambda: torch_run(rnn, x, h0, c.lengths), c.seed + 1)
    # Same number of draws from the global RNG: the dropout masks came from the same stream.
    assert torch.equal(rng_ours, rng_torch)
    assert_parity(trace.output, out)
    assert_parity(trace.h_n, h_n)

    D, H = trace.num_directions, c.hidden_size
    h0_full = trace.h0  # [num_layers*D, N, H], zeros when h0 was None
    if h0 is None:
        assert torch.equal(h0_full, torch.zeros_like(h0_full))
    for layer in range(c.num_layers):
        ref_out, ref_h_n = layer_reference(trace, rnn, layer, h0_full)
        for d in range(D):
            assert_parity(trace.hidden(layer, d), ref_out[..., d * H : (d + 1) * H])
        assert_parity(trace.h_n.reshape(c.num_layers * D, -1, H)[layer * D : (layer + 1) * D], ref_h_n)
    check_invariants(trace, c)


def check_invariants(trace, c: Case) -> None:
    """What must hold of any trace, whatever torch does."""
    D, valid = trace.num_directions, trace.valid  # valid: [L, N]
    for layer in range(c.num_layers):
        whole = trace.layer_outputs[layer]  # [L, N, D*H]
        assert torch.equal(torch.cat([trace.hidden(layer, d) for d in range(D)], dim=-1), whole)
        assert torch.equal(whole[~valid], torch.zeros_like(whole[~valid]))  # zero past each length
        if c.nonlinearity == "tanh":
            assert bool((whole.abs() <= 1).all())
        else:
            assert bool((whole >= 0).all())
        for d in range(D):
            terms, loop = trace.terms(layer, d), hand_loop(trace, layer, d)
            assert_parity(trace.activation(terms.pre)[valid], terms.h_t[valid])
            for name in ("h_prev", "ih", "hh", "pre", "h_t"):
                torch.testing.assert_close(getattr(terms, name)[valid], loop[name][valid], atol=1e-5, rtol=1e-5)
    check_dropout(trace, c)


def check_dropout(trace, c: Case) -> None:
    """Masks only in train mode, only between layers, values in {0, 1/(1-p)}, and applied."""
    for layer, mask in enumerate(trace.dropout_masks):
        acts = c.training and c.dropout > 0 and layer < c.num_layers - 1
        assert (mask is not None) == acts
        if mask is None:
            if layer < c.num_layers - 1:
                assert torch.equal(trace.layer_inputs[layer + 1], trace.layer_outputs[layer])
            continue
        scale = 0.0 if c.dropout == 1 else 1 / (1 - c.dropout)
        allowed = torch.tensor([0.0, scale], dtype=mask.dtype)
        kept = mask[trace.valid]  # [valid steps, D*H]
        assert bool(torch.isin(kept, allowed).all())
        assert torch.equal(trace.layer_inputs[layer + 1], trace.layer_outputs[layer] * mask)
