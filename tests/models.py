"""Tiny fixture models and reference computations the core tests compare rnnviz against."""

from __future__ import annotations

import torch
from torch import Tensor, nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from rnnviz import Trace


def tol(dtype: torch.dtype) -> dict[str, float]:
    """The parity bar of issue 2: max |difference| <= 1e-5 (float32), <= 1e-10 (float64)."""
    return {"atol": 1e-10 if dtype == torch.float64 else 1e-5, "rtol": 0.0}


def assert_parity(actual: Tensor, expected: Tensor) -> None:
    """Same shape, dtype and values within the issue's absolute bound (NaNs must match)."""
    torch.testing.assert_close(actual, expected, equal_nan=True, **tol(expected.dtype))


def tiny_rnn(
    input_size: int = 3,
    hidden_size: int = 4,
    num_layers: int = 2,
    seed: int = 0,
    dtype: torch.dtype = torch.float32,
    **options,
) -> nn.RNN:
    """A seeded nn.RNN in eval mode (pass train via ``.train()`` after)."""
    torch.manual_seed(seed)
    return nn.RNN(input_size, hidden_size, num_layers, **options).to(dtype).eval()


def layer_reference(trace: Trace, rnn: nn.RNN, layer: int, h0: Tensor) -> tuple[Tensor, Tensor]:
    """Run one layer alone through a fresh single-layer nn.RNN with copied weights.

    Feeds ``trace.layer_inputs[layer]`` (time-major) and the layer's slice of ``h0``
    ``[num_layers*D, N, H]``; returns its output ``[L, N, D*H]`` and h_n ``[D, N, H]``.
    With ``trace.lengths`` it runs packed, as nn.RNN does for a PackedSequence.
    """
    D = 2 if rnn.bidirectional else 1
    in_size = trace.layer_inputs[layer].shape[-1]
    one = (
        nn.RNN(
            in_size, rnn.hidden_size, 1, nonlinearity=rnn.nonlinearity, bias=rnn.bias, bidirectional=rnn.bidirectional
        )
        .to(h0.dtype)
        .eval()
    )
    with torch.no_grad():
        for name, p in one.named_parameters():  # weight_ih_l0[_reverse] <- weight_ih_l{layer}[_reverse]
            p.copy_(getattr(rnn, name.replace("_l0", f"_l{layer}")))
        x = trace.layer_inputs[layer]  # [L, N, in_l]
        hx = h0[layer * D : (layer + 1) * D]  # [D, N, H]
        if trace.lengths is None:
            return one(x, hx)
        packed = pack_padded_sequence(x, trace.lengths, enforce_sorted=False)
        out, h_n = one(packed, hx)
        return pad_packed_sequence(out, total_length=x.shape[0])[0], h_n


def hand_loop(trace: Trace, layer: int, direction: int) -> dict[str, Tensor]:
    """The cell equation written out, one sequence and one step at a time, from ``trace.weights``.

    Returns ``h_prev, ih, hh, pre, h_t`` as ``[L, N, H]`` (NaN where a step lies past the length).
    Reads ``trace.layer_inputs`` and ``trace.h0``: this checks the per-step bookkeeping, the
    parity tests check those inputs against torch.
    """
    w = trace.weights(layer, direction)
    x = trace.layer_inputs[layer]  # [L, N, in_l]
    L, N, H = x.shape[0], x.shape[1], trace.hidden_size
    h0 = trace.h0[layer * trace.num_directions + direction]  # [N, H]
    lengths = trace.lengths.tolist() if trace.lengths is not None else [L] * N
    out = {k: torch.full((L, N, H), float("nan"), dtype=x.dtype) for k in ("h_prev", "ih", "hh", "pre", "h_t")}
    f = torch.tanh if trace.nonlinearity == "tanh" else torch.relu
    for n in range(N):
        h = h0[n]  # [H]
        steps = range(lengths[n]) if direction == 0 else reversed(range(lengths[n]))
        for t in steps:
            ih = w["W_ih"] @ x[t, n] + (w["b_ih"] if w["b_ih"] is not None else 0)
            hh = w["W_hh"] @ h + (w["b_hh"] if w["b_hh"] is not None else 0)
            out["h_prev"][t, n], out["ih"][t, n], out["hh"][t, n] = h, ih, hh
            h = f(ih + hh)
            out["pre"][t, n], out["h_t"][t, n] = ih + hh, h
    return out


def seeded(fn, seed: int):
    """``fn()`` with torch's global RNG at ``manual_seed(seed)``; returns (result, RNG state after)."""
    torch.manual_seed(seed)
    result = fn()
    return result, torch.get_rng_state()


