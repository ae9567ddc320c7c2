"""bptt(module, x, hx=None, loss_fn=None) -> Gradients: dL/dh_t (LSTM: dL/dc_t) at every state, two ways."""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from functools import partial

import torch
from torch import Tensor, nn
from torch.nn.utils.rnn import PackedSequence

from rnnviz.bptt.autograd import LossFn, autograd_reference, check_loss, user_layout
from rnnviz.bptt.manual import Manual, jacobian_norms, manual_bptt, spectrum
from rnnviz.trace import Trace
from rnnviz.unroll import _UNSET, unroll


def last_step_loss(output: Tensor, h_n: Tensor | tuple[Tensor, Tensor], num_directions: int = 1) -> Tensor:
    """The default loss: ``L = h_n[-D:].sum()``, the sum of the top layer's final state in each direction
    (an LSTM's ``(h_n, c_n)``: its h_n).

    Those are the numbers of ``output`` at each direction's own last step -- ``output[-1, :, :H]`` for the
    forward direction (it ends at t = L-1) and ``output[0, :, H:]`` for the reverse one (it ends at
    t = 0). So dL/dh = 1 for every unit at that step, and everything earlier is what BPTT makes of it:
    the curve of ||dL/dh_t|| shows the decay (or growth) backwards in each direction's time.
    """
    if isinstance(h_n, tuple):
        h_n = h_n[0]
    return h_n[-num_directions:].sum()


@dataclass(frozen=True)
class GradNote:
    """Something the user should know. ``code``: states_nonfinite | loss_nonfinite | grads_nonfinite |
    loss_unused | input_nonfinite | manual_rnn_only (the UI translates it; ``message()`` is plain English)."""

    code: str
    layer: int | None = None
    direction: int | None = None
    t: int | None = None  # the first step (in the direction's own order) where it happens

    def message(self) -> str:
        where = "" if self.layer is None else f" (layer {self.layer}, direction {self.direction}, t = {self.t})"
        return _MESSAGES[self.code] + where


_MESSAGES = {
    "states_nonfinite": "the hidden states overflow to inf/NaN: the forward pass exploded",
    "loss_nonfinite": "the loss is inf or NaN",
    "grads_nonfinite": "some gradients are inf or NaN: backpropagation exploded",
    "loss_unused": "the loss has zero gradient with respect to output and h_n: every gradient is zero",
    "input_nonfinite": "x or h0 contains NaN or inf",
    "manual_rnn_only": "the hand-written recursion (manual_grad, recursion, jacobian_norms) is shown for nn.RNN "
    "only: a GRU's or LSTM's dh_t/dh_{t-1} has one term per gate (and LSTM a second path through c_t), too many "
    "to read; grad and grad_cell are autograd's",
}


@dataclass(frozen=True, eq=False)
class RecursionStep:
    """One step of the BPTT recursion for one sequence, every vector ``[H]`` with real numbers.

    ``total = direct + through_time + from_above`` where
    ``through_time = W_hh^T (fprime_next * grad_next)`` (zero at the direction's last step).
    """

    layer: int
    direction: int
    t: int
    next_t: int | None  # t+1 (forward) or t-1 (reverse); None at the direction's last step
    grad_next: Tensor  # dL/dh_{next}
    fprime_next: Tensor  # f'(pre_{next})
    W_hh: Tensor  # [H, H]
    through_time: Tensor
    direct: Tensor  # from the loss through output / h_n
    from_above: Tensor  # through layer l+1's W_ih
    total: Tensor  # the manual sum
    autograd: Tensor  # h_t.grad

    @property
    def max_abs_diff(self) -> float:
        """max |manual - autograd| at this step (NaN if either is not finite)."""
        return float((self.total - self.autograd).abs().max())


