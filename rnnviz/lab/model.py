"""RNNModel, the tutorial's char-level language model: nn.Embedding -> nn.RNN | nn.GRU | nn.LSTM -> nn.Linear."""

from __future__ import annotations

import math

import torch
from torch import nn

CELL_MODULES = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}
State = torch.Tensor | tuple[torch.Tensor, torch.Tensor]  # h, or (h, c) for the LSTM: each [num_layers, batch, H]


class RNNModel(nn.Module):
    """``embedding`` [vocab, H] -> ``rnn`` (H -> H, num_layers) -> ``dense`` [H -> vocab], as the tutorial writes it.

    ``forward(inputs, state)`` takes character indices ``[batch_size, num_steps]`` (what the minibatch
    iterators yield) and, like the tutorial, feeds the cell time-major: ``inputs.T`` is ``[num_steps,
    batch_size]``, embedded ``[num_steps, batch_size, H]``. It returns the logits ``[num_steps * batch_size,
    vocab]`` (row ``t * batch_size + b``) and the new state."""

    def __init__(self, cell: str, vocab_size: int, hidden_size: int, num_layers: int = 1, dropout: float = 0.0):
        super().__init__()
        self.cell, self.vocab_size, self.hidden_size, self.num_layers = cell, vocab_size, hidden_size, num_layers
        self.embedding = nn.Embedding(vocab_size, hidden_size)
        between = dropout if num_layers > 1 else 0.0  # nn.RNN's dropout acts between stacked layers only
        self.rnn = CELL_MODULES[cell](hidden_size, hidden_size, num_layers, dropout=between)
        self.p_out = dropout  # dropout on the last layer's output, before the decoder
        self.dense = nn.Linear(hidden_size, vocab_size)
        self.generator: torch.Generator | None = None  # draws the output dropout masks (a run's own stream)

    def forward(self, inputs: torch.Tensor, state: State | None = None) -> tuple[torch.Tensor, State]:
        X = self.embedding(inputs.T)  # [num_steps, batch_size, H]
        Y, state = self.rnn(X, state)  # Y: [num_steps, batch_size, H]
        if self.training and self.p_out > 0:
            keep = torch.rand(Y.shape, generator=self.generator) >= self.p_out
            Y = Y * keep / (1 - self.p_out)
        return self.dense(Y.reshape(-1, Y.shape[-1])), state  # [num_steps * batch_size, vocab]


def init_params(model: RNNModel, generator: torch.Generator) -> None:
    """PyTorch's default initialisation of each layer, drawn from ``generator`` instead of the global one,
    so runs in parallel threads stay reproducible: Embedding N(0, 1); the cell and the decoder U(-k, k),
    k = 1/sqrt(fan_in) (the cell's fan-in is hidden_size)."""
    with torch.no_grad():
        model.embedding.weight.normal_(0.0, 1.0, generator=generator)
        k = 1.0 / math.sqrt(model.hidden_size)
        for p in model.rnn.parameters():
            p.uniform_(-k, k, generator=generator)
        bound = 1.0 / math.sqrt(model.dense.in_features)
        model.dense.weight.uniform_(-bound, bound, generator=generator)
        model.dense.bias.uniform_(-bound, bound, generator=generator)


def detach(state: State | None) -> State | None:
    """``hidden.detach()``: the same numbers, cut from the graph of the previous minibatch."""
    if state is None:
        return None
    return tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()
