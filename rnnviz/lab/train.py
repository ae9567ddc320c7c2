"""Training as the tutorial writes it: Adam, cross-entropy, ``hidden.detach()`` between minibatches, clipping."""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field

import torch
from torch import nn

from rnnviz.lab.config import LabConfig
from rnnviz.lab.corpus import Corpus
from rnnviz.lab.data import Vocab, minibatches, minibatches_per_epoch
from rnnviz.lab.model import RNNModel, State, detach, init_params

LN2 = math.log(2)
VAL_STREAMS = 8  # the validation text is cut into this many consecutive streams, read side by side
VAL_CHUNK = 512  # ... this many steps at a time, the state carried over
SAMPLE_LENGTH = 120  # characters of the sample taken at each validation


def bits(nats: float) -> float:
    """Nats per character -> bits per character."""
    return nats / LN2


@dataclass(frozen=True)
class StepRecord:
    """One optimizer step."""

    step: int  # 1-based
    epoch: int  # 0-based pass over the training text
    train_loss: float  # cross-entropy of this minibatch, nats per character
    grad_norm: float  # ||grad|| over all parameters before clip_grad_norm_
    seconds: float  # since the run started


@dataclass(frozen=True)
class ValRecord:
    step: int
    val_loss: float  # nats per character on the validation text
    sample: str  # generated after this step (temperature 0.8, from the first character of the text)
    train_seconds: float = 0.0  # time this model had spent in step() when it was validated


@dataclass
class Training:
    """One model learning one corpus. ``step()`` runs one minibatch; ``validate()`` measures the validation text."""

    config: LabConfig
    corpus: Corpus
    vocab: Vocab = field(init=False)
    model: RNNModel = field(init=False)
    steps: list[StepRecord] = field(default_factory=list, init=False)  # appended to, never rewritten
    vals: list[ValRecord] = field(default_factory=list, init=False)

    def __post_init__(self):
        c = self.config
        self.vocab = Vocab.from_text(self.corpus.text)  # the whole text: validation characters are known too
        self.train_idx = torch.tensor(self.vocab.encode(self.corpus.train_text))
        self.val_idx = torch.tensor(self.vocab.encode(self.corpus.val_text))
        if minibatches_per_epoch(len(self.train_idx), c.batch_size, c.num_steps, c.sampling) < 1:
            raise ValueError("corpus too short")
        self.generator = torch.Generator().manual_seed(c.seed)
        self.model = RNNModel(c.cell, len(self.vocab), c.hidden_size, c.num_layers, c.dropout)
        init_params(self.model, self.generator)
        self.model.generator = self.generator
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=c.lr)
        self.loss_fn = nn.CrossEntropyLoss()
        self.batches = minibatches(self.train_idx, c.batch_size, c.num_steps, c.sampling, random.Random(c.seed))
        self.state: State | None = None
        self.epoch = 0
        self.started = time.perf_counter()
        self.train_seconds = 0.0  # time spent in step() alone

    @property
    def done(self) -> int:
        return len(self.steps)

    def step(self) -> StepRecord:
        """One minibatch: forward, cross-entropy, backward, clip (recording the norm before), Adam."""
        start = time.perf_counter()
        c = self.config
        if not self.steps and c.dropout > 0 and c.num_layers > 1:  # nn.RNN's dropout between layers draws
            torch.manual_seed(c.seed)  # from torch's global RNG: reproducible when the run trains alone
        epoch, X, Y = next(self.batches)  # [batch_size, num_steps] each
        if self.config.sampling == "random" or epoch != self.epoch:
            self.state = None  # random windows are unrelated; a new pass starts from the top of each stream
        self.epoch = epoch
        self.state, loss, norm = train_step(
            self.model, self.optimizer, self.loss_fn, X, Y, detach(self.state), self.config.clip
        )
        self.train_seconds += time.perf_counter() - start
        record = StepRecord(len(self.steps) + 1, epoch, loss, norm, time.perf_counter() - self.started)
        self.steps.append(record)
        return record

    def validate(self, sample_prefix: str | None = None) -> ValRecord:
        """The mean cross-entropy over the validation text (state carried through it), and a fresh sample."""
        from rnnviz.lab.sample import generate

        loss = evaluate(self.model, self.val_idx)
        prefix = sample_prefix if sample_prefix is not None else self.corpus.text[:1]
        text = generate(self.model, self.vocab, prefix, SAMPLE_LENGTH, temperature=0.8, seed=self.config.seed)
        record = ValRecord(self.done, loss, text, self.train_seconds)
        self.vals.append(record)
        return record


