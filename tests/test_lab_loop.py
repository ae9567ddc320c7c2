"""The loop the lab page prints runs as printed and trains exactly as Training does; its shapes are measured;
the printed-as-often lines raise what the page says, and ours run."""

from __future__ import annotations

import random
from dataclasses import replace
from itertools import islice

import pytest
import torch
from torch import nn

from rnnviz.lab import LabConfig, Training
from rnnviz.lab import data as lab_data
from rnnviz.lab.corpus import load_corpus
from rnnviz.lab.loop import LOOPS, loop_code, measure_shapes, pitfalls

CORPUS = load_corpus("syllables", 3000)
TINY = LabConfig(hidden_size=8, batch_size=4, num_steps=5, steps=3)
MINIBATCHES = 3


def _run_printed_loop(config: LabConfig) -> Training:
    """Exec the page's code on a fresh Training's model and optimizer, for MINIBATCHES minibatches of one epoch."""
    t = Training(config, CORPUS)
    rng = random.Random(config.seed)  # Training draws the random order from random.Random(seed) too
    namespace = {
        "nn": nn, "model": t.model, "optimizer": t.optimizer, "loss": nn.CrossEntropyLoss(), "clip": config.clip,
        "num_epochs": 1, "corpus_indices": t.train_idx, "batch_size": config.batch_size,
        "num_steps": config.num_steps,
        "data_iter_consecutive": lambda c, b, n: islice(lab_data.data_iter_consecutive(c, b, n), MINIBATCHES),
        "data_iter_random": lambda c, b, n: islice(lab_data.data_iter_random(c, b, n, rng), MINIBATCHES),
    }  # fmt: skip
    exec(loop_code(config.sampling), namespace)  # noqa: S102 -- the page's own code, as printed
    return t


@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
@pytest.mark.parametrize("sampling", ["consecutive", "random"])
def test_the_printed_loop_runs_and_trains_exactly_as_training_does(cell, sampling):
    config = replace(TINY, cell=cell, sampling=sampling, num_layers=2, clip=0.1)
    printed = _run_printed_loop(config)
    ours = Training(config, CORPUS)
    for _ in range(MINIBATCHES):
        ours.step()
    for (name, a), (_, b) in zip(printed.model.named_parameters(), ours.model.named_parameters(), strict=True):
        torch.testing.assert_close(a, b, msg=name)
    assert any(s.grad_norm > 0.1 for s in ours.steps)  # clipping took part in both


def test_every_line_has_its_explanation_and_the_loops_differ_where_sampling_does():
    for sampling, lines in LOOPS.items():
        assert loop_code(sampling).splitlines() == [line for line, _ in lines]
        assert all(key.startswith("lab.loop.") for _, key in lines)
    consecutive = {line.strip() for line, _ in LOOPS["consecutive"]}
    random_ = {line.strip() for line, _ in LOOPS["random"]}
    assert any("detach" in line for line in consecutive) and not any("detach" in line for line in random_)


@pytest.mark.parametrize(("cell", "layers", "batch", "steps", "hidden"), [("rnn", 1, 4, 5, 8), ("lstm", 2, 3, 7, 6)])
def test_measured_shapes_are_the_shapes_of_a_real_training_step(cell, layers, batch, steps, hidden):
    t = Training(replace(TINY, cell=cell, num_layers=layers, batch_size=batch, num_steps=steps, hidden_size=hidden),
                 CORPUS)  # fmt: skip
    shapes = measure_shapes(cell, len(t.vocab), hidden, layers, batch, steps)
    X, Y = next(lab_data.data_iter_consecutive(t.train_idx, batch, steps))
    output, state = t.model(X, None)
    states = state if isinstance(state, tuple) else (state,)
    assert shapes.X == tuple(X.shape) == (batch, steps)
    assert shapes.X_T == (steps, batch)
    assert shapes.embedded == tuple(t.model.embedding(X.T).shape) == (steps, batch, hidden)
    assert shapes.output == tuple(output.shape) == (steps * batch, len(t.vocab))
    assert shapes.state == tuple(tuple(s.shape) for s in states)
    assert len(shapes.state) == (2 if cell == "lstm" else 1) and shapes.state[0] == (layers, batch, hidden)
    assert shapes.y == tuple(Y.T.reshape(-1).shape)


def test_the_printed_lines_fail_with_the_errors_shown_and_ours_run():
    found = {p.key: p for p in pitfalls()}
    assert found["tuple_state"].error == "AttributeError: 'tuple' object has no attribute 'detach'"
    assert found["first_batch"].error == "AttributeError: 'NoneType' object has no attribute 'detach'"
    assert found["view"].error.startswith("RuntimeError: view size is not compatible")
    state = (torch.zeros(1, 2, 3, requires_grad=True) * 2, torch.zeros(1, 2, 3, requires_grad=True) * 2)
    namespace = {"state": state}
    exec(found["tuple_state"].ours, namespace)  # noqa: S102 -- the lab's line detaches an LSTM's state
    assert all(not s.requires_grad for s in namespace["state"])
