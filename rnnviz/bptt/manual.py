"""BPTT by hand on a Trace: dL/dh_t = direct + W_hh^T diag(f'(pre_{t+1})) dL/dh_{t+1} + from the layer above."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import Tensor

from rnnviz.trace import Trace


@dataclass(frozen=True, eq=False)
class Manual:
    """The recursion's pieces, per layer * D + direction, each ``[L, N, H]`` (time order)."""

    grads: tuple[Tensor, ...]  # total dL/dh_t
    direct: tuple[Tensor, ...]  # from the loss through output / h_n
    from_above: tuple[Tensor, ...]  # through W_ih of layer l+1 (zero for the top layer)
    fprime: tuple[Tensor, ...]  # f'(pre_t): 1 - h_t^2 (tanh) or [pre_t > 0] (relu)
    deltas: tuple[Tensor, ...]  # dL/dpre_t = f'(pre_t) * dL/dh_t
    param_grads: dict[str, Tensor]
    h0_grad: Tensor  # [layers*D, N, H]
    x_grad: Tensor  # [L, N, input_size]


def fprime(trace: Trace, layer: int, direction: int) -> Tensor:
    """f'(pre_t) from h_t itself: tanh' = 1 - h_t^2, relu' = 1 where h_t > 0 (pre_t > 0) else 0; 0 past a
    sequence's length (that step is not computed: nothing flows through it)."""
    h = trace.hidden(layer, direction)  # [L, N, H]
    fp = 1 - h * h if trace.mode == "RNN_TANH" else (h > 0).to(h.dtype)
    return fp if trace.lengths is None else fp * trace.valid.unsqueeze(-1).to(fp.dtype)


def manual_bptt(trace: Trace, d_output: Tensor, d_h_n: Tensor) -> Manual:
    """Walk the layers top-down and each direction backwards in its own time.

    ``d_output [L, N, D*H]`` and ``d_h_n [layers*D, N, H]`` are dL/d(output) and dL/d(h_n), time-major.
    """
    D, H = trace.num_directions, trace.hidden_size
    n = trace.num_layers * D
    grads, direct, above, fps, deltas = [None] * n, [None] * n, [None] * n, [None] * n, [None] * n
    param_grads, h0_grad = {}, torch.zeros_like(trace.h0)
    d_layer_out = d_output  # [L, N, D*H]: dL/d(layer output) arriving from outside this layer's recurrence
    for layer in reversed(range(trace.num_layers)):
        top = layer == trace.num_layers - 1
        d_in = torch.zeros_like(trace.layer_inputs[layer])  # [L, N, in_l]
        for d in range(D):
            i, w = layer * D + d, trace.weights(layer, d)
            d_slice = d_layer_out[..., d * H : (d + 1) * H]  # [L, N, H]
            valid = trace.valid.unsqueeze(-1).to(d_slice.dtype)  # [L, N, 1]: padding is a constant 0 in output
            direct[i] = (d_slice * valid if top else torch.zeros_like(d_slice)).clone()
            last = _last_steps(trace, d)  # [N]: h_n is the state after each sequence's last step in direction d
            direct[i][last, torch.arange(last.shape[0])] += d_h_n[i]
            above[i] = torch.zeros_like(d_slice) if top else d_slice * valid
            fps[i] = fprime(trace, layer, d)
            grads[i], deltas[i], h0_grad[i] = _recurse(direct[i] + above[i], fps[i], w["W_hh"], d == 1, trace)
            param_grads |= _param_grads(trace, layer, d, deltas[i])
            d_in += deltas[i] @ w["W_ih"]  # [L, N, in_l]
        if layer > 0:
            mask = trace.dropout_masks[layer - 1]
            d_layer_out = d_in if mask is None else d_in * mask
    return Manual(tuple(grads), tuple(direct), tuple(above), tuple(fps), tuple(deltas), param_grads, h0_grad, d_in)


def _last_steps(trace: Trace, direction: int) -> Tensor:
    """``[N]``: the step after which each sequence's h_n is taken (forward: its length - 1; reverse: 0)."""
    N = trace.batch_size
    if direction == 1:
        return torch.zeros(N, dtype=torch.long)
    return torch.full((N,), trace.seq_len - 1) if trace.lengths is None else trace.lengths - 1


