"""unroll(module, x, hx=None, lengths=None) -> Trace: every state of any nn.RNN, nn.GRU or nn.LSTM, exactly."""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import Tensor, nn
from torch.nn.utils.rnn import PackedSequence, pad_packed_sequence

from rnnviz.kinds import Kind, kind_of, unwrap
from rnnviz.trace import Trace

# The per-layer kernels module.forward itself calls (rnnviz.kinds: rnn_tanh, rnn_relu, gru, lstm). Running
# them one layer at a time with the module's own weights gives bit-for-bit the states the fused multi-layer
# call computes internally, at the cost of the fused call: no Python loop over time steps.
HX = Tensor | tuple[Tensor, Tensor] | None
_UNSET = object()


def unroll(
    module: nn.Module,
    x: Tensor | PackedSequence,
    hx: HX = None,
    lengths: Sequence[int] | Tensor | None = None,
    *,
    h0: object = _UNSET,
) -> Trace:
    """Run ``module`` on ``x`` and record every hidden state of every layer and direction.

    Args:
        module: a ``torch.nn.RNN``, ``nn.GRU`` or ``nn.LSTM`` with any options (tanh/relu, bias, batch_first,
            dropout, bidirectional, num_layers, LSTM proj_size); parametrized weights (e.g. weight_norm) are
            read as the forward reads them, a ``torch.compile``d module is unwrapped. Its mode matters: in
            ``train()`` dropout between layers acts and the masks are recorded; in ``eval()`` it does nothing.
        x: the input exactly as the module takes it: ``[seq_len, batch, input_size]``,
            ``[batch, seq_len, input_size]`` when ``batch_first``, ``[seq_len, input_size]``
            unbatched, or a ``PackedSequence``.
        hx: the initial state as the module takes it: ``h0`` for RNN/GRU, ``(h0, c0)`` for LSTM, with
            h0 ``[num_layers * D, batch, H_out]`` (H_out = proj_size if > 0 else hidden_size) and c0
            ``[num_layers * D, batch, hidden_size]`` (no batch axis unbatched); zeros when None.
        lengths: optional valid length of each sequence (``batch`` ints in 1..seq_len), as for
            ``pack_padded_sequence(..., enforce_sorted=False)``. Not with a ``PackedSequence``.
        h0: the old name of ``hx`` (keyword only).

    Returns:
        a ``Trace`` whose ``output`` and ``h_n`` (and ``c_n``) equal ``module(x, hx)``.

    Raises:
        ValueError: with what is wrong and what is expected, for an unsupported module, an input or
            initial state of the wrong kind, shape or dtype, bad ``lengths``, or sizes of zero.

    Exactness: each layer runs through the very ATen kernel ``module(x)`` calls (one layer at a time, the
    weight tensors its forward uses), so output, h_n, c_n and every h_t are normally bit for bit torch's;
    the tests hold them to max |difference| <= 1e-5 (float32) / 1e-10 (float64), since BLAS may pick another
    code path from call to call. Dropout in ``train()`` mode draws its masks from torch's global RNG in
    the order the fused kernel does (same number of draws, RNG left in the same state), so with the same
    RNG state (``torch.manual_seed``) the masks are torch's; from another RNG state the masks, and so the
    numbers, differ -- the recorded ``dropout_masks`` are the truth for this trace. The gates, the per-step
    terms and LSTM's c_t (``Trace.gates``/``cell_state``/``terms``/``step``) are recomputed on first use from
    the recorded states, for all steps at once, and equal the kernel's up to rounding.
    """
    if h0 is not _UNSET:
        if hx is not None:
            raise ValueError("pass the initial state once: hx=... (h0= is its old name), not both")
        hx = h0
    module = unwrap(module)
    kind = kind_of(module)
    if isinstance(x, PackedSequence):
        if lengths is not None:
            raise ValueError("pass either a PackedSequence or lengths, not both: a PackedSequence carries its lengths")
        x, lengths = pad_packed_sequence(x, batch_first=module.batch_first)
    weights = [getattr(module, name) for name in module._flat_weights_names]  # what forward uses (parametrized too)
    if isinstance(x, Tensor):  # a snapshot (the trace must not change when the caller's x does), laid out as
        x = x.detach().clone()  # given: the kernels' float rounding can depend on the memory layout
    x_tm, batched = _time_major(module, kind, x, weights[0].dtype)  # [L, N, input_size], a view of it
    L, N, _ = x_tm.shape
    h0_t, c0_t = _initial_state(module, kind, hx, x_tm, batched)  # [num_layers*D, N, H_out], [.., N, H] | None
    lengths = _check_lengths(lengths, L, N)
    notes = _notes(x_tm, (h0_t, c0_t) if hx is not None else None, lengths)

    with torch.no_grad():
        # not detached: the kernels pick their code path (and so their rounding) by whether weights require grad
        run = _run_padded if lengths is None else _run_packed
        layer_inputs, layer_outputs, masks, h_n, c_n = run(module, kind, weights, x_tm, (h0_t, c0_t), lengths)

    output = layer_outputs[-1]  # [L, N, D*H_out]
    if not batched:  # torch ignores batch_first for a 2-D input
        output, h_n = output.squeeze(1), h_n.squeeze(1)  # [L, D*H_out], [num_layers*D, H_out]
        c_n = None if c_n is None else c_n.squeeze(1)  # [num_layers*D, H]
    elif module.batch_first:
        output = output.transpose(0, 1)  # [N, L, D*H_out]
    return Trace(
        mode=kind.mode(module),
        input_size=module.input_size,
        hidden_size=module.hidden_size,
        num_layers=module.num_layers,
        bidirectional=module.bidirectional,
        bias=module.bias,
        batch_first=module.batch_first,
        dropout=float(module.dropout),
        training=module.training,
        batched=batched,
        params={name: w.detach().clone() for name, w in zip(module._flat_weights_names, weights, strict=True)},
        h0=h0_t.detach().clone(),
        layer_inputs=tuple(layer_inputs),
        layer_outputs=tuple(layer_outputs),
        dropout_masks=tuple(masks),
        output=output,
        h_n=h_n,
        lengths=lengths,
        notes=notes,
        cell=kind.name,
        proj_size=int(getattr(module, "proj_size", 0)),
        c0=None if c0_t is None else c0_t.detach().clone(),
        c_n=c_n,
    )


