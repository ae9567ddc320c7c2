"""unroll(rnn, x, h0=None, lengths=None) -> Trace: every hidden state of any torch.nn.RNN, exactly."""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import Tensor, nn
from torch.nn.utils.rnn import PackedSequence, pad_packed_sequence

from rnnviz.trace import Trace

# The per-layer kernels nn.RNN.forward itself calls. Running them one layer at a time with the
# module's own weights gives bit-for-bit the states the fused multi-layer call computes internally,
# at the cost of the fused call: no Python loop over time steps.
_KERNELS = {"RNN_TANH": torch._VF.rnn_tanh, "RNN_RELU": torch._VF.rnn_relu}


def unroll(
    rnn: nn.RNN,
    x: Tensor | PackedSequence,
    h0: Tensor | None = None,
    lengths: Sequence[int] | Tensor | None = None,
) -> Trace:
    """Run ``rnn`` on ``x`` and record every hidden state of every layer and direction.

    Args:
        rnn: a ``torch.nn.RNN`` with any options (tanh/relu, bias, batch_first, dropout,
            bidirectional, num_layers). Its mode matters: in ``train()`` dropout between layers acts
            and the masks are recorded; in ``eval()`` it does nothing.
        x: the input exactly as ``rnn`` takes it: ``[seq_len, batch, input_size]``,
            ``[batch, seq_len, input_size]`` when ``batch_first``, ``[seq_len, input_size]``
            unbatched, or a ``PackedSequence``.
        h0: initial state ``[num_layers * D, batch, hidden_size]`` (``[num_layers * D, hidden_size]``
            unbatched); zeros when None.
        lengths: optional valid length of each sequence (``batch`` ints in 1..seq_len), as for
            ``pack_padded_sequence(..., enforce_sorted=False)``. Not with a ``PackedSequence``.

    Returns:
        a ``Trace`` whose ``output`` and ``h_n`` equal ``rnn(x, h0)``.

    Raises:
        ValueError: with what is wrong and what is expected, for a module that is not an
            ``nn.RNN``, an input or ``h0`` of the wrong shape or dtype, bad ``lengths``, or sizes of zero.

    Exactness: each layer runs through the very ATen kernel ``rnn(x)`` calls (one layer at a time, the
    module's own weight tensors), so output, h_n and every state are normally bit for bit torch's; the
    tests hold them to max |difference| <= 1e-5 (float32) / 1e-10 (float64), since BLAS may pick another
    code path from call to call. Dropout in ``train()`` mode draws its masks from torch's global RNG in
    the order the fused kernel does (same number of draws, RNG left in the same state), so with the same
    RNG state (``torch.manual_seed``) the masks are torch's; from another RNG state the masks, and so the
    numbers, differ -- the recorded ``dropout_masks`` are the truth for this trace. The per-step terms
    (``Trace.terms``/``step``) are recomputed in batch and equal the kernel's up to rounding.
    """
    _check_module(rnn)
    if isinstance(x, PackedSequence):
        if lengths is not None:
            raise ValueError("pass either a PackedSequence or lengths, not both: a PackedSequence carries its lengths")
        x, lengths = pad_packed_sequence(x, batch_first=rnn.batch_first)
    x_tm, batched = _time_major(rnn, x)  # [L, N, input_size]
    L, N, _ = x_tm.shape
    h0_given = h0 is not None
    h0 = _initial_state(rnn, h0, x_tm, batched)  # [num_layers*D, N, H]
    lengths = _check_lengths(lengths, L, N)
    notes = _notes(x_tm, h0 if h0_given else None, lengths)
    x_tm = x_tm.detach().clone()  # a snapshot: the trace must not change when the caller's x does

    with torch.no_grad():
        run = _run_padded if lengths is None else _run_packed
        layer_inputs, layer_outputs, masks, h_n = run(rnn, x_tm, h0, lengths)

    output = layer_outputs[-1]  # [L, N, D*H]
    if not batched:  # torch ignores batch_first for a 2-D input
        output, h_n = output.squeeze(1), h_n.squeeze(1)  # [L, D*H], [num_layers*D, H]
    elif rnn.batch_first:
        output = output.transpose(0, 1)  # [N, L, D*H]
    return Trace(
        mode=rnn.mode,
        input_size=rnn.input_size,
        hidden_size=rnn.hidden_size,
        num_layers=rnn.num_layers,
        bidirectional=rnn.bidirectional,
        bias=rnn.bias,
        batch_first=rnn.batch_first,
        dropout=float(rnn.dropout),
        training=rnn.training,
        batched=batched,
        params={name: w.detach().clone() for name, w in zip(rnn._flat_weights_names, rnn._flat_weights, strict=True)},
        h0=h0.detach().clone(),
        layer_inputs=tuple(layer_inputs),
        layer_outputs=tuple(layer_outputs),
        dropout_masks=tuple(masks),
        output=output,
        h_n=h_n,
        lengths=lengths,
        notes=notes,
    )


