"""Your own numbers: pasted text or a CSV -> x [L, N, F] (time-major, zero-padded) and lengths; fitted to a module."""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import torch
from torch import Tensor, nn

from rnnviz.limits import Limits
from rnnviz.sources.errors import Message, SourceError, cap_error, clip, shape
from rnnviz.sources.files import MB
from rnnviz.sources.infer import kind_of
from rnnviz.sources.text import decode_text

_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|nan|inf|infinity)", re.IGNORECASE)
_SPLIT = re.compile(r"\s*,\s*|\s+")
SEQUENCE_COLUMNS = ("sequence", "sequence_id", "seq", "seq_id", "batch", "id")  # an id column's names, any case


@dataclass(frozen=True)
class Numbers:
    """Sequences of feature vectors: ``x`` [L, N, F] time-major, padded with zeros after each sequence's end."""

    x: Tensor  # [L, N, F]
    lengths: tuple[int, ...] | None  # each sequence's length when they differ, else None
    notes: tuple[Message, ...] = ()
    sequence_ids: tuple[str, ...] | None = None  # a CSV's sequence-id values, in batch order

    @property
    def shape(self) -> tuple[int, int, int]:
        return tuple(self.x.shape)


def parse_numbers(src: str | bytes, *, limits: Limits | None = None) -> Numbers:
    """Pasted numbers: one time step per line, features separated by commas or spaces, sequences separated by
    a blank line; lines starting with ``#`` are skipped. Raises SourceError naming the line and column."""
    limits = Limits.from_env() if limits is None else limits
    text = _text(src, limits)
    blocks: list[list[tuple[int, list[str]]]] = [[]]
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if line.startswith("#"):
            continue
        if not line:
            if blocks[-1]:
                blocks.append([])
            continue
        fields = _SPLIT.split(line.rstrip(",").strip())
        blocks[-1].append((number, fields))
    blocks = [b for b in blocks if b]
    if not blocks:
        raise SourceError("source.err.no_numbers")
    width = len(blocks[0][0][1])
    _check_sizes([len(b) for b in blocks], width, limits)
    first = blocks[0][0][0]
    seqs = [[_row(n, fields, width, first) for n, fields in b] for b in blocks]
    return _numbers(seqs, ids=None)


def parse_csv(src: str | bytes, *, sequence_column: str | int | None = "auto", limits: Limits | None = None) -> Numbers:
    """A CSV: a row per time step, a column per feature, an optional header and an optional sequence-id column.

    ``sequence_column``: "auto" (a header named sequence, sequence_id, seq, seq_id, batch or id), a header
    name, a 0-based column index, or None. Rows with the same id form one sequence, in file order.
    """
    limits = Limits.from_env() if limits is None else limits
    text = _text(src, limits)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    records = _records(text.replace("\r\n", "\n").replace("\r", "\n"), dialect)
    if not records:
        raise SourceError("source.err.no_numbers")
    header = None
    if not all(_NUMBER.fullmatch(c.strip()) for c in records[0][1] if c.strip()):
        header, records = [c.strip() for c in records[0][1]], records[1:]
    if not records:
        raise SourceError("source.err.no_numbers")
    id_col = _id_column(sequence_column, header, len(records[0][1]))
    groups: dict[str, list[tuple[int, list[str]]]] = {}
    for n, row in records:
        key = row[id_col].strip() if id_col is not None and id_col < len(row) else ""
        cells = [c for i, c in enumerate(row) if i != id_col]
        groups.setdefault(key, []).append((n, cells))
    width = len(records[0][1]) - (id_col is not None)
    _check_sizes([len(g) for g in groups.values()], width, limits)
    first = records[0][0]
    names = [h for i, h in enumerate(header) if i != id_col] if header else None
    seqs = [[_row(n, cells, width, first, names) for n, cells in g] for g in groups.values()]
    return _numbers(seqs, ids=tuple(groups) if id_col is not None else None)


def _records(text: str, dialect) -> list[tuple[int, list[str]]]:
    """(line number, cells) of every non-blank CSV row; a malformed row (e.g. an open quote) names its line."""
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        return [(reader.line_num, row) for row in reader if any(map(str.strip, row))]
    except csv.Error as err:
        raise SourceError("source.err.csv", line=reader.line_num + 1, why=clip(err, 80)) from None


def _text(src: str | bytes, limits: Limits) -> str:
    size = len(src.encode("utf-8") if isinstance(src, str) else src)
    if size > limits.upload_mb * MB:
        raise SourceError("source.err.too_big", name="'text'", mb=f"{size / MB:.1f}", cap=limits.upload_mb)
    if not (src.strip() if isinstance(src, str) else bytes(src).strip()):
        raise SourceError("source.err.no_numbers")
    return decode_text(src)


def _id_column(choice: str | int | None, header: list[str] | None, width: int) -> int | None:
    if choice is None:
        return None
    if isinstance(choice, int) and not isinstance(choice, bool):
        if not 0 <= choice < width:
            raise SourceError("source.err.id_column", column=clip(choice), found=width)
        return choice
    lowered = [h.lower() for h in header] if header else []
    if choice == "auto":
        return next((i for i, h in enumerate(lowered) if h in SEQUENCE_COLUMNS), None)
    if str(choice).lower() not in lowered:
        raise SourceError("source.err.id_column", column=clip(choice), found=", ".join(header or []) or "—")
    return lowered.index(str(choice).lower())


