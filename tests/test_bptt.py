"""bptt against torch: autograd on nn.RNNCell steps, loss.backward() on the module, the recursion by hand."""

from __future__ import annotations

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence
from torch.testing import assert_close

import rnnviz
from rnnviz.bptt import bptt, last_step_loss, scaled_copy
from rnnviz.cells import make_cells

TOL = dict(atol=1e-8, rtol=1e-8)


def cell_reference(rnn: nn.RNN, x, h0, loss_fn):
    """dL/dh_t by autograd through torch's own nn.RNNCell, stepped the tutorials' way: per (l, d) [L, N, H]."""
    D = 2 if rnn.bidirectional else 1
    x_tm = x.transpose(0, 1) if rnn.batch_first else x  # [L, N, in]
    L, N = x_tm.shape[:2]
    h0 = torch.zeros(rnn.num_layers * D, N, rnn.hidden_size, dtype=x.dtype) if h0 is None else h0
    cells, states, h_n, inp = make_cells(rnn), [], [], x_tm
    for layer in range(rnn.num_layers):
        outs = []
        for d in range(D):
            h, hs = h0[layer * D + d], [None] * L
            for t in reversed(range(L)) if d else range(L):
                h = cells[layer][d](inp[t], h)  # [N, H]
                h.retain_grad()
                hs[t] = h
            states.append(hs)
            outs.append(torch.stack(hs))
            h_n.append(h)
        inp = torch.cat(outs, dim=-1)  # [L, N, D*H]
    output = inp.transpose(0, 1) if rnn.batch_first else inp
    loss_fn(output, torch.stack(h_n)).backward()
    return [torch.stack([h.grad if h.grad is not None else torch.zeros_like(h) for h in hs]) for hs in states]


def module_grads(rnn: nn.RNN, x, h0, loss_fn):
    """loss.backward() on the module itself: parameter, x and h0 gradients."""
    rnn.zero_grad()
    x = x.clone().requires_grad_()
    h0 = None if h0 is None else h0.clone().requires_grad_()
    loss_fn(*rnn(x, h0)).backward()
    grads = {name: p.grad.clone() for name, p in rnn.named_parameters()}
    rnn.zero_grad()
    return grads, x.grad, None if h0 is None else h0.grad


def weighted_loss(seed: int):
    """A loss on every output step and h_n with fixed random weights, so every direct term is non-zero."""

    def loss_fn(output, h_n):
        gen = torch.Generator().manual_seed(seed)
        w_out = torch.randn(output.shape, generator=gen, dtype=torch.float64)
        w_h = torch.randn(h_n.shape, generator=gen, dtype=torch.float64)
        return (w_out * output).sum() + 0.5 * (w_h * h_n**2).sum()

    return loss_fn


@st.composite
def configs(draw):
    kw = dict(
        input_size=draw(st.integers(1, 4)),
        hidden_size=draw(st.integers(1, 4)),
        num_layers=draw(st.integers(1, 3)),
        nonlinearity=draw(st.sampled_from(["tanh", "relu"])),
        bias=draw(st.booleans()),
        batch_first=draw(st.booleans()),
        bidirectional=draw(st.booleans()),
    )
    return (
        kw,
        draw(st.integers(1, 6)),
        draw(st.integers(1, 3)),
        draw(st.booleans()),
        draw(st.booleans()),
        draw(st.integers(0, 10_000)),
    )


def build(kw, L, N, random_h0, seed):
    torch.manual_seed(seed)
    rnn = nn.RNN(**kw).double()
    shape = (N, L, kw["input_size"]) if kw["batch_first"] else (L, N, kw["input_size"])
    x = torch.randn(shape, dtype=torch.float64)
    D = 2 if kw["bidirectional"] else 1
    h0 = torch.randn(kw["num_layers"] * D, N, kw["hidden_size"], dtype=torch.float64) if random_h0 else None
    return rnn, x, h0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(configs())
