"""What a char model learnt: its units over a passage (via rnnviz.unroll), text features, unit ranking,
select-and-match (LSTMVis), gate saturation (Karpathy et al. 2015) and the probability of the next character."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from rnnviz.lab.data import Vocab
from rnnviz.lab.model import RNNModel
from rnnviz.unroll import unroll

FEATURES = ("quote", "bracket", "line_pos", "word_start", "digit", "indent")
SYLLABLE_FEATURES = ("syllable_pos",)
SATURATION = (0.1, 0.9)  # a gate value below 0.1 or above 0.9 is saturated (the paper's thresholds)
QUOTES = "\"'“”‘’"
OPEN, CLOSE = "([{（【《", ")]}）】》"


@dataclass(frozen=True)
class Activations:
    """Every unit of every layer while the model reads ``text`` from a zero state, one row per character.

    Each array is [T, H] (T = len(text)), row t after reading text[t]: ``h[l]``, ``c[l]`` (LSTM), ``gates[l]``
    (GRU r, z, n; LSTM i, f, g, o); ``probs`` [T, vocab] is the model's next-character distribution after text[t]."""

    text: str
    cell: str
    h: tuple[np.ndarray, ...]
    c: tuple[np.ndarray, ...] | None
    gates: tuple[dict[str, np.ndarray], ...]
    probs: np.ndarray
    vocab: Vocab
    max_diff: float = 0.0  # largest |logits of the unroll - logits of model(x)|: the check against PyTorch

    @property
    def num_layers(self) -> int:
        return len(self.h)

    @property
    def hidden_size(self) -> int:
        return self.h[0].shape[1]

    def quantities(self) -> tuple[str, ...]:
        """What can colour the text: h, for the LSTM c and tanh(c), and each gate."""
        extra = ("c", "tanh_c") if self.c is not None else ()
        return ("h", *extra, *self.gates[0])

    def values(self, layer: int, quantity: str) -> np.ndarray:
        """[T, H]: one quantity of every unit of ``layer``."""
        if quantity == "h":
            return self.h[layer]
        if quantity in ("c", "tanh_c") and self.c is not None:
            return self.c[layer] if quantity == "c" else np.tanh(self.c[layer])
        if quantity in self.gates[layer]:
            return self.gates[layer][quantity]
        raise ValueError(quantity)

    def next_prob(self) -> np.ndarray:
        """[T - 1]: the probability the model gave, after text[t], to the character that really follows."""
        idx = np.array(self.vocab.encode(self.text))
        return self.probs[np.arange(len(idx) - 1), idx[1:]]

    def top(self, t: int, k: int = 5) -> list[tuple[str, float]]:
        """The k likeliest next characters after text[t], with probabilities."""
        order = np.argsort(-self.probs[t], kind="stable")[:k]
        return [(self.vocab.idx_to_char[int(j)], float(self.probs[t, j])) for j in order]


@torch.no_grad()
def activations(model: RNNModel, vocab: Vocab, text: str) -> Activations:
    """Unroll ``model.rnn`` on the embedded passage; raises ValueError for an empty text or unknown characters
    (the message lists them). The logits are the model's decoder applied to the unrolled output."""
    if not text:
        raise ValueError("")
    model.eval()
    idx = torch.tensor([vocab.encode(text)])  # [1, T], as the minibatches are
    x = model.embedding(idx.T)  # [T, 1, H]
    trace = unroll(model.rnn, x)
    logits = model.dense(trace.output[:, 0])  # [T, vocab]
    layers = range(model.num_layers)
    h = tuple(trace.hidden(layer, 0)[:, 0].numpy() for layer in layers)
    c = tuple(trace.cell_state(layer, 0)[:, 0].numpy() for layer in layers) if trace.cell == "lstm" else None
    gates = tuple({k: v[:, 0].numpy() for k, v in trace.gates(layer, 0).items()} for layer in layers)
    probs = torch.softmax(logits, dim=-1).numpy()
    reference, _ = model(idx)  # [T, vocab]: the model's own forward
    diff = float((logits - reference).abs().max())
    return Activations(text, trace.cell, h, c, gates, probs, vocab, diff)


# --- features of the text ---------------------------------------------------------------------------
def text_features(text: str, syllables: bool = False) -> dict[str, np.ndarray]:
    """One number per character (after reading it): inside quotes (0/1, quotes toggle per line), inside
    brackets (nesting depth), position in the line, start of a word (0/1), digit (0/1), indentation depth
    (leading spaces of the line); for the syllable corpus the position in the syllable."""
    n = len(text)
    out = {name: np.zeros(n) for name in FEATURES + (SYLLABLE_FEATURES if syllables else ())}
    quote = depth = col = indent = 0
    leading, prev = True, "\n"
    for t, ch in enumerate(text):
        if ch == "\n":
            quote, col, indent, leading = 0, 0, 0, True
        else:
            col += 1
            if leading and ch == " ":
                indent += 1
            elif leading and ch != "\t":
                leading = False
        if ch in QUOTES:
            quote = 1 - quote
        depth = depth + 1 if ch in OPEN else max(depth - 1, 0) if ch in CLOSE else depth
        out["quote"][t] = quote
        out["bracket"][t] = depth
        out["line_pos"][t] = col
        out["word_start"][t] = float(ch.isalnum() and not (prev.isalnum() or prev == "_"))
        out["digit"][t] = float(ch.isdigit())
        out["indent"][t] = indent
        prev = ch
    if syllables:
        out["syllable_pos"] = syllable_positions(text)
    return out


