"""The idioms the tutorials use on ``output`` and ``h_n``, each checked on the numbers of a trace.

``tutorial_idioms(trace)``: ``h_n.view(num_layers, num_directions, batch, hidden)`` splits layers from
directions, ``output.view(seq_len, batch, num_directions, hidden)`` splits the directions of ``output``
(``[batch, seq_len, ...]`` under batch_first), and a classifier's input ``torch.cat([h_n[-2], h_n[-1]],
dim=1)`` (``h_n[-1]`` with one direction) is the last layer's final states; each with its max |diff|.
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

    @property
    def ok(self) -> bool:
        return self.max_abs_diff <= TOLERANCE


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
    layers, D, N, H = trace.num_layers, trace.num_directions, trace.batch_size, trace.hidden_size
    view = trace.h_n.view(layers, D, N, H)
    diff = max(_diff(view[lay, d], _final(trace, lay, d)) for lay in range(layers) for d in range(D))
    return Idiom(f"h_n.view({layers}, {D}, {N}, {H})  # (num_layers, num_directions, batch, hidden)",
                 "diag.idiom.h_n_view", diff)  # fmt: skip


def _output_view(trace: Trace) -> Idiom:
    L, N, D, H = trace.seq_len, trace.batch_size, trace.num_directions, trace.hidden_size
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
    H, last = trace.hidden_size, trace.num_layers - 1
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