def test_grads_match_autograd_and_module(cfg):
    kw, L, N, random_h0, default, seed = cfg
    rnn, x, h0 = build(kw, L, N, random_h0, seed)
    D = 2 if kw["bidirectional"] else 1
    loss_fn = (lambda o, h: last_step_loss(o, h, D)) if default else weighted_loss(seed)
    g = bptt(rnn, x, h0, None if default else loss_fn)
    ref = cell_reference(rnn, x, h0, loss_fn)
    for layer in range(kw["num_layers"]):
        for d in range(D):
            assert g.grad(layer, d).shape == (L, N, kw["hidden_size"])
            assert_close(g.grad(layer, d), ref[layer * D + d], **TOL)
            assert_close(g.manual_grad(layer, d), ref[layer * D + d], **TOL)
    params, x_grad, h0_grad = module_grads(rnn, x, h0, loss_fn)
    assert set(g.param_grads) == set(params) == set(g.manual.param_grads)
    for name, want in params.items():
        assert_close(g.param_grads[name], want, **TOL)
        assert_close(g.manual.param_grads[name], want, **TOL)
    assert_close(g.x_grad, x_grad, **TOL)
    assert_close(g.manual.x_grad.transpose(0, 1) if kw["batch_first"] else g.manual.x_grad, x_grad, **TOL)
    if h0_grad is not None:
        assert_close(g.h0_grad, h0_grad, **TOL)
        assert_close(g.manual.h0_grad, h0_grad, **TOL)
    assert g.notes == () and g.finite


@settings(max_examples=20, deadline=None)
@given(configs(), st.data())
def test_recursion_step_is_the_sum_of_its_terms(cfg, data):
    kw, L, N, random_h0, _, seed = cfg
    rnn, x, h0 = build(kw, L, N, random_h0, seed)
    g = bptt(rnn, x, h0, weighted_loss(seed))
    layer = data.draw(st.integers(0, kw["num_layers"] - 1))
    d = data.draw(st.integers(0, 1 if kw["bidirectional"] else 0))
    t, n = data.draw(st.integers(0, L - 1)), data.draw(st.integers(0, N - 1))
    r = g.recursion(layer, d, t, n)
    assert_close(r.total, r.autograd, **TOL)
    assert r.max_abs_diff <= 1e-8
    W_hh = rnn.get_parameter(f"weight_hh_l{layer}" + ("_reverse" if d else "")).detach()
    last = (t == 0) if d else (t == L - 1)
    assert (r.next_t is None) == last
    if not last:
        assert r.next_t == (t - 1 if d else t + 1)
        assert_close(r.through_time, W_hh.T @ (r.fprime_next * r.grad_next), **TOL)
        assert_close(r.grad_next, g.grad(layer, d)[r.next_t, n], **TOL)
    else:
        assert not r.through_time.any()
    if layer == kw["num_layers"] - 1:
        assert not r.from_above.any()


def test_layer0_grad_from_the_module_input_gradient():
    """Independent of any re-run: x.grad_t = W_ih^T diag(1 - h_t^2) dL/dh_t, so solve for dL/dh_t."""
    torch.manual_seed(3)
    rnn = nn.RNN(4, 4, 2).double()
    x = torch.randn(7, 2, 4, dtype=torch.float64)
    g = bptt(rnn, x)
    _, x_grad, _ = module_grads(rnn, x, None, lambda o, h: h[-1:].sum())
    h = g.trace.hidden(0, 0)  # [L, N, H]
    delta = torch.linalg.solve(rnn.weight_ih_l0.detach().T, x_grad.unsqueeze(-1)).squeeze(-1)  # [L, N, H]
    assert_close(g.grad(0, 0), delta / (1 - h**2), **TOL)