def _layer_weights(module: nn.Module, weights: list[Tensor], layer: int) -> list[Tensor]:
    """One layer's slice of the flat weight list the module's forward hands the kernel (both directions,
    each W_ih, W_hh[, b_ih, b_hh][, W_hr]): the very tensors the fused call uses."""
    per_layer = len(weights) // module.num_layers
    return weights[layer * per_layer : (layer + 1) * per_layer]


def _dropout(module: nn.Module, out: Tensor, layer: int) -> tuple[Tensor, Tensor | None]:
    """Dropout between layers exactly as ATen's CPU kernel draws it; returns (output, scaled mask)."""
    p = float(module.dropout)
    if not module.training or p == 0 or layer == module.num_layers - 1 or out.numel() == 0:
        return out, None
    if p == 1:
        noise = torch.zeros_like(out)
    else:
        noise = torch.empty_like(out).bernoulli_(1 - p).div_(1 - p)
    return out * noise, noise


def _layer_hx(h0: Tensor, c0: Tensor | None, layer: int, D: int):
    """The kernel's hx for one layer: ``h0[l*D:(l+1)*D]``, and for LSTM the tuple with c0's slice."""
    h = h0[layer * D : (layer + 1) * D]  # [D, N, H_out]
    return h if c0 is None else (h, c0[layer * D : (layer + 1) * D])


def _run_padded(module: nn.Module, kind: Kind, weights: list[Tensor], x: Tensor, state, lengths: None):
    """All sequences full length: one kernel call per layer on the time-major input."""
    kernel, D = kind.kernel(module), 2 if module.bidirectional else 1
    h0, c0 = state
    inputs, outputs, masks, h_n, c_n = [], [], [], [], []
    inp = x
    for layer in range(module.num_layers):
        hx = _layer_hx(h0, c0, layer, D)
        w = _layer_weights(module, weights, layer)
        out, h_last, c_last = kernel(inp, hx, w, module.bias, 1, 0.0, False, module.bidirectional, False)
        inputs.append(inp)
        outputs.append(out)  # [L, N, D*H_out]
        h_n.append(h_last)
        c_n.append(c_last)
        inp, mask = _dropout(module, out, layer)
        masks.append(mask)
    return inputs, outputs, masks, torch.cat(h_n, dim=0), None if c0 is None else torch.cat(c_n, dim=0)


