"""bptt for nn.GRU and nn.LSTM: grad and grad_cell equal autograd's .grad of the retained states of an independent
nn.GRUCell / nn.LSTMCell loop (float64, <= 1e-8), parameter/x/h0/c0 gradients equal loss.backward() on the module,
loss_fn receives what the module returns, and the manual view says it is nn.RNN's."""

from __future__ import annotations

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from torch import nn
from torch.testing import assert_close

from rnnviz.bptt import bptt
from tests.models import MODULES

TOL = dict(atol=1e-8, rtol=1e-8)


def cells_of(module: nn.Module) -> list[list]:
    """PyTorch's own cells with copied weights (LSTM proj_size: no cell exists; the step is written here)."""
    D, H_out = 2 if module.bidirectional else 1, getattr(module, "proj_size", 0) or module.hidden_size
    cells = []
    for layer in range(module.num_layers):
        row = []
        for d in range(D):
            sfx = f"_l{layer}" + ("_reverse" if d else "")
            w = {n[: -len(sfx)]: getattr(module, n) for n in module._flat_weights_names if n.endswith(sfx)}
            if isinstance(module, nn.LSTM) and module.proj_size:
                row.append(lambda x, s, w=w: proj_step(x, s, w))
                continue
            in_size = module.input_size if layer == 0 else D * H_out
            cell_type = nn.GRUCell if isinstance(module, nn.GRU) else nn.LSTMCell
            cell = cell_type(in_size, module.hidden_size, bias=module.bias).double()
            with torch.no_grad():
                for name, p in w.items():
                    getattr(cell, name).copy_(p)
            row.append(cell)
        cells.append(row)
    return cells


def proj_step(x, state, w):
    """PyTorch's LSTM step with a projection, written out: h' = W_hr (o * tanh(c'))."""
    h, c = state
    gates = x @ w["weight_ih"].T + h @ w["weight_hh"].T + w.get("bias_ih", 0) + w.get("bias_hh", 0)
    i, f, g, o = gates.chunk(4, dim=-1)
    c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    return (torch.sigmoid(o) * torch.tanh(c)) @ w["weight_hr"].T, c


def cell_reference(module, x, hx, loss_fn):
    """dL/dh_t and dL/dc_t by autograd through the cells, stepped the tutorials' way: per (l, d) [L, N, ...]."""
    lstm = isinstance(module, nn.LSTM)
    D, H = 2 if module.bidirectional else 1, module.hidden_size
    H_out = getattr(module, "proj_size", 0) or H
    x_tm = x.transpose(0, 1) if module.batch_first else x
    L, N = x_tm.shape[:2]
    if hx is None:
        z = lambda size: torch.zeros(module.num_layers * D, N, size, dtype=x.dtype)  # noqa: E731
        hx = (z(H_out), z(H)) if lstm else z(H_out)
    cells, hs_all, cs_all, h_n, c_n, inp = cells_of(module), [], [], [], [], x_tm
    for layer in range(module.num_layers):
        outs = []
        for d in range(D):
            i = layer * D + d
            h, c = (hx[0][i], hx[1][i]) if lstm else (hx[i], None)
            hs, cs = [None] * L, [None] * L
            for t in reversed(range(L)) if d else range(L):
                if lstm:
                    h, c = cells[layer][d](inp[t], (h, c))
                    c.retain_grad()
                else:
                    h = cells[layer][d](inp[t], h)
                h.retain_grad()
                hs[t], cs[t] = h, c
            hs_all.append(hs)
            cs_all.append(cs)
            outs.append(torch.stack(hs))
            h_n.append(h)
            c_n.append(c)
        inp = torch.cat(outs, dim=-1)
    output = inp.transpose(0, 1) if module.batch_first else inp
    state = (torch.stack(h_n), torch.stack(c_n)) if lstm else torch.stack(h_n)
    loss_fn(output, state).backward()
    stack = lambda seq: torch.stack([s.grad if s.grad is not None else torch.zeros_like(s) for s in seq])  # noqa: E731
    return [stack(hs) for hs in hs_all], ([stack(cs) for cs in cs_all] if lstm else None)


def weighted_loss(seed: int):
    """Weights on every output step, h_n and (LSTM) c_n, so every direct term is non-zero."""

    def loss_fn(output, state):
        gen = torch.Generator().manual_seed(seed)
        parts = list(state) if isinstance(state, tuple) else [state]
        loss = (torch.randn(output.shape, generator=gen, dtype=torch.float64) * output).sum()
        for s in parts:
            loss = loss + 0.5 * (torch.randn(s.shape, generator=gen, dtype=torch.float64) * s**2).sum()
        return loss

    return loss_fn


