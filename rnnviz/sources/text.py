"""Text for a char model: bytes decoded as UTF-8 (or refused), then encoded with the model's vocab."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch
from torch import Tensor

from rnnviz.limits import Limits
from rnnviz.sources.errors import SourceError, cap_error, clip, listing

_ALLOWED_CONTROL = {"\n", "\r", "\t", "\f", "\v"}
MAX_SHOWN = 5  # positions listed per unknown character


def decode_text(src: str | bytes) -> str:
    """The text of ``src``: UTF-8 (a leading BOM dropped); empty, binary or non-UTF-8 input is refused."""
    if isinstance(src, (bytes, bytearray, memoryview)):
        data = bytes(src)
        if b"\x00" in data:
            raise SourceError("source.err.binary", where=data.index(b"\x00"))
        try:
            src = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise SourceError("source.err.not_utf8", where=err.start, byte=f"0x{data[err.start]:02x}") from None
    if not isinstance(src, str):
        raise SourceError("source.err.bad_source", kind=type(src).__name__)
    if not src.strip():
        raise SourceError("source.err.empty_text")
    control = [i for i, ch in enumerate(src) if ord(ch) < 32 and ch not in _ALLOWED_CONTROL]
    if "\x00" in src or len(control) > max(2, len(src) // 100):
        raise SourceError("source.err.binary", where=(control or [src.index("\x00")])[0])
    return src


@dataclass(frozen=True)
class Unknown:
    """A character the vocab does not have, and where it is (1-based line and column)."""

    char: str
    count: int
    where: tuple[tuple[int, int], ...]  # the first few (line, column)


@dataclass(frozen=True)
class Encoded:
    """A text as token indices of a vocab; characters not in it are listed (and dropped only on request)."""

    indices: Tensor  # [L] int64: one index per kept character
    text: str  # the characters kept, in order
    unknown: tuple[Unknown, ...]


def encode_text(
    src: str | bytes, vocab: Sequence[str], *, unknown: str = "error", limits: Limits | None = None
) -> Encoded:
    """Encode ``src`` character by character with ``vocab`` (index -> character).

    unknown: "error" (default) refuses a text with characters the vocab lacks, naming each and where;
    "drop" leaves them out and lists them in ``Encoded.unknown``.
    """
    limits = Limits.from_env() if limits is None else limits
    if unknown not in ("error", "drop"):
        raise SourceError("source.err.option", name="unknown", value=clip(unknown), allowed="'error' or 'drop'")
    if any(len(token) != 1 for token in vocab):
        raise SourceError("source.err.vocab_not_chars", token=clip(next(t for t in vocab if len(t) != 1)))
    text = decode_text(src)
    stoi = {ch: i for i, ch in enumerate(vocab)}
    kept, missing = [], {}
    line, col = 1, 0
    for ch in text:
        col += 1
        if ch in stoi:
            kept.append(ch)
        else:
            missing.setdefault(ch, []).append((line, col))
        if ch == "\n":
            line, col = line + 1, 0
    found = tuple(Unknown(ch, len(w), tuple(w[:MAX_SHOWN])) for ch, w in missing.items())
    if found and unknown == "error":
        raise SourceError("source.err.unknown_chars", n=sum(u.count for u in found), chars=describe_unknown(found))
    if not kept:
        raise SourceError("source.err.empty_text")
    if len(kept) > limits.seq_len:
        raise cap_error("seq_len", len(kept), limits.seq_len)
    indices = torch.tensor([stoi[ch] for ch in kept], dtype=torch.long)  # [L]
    return Encoded(indices, "".join(kept), found)


def describe_unknown(found: Sequence[Unknown]) -> str:
    """``'é' ×2 at 1:4, 3:1; '\\t' at 2:7`` -- each unknown character (as Python writes it) and where."""
    parts = []
    for u in found:
        where = ", ".join(f"{ln}:{c}" for ln, c in u.where) + (" …" if u.count > len(u.where) else "")
        parts.append(f"{u.char!r}{f' ×{u.count}' if u.count > 1 else ''} @ {where}")
    return listing(parts, 6)