@dataclass(frozen=True, eq=False)
class Gradients:
    """What ``bptt`` computed. Per-state tensors are time-major ``[seq_len, batch, H_out]`` (c_t: hidden_size)."""

    trace: Trace  # the forward pass, exactly as torch computes it
    loss: float
    default_loss: bool  # True when loss_fn was None (see last_step_loss)
    grads: tuple[Tensor, ...]  # autograd, per layer * D + direction
    manual: Manual | None  # the same by the hand-written recursion (nn.RNN only; None for GRU/LSTM)
    param_grads: dict[str, Tensor]  # equal to loss.backward() on the module: weight_hh_l0, ...
    h0_grad: Tensor  # laid out as h0
    x_grad: Tensor  # laid out as x
    notes: tuple[GradNote, ...]
    grads_cell: tuple[Tensor, ...] | None = None  # LSTM: autograd's total dL/dc_t, per layer * D + direction
    c0_grad: Tensor | None = None  # LSTM: laid out as c0

    def grad(self, layer: int, direction: int = 0) -> Tensor:
        """dL/dh_t (autograd, total) for every t: ``[seq_len, batch, H_out]``, time order."""
        self.trace._check(layer, direction)
        return self.grads[layer * self.trace.num_directions + direction]

    def grad_cell(self, layer: int, direction: int = 0) -> Tensor:
        """LSTM only: dL/dc_t (autograd, total) for every t: ``[seq_len, batch, hidden_size]``, time order."""
        self.trace._check(layer, direction)
        if self.grads_cell is None:
            raise ValueError(f"grad_cell is for nn.LSTM only: this is an {self.trace.mode}, it has no cell state c_t")
        return self.grads_cell[layer * self.trace.num_directions + direction]

    def _manual(self) -> Manual:
        if self.manual is None:
            raise ValueError(_MESSAGES["manual_rnn_only"] + f" (this is an {self.trace.mode})")
        return self.manual

    def manual_grad(self, layer: int, direction: int = 0) -> Tensor:
        """dL/dh_t from the hand-written recursion: ``[seq_len, batch, hidden_size]`` (nn.RNN only)."""
        self.trace._check(layer, direction)
        return self._manual().grads[layer * self.trace.num_directions + direction]

    def norms(self, layer: int, direction: int = 0) -> Tensor:
        """||dL/dh_t||_2 per step and sequence: ``[seq_len, batch]``, in float64 (no overflow of the norm
        itself for float32 gradients near 1e38)."""
        return torch.linalg.vector_norm(self.grad(layer, direction).double(), dim=-1)

    @property
    def finite(self) -> bool:
        """True when the loss and every gradient are finite."""
        return not any(n.code in ("loss_nonfinite", "grads_nonfinite", "states_nonfinite") for n in self.notes)

    @property
    def max_abs_diff(self) -> float:
        """max |manual - autograd| over every finite dL/dh_t (0 if none is finite; NaN for GRU/LSTM: no manual)."""
        if self.manual is None:
            return float("nan")
        diffs = [
            (m - a)[torch.isfinite(m) & torch.isfinite(a)] for m, a in zip(self.manual.grads, self.grads, strict=True)
        ]
        return max((float(d.abs().max()) for d in diffs if d.numel()), default=0.0)

    def recursion(self, layer: int, direction: int, t: int, batch: int = 0) -> RecursionStep:
        """The recursion dL/dh_t = direct + W_hh^T diag(f'(pre_next)) dL/dh_next + from above, at one step."""
        tr = self.trace
        tr._check(layer, direction)
        if not 0 <= t < tr.seq_len:
            raise ValueError(f"t must be in 0..{tr.seq_len - 1}, got {t}")
        if not 0 <= batch < tr.batch_size:
            raise ValueError(f"batch must be in 0..{tr.batch_size - 1}, got {batch}")
        i, m, W_hh = layer * tr.num_directions + direction, self._manual(), tr.weights(layer, direction)["W_hh"]
        nxt = t - 1 if direction == 1 else t + 1
        if 0 <= nxt < tr.seq_len:
            g_next, fp_next = m.grads[i][nxt, batch], m.fprime[i][nxt, batch]
            through = (fp_next * g_next) @ W_hh  # [H] = W_hh^T (f' * g)
        else:
            nxt, g_next, fp_next = None, torch.zeros_like(W_hh[0]), torch.zeros_like(W_hh[0])
            through = torch.zeros_like(W_hh[0])
        direct, above = m.direct[i][t, batch], m.from_above[i][t, batch]
        return RecursionStep(
            layer, direction, t, nxt, g_next, fp_next, W_hh, through, direct, above,
            total=direct + through + above, autograd=self.grads[i][t, batch],
        )  # fmt: skip

    def jacobian_norms(self, layer: int, direction: int = 0, batch: int = 0, every: int = 1) -> Tensor:
        """||dh_T/dh_t||_2 for every t (T: the direction's last step) of one sequence: ``[seq_len]``
        (float64); with ``every`` > 1 only every ``every``-th step back from T, NaN between."""
        self.trace._check(layer, direction)
        if not 0 <= batch < self.trace.batch_size:
            raise ValueError(f"batch must be in 0..{self.trace.batch_size - 1}, got {batch}")
        if isinstance(every, bool) or not isinstance(every, int) or every < 1:
            raise ValueError(f"every must be a whole number >= 1, got {every!r}")
        self._manual()  # nn.RNN only
        return jacobian_norms(self.trace, layer, direction, batch, every)

    def spectrum(self, layer: int, direction: int = 0) -> tuple[float, float]:
        """(spectral radius, largest singular value) of this layer and direction's W_hh (nn.RNN only)."""
        self._manual()
        return spectrum(self.trace.weights(layer, direction)["W_hh"])