def test_default_loss_starts_each_direction_at_its_own_last_step():
    torch.manual_seed(0)
    rnn = nn.RNN(3, 5, 1, bidirectional=True).double()
    x = torch.randn(6, 2, 3, dtype=torch.float64)
    g = bptt(rnn, x)
    with torch.no_grad():
        out, _ = rnn(x)
    assert g.loss == pytest.approx(float(out[-1, :, :5].sum() + out[0, :, 5:].sum()), abs=1e-12)
    assert g.default_loss
    assert_close(g.manual.direct[0][-1], torch.ones(2, 5, dtype=torch.float64))  # forward: t = L-1
    assert_close(g.manual.direct[1][0], torch.ones(2, 5, dtype=torch.float64))  # reverse: t = 0
    assert not g.manual.direct[0][:-1].any() and not g.manual.direct[1][1:].any()
    # a tanh RNN with a contracting W_hh: the gradient decays backwards in each direction's time
    small = bptt(scaled_copy(rnn, 0.3), x)
    assert small.norms(0, 0)[0, 0] < 1e-2 * small.norms(0, 0)[-1, 0]
    assert small.norms(0, 1)[-1, 0] < 1e-2 * small.norms(0, 1)[0, 0]


def test_dropout_in_train_mode_uses_the_recorded_masks():
    rnn = nn.RNN(3, 4, 3, dropout=0.5).double().train()
    x = torch.randn(5, 2, 3, dtype=torch.float64)
    with torch.random.fork_rng():
        torch.manual_seed(11)
        g = bptt(rnn, x)
    with torch.random.fork_rng():
        torch.manual_seed(11)
        params, x_grad, _ = module_grads(rnn, x, None, lambda o, h: h[-1:].sum())
    assert any(m is not None and (m == 0).any() for m in g.trace.dropout_masks)
    for name, want in params.items():
        assert_close(g.param_grads[name], want, **TOL)
        assert_close(g.manual.param_grads[name], want, **TOL)
    assert_close(g.x_grad, x_grad, **TOL)
    assert g.max_abs_diff <= 1e-8


def test_unbatched_input_and_float32():
    torch.manual_seed(1)
    rnn = nn.RNN(2, 3, 2, bidirectional=True)
    x, h0 = torch.randn(4, 2), torch.randn(4, 3)
    g = bptt(rnn, x, h0)
    params, x_grad, h0_grad = module_grads(rnn, x, h0, lambda o, h: h[-2:].sum())
    assert g.x_grad.shape == x.shape and g.h0_grad.shape == h0.shape
    assert g.grad(1, 1).shape == (4, 1, 3)
    assert_close(g.x_grad, x_grad)
    assert_close(g.h0_grad, h0_grad)
    for name, want in params.items():
        assert_close(g.param_grads[name], want)
    assert g.max_abs_diff < 1e-5


def test_module_grads_untouched():
    rnn = nn.RNN(2, 3)
    bptt(rnn, torch.randn(4, 1, 2))
    assert all(p.grad is None for p in rnn.parameters())


def test_jacobian_norms_match_autograd_jacobian():
    torch.manual_seed(2)
    rnn = nn.RNN(2, 3, 1, bidirectional=True).double()
    x = torch.randn(5, 1, 2, dtype=torch.float64)
    g = bptt(rnn, x)
    for d in (0, 1):
        w = {k: v.detach() for k, v in g.trace.weights(0, d).items()}
        steps = list(range(5)) if d == 0 else list(reversed(range(5)))

        def run(h, later, w=w):  # h_t -> h_T through the later steps of this direction
            for s in later:
                h = torch.tanh(w["W_ih"] @ x[s, 0] + w["b_ih"] + w["W_hh"] @ h + w["b_hh"])
            return h

        for k, t in enumerate(steps):
            later = steps[k + 1 :]
            J = torch.autograd.functional.jacobian(lambda h, later=later: run(h, later), g.trace.hidden(0, d)[t, 0])
            want = float(torch.linalg.matrix_norm(J, 2))
            assert float(g.jacobian_norms(0, d, 0)[t]) == pytest.approx(want, abs=1e-10)