def _layer_weights(rnn: nn.RNN, layer: int) -> list[Tensor]:
    """One layer's slice of the flat weight list ``nn.RNN.forward`` hands the kernel (both directions,
    each W_ih, W_hh[, b_ih, b_hh]): the very tensors the fused call uses."""
    per_layer = (2 if rnn.bidirectional else 1) * (4 if rnn.bias else 2)
    return rnn._flat_weights[layer * per_layer : (layer + 1) * per_layer]


def _dropout(rnn: nn.RNN, out: Tensor, layer: int) -> tuple[Tensor, Tensor | None]:
    """Dropout between layers exactly as ATen's CPU kernel draws it; returns (output, scaled mask)."""
    p = float(rnn.dropout)
    if not rnn.training or p == 0 or layer == rnn.num_layers - 1 or out.numel() == 0:
        return out, None
    if p == 1:
        noise = torch.zeros_like(out)
    else:
        noise = torch.empty_like(out).bernoulli_(1 - p).div_(1 - p)
    return out * noise, noise


def _run_padded(rnn: nn.RNN, x: Tensor, h0: Tensor, lengths: None):
    """All sequences full length: one kernel call per layer on the time-major input."""
    kernel, D = _KERNELS[rnn.mode], 2 if rnn.bidirectional else 1
    inputs, outputs, masks, h_n = [], [], [], []
    inp = x
    for layer in range(rnn.num_layers):
        hx = h0[layer * D : (layer + 1) * D]  # [D, N, H]
        out, h_last = kernel(inp, hx, _layer_weights(rnn, layer), rnn.bias, 1, 0.0, False, rnn.bidirectional, False)
        inputs.append(inp)
        outputs.append(out)  # [L, N, D*H]
        h_n.append(h_last)
        inp, mask = _dropout(rnn, out, layer)
        masks.append(mask)
    return inputs, outputs, masks, torch.cat(h_n, dim=0)


def _run_packed(rnn: nn.RNN, x: Tensor, h0: Tensor, lengths: Tensor):
    """Variable lengths: the packed kernel per layer, as nn.RNN runs a PackedSequence.

    Packing and padding are one gather / one scatter with a precomputed index (``pack_padded_sequence``
    and ``pad_packed_sequence`` copy step by step): the data is laid out exactly as theirs.
    """
    kernel, D = _KERNELS[rnn.mode], 2 if rnn.bidirectional else 1
    L, N = x.shape[0], x.shape[1]
    batch_sizes, order, unorder, rows = _packing(lengths, L, N)
    h0_sorted = h0.index_select(1, order)

    def pad(data: Tensor) -> Tensor:  # packed data [sum(lengths), F] -> [L, N, F], zero past each length
        return data.new_zeros(L * N, data.shape[-1]).index_copy_(0, rows, data).view(L, N, -1)

    inputs, outputs, masks, h_n = [x], [], [], []
    data = x.reshape(L * N, -1).index_select(0, rows)  # [sum(lengths), input_size]
    for layer in range(rnn.num_layers):
        hx = h0_sorted[layer * D : (layer + 1) * D]  # [D, N, H]
        weights = _layer_weights(rnn, layer)
        out, h_last = kernel(data, batch_sizes, hx, weights, rnn.bias, 1, 0.0, False, rnn.bidirectional)
        outputs.append(pad(out))  # [L, N, D*H]
        h_n.append(h_last.index_select(1, unorder))
        data, mask = _dropout(rnn, out, layer)
        masks.append(None if mask is None else pad(mask))
        if layer < rnn.num_layers - 1:
            inputs.append(pad(data) if mask is not None else outputs[-1])
    return inputs, outputs, masks, torch.cat(h_n, dim=0)


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
def _check_module(rnn: object) -> None:
    if isinstance(rnn, (nn.GRU, nn.LSTM)):
        kind = type(rnn).__name__
        raise ValueError(
            f"{kind} is not supported yet: gated cells (GRU, LSTM) are coming; pass a torch.nn.RNN for now"
        )
    if not isinstance(rnn, nn.RNN):
        raise ValueError(
            f"rnn must be a torch.nn.RNN, got {type(rnn).__name__}; build one with nn.RNN(input_size, hidden_size, ...)"
        )
    if rnn.mode not in _KERNELS:
        raise ValueError(f"unsupported RNN mode {rnn.mode!r}; expected nonlinearity 'tanh' or 'relu'")
    if getattr(rnn, "proj_size", 0):
        raise ValueError("proj_size is not supported: nn.RNN has no projection")


