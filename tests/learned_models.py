"""Tiny char models for the 'What did it learn' tests: trained for a few steps, and one built by hand whose
unit 0 is the "inside quotes" flag."""

from __future__ import annotations

import functools

import torch

from rnnviz.lab.config import LabConfig
from rnnviz.lab.corpus import load_corpus
from rnnviz.lab.data import Vocab
from rnnviz.lab.model import RNNModel
from rnnviz.lab.train import Training

QUOTE_TEXT = 'he said "no way" and left. she said "yes" then "maybe so" and sat.\nthen "a b c" ok "x".\n' * 3


@functools.lru_cache(maxsize=8)
def trained(cell: str = "gru", num_layers: int = 2, steps: int = 8, hidden_size: int = 8) -> Training:
    """A tiny model of the syllable table after ``steps`` Adam steps (deterministic)."""
    config = LabConfig(cell=cell, hidden_size=hidden_size, num_layers=num_layers, batch_size=4, num_steps=5,
                       steps=steps, seed=3)  # fmt: skip
    t = Training(config, load_corpus("syllables", 20_000))
    for _ in range(steps):
        t.step()
    t.model.eval()
    return t


def quote_model(hidden_size: int = 4, seed: int = 0) -> tuple[RNNModel, Vocab]:
    """An LSTM char model whose unit 0 flips between off (c ~ -1) and on (c ~ +1) at every '"' and holds its
    value otherwise: h_0 is the "inside quotes" flag. The other units have small random weights."""
    vocab = Vocab.from_text(QUOTE_TEXT)
    H = hidden_size
    g = torch.Generator().manual_seed(seed)
    model = RNNModel("lstm", len(vocab), H)
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(0.5 * torch.randn(p.shape, generator=g))
        emb = model.embedding.weight  # [vocab, H]: input feature 0 is "this character is a quote"
        emb[:, 0] = 0.0
        emb[vocab.char_to_idx['"'], 0] = 1.0
        rnn = model.rnn
        w_ih, w_hh, b_ih, b_hh = rnn.weight_ih_l0, rnn.weight_hh_l0, rnn.bias_ih_l0, rnn.bias_hh_l0
        i, f, gg, o = 0, H, 2 * H, 3 * H  # the rows of unit 0 in PyTorch's [i | f | g | o] blocks
        for row in (i, f, gg, o):
            w_ih[row].zero_(), w_hh[row].zero_(), b_ih[row].zero_(), b_hh[row].zero_()
        w_ih[0:, 0].zero_()  # no other unit reads the quote feature either ...
        w_ih[i, 0], b_ih[i] = 40.0, -20.0  # input gate: open only at a quote
        w_ih[f, 0], b_ih[f] = -40.0, 20.0  # forget gate: closed only at a quote
        w_hh[gg, 0], b_ih[gg] = -6.0, 2.0  # candidate: the opposite of the state so far (0 counts as off)
        b_ih[o] = 20.0  # output gate always open
    return model.eval(), vocab
