"""Fixture models and files for the rnnviz.sources tests: random recurrent modules, the tutorial's RNNModel."""

from __future__ import annotations

import io
import warnings

import torch
from safetensors.torch import save as save_safetensors
from torch import Tensor, nn

KINDS = {"RNN": nn.RNN, "GRU": nn.GRU, "LSTM": nn.LSTM}


def make_module(kind: str, seed: int = 0, dtype: torch.dtype = torch.float32, **options) -> nn.RNNBase:
    """A seeded module of ``kind`` with ``options`` (torch's own arguments), in eval mode."""
    torch.manual_seed(seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dropout with one layer
        return KINDS[kind](**options).to(dtype).eval()


def torch_bytes(obj: object) -> bytes:
    """What torch.save writes for ``obj``, in memory."""
    buf = io.BytesIO()
    torch.save(obj, buf)
    return buf.getvalue()


def safetensors_bytes(state: dict[str, Tensor]) -> bytes:
    """A .safetensors file of ``state`` (tensors made contiguous, shared storage split, as save_file needs)."""
    return save_safetensors({k: v.detach().contiguous().clone() for k, v in state.items()})


class RNNModel(nn.Module):
    """The PyTorch word_language_model tutorial's model: encoder (nn.Embedding) -> rnn -> decoder (nn.Linear)."""

    def __init__(self, kind: str, ntoken: int, ninp: int, nhid: int, nlayers: int, tie_weights: bool = False):
        super().__init__()
        self.encoder = nn.Embedding(ntoken, ninp)
        relu = {"nonlinearity": "relu"} if kind == "RNN_RELU" else {}  # the tutorial's rnn_type names
        self.rnn = KINDS[kind.replace("_RELU", "").replace("_TANH", "")](ninp, nhid, nlayers, **relu)
        self.decoder = nn.Linear(nhid, ntoken)
        if tie_weights:
            self.decoder.weight = self.encoder.weight

    def forward(self, tokens: Tensor, hidden=None):  # tokens [L, N] -> logits [L, N, ntoken]
        output, hidden = self.rnn(self.encoder(tokens), hidden)
        return self.decoder(output), hidden