def syllable_positions(text: str) -> np.ndarray:
    """Position of each character in its syllable (letters and tone marks of one run; 0 elsewhere)."""
    pos, k = np.zeros(len(text)), 0
    for t, ch in enumerate(text):
        k = k + 1 if ch.isalpha() else 0
        pos[t] = k
    return pos


def correlation(a: np.ndarray, b: np.ndarray) -> float:
    """Pearson's r (0 when either is constant)."""
    a, b = a - a.mean(), b - b.mean()
    den = float(np.sqrt((a * a).sum() * (b * b).sum()))
    return float((a * b).sum() / den) if den > 1e-12 else 0.0


@dataclass(frozen=True)
class Ranked:
    unit: int
    feature: str
    r: float  # Pearson's correlation of the unit's value with the feature over the passage


def rank_units(values: np.ndarray, features: dict[str, np.ndarray], top: int | None = None) -> list[Ranked]:
    """Every (unit, feature) pair ranked by |r|, the best feature of each unit only; values is [T, H]."""
    best: list[Ranked] = []
    for unit in range(values.shape[1]):
        scores = [Ranked(unit, f, correlation(values[:, unit], x)) for f, x in features.items()]
        best.append(max(scores, key=lambda s: abs(s.r)))
    best.sort(key=lambda s: (-abs(s.r), s.unit))
    return best[:top] if top else best


def feature_table(values: np.ndarray, features: dict[str, np.ndarray]) -> np.ndarray:
    """[H, F]: r of every unit with every feature."""
    return np.array([[correlation(values[:, u], x) for x in features.values()] for u in range(values.shape[1])])


# --- select and match (LSTMVis) ---------------------------------------------------------------------
@dataclass(frozen=True)
class Match:
    start: int
    end: int  # exclusive
    score: float  # fraction of the selected units on, averaged over the span


def select_units(values: np.ndarray, start: int, end: int, threshold: float, before: int = 1) -> list[int]:
    """The units on (> threshold) at every step of [start, end) and off (<= threshold) at the ``before`` steps
    just before it (all of them that exist)."""
    if not 0 <= start < end <= values.shape[0]:
        raise ValueError(f"{start}:{end}")
    on = (values[start:end] > threshold).all(axis=0)
    pre = values[max(start - before, 0) : start]
    off = (pre <= threshold).all(axis=0) if len(pre) else np.ones(values.shape[1], bool)
    return [int(u) for u in np.flatnonzero(on & off)]


def match_spans(values: np.ndarray, units: list[int], threshold: float, min_len: int = 1) -> list[Match]:
    """Maximal runs of steps where every unit of ``units`` is on together (> threshold), longest first."""
    if not units:
        return []
    together = (values[:, units] > threshold).all(axis=1)
    spans, t, n = [], 0, len(together)
    while t < n:
        if not together[t]:
            t += 1
            continue
        s = t
        while t < n and together[t]:
            t += 1
        if t - s >= min_len:
            spans.append(Match(s, t, float((values[s:t, units] > threshold).mean())))
    spans.sort(key=lambda m: (-(m.end - m.start), m.start))
    return spans


# --- gate saturation ------------------------------------------------------------------------------------
def saturation(gates: dict[str, np.ndarray], low: float = SATURATION[0], high: float = SATURATION[1]):
    """For each gate (sigmoid gates only: not GRU's n or LSTM's g): per unit, the fraction of steps below
    ``low`` (left-saturated) and above ``high`` (right-saturated): {gate: (left [H], right [H])}."""
    return {k: ((v < low).mean(axis=0), (v > high).mean(axis=0)) for k, v in gates.items() if k not in ("n", "g")}


def csv_rows(acts: Activations, layer: int) -> list[dict[str, object]]:
    """One row per character: step, character, next char probability, then every quantity of every unit."""
    p = acts.next_prob()
    rows = []
    for t, ch in enumerate(acts.text):
        row: dict[str, object] = {"t": t, "char": ch, "next": acts.text[t + 1] if t + 1 < len(acts.text) else "",
                                  "p_next": float(p[t]) if t < len(p) else ""}  # fmt: skip
        for q in acts.quantities():
            v = acts.values(layer, q)
            row.update({f"{q}[{u}]": float(v[t, u]) for u in range(v.shape[1])})
        rows.append(row)
    return rows
