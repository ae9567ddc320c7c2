"""Sampling from a trained RNNModel: a prefix, temperature, top-k or greedy; the top-5 predictions per character."""

from __future__ import annotations

from dataclasses import dataclass

import torch

from rnnviz.lab.data import Vocab
from rnnviz.lab.model import RNNModel


@torch.no_grad()
def generate(model: RNNModel, vocab: Vocab, prefix: str, length: int, temperature: float = 1.0, top_k: int = 0,
             greedy: bool = False, seed: int = 0) -> str:  # fmt: skip
    """``prefix`` followed by ``length`` characters drawn one at a time, each fed back in.

    temperature divides the logits (< 1: safer, > 1: wilder); top_k > 0 keeps only the k likeliest
    characters; greedy always takes the likeliest. Raises ValueError for an empty prefix or characters
    the model does not know (the message lists them)."""
    if not prefix:
        raise ValueError("")
    indices = vocab.encode(prefix)
    if temperature <= 0 and not greedy:
        raise ValueError("temperature")
    model.eval()
    g = torch.Generator().manual_seed(seed)
    logits, state = model(torch.tensor([indices]))  # [len(prefix), vocab]
    last = logits[-1]
    out = list(indices)
    for _ in range(length):
        nxt = pick(last, temperature, top_k, greedy, g)
        out.append(nxt)
        logits, state = model(torch.tensor([[nxt]]), state)
        last = logits[-1]
    return vocab.decode(out)


def pick(logits: torch.Tensor, temperature: float, top_k: int, greedy: bool, generator: torch.Generator) -> int:
    """One character index from the logits [vocab]."""
    if greedy:
        return int(logits.argmax())
    scaled = logits / temperature
    if 0 < top_k < scaled.numel():
        kth = torch.topk(scaled, top_k).values[-1]
        scaled = scaled.masked_fill(scaled < kth, float("-inf"))
    return int(torch.multinomial(torch.softmax(scaled, dim=-1), 1, generator=generator))


@dataclass(frozen=True)
class Prediction:
    """After reading text[:i+1]: the character that really comes next and the model's top k with probabilities."""

    position: int
    seen: str  # text[i]
    actual: str | None  # text[i+1] (None after the last character)
    top: tuple[tuple[str, float], ...]  # (character, probability), likeliest first


@torch.no_grad()
def top_predictions(model: RNNModel, vocab: Vocab, text: str, k: int = 5) -> list[Prediction]:
    """The model reads ``text`` and after each character names its k likeliest next characters."""
    if not text:
        raise ValueError("")
    model.eval()
    logits, _ = model(torch.tensor([vocab.encode(text)]))  # [len(text), vocab]
    probs = torch.softmax(logits, dim=-1)
    k = min(k, len(vocab))
    values, idx = torch.topk(probs, k, dim=-1)
    return [
        Prediction(i, text[i], text[i + 1] if i + 1 < len(text) else None,
                   tuple((vocab.idx_to_char[int(j)], float(p)) for p, j in zip(values[i], idx[i], strict=True)))
        for i in range(len(text))
    ]  # fmt: skip