def _recurse(
    outside: Tensor, fp: Tensor, W_hh: Tensor, reverse: bool, trace: Trace | None = None
) -> tuple[Tensor, Tensor, Tensor]:
    """g_t = outside_t + W_hh^T (f'_{next} * g_{next}), from the direction's last step back to its first.
    With lengths (``trace.lengths``) a step past a sequence's length is not computed: its g is 0, and the
    reverse direction's first step is each sequence's own last one (t = length - 1, read from h0).

    Returns (g [L, N, H], delta = f' * g [L, N, H], dL/dh0 [N, H]).
    """
    L = outside.shape[0]
    g, delta = torch.empty_like(outside), torch.empty_like(outside)
    carry = torch.zeros_like(outside[0])  # [N, H]: W_hh^T delta_next, row form delta_next @ W_hh
    lengths = None if trace is None else trace.lengths
    h0_grad = torch.zeros_like(outside[0])
    for t in range(L) if reverse else reversed(range(L)):
        g[t] = outside[t] + carry
        if lengths is not None:
            g[t] = g[t] * (t < lengths).unsqueeze(-1).to(g.dtype)  # padding: not computed, no gradient
        delta[t] = fp[t] * g[t]
        carry = delta[t] @ W_hh  # [N, H]
        if reverse and lengths is not None:  # the step that read h0: each sequence's last one
            first = (lengths - 1 == t).unsqueeze(-1)
            h0_grad = torch.where(first, carry, h0_grad)
    return g, delta, carry if not (reverse and lengths is not None) else h0_grad


def _param_grads(trace: Trace, layer: int, direction: int, delta: Tensor) -> dict[str, Tensor]:
    """dW_ih = sum_t delta_t^T x_t, dW_hh = sum_t delta_t^T h_{t-1}, db_ih = db_hh = sum_t delta_t."""
    names = trace.weight_names(layer, direction)
    x, h_prev = trace.layer_inputs[layer], trace.h_prev(layer, direction)  # [L, N, in_l], [L, N, H]
    out = {
        names["W_ih"]: torch.einsum("tnh,tni->hi", delta, x),  # [H, in_l]
        names["W_hh"]: torch.einsum("tnh,tnk->hk", delta, h_prev),  # [H, H]
    }
    if trace.bias:
        out[names["b_ih"]] = delta.sum(dim=(0, 1))  # [H]
        out[names["b_hh"]] = delta.sum(dim=(0, 1)).clone()
    return out


# --- Jacobians and the spectrum of W_hh --------------------------------------------------------------
def jacobian_norms(trace: Trace, layer: int, direction: int, batch: int, every: int = 1) -> Tensor:
    """||dh_T/dh_t||_2 (largest singular value) for every t of one sequence: ``[L]``.

    T is the direction's last step (L-1 forward, 0 reverse); the chain stays inside the layer:
    dh_{t+1}/dh_t = diag(f'(pre_{t+1})) W_hh. Computed in float64; non-finite Jacobians give NaN.
    ``every`` > 1 takes the norm (an SVD, the costly part) only every ``every`` steps back from T;
    the other entries are NaN. With lengths the chain runs over the sequence's own steps (T = its
    length - 1 forward); the padded steps, not computed, are NaN.
    """
    W_hh = trace.weights(layer, direction)["W_hh"].double()  # [H, H]
    fp = fprime(trace, layer, direction)[:, batch].double()  # [L, H]
    L, H = fp.shape
    J = torch.eye(H, dtype=W_hh.dtype)
    jac = [None] * L
    n = L if trace.lengths is None else int(trace.lengths[batch])  # the steps this sequence really has
    order = list(range(n)) if direction == 1 else list(reversed(range(n)))
    for k, t in enumerate(order):
        if k > 0:
            nxt = order[k - 1]  # the step that reads h_t
            J = (J * fp[nxt].unsqueeze(0)) @ W_hh  # dh_T/dh_t = dh_T/dh_next diag(f'_next) W_hh
        jac[t] = J
    out = torch.full((L,), float("nan"), dtype=torch.float64)
    picked = order[::every]  # T, T-every, ... in the direction's backward order
    out[picked] = _spectral_norms(torch.stack([jac[t] for t in picked]))
    return out  # [L]


def _spectral_norms(mats: Tensor) -> Tensor:
    """Largest singular value of each matrix ``[K, H, H] -> [K]``; NaN where a matrix is not finite."""
    ok = torch.isfinite(mats).all(dim=(-2, -1))  # [K]
    out = torch.full(mats.shape[:1], float("nan"), dtype=mats.dtype)
    if bool(ok.any()):
        out[ok] = torch.linalg.matrix_norm(mats[ok], ord=2)
    return out


def spectrum(W_hh: Tensor) -> tuple[float, float]:
    """(spectral radius max |eig(W_hh)|, largest singular value ||W_hh||_2); NaN if W_hh is not finite."""
    if not bool(torch.isfinite(W_hh).all()):
        return float("nan"), float("nan")
    rho = float(torch.linalg.eigvals(W_hh).abs().max())
    return rho, float(torch.linalg.matrix_norm(W_hh, ord=2))