def bptt(
    module: nn.Module, x: Tensor, hx=None, loss_fn: LossFn | None = None, *, lengths=None, h0: object = _UNSET
) -> Gradients:
    """Backpropagation through time for ``module`` on ``x``: dL/dh_t at every state, two ways.

    Args:
        module, x, hx: as for ``rnnviz.unroll`` (nn.RNN, nn.GRU or nn.LSTM with any options; x as the
            module takes it; hx = h0, or (h0, c0) for LSTM, None for zeros; ``h0=`` is hx's old name).
            Checked by the same validators. A PackedSequence is not supported here.
        loss_fn: given what the module returns, exactly as it returns it: ``loss_fn(output, h_n)`` for
            RNN/GRU, ``loss_fn(output, (h_n, c_n))`` for LSTM -> scalar tensor. Default:
            ``last_step_loss``, the sum of the top layer's final h in each direction (the forward
            direction's t = L-1, the reverse direction's t = 0).
        lengths: each sequence's valid length, as for ``unroll``: the module runs as on
            ``pack_padded_sequence(x, lengths, enforce_sorted=False)``, so ``output`` is 0 past each length
            and ``h_n`` is each sequence's state at its own last step; the loss sees exactly that. Steps past a
            length are not computed, so their dL/dh_t is 0 and no gradient flows through them.

    Returns:
        ``Gradients``: autograd's total dL/dh_t (``g.grad(layer, direction)``) and, for LSTM, dL/dc_t
        (``g.grad_cell``); for nn.RNN the same from the hand-written recursion (``g.manual_grad``; GRU/LSTM
        say in a note that it is nn.RNN's only); parameter, h0 (c0) and x gradients equal to
        ``loss.backward()`` on the module itself, and notes (e.g. relu exploding to inf/NaN -- reported,
        never raised). The module's own ``.grad`` fields are left untouched.

    Raises:
        ValueError: for an input unroll rejects, a PackedSequence, or a loss_fn that is not callable
            or does not return a scalar floating-point tensor.
    """
    if isinstance(x, PackedSequence):
        raise ValueError("bptt takes a padded tensor x, not a PackedSequence; pad it with pad_packed_sequence first")
    if loss_fn is not None and not callable(loss_fn):
        raise ValueError(
            "loss_fn must be a function loss_fn(output, h_n) -> scalar tensor (LSTM: loss_fn(output, (h_n, c_n))), "
            f"got {type(loss_fn).__name__}"
        )
    trace = unroll(module, x, hx, lengths=lengths, h0=h0)
    fn = loss_fn or partial(last_step_loss, num_directions=trace.num_directions)
    ref = autograd_reference(trace, fn)
    d_output, d_h_n = _loss_grads(trace, fn)
    gated = bool(trace.kind.gate_names)
    manual = None if gated else manual_bptt(trace, d_output, d_h_n)
    squeeze = (lambda t: t) if trace.batched else (lambda t: None if t is None else t.squeeze(1))  # noqa: E731
    return Gradients(
        trace=trace,
        loss=float(ref.loss),
        default_loss=loss_fn is None,
        grads=ref.grads,
        manual=manual,
        param_grads=ref.param_grads,
        h0_grad=squeeze(ref.h0_grad),
        x_grad=_x_layout(trace, ref.x_grad),
        notes=_notes(trace, ref.loss, ref.grads, d_output, d_h_n) + ((GradNote("manual_rnn_only"),) if gated else ()),
        grads_cell=ref.cell_grads,
        c0_grad=squeeze(ref.c0_grad),
    )