@dataclass(frozen=True)
class Curves:
    """What the lab's figures draw of one run: a snapshot of its records as plain lists."""

    cell: str
    steps: list[int]
    train_loss: list[float]  # nats per character
    grad_norm: list[float]  # before clipping
    val_steps: list[int]
    val_loss: list[float]

    @classmethod
    def of(cls, t: Training) -> Curves:
        steps, vals = list(t.steps), list(t.vals)  # copies: the training thread appends to the originals
        return cls(t.config.cell, [r.step for r in steps], [r.train_loss for r in steps],
                   [r.grad_norm for r in steps], [v.step for v in vals], [v.val_loss for v in vals])  # fmt: skip


def train_step(model: RNNModel, optimizer, loss_fn, X: torch.Tensor, Y: torch.Tensor, state: State | None,
               clip: float) -> tuple[State, float, float]:  # fmt: skip
    """One step of the tutorial's loop. Returns the new state (still attached), the loss and the pre-clip norm."""
    model.train()
    logits, state = model(X, state)  # [num_steps * batch_size, vocab]
    y = Y.T.reshape(-1)  # [num_steps * batch_size]: the same t-major order as the logits
    loss = loss_fn(logits, y)
    optimizer.zero_grad()
    loss.backward()
    norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm=clip)  # the norm before clipping
    optimizer.step()
    return state, float(loss.detach()), float(norm)


@torch.no_grad()
def evaluate(model: RNNModel, indices: torch.Tensor) -> float:
    """Cross-entropy (nats per character) of predicting each next character of ``indices``: the text cut into
    VAL_STREAMS consecutive streams (the few characters left over at the end are not read), read in chunks of
    VAL_CHUNK steps with the state carried from chunk to chunk, so memory stays small for any length."""
    model.eval()
    n = len(indices) - 1
    streams = max(1, min(VAL_STREAMS, n // 64))
    length = n // streams
    X = indices[: streams * length].view(streams, length)  # [streams, length]
    Y = indices[1 : streams * length + 1].view(streams, length)
    total, state = 0.0, None
    for start in range(0, length, VAL_CHUNK):
        logits, state = model(X[:, start : start + VAL_CHUNK], state)
        y = Y[:, start : start + VAL_CHUNK].T.reshape(-1)
        total += float(nn.functional.cross_entropy(logits, y, reduction="sum"))
    return total / (streams * length)


def val_every(steps: int) -> int:
    """Validate every 10% of the run (and at its end)."""
    return max(1, steps // 10)


def run(trainings: list[Training], steps: int, on_step: Callable[[Training, StepRecord], None] | None = None,
        on_val: Callable[[Training, ValRecord], None] | None = None,
        stop: Callable[[], bool] = lambda: False,
        turn: Callable[[], AbstractContextManager] = nullcontext) -> bool:  # fmt: skip
    """Train every model ``steps`` steps, taking turns step by step (so their curves race), validating every
    10% and at the end. ``stop()`` is asked before each step; a stopped run validates what it has. Each
    round (a step of every model, and its validation) runs inside ``turn()`` (a server's compute slot).
    Returns True when the run finished, False when it was stopped."""
    every = val_every(steps)
    finished = True
    with turn():
        for t in trainings:
            if not t.vals:
                _val(t, on_val)  # the untrained model: the start of the curve
    for i in range(trainings[0].done if trainings else 0, steps):
        if stop():
            finished = False
            break
        with turn():
            for t in trainings:
                record = t.step()
                if on_step:
                    on_step(t, record)
                if (i + 1) % every == 0 or i + 1 == steps:
                    _val(t, on_val)
    with turn():
        for t in trainings:
            if t.vals[-1].step != t.done:
                _val(t, on_val)
    return finished


def _val(t: Training, on_val) -> None:
    record = t.validate()
    if on_val:
        on_val(t, record)