@st.composite
def configs(draw):
    cell, H = draw(st.sampled_from(["gru", "lstm"])), draw(st.integers(1, 4))
    kw = dict(
        input_size=draw(st.integers(1, 4)),
        hidden_size=H,
        num_layers=draw(st.integers(1, 3)),
        bias=draw(st.booleans()),
        batch_first=draw(st.booleans()),
        bidirectional=draw(st.booleans()),
    )
    if cell == "lstm" and draw(st.booleans()) and H > 1:
        kw["proj_size"] = draw(st.integers(1, H - 1))
    return cell, kw, draw(st.integers(1, 5)), draw(st.integers(1, 3)), draw(st.booleans()), draw(st.integers(0, 9999))


def build(cell, kw, L, N, random_hx, seed):
    torch.manual_seed(seed)
    module = MODULES[cell](**kw).double()
    x = torch.randn((N, L, kw["input_size"]) if kw["batch_first"] else (L, N, kw["input_size"]), dtype=torch.float64)
    D, H = 2 if kw["bidirectional"] else 1, kw["hidden_size"]
    if not random_hx:
        return module, x, None
    h0 = torch.randn(kw["num_layers"] * D, N, kw.get("proj_size", 0) or H, dtype=torch.float64)
    return module, x, (h0, torch.randn(kw["num_layers"] * D, N, H, dtype=torch.float64)) if cell == "lstm" else h0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(configs())
def test_gated_grads_match_an_independent_cell_loop_and_the_module(cfg):
    cell, kw, L, N, random_hx, seed = cfg
    module, x, hx = build(cell, kw, L, N, random_hx, seed)
    loss_fn = weighted_loss(seed)
    g = bptt(module, x, hx, loss_fn)
    ref_h, ref_c = cell_reference(module, x, hx, loss_fn)
    D = 2 if kw["bidirectional"] else 1
    for layer in range(kw["num_layers"]):
        for d in range(D):
            i = layer * D + d
            assert g.grad(layer, d).shape == (L, N, kw.get("proj_size", 0) or kw["hidden_size"])
            assert_close(g.grad(layer, d), ref_h[i], **TOL)
            if cell == "lstm":
                assert g.grad_cell(layer, d).shape == (L, N, kw["hidden_size"])
                assert_close(g.grad_cell(layer, d), ref_c[i], **TOL)
    module.zero_grad()
    xr = x.clone().requires_grad_()
    hxr = None if hx is None else (tuple(h.clone().requires_grad_() for h in hx) if cell == "lstm"
                                   else hx.clone().requires_grad_())  # fmt: skip
    loss_fn(*module(xr, hxr)).backward()
    for name, p in module.named_parameters():
        assert_close(g.param_grads[name], p.grad, **TOL)
    assert_close(g.x_grad, xr.grad, **TOL)
    if hx is not None:
        assert_close(g.h0_grad, (hxr[0] if cell == "lstm" else hxr).grad, **TOL)
        if cell == "lstm":
            assert_close(g.c0_grad, hxr[1].grad, **TOL)
    assert [n.code for n in g.notes] == ["manual_rnn_only"] and g.finite


def test_loss_fn_receives_what_the_module_returns() -> None:
    seen = {}

    def loss_fn(output, state):
        seen["state"] = state
        return output.sum()

    module = MODULES["lstm"](3, 4, 2).double()
    bptt(module, torch.randn(5, 2, 3, dtype=torch.float64), loss_fn=loss_fn)
    h_n, c_n = seen["state"]
    assert h_n.shape == c_n.shape == (2, 2, 4)
    g = bptt(MODULES["gru"](3, 4, 1).double(), torch.randn(5, 3, dtype=torch.float64))  # unbatched, default loss
    assert g.grad(0, 0).shape == (5, 1, 4) and g.h0_grad.shape == (1, 4)
    torch.testing.assert_close(g.grad(0, 0)[-1], torch.ones(1, 4, dtype=torch.float64))  # dL/dh_(L-1) = 1


def test_manual_view_is_rnn_only_and_says_so() -> None:
    g = bptt(MODULES["gru"](3, 4, 1).double(), torch.randn(5, 2, 3, dtype=torch.float64))
    assert g.manual is None and g.grads_cell is None
    assert "nn.RNN only" in g.notes[-1].message()
    for call in (lambda: g.manual_grad(0, 0), lambda: g.recursion(0, 0, 1), lambda: g.jacobian_norms(0, 0),
                 lambda: g.spectrum(0, 0)):  # fmt: skip
        with pytest.raises(ValueError, match="nn.RNN only"):
            call()
    with pytest.raises(ValueError, match="grad_cell is for nn.LSTM only"):
        g.grad_cell(0, 0)
    r = bptt(MODULES["rnn"](3, 4, 1).double(), torch.randn(5, 2, 3, dtype=torch.float64))
    assert r.manual is not None and r.max_abs_diff <= 1e-8 and r.notes == ()
