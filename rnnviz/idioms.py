"""The idioms the tutorials use on ``output`` and ``h_n``, each checked on the numbers of a trace.

``tutorial_idioms(trace)``: ``h_n.view(num_layers, num_directions, batch, hidden)`` splits layers from
directions, ``output.view(seq_len, batch, num_directions, hidden)`` splits the directions of ``output``
(``[batch, seq_len, ...]`` under batch_first), and a classifier's input ``torch.cat([h_n[-2], h_n[-1]],
dim=1)`` (``h_n[-1]`` with one direction) is the last layer's final states; each with its max |diff|.

``packing_idioms(trace, unpacked)``: with per-sequence lengths, why ``h_n`` is no longer ``output[-1]`` (a
short sequence's last step is padding) and how ``pack_padded_sequence`` makes it right (``h_n`` is each
sequence's state at its own last step ``lengths[n]-1``; the call without packing gives other numbers).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from rnnviz.trace import Trace

TOLERANCE = 1e-6


@dataclass(frozen=True)
class Idiom:
    """One tutorial line, what it claims (an i18n key), and how far the claim is from the trace's numbers."""

    code: str  # e.g. "h_n.view(2, 2, 3, 4)[l, d] == final state of layer l, direction d"
    key: str  # i18n key of the explanation
    max_abs_diff: float
    equal: bool = True  # the claim: the two sides are equal (False: they differ)
    kw: tuple[tuple[str, object], ...] = ()  # values the explanation names (lengths, n, ...)

    @property
    def ok(self) -> bool:
        same = self.max_abs_diff <= TOLERANCE
        return same if self.equal else not same


def tutorial_idioms(trace: Trace) -> list[Idiom]:
    """The three idioms for a batched trace without lengths (padded sequences: see packing); else []."""
    if not trace.batched or trace.lengths is not None:
        return []
    return [_h_n_view(trace), _output_view(trace), _classifier_input(trace)]


def _diff(a: torch.Tensor, b: torch.Tensor) -> float:
    return float((a.double() - b.double()).abs().max()) if a.shape == b.shape else float("inf")


def _final(trace: Trace, layer: int, d: int) -> torch.Tensor:
    """The state where direction d of ``layer`` ends: the last step forward, step 0 reverse. [N, H]"""
    h = trace.hidden(layer, d)  # [L, N, H]
    return h[-1] if d == 0 else h[0]


def _h_n_view(trace: Trace) -> Idiom:
    layers, D, N, H = trace.num_layers, trace.num_directions, trace.batch_size, trace.H_out
    view = trace.h_n.view(layers, D, N, H)
    diff = max(_diff(view[lay, d], _final(trace, lay, d)) for lay in range(layers) for d in range(D))
    return Idiom(f"h_n.view({layers}, {D}, {N}, {H})  # (num_layers, num_directions, batch, hidden)",
                 "diag.idiom.h_n_view", diff)  # fmt: skip


def _output_view(trace: Trace) -> Idiom:
    L, N, D, H = trace.seq_len, trace.batch_size, trace.num_directions, trace.H_out
    if trace.batch_first:
        code = f"output.view({N}, {L}, {D}, {H})  # (batch, seq_len, num_directions, hidden)"
        view = trace.output.view(N, L, D, H).transpose(0, 1)  # [L, N, D, H]
    else:
        code = f"output.view({L}, {N}, {D}, {H})  # (seq_len, batch, num_directions, hidden)"
        view = trace.output.view(L, N, D, H)
    last = trace.num_layers - 1
    diff = max(_diff(view[:, :, d], trace.hidden(last, d)) for d in range(D))
    return Idiom(code, "diag.idiom.output_view" if D == 2 else "diag.idiom.output_view_uni", diff)


def _classifier_input(trace: Trace) -> Idiom:
    H, last = trace.H_out, trace.num_layers - 1
    out = trace.output.transpose(0, 1) if trace.batch_first else trace.output  # [L, N, D*H]
    if trace.bidirectional:
        code = "torch.cat([h_n[-2], h_n[-1]], dim=1)  # [batch, 2*hidden]: a classifier's input"
        features = torch.cat([trace.h_n[-2], trace.h_n[-1]], dim=1)
        expected = torch.cat([out[-1, :, :H], out[0, :, H:]], dim=1)  # forward ends at L-1, reverse at 0
        key = "diag.idiom.classifier_bi"
    else:
        code = "h_n[-1]  # [batch, hidden]: a classifier's input"
        features, expected, key = trace.h_n[-1], out[-1], "diag.idiom.classifier_uni"
    diff = max(_diff(features, expected), _diff(features[:, :H], _final(trace, last, 0)))
    return Idiom(code, key, diff)


def packing_idioms(trace: Trace, unpacked: Trace | None = None) -> list[Idiom]:
    """For a batched trace with lengths: the padded last step, h_n at lengths-1, the reverse half at t = 0,
    and (given the trace of the same module on the padded x without lengths) the call without packing.
    The code lines carry no comment: the explanation (``key``, in the page's language) says what they claim."""
    if not trace.batched or trace.lengths is None:
        return []
    lengths, L, N, H, D = trace.lengths.long(), trace.seq_len, trace.batch_size, trace.H_out, trace.num_directions
    out = trace.output.transpose(0, 1) if trace.batch_first else trace.output  # [L, N, D*H]
    fwd = f"h_n[{-D}]"  # the last layer's forward final state
    idioms = []
    short = [n for n in range(N) if int(lengths[n]) < L]
    if short:
        n = short[0]
        last = f"output[{n}, -1" if trace.batch_first else f"output[-1, {n}"
        kw = (("n", n), ("length", int(lengths[n])), ("L", L))
        idioms.append(Idiom(f"{last}]",
                            "diag.pack.last_is_padding", float(out[-1, n].abs().max()), kw=kw))  # fmt: skip
        gap = _diff(out[-1, n, :H], trace.h_n[-D][n])
        idioms.append(Idiom(f"{last}, :{H}] != {fwd[:-1]}, {n}]",
                            "diag.pack.not_last", gap, equal=False, kw=kw))  # fmt: skip
    rows = torch.arange(N)
    at = "output[torch.arange(N), lengths - 1" if trace.batch_first else "output[lengths - 1, torch.arange(N)"
    idioms.append(Idiom(f"{at}, :{H}] == {fwd}",
                        "diag.pack.gather", _diff(out[lengths - 1, rows, :H], trace.h_n[-D])))  # fmt: skip
    if D == 2:
        first = "output[:, 0" if trace.batch_first else "output[0, :"
        idioms.append(Idiom(f"{first}, {H}:] == h_n[-1]",
                            "diag.pack.reverse", _diff(out[0, :, H:], trace.h_n[-1])))  # fmt: skip
    if unpacked is not None and short:
        idioms.append(Idiom("rnn(x, h0)[1] != h_n",
                            "diag.pack.unpacked", _diff(unpacked.h_n, trace.h_n), equal=False))  # fmt: skip
    return idioms