def test_jacobian_norms_every_k_steps():
    torch.manual_seed(4)
    g = bptt(nn.RNN(2, 3, 1, bidirectional=True).double(), torch.randn(7, 1, 2, dtype=torch.float64))
    for d, picked in ((0, [6, 3, 0]), (1, [0, 3, 6])):
        full, some = g.jacobian_norms(0, d, 0), g.jacobian_norms(0, d, 0, every=3)
        assert_close(some[picked], full[picked])
        assert torch.isnan(some[[t for t in range(7) if t not in picked]]).all()
    with pytest.raises(ValueError, match="every"):
        g.jacobian_norms(0, 0, 0, every=0)


def test_spectrum_and_scaled_copy():
    torch.manual_seed(0)
    rnn = nn.RNN(3, 6, 2).double()
    big = scaled_copy(rnn, 2.5)
    assert_close(big.weight_hh_l1, 2.5 * rnn.weight_hh_l1)
    assert_close(big.weight_ih_l1, rnn.weight_ih_l1)
    g = bptt(big, torch.randn(4, 1, 3, dtype=torch.float64))
    W = big.weight_hh_l1.detach()
    rho, sigma = g.spectrum(1)
    assert rho == pytest.approx(float(torch.linalg.eigvals(W).abs().max()))
    assert sigma == pytest.approx(float(torch.linalg.svdvals(W)[0]))
    assert rho <= sigma + 1e-12
    with pytest.raises(ValueError, match="scale"):
        scaled_copy(rnn, float("nan"))


def test_exploding_relu_is_reported_not_raised():
    torch.manual_seed(0)
    rnn = scaled_copy(nn.RNN(3, 8, 2, nonlinearity="relu", bidirectional=True), 40.0)
    g = bptt(rnn, torch.randn(80, 2, 3))
    codes = {n.code for n in g.notes}
    assert "states_nonfinite" in codes and not g.finite
    assert all(n.message() for n in g.notes)
    assert g.norms(0, 0).shape == (80, 2)
    assert g.jacobian_norms(0, 0, 0).shape == (80,)  # NaN where the Jacobian overflowed, no exception
    g.recursion(0, 1, 40, 1)
    assert g.max_abs_diff >= 0


def test_a_vanishing_tanh_rnn_is_finite_and_quiet():
    torch.manual_seed(0)
    g = bptt(scaled_copy(nn.RNN(3, 8), 0.2), torch.randn(40, 1, 3))
    assert g.finite and g.notes == ()
    assert float(g.norms(0)[0, 0]) < 1e-10 * float(g.norms(0)[-1, 0])


def test_bad_calls_raise_value_errors():
    rnn = nn.RNN(2, 3)
    x = torch.randn(4, 1, 2)
    with pytest.raises(ValueError, match="PackedSequence"):
        bptt(rnn, pack_padded_sequence(x, [4]))
    with pytest.raises(ValueError, match="loss_fn"):
        bptt(rnn, x, loss_fn=3)
    with pytest.raises(ValueError, match="scalar"):
        bptt(rnn, x, loss_fn=lambda o, h: o)
    with pytest.raises(ValueError, match="scalar"):
        bptt(rnn, x, loss_fn=lambda o, h: 1.0)
    with pytest.raises(ValueError, match="input_size"):
        bptt(rnn, torch.randn(4, 1, 5))
    with pytest.raises(ValueError, match="nn.GRU or nn.LSTM, got Linear"):
        bptt(nn.Linear(2, 3), x)
    g = bptt(rnn, x)
    with pytest.raises(ValueError, match="direction"):
        g.grad(0, 1)
    with pytest.raises(ValueError, match="t must be"):
        g.recursion(0, 0, 4)


def test_loss_that_ignores_the_output_is_noted():
    x = torch.randn(3, 1, 2)
    g = bptt(nn.RNN(2, 3), x, loss_fn=lambda o, h: torch.tensor(1.0))
    assert [n.code for n in g.notes] == ["loss_unused"]
    assert not g.grad(0).any()


def test_exported_from_the_package():
    assert rnnviz.bptt is bptt
    assert "bptt" in rnnviz.__all__ and "Gradients" in rnnviz.__all__