def _check_sizes(seq_lens: Sequence[int], width: int, limits: Limits) -> None:
    """Sizes against the caps, counted from the lines before any number is converted."""
    for field, value in (("batch_size", len(seq_lens)), ("seq_len", max(seq_lens)), ("input_size", width)):
        if value > getattr(limits, field):
            raise cap_error(field, value, getattr(limits, field))


def _row(line: int, fields: list[str], width: int, first: int, names: list[str] | None = None) -> list[float]:
    if len(fields) != width:
        raise SourceError("source.err.ragged", line=line, n=len(fields), first=first, width=width)
    values = []
    for column, raw in enumerate(fields, start=1):
        raw = raw.strip()
        where = f"{column} ({names[column - 1]})" if names and column <= len(names) and names[column - 1] else column
        if not raw:
            raise SourceError("source.err.empty_value", line=line, column=where)
        if not _NUMBER.fullmatch(raw):
            raise SourceError("source.err.not_number", line=line, column=where, value=clip(raw))
        values.append(float(raw))
    return values


def _numbers(seqs: list[list[list[float]]], ids: tuple[str, ...] | None) -> Numbers:
    lens = [len(s) for s in seqs]
    L, N, F = max(lens), len(seqs), len(seqs[0][0])
    x = torch.zeros(L, N, F)  # [L, N, F]
    for n, seq in enumerate(seqs):
        x[: len(seq), n] = torch.tensor(seq, dtype=torch.float32)
    notes = []
    bad = sum(1 for s in seqs for row in s for v in row if not math.isfinite(v))
    if bad:
        notes.append(Message("source.note.input_nonfinite", {"n": bad}))
    lengths = tuple(lens) if len(set(lens)) > 1 else None
    if lengths:
        notes.append(Message("source.note.lengths", {"lengths": ", ".join(map(str, lens)), "L": L}))
    return Numbers(x, lengths, tuple(notes), ids)


# --- fitting the numbers to a module ----------------------------------------------------------------
@dataclass(frozen=True)
class ModelInput:
    """What a module takes: ``x`` in its layout ([N, L, F] when batch_first), lengths, h0 and c0 (or None)."""

    x: Tensor
    lengths: tuple[int, ...] | None
    h0: Tensor | None  # [num_layers * D, N, out]
    c0: Tensor | None  # [num_layers * D, N, hidden_size], LSTM only


def expected_input_shape(module: nn.RNNBase, seq_len: int, batch: int) -> tuple[int, int, int]:
    """The input shape ``module`` takes for this many steps and sequences."""
    return (batch, seq_len, module.input_size) if module.batch_first else (seq_len, batch, module.input_size)


def state_shapes(module: nn.RNNBase, batch: int) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """(h0's shape, c0's shape) for ``module`` and this batch."""
    D = 2 if module.bidirectional else 1
    out = module.proj_size or module.hidden_size
    return (module.num_layers * D, batch, out), (module.num_layers * D, batch, module.hidden_size)


def fit_input(
    numbers: Numbers,
    module: nn.RNNBase,
    *,
    h0: Tensor | Numbers | None = None,
    c0: Tensor | Numbers | None = None,
    limits: Limits | None = None,
) -> ModelInput:
    """The numbers (and h0/c0) as ``module`` takes them, or a SourceError that says exactly what to change.

    h0/c0 may be parsed numbers too: one line per layer and direction, a block per sequence ([num_layers*D, N, H]).
    """
    limits = Limits.from_env() if limits is None else limits
    L, N, F = numbers.shape
    expected = expected_input_shape(module, L, N)
    if F != module.input_size:
        raise SourceError(
            "source.err.features_add" if F < module.input_size else "source.err.features_remove",
            shape=shape(numbers.x),
            n=F,
            input_size=module.input_size,
            expected=shape(expected),
            diff=abs(module.input_size - F),
        )
    D = 2 if module.bidirectional else 1
    cells = L * N * module.num_layers * D * module.hidden_size
    if cells > limits.cells:
        raise cap_error("cells", cells, limits.cells)
    h_shape, c_shape = state_shapes(module, N)
    h0 = _state("h0", h0, h_shape)
    c0 = _state("c0", c0, c_shape)
    kind = kind_of(module)
    has_c = kind is not None and kind.cell_state
    if c0 is not None and not has_c:
        raise SourceError("source.err.c0_not_lstm", kind=type(module).__name__)
    if has_c and (h0 is None) != (c0 is None):
        raise SourceError("source.err.h0_c0_pair", given="h0" if h0 is not None else "c0")
    x = numbers.x.transpose(0, 1).contiguous() if module.batch_first else numbers.x  # [N, L, F] or [L, N, F]
    dtype = next(module.parameters()).dtype
    return ModelInput(
        x.to(dtype), numbers.lengths, None if h0 is None else h0.to(dtype), None if c0 is None else c0.to(dtype)
    )


def _state(name: str, value: Tensor | Numbers | None, expected: tuple[int, int, int]) -> Tensor | None:
    if value is None:
        return None
    t = value.x if isinstance(value, Numbers) else value
    if not isinstance(t, Tensor) or not t.is_floating_point():
        raise SourceError("source.err.state_type", name=name, kind=type(t).__name__)
    if tuple(t.shape) != expected:
        raise SourceError("source.err.state_shape", name=name, shape=shape(t), expected=shape(expected))
    return t
