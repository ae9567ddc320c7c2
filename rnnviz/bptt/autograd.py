"""The autograd reference for BPTT: a differentiable step-by-step re-run of a Trace, every h_t kept."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import Tensor

from rnnviz.trace import Trace

LossFn = Callable[[Tensor, Tensor], Tensor]


@dataclass(frozen=True, eq=False)
class Reference:
    """What autograd says. Everything time-major and batched (``[L, N, ...]``), detached."""

    loss: Tensor  # 0-d
    grads: tuple[Tensor, ...]  # per layer * D + direction: [L, N, H], total dL/dh_t
    param_grads: dict[str, Tensor]  # PyTorch's names, same shapes as the parameters
    h0_grad: Tensor  # [num_layers*D, N, H]
    x_grad: Tensor  # [L, N, input_size]


def user_layout(trace: Trace, output: Tensor, h_n: Tensor) -> tuple[Tensor, Tensor]:
    """Time-major batched ``output [L, N, D*H]`` and ``h_n [layers*D, N, H]`` laid out as torch returns them."""
    if trace.batch_first:
        output = output.transpose(0, 1)  # [N, L, D*H]
    if not trace.batched:
        output, h_n = output.squeeze(1), h_n.squeeze(1)  # [L, D*H], [layers*D, H]
    return output, h_n


def check_loss(loss: object) -> Tensor:
    """The loss as a 0-d tensor, or a ValueError saying what loss_fn must return."""
    if not isinstance(loss, Tensor):
        raise ValueError(f"loss_fn must return a scalar torch.Tensor (e.g. output.sum()), got {type(loss).__name__}")
    if loss.numel() != 1 or not loss.is_floating_point():
        raise ValueError(
            f"loss_fn must return a scalar floating-point tensor (e.g. output.sum()), got shape "
            f"{list(loss.shape)} and dtype {loss.dtype}"
        )
    return loss.reshape(())


def autograd_reference(trace: Trace, loss_fn: LossFn) -> Reference:
    """Re-run ``trace``'s network step by step on tensors that require grad and call ``loss.backward()``.

    Each h_t is its own node (``retain_grad``), so its ``.grad`` is the total derivative: through the
    later steps, the layer above and ``output``/``h_n``. Dropout reuses the trace's recorded masks.
    """
    params = {k: v.clone().requires_grad_() for k, v in trace.params.items()}
    x = trace.layer_inputs[0].clone().requires_grad_()  # [L, N, in]
    h0 = trace.h0.clone().requires_grad_()  # [layers*D, N, H]
    with torch.enable_grad():
        states, output, h_n = _rerun(trace, params, x, h0)
        loss = check_loss(loss_fn(*user_layout(trace, output, h_n)))
        if loss.requires_grad:
            loss.backward()
    zeros = lambda t: torch.zeros_like(t) if t.grad is None else t.grad  # noqa: E731
    return Reference(
        loss=loss.detach(),
        grads=tuple(torch.stack([zeros(h) for h in hs]) for hs in states),  # each [L, N, H]
        param_grads={k: zeros(p) for k, p in params.items()},
        h0_grad=zeros(h0),
        x_grad=zeros(x),
    )


def _rerun(trace: Trace, params: dict[str, Tensor], x: Tensor, h0: Tensor):
    """Every layer and direction one step at a time; returns (states per (l, d), output, h_n), time-major."""
    D, f = trace.num_directions, trace.activation
    states, h_n, inp = [], [], x
    for layer in range(trace.num_layers):
        outs = []
        for d in range(D):
            w = {k: params[name] for k, name in trace.weight_names(layer, d).items()}
            hs = _run_direction(inp, h0[layer * D + d], w, f, reverse=d == 1)
            states.append(hs)
            outs.append(torch.stack(hs))  # [L, N, H]
            h_n.append(hs[0] if d == 1 else hs[-1])
        out = torch.cat(outs, dim=-1)  # [L, N, D*H]
        mask = trace.dropout_masks[layer]
        inp = out if mask is None else out * mask
    return states, out, torch.stack(h_n)  # h_n: [layers*D, N, H]


def _run_direction(inp: Tensor, h: Tensor, w: dict[str, Tensor], f, reverse: bool) -> list[Tensor]:
    """h_t = f(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh) for each t, in time order; each h_t retains grad."""
    L = inp.shape[0]
    hs: list[Tensor] = [None] * L  # type: ignore[list-item]
    for t in reversed(range(L)) if reverse else range(L):
        h = f(F.linear(inp[t], w["W_ih"], w.get("b_ih")) + F.linear(h, w["W_hh"], w.get("b_hh")))  # [N, H]
        h.retain_grad()
        hs[t] = h
    return hs