def _time_major(rnn: nn.RNN, x: object) -> tuple[Tensor, bool]:
    """Check x and return it as [L, N, input_size] plus whether it was batched."""
    if not isinstance(x, Tensor):
        raise ValueError(f"x must be a torch.Tensor or PackedSequence, got {type(x).__name__}")
    layout = "[batch, seq_len, input_size]" if rnn.batch_first else "[seq_len, batch, input_size]"
    if x.dim() not in (2, 3):
        raise ValueError(f"x must be 3-D {layout} (or 2-D [seq_len, input_size] unbatched), got shape {list(x.shape)}")
    if x.shape[-1] != rnn.input_size:
        raise ValueError(
            f"x has {x.shape[-1]} features in its last dimension but the RNN has input_size={rnn.input_size}; "
            f"expected x of shape {layout} with input_size={rnn.input_size}"
        )
    dtype = rnn.weight_ih_l0.dtype
    if x.dtype != dtype:
        raise ValueError(f"x has dtype {x.dtype} but the RNN's weights are {dtype}; convert one, e.g. x.to({dtype})")
    batched = x.dim() == 3
    x = x.unsqueeze(1) if not batched else (x.transpose(0, 1) if rnn.batch_first else x)
    if x.shape[0] == 0 or x.shape[1] == 0:
        raise ValueError(f"x has a size of zero (seq_len={x.shape[0]}, batch={x.shape[1]}): both must be at least 1")
    return x, batched


def _initial_state(rnn: nn.RNN, h0: Tensor | None, x: Tensor, batched: bool) -> Tensor:
    """h0 checked against [num_layers*D, N, H]; zeros when None."""
    D, N = 2 if rnn.bidirectional else 1, x.shape[1]
    want = [rnn.num_layers * D, N, rnn.hidden_size]
    if h0 is None:
        return torch.zeros(want, dtype=x.dtype, device=x.device)
    if not isinstance(h0, Tensor):
        raise ValueError(f"h0 must be a torch.Tensor of shape {want}, got {type(h0).__name__}")
    shown = want if batched else [want[0], want[2]]
    if list(h0.shape) != shown:
        raise ValueError(
            f"h0 has shape {list(h0.shape)} but expected {shown} = [num_layers*num_directions, "
            + ("batch, " if batched else "")
            + "hidden_size]"
        )
    if h0.dtype != x.dtype:
        raise ValueError(f"h0 has dtype {h0.dtype} but x has {x.dtype}; use the same dtype")
    return h0 if batched else h0.unsqueeze(1)


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


def _notes(x: Tensor, h0: Tensor | None, lengths: Tensor | None) -> tuple[str, ...]:
    """Allowed but worth saying: non-finite values in the input (inside the lengths) or in h0.

    Called on checked x [L, N, input_size] and the lengths already checked by ``_check_lengths``.
    """
    notes = []
    if not bool(torch.isfinite(x.sum())) and not bool(torch.isfinite(x).all()):  # the sum: one cheap pass
        finite = torch.isfinite(x).all(dim=-1)  # [L, N]
        if lengths is not None:  # padding past a length is never read
            finite |= torch.arange(x.shape[0]).unsqueeze(1) >= lengths.unsqueeze(0)
        if not bool(finite.all()):
            notes.append("x contains NaN or inf: the states that read it are NaN/inf too")
    if h0 is not None and not bool(torch.isfinite(h0).all()):
        notes.append("h0 contains NaN or inf")
    return tuple(notes)
