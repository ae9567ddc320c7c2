"""LabConfig: one frozen description of a language-model run; the app's URL, the page and the CLI read and write it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace

from rnnviz.lab.corpus import CORPORA
from rnnviz.lab.data import SAMPLINGS
from rnnviz.limits import Limits
from rnnviz.ranges import parse_number

CELLS = ("rnn", "gru", "lstm")
SEED_MAX = 2**31 - 1


@dataclass(frozen=True)
class LabConfig:
    """Everything that decides a run: with the same config (and text) the same machine trains the same model.

    (Exception: dropout between stacked layers is nn.RNN's own and draws from torch's global generator, seeded
    when the run starts; runs in parallel threads of one process then share it.)"""

    cell: str = "gru"  # rnn | gru | lstm: nn.RNN (tanh), nn.GRU or nn.LSTM
    corpus: str = "syllables"  # syllables | prose | python | own
    hidden_size: int = 64  # the embedding size too: nn.Embedding(vocab, hidden_size)
    num_layers: int = 1
    dropout: float = 0.0  # between stacked layers (nn.RNN's dropout) and on the last layer's output
    batch_size: int = 32
    num_steps: int = 35  # the window length: X is [batch_size, num_steps]
    sampling: str = "consecutive"  # consecutive (carry h, detach) | random (reset h every minibatch)
    lr: float = 0.01  # Adam's learning rate
    clip: float = 1.0  # clip_grad_norm_(max_norm=clip)
    steps: int = 300  # minibatches (optimizer steps)
    seed: int = 0
    text_id: str = ""  # for corpus "own": a hash of the text, so cached runs of different texts differ

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


# The tutorial's values (Adam lr=0.01, batch_size=32, num_steps=5, clip max_norm=1.0, consecutive sampling,
# the syllable table); sizes, cell and steps stay as they are.
TUTORIAL = dict(corpus="syllables", batch_size=32, num_steps=5, sampling="consecutive", lr=0.01, clip=1.0)
INT_FIELDS = ("hidden_size", "num_layers", "batch_size", "num_steps", "steps", "seed")
FLOAT_RANGES = {"dropout": (0.0, 0.9), "lr": (1e-5, 1.0), "clip": (0.01, 1000.0)}
CHOICES = {"cell": CELLS, "corpus": CORPORA, "sampling": SAMPLINGS}


def int_range(name: str, limits: Limits) -> tuple[int, int]:
    """The whole numbers ``name`` accepts (the caps of a shared demo from ``limits``)."""
    caps = {
        "hidden_size": limits.lab_hidden_size,
        "num_layers": limits.lab_num_layers,
        "batch_size": limits.lab_batch_size,
        "num_steps": limits.lab_num_steps,
        "steps": limits.lab_steps,
        "seed": SEED_MAX,
    }
    return (0 if name == "seed" else 1, caps[name])


def parse_value(name: str, raw: str, limits: Limits) -> object:
    """One field from text (a URL value, a CLI flag); raises ValueError when it is not allowed."""
    raw = str(raw).strip()
    if name in CHOICES:
        value = raw.lower()
        if value not in CHOICES[name]:
            raise ValueError(raw)
        return value
    if name in INT_FIELDS:
        return parse_number(raw, *int_range(name, limits), whole=True)
    if name in FLOAT_RANGES:
        return parse_number(raw, *FLOAT_RANGES[name], whole=False)
    raise ValueError(name)


def from_params(raw: Mapping[str, str], limits: Limits, base: LabConfig | None = None) -> tuple[LabConfig, list[str]]:
    """A LabConfig from text values; returns it and the names of the fields whose value was refused (kept)."""
    base = base or LabConfig()
    values, bad = {}, []
    for f in fields(LabConfig):
        if f.name in raw and f.name != "text_id":
            try:
                values[f.name] = parse_value(f.name, raw[f.name], limits)
            except (ValueError, TypeError, OverflowError):
                bad.append(f.name)
    return replace(base, **values), bad


def allowed(name: str, limits: Limits) -> tuple[object, object] | tuple[str, ...]:
    """What ``name`` accepts: a (low, high) range or the choices."""
    if name in CHOICES:
        return CHOICES[name]
    if name in FLOAT_RANGES:
        return FLOAT_RANGES[name]
    return int_range(name, limits)
