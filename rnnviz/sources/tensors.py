"""Tensors from a file (h0, c0, an input) with the same safe loader as models: plain tensors only."""

from __future__ import annotations

from collections.abc import Mapping

from torch import Tensor

from rnnviz.limits import Limits
from rnnviz.sources.errors import Message, SourceError, cap_error, listing, shape
from rnnviz.sources.files import load_blob, read_source
from rnnviz.sources.numbers import Numbers

INPUT_KEYS = ("x", "input")  # names an input file may give the input
STATE_KEYS = ("h0", "c0", "lengths")


def load_tensors(src: object, *, limits: Limits | None = None) -> dict[str, Tensor]:
    """The named tensors of a ``.pt``/``.pth`` (a dict of tensors) or ``.safetensors`` file, read in memory."""
    limits = Limits.from_env() if limits is None else limits
    blob = read_source(src, limits)
    obj, _ = load_blob(blob, limits)
    if isinstance(obj, Tensor):
        return {"x": obj}
    if not isinstance(obj, Mapping) or not all(isinstance(v, Tensor) for v in obj.values()):
        raise SourceError("source.err.not_tensors", kind=type(obj).__name__)
    return {str(k): v for k, v in obj.items()}


def input_file(src: object, *, limits: Limits | None = None) -> tuple[Numbers, Tensor | None, Tensor | None]:
    """(the input, h0, c0) of a file holding ``x`` (or ``input``) [L, N, F] time-major or [L, F], and optionally
    ``lengths`` [N], ``h0`` and ``c0`` [num_layers*D, N, H]. Shapes are checked against the caps before copying."""
    limits = Limits.from_env() if limits is None else limits
    tensors = load_tensors(src, limits=limits)
    name = next((k for k in INPUT_KEYS if k in tensors), None)
    if name is None:
        raise SourceError("source.err.no_input", found=listing(list(tensors)) or "—")
    x = tensors[name]
    if x.dim() == 2:
        x = x.unsqueeze(1)  # [L, F] -> [L, 1, F]
    if x.dim() != 3 or not x.is_floating_point() or min(x.shape) < 1:
        raise SourceError("source.err.input_shape", key=name, shape=shape(x), dtype=str(x.dtype).replace("torch.", ""))
    L, N, F = x.shape
    for field, value in (("seq_len", L), ("batch_size", N), ("input_size", F)):
        if value > getattr(limits, field):
            raise cap_error(field, value, getattr(limits, field))
    lengths = _lengths(tensors.get("lengths"), L, N)
    notes = (Message("source.note.lengths", {"lengths": ", ".join(map(str, lengths)), "L": L}),) if lengths else ()
    x = x.float().contiguous().clone()
    if lengths:  # torch ignores values after each sequence's end; keep the same zeros as pasted input
        for n, length in enumerate(lengths):
            x[length:, n] = 0
    return Numbers(x, lengths, notes), _state("h0", tensors.get("h0"), limits), _state("c0", tensors.get("c0"), limits)


def _lengths(t: Tensor | None, L: int, N: int) -> tuple[int, ...] | None:
    if t is None:
        return None
    if t.dim() != 1 or t.numel() != N or t.is_floating_point() or t.is_complex():
        raise SourceError("source.err.lengths", shape=shape(t), n=N, L=L)
    lengths = tuple(int(v) for v in t.tolist())
    if not all(1 <= v <= L for v in lengths):
        raise SourceError("source.err.lengths", shape=shape(t), n=N, L=L)
    return lengths if len(set(lengths)) > 1 or lengths[0] != L else None


def _state(name: str, t: Tensor | None, limits: Limits) -> Tensor | None:
    """h0 or c0 as a float32 copy; its shape is checked against the module by fit_input."""
    if t is None:
        return None
    if not t.is_floating_point():
        raise SourceError("source.err.state_type", name=name, kind=str(t.dtype).replace("torch.", ""))
    if t.numel() > limits.cells:
        raise cap_error("cells", t.numel(), limits.cells)
    return t.detach().float().contiguous().clone()