def _loss_grads(trace: Trace, loss_fn: LossFn) -> tuple[Tensor, Tensor]:
    """dL/d(output) ``[L, N, D*H]`` and dL/d(h_n) ``[layers*D, N, H]`` at torch's own output and h_n."""
    n_layers = len(trace.layer_outputs)
    output = trace.layer_outputs[-1].clone().requires_grad_()  # [L, N, D*H]
    h_n = torch.stack([_h_last(trace, i // trace.num_directions, i % trace.num_directions) for i in
                       range(n_layers * trace.num_directions)]).requires_grad_()  # fmt: skip
    c_n = None
    if trace.c_n is not None:  # LSTM: [layers*D, N, H], a constant here (dL/dc_n is in the autograd reference)
        c_n = trace.c_n if trace.batched else trace.c_n.unsqueeze(1)
    with torch.enable_grad():
        loss = check_loss(loss_fn(*user_layout(trace, output, h_n, c_n)))
        if not loss.requires_grad:
            return torch.zeros_like(output), torch.zeros_like(h_n)
        d_out, d_hn = torch.autograd.grad(loss, [output, h_n], allow_unused=True)
    return (torch.zeros_like(output) if d_out is None else d_out), (torch.zeros_like(h_n) if d_hn is None else d_hn)


def _h_last(trace: Trace, layer: int, direction: int) -> Tensor:
    """The state after the direction's last step: ``[N, H]`` (forward, with lengths: each sequence's own)."""
    h = trace.hidden(layer, direction)
    if direction == 1:
        return h[0]
    if trace.lengths is None:
        return h[-1]
    return h[trace.lengths - 1, torch.arange(h.shape[1])]


def _x_layout(trace: Trace, x_grad: Tensor) -> Tensor:
    if trace.batch_first:
        x_grad = x_grad.transpose(0, 1)
    return x_grad if trace.batched else x_grad.squeeze(1)


def _first_bad(values: Tensor, direction: int) -> int | None:
    """The first step, in the direction's own order, where ``values [L, N, H]`` is not finite."""
    bad = ~torch.isfinite(values).flatten(1).all(dim=1)  # [L]
    idx = torch.nonzero(bad).flatten().tolist()
    if not idx:
        return None
    return max(idx) if direction == 1 else min(idx)


def _notes(trace, loss, grads, d_output, d_h_n) -> tuple[GradNote, ...]:
    D, notes = trace.num_directions, []
    if trace.notes:
        notes.append(GradNote("input_nonfinite"))
    for i in range(trace.num_layers * D):
        t = _first_bad(trace.hidden(i // D, i % D), i % D)
        if t is not None:
            notes.append(GradNote("states_nonfinite", i // D, i % D, t))
            break
    if not math.isfinite(float(loss)):
        notes.append(GradNote("loss_nonfinite"))
    for i in reversed(range(len(grads))):  # backwards: the top layer first
        t = _first_bad(grads[i], 1 - i % D)  # gradients run backwards in the direction's time
        if t is not None:
            notes.append(GradNote("grads_nonfinite", i // D, i % D, t))
            break
    if not bool(d_output.abs().sum() + d_h_n.abs().sum()) and math.isfinite(float(loss)):
        notes.append(GradNote("loss_unused"))
    return tuple(notes)


def scaled_copy(rnn: nn.RNN, scale: float) -> nn.RNN:
    """A deep copy of ``rnn`` with every W_hh (weight_hh_l*) multiplied by ``scale``; biases and W_ih kept.

    Scaling W_hh scales its spectral radius and largest singular value by |scale|: the knob that
    turns vanishing gradients (< 1) into exploding ones (> 1).
    """
    if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not math.isfinite(scale):
        raise ValueError(f"scale must be a finite number, got {scale!r}")
    out = copy.deepcopy(rnn)
    with torch.no_grad():
        for name, p in out.named_parameters():
            if name.startswith("weight_hh"):
                p.mul_(scale)
    return out