def _run_packed(module: nn.Module, kind: Kind, weights: list[Tensor], x: Tensor, state, lengths: Tensor):
    """Variable lengths: the packed kernel per layer, as the module runs a PackedSequence.

    Packing and padding are one gather / one scatter with a precomputed index (``pack_padded_sequence``
    and ``pad_packed_sequence`` copy step by step): the data is laid out exactly as theirs.
    """
    kernel, D = kind.kernel(module), 2 if module.bidirectional else 1
    L, N = x.shape[0], x.shape[1]
    batch_sizes, order, unorder, rows = _packing(lengths, L, N)
    h0, c0 = state
    h0_sorted = h0.index_select(1, order)
    c0_sorted = None if c0 is None else c0.index_select(1, order)

    def pad(data: Tensor) -> Tensor:  # packed data [sum(lengths), F] -> [L, N, F], zero past each length
        return data.new_zeros(L * N, data.shape[-1]).index_copy_(0, rows, data).view(L, N, -1)

    inputs, outputs, masks, h_n, c_n = [x], [], [], [], []
    data = x.reshape(L * N, -1).index_select(0, rows)  # [sum(lengths), input_size]
    for layer in range(module.num_layers):
        hx = _layer_hx(h0_sorted, c0_sorted, layer, D)
        w = _layer_weights(module, weights, layer)
        out, h_last, c_last = kernel(data, batch_sizes, hx, w, module.bias, 1, 0.0, False, module.bidirectional)
        outputs.append(pad(out))  # [L, N, D*H_out]
        h_n.append(h_last.index_select(1, unorder))
        c_n.append(None if c_last is None else c_last.index_select(1, unorder))
        data, mask = _dropout(module, out, layer)
        masks.append(None if mask is None else pad(mask))
        if layer < module.num_layers - 1:
            inputs.append(pad(data) if mask is not None else outputs[-1])
    return inputs, outputs, masks, torch.cat(h_n, dim=0), None if c0 is None else torch.cat(c_n, dim=0)


def _packing(lengths: Tensor, L: int, N: int) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """batch_sizes [T], sorted_indices [N], unsorted_indices [N] as pack_padded_sequence(...,
    enforce_sorted=False) computes them, and ``rows``: for each packed row, its index in the
    time-major padded input flattened to [L*N, ...]."""
    sorted_lengths, order = torch.sort(lengths, descending=True)  # the same sort torch uses
    unorder = torch.empty_like(order).scatter_(0, order, torch.arange(N))
    t = torch.arange(L).unsqueeze(1)  # [L, 1]
    inside = t < sorted_lengths.unsqueeze(0)  # [L, N], each row a prefix: batch_sizes[t] sequences
    rows = (t * N + order.unsqueeze(0))[inside]  # packed order: time step, then sorted sequence
    batch_sizes = inside.sum(1)[: int(sorted_lengths[0])]  # [T] int64 on the CPU, as the kernel expects
    return batch_sizes, order, unorder, rows


# --- validation: every check in one place, each message says what to change -----------------------
def _time_major(module: nn.Module, kind: Kind, x: object, dtype: torch.dtype) -> tuple[Tensor, bool]:
    """Check x and return it as [L, N, input_size] plus whether it was batched."""
    if not isinstance(x, Tensor):
        raise ValueError(f"x must be a torch.Tensor or PackedSequence, got {type(x).__name__}")
    layout = "[batch, seq_len, input_size]" if module.batch_first else "[seq_len, batch, input_size]"
    if x.dim() not in (2, 3):
        raise ValueError(f"x must be 3-D {layout} (or 2-D [seq_len, input_size] unbatched), got shape {list(x.shape)}")
    name = type(module).__name__
    if x.shape[-1] != module.input_size:
        raise ValueError(
            f"x has {x.shape[-1]} features in its last dimension but the {name} has input_size={module.input_size}; "
            f"expected x of shape {layout} with input_size={module.input_size}"
        )
    if x.dtype != dtype:
        raise ValueError(f"x has dtype {x.dtype} but the {name}'s weights are {dtype}; convert one, e.g. x.to({dtype})")
    batched = x.dim() == 3
    x = x.unsqueeze(1) if not batched else (x.transpose(0, 1) if module.batch_first else x)
    if x.shape[0] == 0 or x.shape[1] == 0:
        raise ValueError(f"x has a size of zero (seq_len={x.shape[0]}, batch={x.shape[1]}): both must be at least 1")
    return x, batched