# --- gated cells (nn.GRU, nn.LSTM) ----------------------------------------------------------------
MODULES = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}


def tiny(cell: str, input_size: int = 3, hidden_size: int = 4, num_layers: int = 2, seed: int = 0,
         dtype: torch.dtype = torch.float32, **options) -> nn.Module:  # fmt: skip
    """A seeded nn.RNN / nn.GRU / nn.LSTM in eval mode."""
    torch.manual_seed(seed)
    return MODULES[cell](input_size, hidden_size, num_layers, **options).to(dtype).eval()


def single_layer_reference(trace: Trace, module: nn.Module, layer: int):
    """Layer ``layer`` alone through a fresh one-layer module of the same type with copied weights.

    Feeds ``trace.layer_inputs[layer]`` and that layer's slice of ``trace.h0`` (and ``c0``); packed
    when the trace has lengths. Returns (output [L, N, D*H_out], h_n [D, N, H_out], c_n [D, N, H] | None).
    """
    D = 2 if module.bidirectional else 1
    x = trace.layer_inputs[layer]  # [L, N, in_l]
    kw = {"bias": module.bias, "bidirectional": module.bidirectional}
    if isinstance(module, nn.RNN):
        kw["nonlinearity"] = module.nonlinearity
    if isinstance(module, nn.LSTM) and module.proj_size:
        kw["proj_size"] = module.proj_size
    one = type(module)(x.shape[-1], module.hidden_size, 1, **kw).to(x.dtype).eval()
    with torch.no_grad():
        for name, p in one.named_parameters():
            p.copy_(getattr(module, name.replace("_l0", f"_l{layer}")))
        h0 = trace.h0[layer * D : (layer + 1) * D]
        hx = h0 if trace.c0 is None else (h0, trace.c0[layer * D : (layer + 1) * D])
        if trace.lengths is None:
            out, state = one(x, hx)
        else:
            packed, state = one(pack_padded_sequence(x, trace.lengths, enforce_sorted=False), hx)
            out = pad_packed_sequence(packed, total_length=x.shape[0])[0]
    h_n, c_n = state if isinstance(state, tuple) else (state, None)
    return out, h_n, c_n


def gated_hand_loop(trace: Trace, layer: int, direction: int) -> dict[str, Tensor]:
    """PyTorch's documented GRU / LSTM equations written out, one sequence and one step at a time, from the
    raw parameters (row blocks sliced here, not by rnnviz). NaN past each length.

    Returns ``h`` [L, N, H_out] and every gate, and for LSTM ``c`` [L, N, H], each [L, N, H].
    """
    names = trace.weight_names(layer, direction)
    p = {k: trace.params[v] for k, v in names.items()}
    x = trace.layer_inputs[layer]  # [L, N, in_l]
    L, N, H, H_out = x.shape[0], x.shape[1], trace.hidden_size, trace.H_out
    i0 = layer * trace.num_directions + direction
    lengths = trace.lengths.tolist() if trace.lengths is not None else [L] * N
    gate_names = "rzn" if trace.cell == "gru" else "ifgo"
    nan = lambda size: torch.full((L, N, size), float("nan"), dtype=x.dtype)  # noqa: E731
    out = {"h": nan(H_out)} | {k: nan(H) for k in gate_names} | ({"c": nan(H)} if trace.cell == "lstm" else {})

    def block(name: str, k: int, v: Tensor) -> Tensor:  # W_?k v + b_?k for row block k
        W, b = p["W_" + name], p.get("b_" + name)
        return W[k * H : (k + 1) * H] @ v + (b[k * H : (k + 1) * H] if b is not None else 0)

    for n in range(N):
        h = trace.h0[i0, n]
        c = trace.c0[i0, n] if trace.c0 is not None else None
        for t in range(lengths[n]) if direction == 0 else reversed(range(lengths[n])):
            xt = x[t, n]
            if trace.cell == "gru":
                r = torch.sigmoid(block("ih", 0, xt) + block("hh", 0, h))
                z = torch.sigmoid(block("ih", 1, xt) + block("hh", 1, h))
                g_n = torch.tanh(block("ih", 2, xt) + r * block("hh", 2, h))
                h = (1 - z) * g_n + z * h
                gates = {"r": r, "z": z, "n": g_n}
            else:
                i, f, g, o = (block("ih", k, xt) + block("hh", k, h) for k in range(4))
                i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
                c = f * c + i * g
                h = o * torch.tanh(c)
                if "W_hr" in p:
                    h = p["W_hr"] @ h
                gates = {"i": i, "f": f, "g": g, "o": o}
                out["c"][t, n] = c
            out["h"][t, n] = h
            for k, v in gates.items():
                out[k][t, n] = v
    return out
