"""The tutorial's training loop as the lab runs it, line by line with the shapes of a config, and the lines that
fail when written the way tutorials often print them (each error raised by this PyTorch, not quoted)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import torch
from torch import nn

from rnnviz.lab.model import RNNModel

# (code, what-it-does key): the loop of Training.step, for each sampling. Every line is real Python that runs
# (tests/test_lab_loop.py executes it and compares with Training); the keys are in rnnviz/i18n/lab.py.
_DETACH = ("            state = tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()",
           "lab.loop.detach")  # fmt: skip
_BODY = (
    ("        output, state = model(X, state)", "lab.loop.forward"),
    ("        y = Y.T.reshape(-1)", "lab.loop.target"),
    ("        l = loss(output, y)", "lab.loop.loss"),
    ("        optimizer.zero_grad()", "lab.loop.zero_grad"),
    ("        l.backward()", "lab.loop.backward"),
    ("        norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm=clip)", "lab.loop.clip"),
    ("        optimizer.step()", "lab.loop.step"),
)
LOOPS: dict[str, tuple[tuple[str, str], ...]] = {
    "consecutive": (
        ("for epoch in range(num_epochs):", "lab.loop.epoch"),
        ("    state = None", "lab.loop.state_epoch"),
        ("    for X, Y in data_iter_consecutive(corpus_indices, batch_size, num_steps):", "lab.loop.iter_consecutive"),
        ("        if state is not None:", "lab.loop.if_state"),
        _DETACH,
        *_BODY,
    ),
    "random": (
        ("for epoch in range(num_epochs):", "lab.loop.epoch"),
        ("    for X, Y in data_iter_random(corpus_indices, batch_size, num_steps):", "lab.loop.iter_random"),
        ("        state = None", "lab.loop.state_random"),
        *_BODY,
    ),
}


def loop_code(sampling: str) -> str:
    """The loop of ``sampling`` as one block of code (the lines of LOOPS)."""
    return "\n".join(line for line, _ in LOOPS[sampling])


@dataclass(frozen=True)
class Shapes:
    """The shapes one minibatch takes through the loop, measured by running it."""

    X: tuple[int, ...]  # [batch_size, num_steps]
    X_T: tuple[int, ...]  # [num_steps, batch_size]: what the cell reads, time-major
    embedded: tuple[int, ...]  # [num_steps, batch_size, hidden_size]
    rnn_output: tuple[int, ...]  # [num_steps, batch_size, hidden_size]
    state: tuple[tuple[int, ...], ...]  # h (and c): each [num_layers, batch_size, hidden_size]
    output: tuple[int, ...]  # [num_steps * batch_size, vocab]
    y: tuple[int, ...]  # [num_steps * batch_size]


@lru_cache(maxsize=32)
def measure_shapes(cell: str, vocab: int, hidden_size: int, num_layers: int, batch_size: int,
                   num_steps: int) -> Shapes:  # fmt: skip
    """Run one minibatch of zeros through an RNNModel of these sizes and record every shape of the loop."""
    model = RNNModel(cell, vocab, hidden_size, num_layers).eval()
    X = torch.zeros(batch_size, num_steps, dtype=torch.long)  # [batch_size, num_steps]
    with torch.no_grad():
        embedded = model.embedding(X.T)  # [num_steps, batch_size, H]
        rnn_output, state = model.rnn(embedded)
        output, _ = model(X)  # [num_steps * batch_size, vocab]
    states = state if isinstance(state, tuple) else (state,)
    return Shapes(tuple(X.shape), tuple(X.T.shape), tuple(embedded.shape), tuple(rnn_output.shape),
                  tuple(tuple(s.shape) for s in states), tuple(output.shape), tuple(X.T.reshape(-1).shape))  # fmt: skip


@dataclass(frozen=True)
class Pitfall:
    """A line as tutorials often print it, the error it raises here, and the line the lab runs instead."""

    key: str  # rnnviz/i18n/lab.py: lab.pitfall.<key> says when it happens and why
    printed: str
    error: str  # "TypeName: message", raised by running ``printed`` now
    ours: str


# (key, setup, printed line, our line): the setup makes the situation (an LSTM's state, the first minibatch, a
# minibatch's targets); both lines run on it. Constant strings of this module, never the user's text.
_PITFALLS = (
    ("tuple_state", "state = (torch.zeros(1, 2, 3), torch.zeros(1, 2, 3))  # nn.LSTM's (h, c)",
     "state = state.detach()", _DETACH[0].strip()),
    ("first_batch", "state = None  # the first minibatch: no state yet",
     "state = state.detach()", "if state is not None: state = state.detach()"),
    ("view", "Y = torch.zeros(4, 5, dtype=torch.long)  # [batch_size, num_steps]",
     "y = Y.T.view(-1)", "y = Y.T.reshape(-1)"),
)  # fmt: skip


@lru_cache(maxsize=1)
def pitfalls() -> tuple[Pitfall, ...]:
    """Each printed line run on its situation (the error it raises), and ours run on the same (it must not)."""
    found = []
    for key, setup, printed, ours in _PITFALLS:
        found.append(Pitfall(key, printed, _error_of(setup, printed), ours))
        if (err := _error_of(setup, ours)) != "":
            raise AssertionError(f"the lab's own line {ours!r} fails: {err}")
    return tuple(found)


def _error_of(setup: str, line: str) -> str:
    """'' if ``setup`` then ``line`` run, else the exception it raises as 'TypeName: message'."""
    namespace = {"torch": torch, "nn": nn}
    exec(setup, namespace)  # noqa: S102 -- constant strings of this module (see _PITFALLS)
    try:
        exec(line, namespace)  # noqa: S102
    except Exception as err:  # the point: show what this PyTorch raises
        return f"{type(err).__name__}: {err}"
    return ""