def _initial_state(module: nn.Module, kind: Kind, hx: object, x: Tensor, batched: bool):
    """(h0 [num_layers*D, N, H_out], c0 [num_layers*D, N, H] or None), checked; zeros when hx is None."""
    D, N, H = 2 if module.bidirectional else 1, x.shape[1], module.hidden_size
    H_out = getattr(module, "proj_size", 0) or H
    name = type(module).__name__
    if kind.has_cell_state:
        if hx is None:
            h0 = c0 = None
        elif isinstance(hx, (tuple, list)) and len(hx) == 2:
            h0, c0 = hx
            if h0 is None or c0 is None:
                raise ValueError("LSTM takes hx=(h0, c0) with both tensors, or hx=None for zeros")
        else:
            got = "a bare tensor" if isinstance(hx, Tensor) else type(hx).__name__
            raise ValueError(
                f"LSTM takes its initial state as a tuple hx=(h0, c0), got {got}; "
                f"h0 [num_layers*num_directions, batch, {'proj_size' if H_out != H else 'hidden_size'}], "
                "c0 [num_layers*num_directions, batch, hidden_size]"
            )
    else:
        if isinstance(hx, tuple):
            raise ValueError(
                f"{name} takes its initial state as one tensor h0, got a tuple; "
                "a tuple (h0, c0) is for nn.LSTM only"
            )
        h0, c0 = hx, None
    h_size = "proj_size" if H_out != H else "hidden_size"
    h0 = _state_tensor("h0", h0, [module.num_layers * D, N, H_out], h_size, x, batched)
    if kind.has_cell_state:
        c0 = _state_tensor("c0", c0, [module.num_layers * D, N, H], "hidden_size", x, batched)
    return h0, c0


def _state_tensor(name: str, t: object, want: list[int], size: str, x: Tensor, batched: bool) -> Tensor:
    """One initial state checked against ``want`` ([num_layers*D, N, size]); zeros when None."""
    if t is None:
        return torch.zeros(want, dtype=x.dtype, device=x.device)
    shown = want if batched else [want[0], want[2]]
    if not isinstance(t, Tensor):
        raise ValueError(f"{name} must be a torch.Tensor of shape {shown}, got {type(t).__name__}")
    if list(t.shape) != shown:
        raise ValueError(
            f"{name} has shape {list(t.shape)} but expected {shown} = [num_layers*num_directions, "
            + ("batch, " if batched else "")
            + f"{size}]"
        )
    if t.dtype != x.dtype:
        raise ValueError(f"{name} has dtype {t.dtype} but x has {x.dtype}; use the same dtype")
    return t.detach() if batched else t.detach().unsqueeze(1)


def _check_lengths(lengths: Sequence[int] | Tensor | None, L: int, N: int) -> Tensor | None:
    """lengths as an int64 CPU tensor [N] with each value in 1..L; None means all L."""
    if lengths is None:
        return None
    try:
        t = torch.as_tensor(lengths).cpu()
    except (TypeError, ValueError, RuntimeError) as err:
        raise ValueError(f"lengths must be a sequence of {N} integers, got {lengths!r}") from err
    if t.dim() != 1 or t.numel() != N:
        raise ValueError(f"lengths must hold one length per sequence: {N} values, got shape {list(t.shape)}")
    if t.is_floating_point() or t.is_complex() or t.dtype == torch.bool:
        raise ValueError(f"lengths must be integers, got dtype {t.dtype}")
    if int(t.min()) < 1 or int(t.max()) > L:
        raise ValueError(f"every length must be in 1..seq_len={L}, got {t.tolist()}")
    t = t.to(torch.int64)
    return None if bool((t == L).all()) else t


def _notes(x: Tensor, state: tuple[Tensor, Tensor | None] | None, lengths: Tensor | None) -> tuple[str, ...]:
    """Allowed but worth saying: non-finite values in the input (inside the lengths) or in h0 / c0.

    Called on checked x [L, N, input_size] and the lengths already checked by ``_check_lengths``.
    """
    notes = []
    if not bool(torch.isfinite(x.sum())) and not bool(torch.isfinite(x).all()):  # the sum: one cheap pass
        finite = torch.isfinite(x).all(dim=-1)  # [L, N]
        if lengths is not None:  # padding past a length is never read
            finite |= torch.arange(x.shape[0]).unsqueeze(1) >= lengths.unsqueeze(0)
        if not bool(finite.all()):
            notes.append("x contains NaN or inf: the states that read it are NaN/inf too")
    if state is not None:
        for name, s in zip(("h0", "c0"), state, strict=True):
            if s is not None and not bool(torch.isfinite(s).all()):
                notes.append(f"{name} contains NaN or inf")
    return tuple(notes)
