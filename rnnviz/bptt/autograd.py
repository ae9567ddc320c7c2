"""The autograd reference for BPTT: a differentiable step-by-step re-run of a Trace, every h_t (and c_t) kept."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch import Tensor

from rnnviz.trace import Trace

LossFn = Callable[..., Tensor]  # loss_fn(output, h_n) for RNN/GRU, loss_fn(output, (h_n, c_n)) for LSTM


@dataclass(frozen=True, eq=False)
class Reference:
    """What autograd says. Everything time-major and batched (``[L, N, ...]``), detached."""

    loss: Tensor  # 0-d
    grads: tuple[Tensor, ...]  # per layer * D + direction: [L, N, H_out], total dL/dh_t
    param_grads: dict[str, Tensor]  # PyTorch's names, same shapes as the parameters
    h0_grad: Tensor  # [num_layers*D, N, H_out]
    x_grad: Tensor  # [L, N, input_size]
    cell_grads: tuple[Tensor, ...] | None = None  # LSTM: per layer * D + direction, [L, N, H], total dL/dc_t
    c0_grad: Tensor | None = None  # LSTM: [num_layers*D, N, H]


def user_layout(trace: Trace, output: Tensor, h_n: Tensor, c_n: Tensor | None = None) -> tuple:
    """Time-major batched ``output [L, N, D*H_out]``, ``h_n [layers*D, N, H_out]`` (and ``c_n``) laid out as torch
    returns them: ``(output, h_n)``, or ``(output, (h_n, c_n))`` for an LSTM."""
    if trace.batch_first:
        output = output.transpose(0, 1)  # [N, L, D*H_out]
    if not trace.batched:
        output, h_n = output.squeeze(1), h_n.squeeze(1)  # [L, D*H_out], [layers*D, H_out]
        c_n = None if c_n is None else c_n.squeeze(1)
    return (output, h_n) if c_n is None else (output, (h_n, c_n))


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

    Each h_t (and LSTM's c_t) is its own node (``retain_grad``), so its ``.grad`` is the total derivative:
    through the later steps, the layer above and ``output``/``h_n``/``c_n``. Dropout reuses the recorded masks.
    With lengths, as the packed run: a step past a sequence's length is not computed (its output is 0, its
    state carries the last one on, the reverse direction starts at the sequence's own last step), so it gets
    no gradient and passes none on.
    """
    params = {k: v.clone().requires_grad_() for k, v in trace.params.items()}
    x = trace.layer_inputs[0].clone().requires_grad_()  # [L, N, in]
    starts = [trace.h0.clone().requires_grad_()]  # [layers*D, N, H_out]
    if trace.c0 is not None:
        starts.append(trace.c0.clone().requires_grad_())  # [layers*D, N, H]
    with torch.enable_grad():
        states, output, finals = _rerun(trace, params, x, starts)
        loss = check_loss(loss_fn(*user_layout(trace, output, *finals)))
        if loss.requires_grad:
            loss.backward()
    zeros = lambda t: torch.zeros_like(t) if t.grad is None else t.grad  # noqa: E731
    grads = [tuple(torch.stack([zeros(s[k]) for s in seq]) for seq in states) for k in range(len(starts))]
    return Reference(
        loss=loss.detach(),
        grads=grads[0],  # each [L, N, H_out]
        param_grads={k: zeros(p) for k, p in params.items()},
        h0_grad=zeros(starts[0]),
        x_grad=zeros(x),
        cell_grads=grads[1] if len(grads) > 1 else None,
        c0_grad=zeros(starts[1]) if len(starts) > 1 else None,
    )


def _rerun(trace: Trace, params: dict[str, Tensor], x: Tensor, starts: list[Tensor]):
    """Every layer and direction one step at a time; returns (states per (l, d), output, (h_n[, c_n])),
    time-major. ``states[i][t]`` is the state tuple ``(h_t,)`` or ``(h_t, c_t)``."""
    D = trace.num_directions
    states, finals, inp = [], [], x
    for layer in range(trace.num_layers):
        outs = []
        for d in range(D):
            w = {k: params[name] for k, name in trace.weight_names(layer, d).items()}
            seq, out_d, final = _run_direction(trace, inp, tuple(s[layer * D + d] for s in starts), w, reverse=d == 1)
            states.append(seq)
            outs.append(out_d)  # [L, N, H_out]
            finals.append(final)
        out = torch.cat(outs, dim=-1)  # [L, N, D*H_out]
        mask = trace.dropout_masks[layer]
        inp = out if mask is None else out * mask
    return states, out, tuple(torch.stack([f[k] for f in finals]) for k in range(len(starts)))


def _run_direction(trace: Trace, inp: Tensor, state: tuple[Tensor, ...], w: dict[str, Tensor], reverse: bool):
    """The documented step equations (rnnviz.kinds) for each t, in time order; each state retains grad.
    Returns (the states of every step, the output ``[L, N, H_out]``, the final state). With lengths a step
    past a sequence's length leaves its state as it was and outputs 0 (pack_padded_sequence's run)."""
    L, kind = inp.shape[0], trace.kind
    valid = None if trace.lengths is None else trace.valid.unsqueeze(-1)  # [L, N, 1]
    seq: list[tuple[Tensor, ...]] = [None] * L  # type: ignore[list-item]
    out: list[Tensor] = [None] * L  # type: ignore[list-item]
    for t in reversed(range(L)) if reverse else range(L):
        new = kind.step(inp[t], state, w, trace.nonlinearity)  # (h_t [N, H_out],) or (h_t, c_t [N, H])
        for s in new:
            s.retain_grad()
        seq[t] = new
        if valid is None:
            state, out[t] = new, new[0]
        else:
            state = tuple(torch.where(valid[t], n, s) for n, s in zip(new, state, strict=True))
            out[t] = torch.where(valid[t], new[0], torch.zeros_like(new[0]))
    return seq, torch.stack(out), state
