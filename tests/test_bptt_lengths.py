"""BPTT with per-sequence lengths is what autograd computes through pack_padded_sequence: padded steps are not
computed, so they get no gradient and pass none on (rnnviz.bptt(..., lengths=...))."""

from __future__ import annotations

import pytest
import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from rnnviz import RNNSpec, bptt
from rnnviz.bptt import last_step_loss

LENGTHS = [6, 2, 4]


def _squares(output, state):
    h_n = state[0] if isinstance(state, tuple) else state
    return (output**2).sum() + 0.5 * h_n.sum()


def _packed_autograd(module, x, h0, lengths, loss_fn, batch_first):
    """loss.backward() through the module run on pack_padded_sequence: the reference."""
    module.zero_grad()
    x = x.clone().requires_grad_()
    h0 = h0.clone().requires_grad_()
    packed = pack_padded_sequence(x, lengths, batch_first=batch_first, enforce_sorted=False)
    out, state = module(packed, h0)
    output = pad_packed_sequence(out, batch_first=batch_first, total_length=x.shape[1 if batch_first else 0])[0]
    loss = loss_fn(output, state)
    loss.backward()
    return loss.detach(), {k: p.grad.clone() for k, p in module.named_parameters()}, x.grad, h0.grad


@pytest.mark.parametrize("cell", [torch.nn.RNN, torch.nn.GRU, torch.nn.LSTM])
@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("loss", ["default", "squares"])
def test_gradients_equal_autograd_through_the_packed_run(cell, bidirectional, batch_first, loss):
    torch.manual_seed(0)
    module = cell(3, 4, num_layers=2, bidirectional=bidirectional, batch_first=batch_first).double()
    L, N, D = 6, len(LENGTHS), 1 + bidirectional
    x = torch.randn((N, L, 3) if batch_first else (L, N, 3), dtype=torch.double)
    h0 = torch.randn(2 * D, N, 4, dtype=torch.double)
    fn = _squares if loss == "squares" else (lambda out, st: last_step_loss(out, st, D))
    hx = (h0, torch.zeros_like(h0)) if cell is torch.nn.LSTM else h0
    g = bptt(module, x, hx, None if loss == "default" else fn, lengths=LENGTHS)
    if cell is torch.nn.LSTM:  # the reference with the same (h0, c0)
        module.zero_grad()
        xx, hh = x.clone().requires_grad_(), h0.clone().requires_grad_()
        packed = pack_padded_sequence(xx, LENGTHS, batch_first=batch_first, enforce_sorted=False)
        out, state = module(packed, (hh, torch.zeros_like(h0)))
        ref_loss = fn(pad_packed_sequence(out, batch_first=batch_first, total_length=L)[0], state)
        ref_loss.backward()
        ref = ref_loss.detach(), {k: p.grad.clone() for k, p in module.named_parameters()}, xx.grad, hh.grad
    else:
        ref = _packed_autograd(module, x, h0, LENGTHS, fn, batch_first)
    torch.testing.assert_close(torch.tensor(g.loss, dtype=torch.double), ref[0])
    for name, grad in ref[1].items():
        torch.testing.assert_close(g.param_grads[name], grad, msg=name)
    torch.testing.assert_close(g.x_grad, ref[2])
    torch.testing.assert_close(g.h0_grad, ref[3])
    valid = g.trace.valid  # [L, N]
    for layer in range(2):
        for d in range(D):
            assert (g.grad(layer, d)[~valid] == 0).all()  # padded steps: not computed, no gradient
            assert (g.grad(layer, d)[valid].abs().sum() > 0) or loss == "default"
    if g.manual is not None:  # nn.RNN: the recursion by hand agrees, padding included
        assert g.max_abs_diff < 1e-10
        for name, grad in ref[1].items():
            torch.testing.assert_close(g.manual.param_grads[name], grad, msg=name)
        torch.testing.assert_close(g.manual.h0_grad, ref[3])


def test_padded_input_gets_no_gradient_and_jacobians_stop_at_the_length():
    spec = RNNSpec(hidden_size=3, num_layers=1, bidirectional=True, seq_len=6, batch_size=2, lengths=(6, 3))
    rnn, x, h0 = spec.build()
    g = bptt(rnn, x, h0, lengths=spec.lengths)
    assert (g.x_grad[3:, 1] == 0).all() and (g.x_grad[:3, 1] != 0).any()  # x past length 3: not read at all
    for d in (0, 1):
        norms = g.jacobian_norms(0, d, batch=1)
        assert torch.isnan(norms[3:]).all() and torch.isfinite(norms[:3]).all()
    assert g.jacobian_norms(0, 0, batch=1)[2] == pytest.approx(1.0)  # T = length - 1: dh_T/dh_T = I


def test_without_lengths_nothing_changes():
    spec = RNNSpec(hidden_size=3, seq_len=5)
    rnn, x, h0 = spec.build()
    a, b = bptt(rnn, x, h0), bptt(rnn, x, h0, lengths=[5, 5])
    for i in range(len(a.grads)):
        torch.testing.assert_close(a.grads[i], b.grads[i])
