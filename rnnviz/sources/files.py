"""Model and data files read safely, in memory: torch.load(weights_only=True) or safetensors, nothing else."""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import re
import struct
import warnings
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import Tensor

from rnnviz.limits import Limits
from rnnviz.sources.errors import SourceError, clip, listing

MB = 1024 * 1024
_GLOBAL = re.compile(r"GLOBAL ([\w.]+)")  # torch names the refused class in its message


@dataclass(frozen=True)
class Blob:
    """The bytes of one source and the name to show for it (never used as a path to write to)."""

    data: bytes
    name: str  # the file's base name, or "<bytes>" when there is none


def fingerprint(data: bytes) -> str:
    """A digest of a source's bytes: what caches of uploaded models are keyed by (never the file name)."""
    return hashlib.sha256(data).hexdigest()


def read_source(src: object, limits: Limits) -> Blob:
    """The bytes of a path, bytes-like object or file-like object (e.g. an upload), size-checked first."""
    if isinstance(src, (str, os.PathLike)):
        path = Path(src)
        if not path.is_file():
            raise SourceError("source.err.no_file", path=clip(str(path), 80))
        _check_size(path.stat().st_size, path.name, limits)
        return Blob(path.read_bytes(), path.name)
    if isinstance(src, (bytes, bytearray, memoryview)):
        _check_size(len(src), "<bytes>", limits)
        return Blob(bytes(src), "<bytes>")
    if hasattr(src, "read"):
        name = Path(str(getattr(src, "name", "") or "upload")).name
        size = getattr(src, "size", None)
        if isinstance(size, int):
            _check_size(size, name, limits)
        data = src.read(limits.upload_mb * MB + 1)
        if not isinstance(data, (bytes, bytearray)):
            raise SourceError("source.err.not_bytes", kind=type(data).__name__)
        _check_size(len(data), name, limits)
        return Blob(bytes(data), name)
    raise SourceError("source.err.bad_source", kind=type(src).__name__)


def _check_size(size: int, name: str, limits: Limits) -> None:
    if size > limits.upload_mb * MB:
        raise SourceError("source.err.too_big", name=clip(name, 60), mb=f"{size / MB:.1f}", cap=limits.upload_mb)


def file_format(data: bytes) -> str:
    """'safetensors', 'torch' (a torch.save zip or legacy pickle), 'zip' (another zip), 'damaged' or 'unknown'."""
    if _safetensors_header(data) is not None:
        return "safetensors"
    if data[:4] == b"PK\x03\x04":
        return _zip_kind(data)
    if data[:1] == b"\x80":  # a pickle (torch's legacy format starts with one)
        return "torch"
    return "unknown"


def load_blob(blob: Blob, limits: Limits) -> tuple[object, str]:
    """What the file holds (tensors in plain containers) and its format; nothing in it is ever run."""
    kind = file_format(blob.data)
    if kind == "safetensors":
        return _load_safetensors(blob), kind
    if kind == "torch":
        if blob.data[:4] == b"PK\x03\x04":
            _check_zip(blob, limits)
        return _load_torch(blob), kind
    if kind == "zip":
        raise SourceError("source.err.zip_not_torch", name=clip(blob.name, 60))
    if kind == "damaged":
        raise SourceError("source.err.damaged", name=clip(blob.name, 60), why="zip")
    if not blob.data:
        raise SourceError("source.err.empty_file", name=clip(blob.name, 60))
    raise SourceError("source.err.unknown_format", name=clip(blob.name, 60))


def _safetensors_header(data: bytes) -> dict | None:
    """The JSON header of a safetensors file (8-byte little-endian size, then JSON), or None."""
    if len(data) < 10:
        return None
    (n,) = struct.unpack("<Q", data[:8])
    if n > len(data) - 8 or data[8:9] != b"{":
        return None
    try:
        header = json.loads(data[8 : 8 + n])
    except (ValueError, UnicodeDecodeError):
        return None
    return header if isinstance(header, dict) else None


def _load_safetensors(blob: Blob) -> dict[str, Tensor]:
    from safetensors import SafetensorError
    from safetensors.torch import load

    try:
        return load(blob.data)
    except (SafetensorError, ValueError, RuntimeError, TypeError) as err:
        raise SourceError("source.err.bad_safetensors", name=clip(blob.name, 60), why=clip(err, 160)) from None


def _zip_kind(data: bytes) -> str:
    """'torch' for a torch.save archive (it has a data.pkl), 'zip' for another zip, 'damaged' for a broken one."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = z.namelist()
    except Exception:  # noqa: BLE001 -- zipfile raises BadZipFile, NotImplementedError, ValueError... for damage
        return "damaged"
    return "torch" if any(n == "data.pkl" or n.endswith("/data.pkl") for n in names) else "zip"


def _check_zip(blob: Blob, limits: Limits) -> None:
    """Refuse a zip whose members would expand beyond the upload cap (checked from the directory)."""
    with zipfile.ZipFile(io.BytesIO(blob.data)) as z:
        total = sum(info.file_size for info in z.infolist())
    _check_size(total, blob.name, limits)


def _load_torch(blob: Blob) -> object:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # torch warns about pickle protocols; the outcome is what counts
            return torch.load(io.BytesIO(blob.data), map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as err:
        found = _GLOBAL.search(str(err))
        if found:
            raise SourceError("source.err.refused_global", name=clip(blob.name, 60), what=found.group(1)) from None
        raise SourceError("source.err.refused", name=clip(blob.name, 60)) from None
    except Exception as err:  # noqa: BLE001 -- torch raises many types for a damaged file
        raise SourceError("source.err.damaged", name=clip(blob.name, 60), why=clip(type(err).__name__, 40)) from None


# --- finding the state_dict inside what was loaded ------------------------------------------------
STATE_KEYS = ("state_dict", "model_state_dict", "model", "net", "module", "weights", "params")


def is_tensor_dict(obj: object) -> bool:
    """A mapping with string keys of which at least one value is a tensor."""
    return (
        isinstance(obj, Mapping)
        and bool(obj)
        and all(isinstance(k, str) for k in obj)
        and any(isinstance(v, Tensor) for v in obj.values())
    )


def find_state_dict(
    obj: object, name: str, usable: Callable[[Mapping], bool] = bool
) -> tuple[Mapping[str, object], tuple[str, ...], Mapping | None]:
    """(the state_dict, the keys that led to it, the outer dict it sat in or None).

    Tries the object itself, then its values under STATE_KEYS, then any other value that is a dict of
    tensors; the first for which ``usable`` holds wins, else the first dict of tensors (for the error).
    """
    if not isinstance(obj, Mapping):
        raise SourceError("source.err.not_a_dict", name=clip(name, 60), kind=type(obj).__name__)
    options = [(obj, (), None)] if is_tensor_dict(obj) else []
    keys = [k for k in STATE_KEYS if k in obj] + [k for k in obj if k not in STATE_KEYS]
    options += [(obj[k], (str(k),), obj) for k in keys if is_tensor_dict(obj[k])]
    if not options:
        raise SourceError(
            "source.err.no_state_dict", name=clip(name, 60), keys=listing([repr(str(k)) for k in obj]) or "—"
        )
    return next((o for o in options if usable(o[0])), options[0])
