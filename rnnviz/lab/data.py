"""The tutorial's data pipeline: a character vocabulary, and consecutive or random minibatches of windows."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import torch

SAMPLINGS = ("consecutive", "random")


@dataclass(frozen=True)
class Vocab:
    """The characters of a corpus, in sorted order: index <-> character."""

    idx_to_char: tuple[str, ...]

    @classmethod
    def from_text(cls, text: str) -> Vocab:
        return cls(tuple(sorted(set(text))))

    @property
    def char_to_idx(self) -> dict[str, int]:
        return {ch: i for i, ch in enumerate(self.idx_to_char)}

    def __len__(self) -> int:
        return len(self.idx_to_char)

    def unknown(self, text: str) -> str:
        """The characters of ``text`` that are not in the vocabulary, each once, sorted ('' when none)."""
        return "".join(sorted(set(text) - set(self.idx_to_char)))

    def encode(self, text: str) -> list[int]:
        """Indices of ``text``; raises ValueError naming the characters that are not in the vocabulary."""
        if unknown := self.unknown(text):
            raise ValueError(unknown)
        table = self.char_to_idx
        return [table[ch] for ch in text]

    def decode(self, indices: Sequence[int]) -> str:
        return "".join(self.idx_to_char[int(i)] for i in indices)


def data_iter_consecutive(
    corpus_indices: Sequence[int] | torch.Tensor, batch_size: int, num_steps: int
) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    """The corpus cut into ``batch_size`` streams (rows), read in consecutive windows of ``num_steps``:
    window i+1 of a row continues window i, so a hidden state can be carried over. X, Y: [batch_size, num_steps],
    Y is X shifted by one character."""
    corpus = torch.as_tensor(corpus_indices, dtype=torch.long)
    batch_len = len(corpus) // batch_size
    indices = corpus[: batch_size * batch_len].view(batch_size, batch_len)  # [batch_size, batch_len]
    epoch_size = (batch_len - 1) // num_steps
    for i in range(epoch_size):
        i = i * num_steps
        yield indices[:, i : i + num_steps], indices[:, i + 1 : i + num_steps + 1]


def data_iter_random(
    corpus_indices: Sequence[int] | torch.Tensor, batch_size: int, num_steps: int, rng: random.Random
) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    """Windows of ``num_steps`` taken from random places: neighbouring rows and minibatches are unrelated,
    so the hidden state is reset for each minibatch. X, Y: [batch_size, num_steps]."""
    corpus = torch.as_tensor(corpus_indices, dtype=torch.long)
    num_examples = (len(corpus) - 1) // num_steps
    epoch_size = num_examples // batch_size
    example_indices = list(range(num_examples))
    rng.shuffle(example_indices)
    for i in range(epoch_size):
        batch = example_indices[i * batch_size : (i + 1) * batch_size]
        X = torch.stack([corpus[j * num_steps : j * num_steps + num_steps] for j in batch])
        Y = torch.stack([corpus[j * num_steps + 1 : j * num_steps + num_steps + 1] for j in batch])
        yield X, Y


def minibatches_per_epoch(n: int, batch_size: int, num_steps: int, sampling: str) -> int:
    """How many minibatches one pass over ``n`` characters gives (0: the text is too short)."""
    if sampling == "consecutive":
        return max(0, (n // batch_size - 1) // num_steps)
    return ((n - 1) // num_steps) // batch_size


def minibatches(
    corpus_indices: Sequence[int] | torch.Tensor, batch_size: int, num_steps: int, sampling: str, rng: random.Random
) -> Iterator[tuple[int, torch.Tensor, torch.Tensor]]:
    """(epoch, X, Y) for ever, epoch after epoch (the random order is drawn anew from ``rng`` each epoch)."""
    if minibatches_per_epoch(len(corpus_indices), batch_size, num_steps, sampling) < 1:
        raise ValueError("corpus too short for one minibatch")
    epoch = 0
    while True:
        if sampling == "consecutive":
            batches = data_iter_consecutive(corpus_indices, batch_size, num_steps)
        else:
            batches = data_iter_random(corpus_indices, batch_size, num_steps, rng)
        for X, Y in batches:
            yield epoch, X, Y
        epoch += 1
