"""One .pt file per trained model, ``{"state_dict", "config", "vocab"}`` of plain types, read with weights_only=True."""

from __future__ import annotations

import io
from dataclasses import fields
from pathlib import Path

import torch

from rnnviz.lab.config import LabConfig
from rnnviz.lab.data import Vocab
from rnnviz.lab.model import RNNModel

KEYS = ("state_dict", "config", "vocab")


class CheckpointError(ValueError):
    """A file that is not an rnnviz lab checkpoint: ``code`` names the catalogue message (lab.ckpt_error.<code>)."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code, self.detail = code, detail


def to_bytes(model: RNNModel, config: LabConfig, vocab: Vocab) -> bytes:
    """The checkpoint as bytes: tensors, str, int, float, list and dict only (no classes, no code)."""
    payload = {
        "state_dict": {k: v.detach().clone() for k, v in model.state_dict().items()},
        "config": config.to_dict(),
        "vocab": list(vocab.idx_to_char),
    }
    buffer = io.BytesIO()
    torch.save(payload, buffer)
    return buffer.getvalue()


def save_checkpoint(path: str | Path, model: RNNModel, config: LabConfig, vocab: Vocab) -> Path:
    path = Path(path)
    path.write_bytes(to_bytes(model, config, vocab))
    return path


def load_checkpoint(source: str | Path | bytes) -> tuple[RNNModel, LabConfig, Vocab]:
    """The model (eval mode), its LabConfig and Vocab from a path or the file's bytes.

    Reads with ``torch.load(..., weights_only=True)``, so a file can never run code; raises CheckpointError
    for anything that is not a checkpoint of this format."""
    try:
        handle = io.BytesIO(source) if isinstance(source, bytes) else Path(source).open("rb")
    except OSError as err:
        raise CheckpointError("unreadable", str(err)) from None
    try:
        with handle:
            payload = torch.load(handle, map_location="cpu", weights_only=True)
    except Exception as err:  # not a torch file, a pickle with code in it, truncated ...
        raise CheckpointError("not_checkpoint", type(err).__name__) from None
    if not isinstance(payload, dict) or any(k not in payload for k in KEYS):
        raise CheckpointError("keys", ", ".join(KEYS))
    config, vocab = _config(payload["config"]), _vocab(payload["vocab"])
    model = RNNModel(config.cell, len(vocab), config.hidden_size, config.num_layers, config.dropout)
    state = payload["state_dict"]
    if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise CheckpointError("weights", "state_dict")
    try:
        model.load_state_dict(state, strict=True)
    except RuntimeError as err:
        raise CheckpointError("weights", str(err).splitlines()[0]) from None
    return model.eval(), config, vocab


def _config(raw: object) -> LabConfig:
    if not isinstance(raw, dict):
        raise CheckpointError("config", "config")
    known = {f.name: f for f in fields(LabConfig)}
    values = {}
    for name, value in raw.items():
        if name not in known:
            continue
        want = type(getattr(LabConfig(), name))
        if want is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if type(value) is not want:
            raise CheckpointError("config", name)
        values[name] = value
    config = LabConfig(**values)
    if config.cell not in ("rnn", "gru", "lstm") or config.hidden_size < 1 or config.num_layers < 1:
        raise CheckpointError("config", "cell / hidden_size / num_layers")
    return config


def _vocab(raw: object) -> Vocab:
    if not isinstance(raw, list) or not raw or not all(isinstance(c, str) and len(c) == 1 for c in raw):
        raise CheckpointError("vocab", "vocab")
    if len(set(raw)) != len(raw):
        raise CheckpointError("vocab", "duplicates")
    return Vocab(tuple(raw))
