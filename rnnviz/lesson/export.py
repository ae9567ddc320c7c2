"""Figures and traces as files: PNG/SVG (kaleido), offline HTML, hidden states as CSV, the trace as .npz."""

from __future__ import annotations

import html
import io
import json
import re
import threading
import unicodedata
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import torch
from torch import Tensor

from rnnviz import style
from rnnviz.trace import Trace

SLIDE_SIZE = style.SLIDE_SIZE  # 16:9, the default size of every exported image
IMAGE_FORMATS = ("png", "svg")
CAPTION_FONT_SIZE = 16  # the caption burnt into exported images: legible on a projected 1280x720 slide
MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "html": "text/html",
    "csv": "text/csv",
    "npz": "application/octet-stream",
    "py": "text/x-python",
    "zip": "application/zip",
}
DIRECTIONS = ("forward", "reverse")  # the CSV's direction column: index 0 and 1 of h_n's l*D + d

# kaleido's sync server answers calls in order through one shared queue: one caller at a time.
_KALEIDO_LOCK = threading.Lock()


# --- images ----------------------------------------------------------------------------------------
def to_image(fig: go.Figure, fmt: str = "png", width: int = SLIDE_SIZE[0], height: int = SLIDE_SIZE[1]) -> bytes:
    """``fig`` as PNG or SVG bytes of exactly ``width`` x ``height`` pixels.

    A figure that fixes its own ``layout.width`` (a diagram drawn to its size) keeps its proportions:
    it is scaled to fit and centred on white. Any other figure fills the frame. Inside
    ``image_session()`` this reuses one running chromium; outside it starts one per call.
    """
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(IMAGE_FORMATS)}; got {fmt!r}")
    if fig.layout.width is None:
        return _render(fig, fmt, width, height, 1.0)
    w, h = int(fig.layout.width), int(fig.layout.height or height)
    scale = min(width / w, height / h)
    if fmt == "svg":
        return _letterbox_svg(_render(fig, fmt, w, h, 1.0), w, h, width, height, scale)
    return _letterbox_png(_render(fig, fmt, w, h, scale), width, height)


def _render(fig: go.Figure, fmt: str, width: int, height: int, scale: float) -> bytes:
    with _KALEIDO_LOCK, warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The kopts argument is ignored")
        return pio.to_image(fig, format=fmt, width=width, height=height, scale=scale)


def _letterbox_png(png: bytes, width: int, height: int) -> bytes:
    """``png`` centred on a white ``width`` x ``height`` canvas."""
    from PIL import Image  # pillow comes with streamlit

    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.thumbnail((width, height))  # only shrinks: absorbs a pixel of rounding
    canvas = Image.new("RGB", (width, height), "white")
    canvas.paste(image, ((width - image.width) // 2, (height - image.height) // 2))
    buf = io.BytesIO()
    canvas.save(buf, format="PNG")
    return buf.getvalue()


def _letterbox_svg(svg: bytes, w: int, h: int, width: int, height: int, scale: float) -> bytes:
    """The ``w`` x ``h`` drawing shown at ``width`` x ``height``: a wider viewBox centres it, on white."""
    vw, vh = width / scale, height / scale
    x0, y0 = -(vw - w) / 2, -(vh - h) / 2
    text = svg.decode("utf-8")
    root_end = text.index(">") + 1
    root = re.sub(r'\swidth="[^"]*"', f' width="{width}"', text[:root_end], count=1)
    root = re.sub(r'\sheight="[^"]*"', f' height="{height}"', root, count=1)
    root = re.sub(r'\sviewBox="[^"]*"', f' viewBox="{x0:g} {y0:g} {vw:g} {vh:g}"', root, count=1)
    background = f'<rect x="{x0:g}" y="{y0:g}" width="{vw:g}" height="{vh:g}" fill="white"/>'
    return (root + background + text[root_end:]).encode("utf-8")


@contextmanager
def image_session() -> Iterator[None]:
    """Keep one kaleido (chromium) running for every ``to_image`` inside the block.

    Starting chromium costs seconds; each figure after that a fraction of one. Leaves a server that
    was already running (e.g. started by ``keep_warm``) running.
    """
    import kaleido

    started = not _server_running()
    if started:
        kaleido.start_sync_server(silence_warnings=True)
    try:
        yield
    finally:
        if started:
            kaleido.stop_sync_server(silence_warnings=True)


def keep_warm() -> None:
    """Start kaleido's server for the rest of this process (a long-running app); it stops at exit."""
    import kaleido

    if not _server_running():
        kaleido.start_sync_server(silence_warnings=True)


def _server_running() -> bool:
    import kaleido

    server = getattr(kaleido, "_global_server", None)
    return bool(server is not None and server.is_running())


def with_caption(
    fig: go.Figure, caption: str, font_size: int = CAPTION_FONT_SIZE, width: int = SLIDE_SIZE[0]
) -> go.Figure:
    """A copy of ``fig`` with ``caption`` written along its bottom edge (wrapped at " · " to fit the
    figure's width, or ``width`` for a figure without one); the bottom margin, and a fixed height, grow
    to hold it, so an exported image explains itself. ``fig`` is not changed."""
    out = go.Figure(fig)
    margin = out.layout.margin
    bottom = margin.b if margin.b is not None else 80  # plotly's default margins
    left = margin.l if margin.l is not None else 80
    lines = wrap_caption(caption, (out.layout.width or width) - 24, font_size)
    room = int(font_size * (1.3 * len(lines) + 1.3))
    out.update_layout(margin_b=bottom + room)
    if out.layout.height is not None:  # a figure drawn to its size: add the room, keep the plot area
        out.update_layout(height=out.layout.height + room)
    out.add_annotation(
        text="<br>".join(html.escape(line) for line in lines),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="bottom",
        xshift=12 - left,  # from the figure's left edge, not the plot area's
        yshift=-(bottom + room) + 6,
        showarrow=False,
        align="left",
        font=dict(family=style.FONT_FAMILY, size=font_size, color=style.MUTED),
    )
    return out


def wrap_caption(caption: str, width_px: float, font_size: int, sep: str = " · ") -> list[str]:
    """``caption`` as lines that fit ``width_px``, broken only between its `` · `` parts."""
    lines: list[str] = []
    for part in caption.split(sep):
        joined = f"{lines[-1]}{sep}{part}" if lines else part
        if lines and _text_width(joined, font_size) <= width_px:
            lines[-1] = joined
        else:
            lines.append(part)
    return lines


def _text_width(s: str, font_size: int) -> float:
    """Rough rendered width: CJK characters are one em, the rest about 0.55 em."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in s) * font_size


# --- HTML ------------------------------------------------------------------------------------------
def to_html(fig: go.Figure, title: str = "rnnviz", caption: str | None = None) -> str:
    """A standalone HTML page holding ``fig`` and plotly.js itself: it opens offline."""
    body = pio.to_html(fig, include_plotlyjs=True, full_html=False, default_width="100%", default_height="90vh")
    return _page(title, body + _caption_html(caption))


@dataclass(frozen=True)
class IndexEntry:
    """One figure of a lesson export: its heading, figure, image files and per-step frame files."""

    name: str  # file stem, e.g. "heatmap_l0_forward"
    title: str
    figure: go.Figure
    files: tuple[str, ...] = ()  # relative paths, e.g. ("heatmap_l0_forward.png", ".svg")
    frames: tuple[str, ...] = ()  # relative paths, one per time step


def lesson_index(
    entries: list[IndexEntry],
    title: str,
    caption: str,
    labels: Mapping[str, str],
    data_files: tuple[str, ...] = (),
) -> str:
    """The index.html of a lesson export: every figure interactive (plotly.js inlined once, so it works
    offline) with the caption under it, links to its image files and frames, and the data files.

    ``labels`` holds the translated words "files", "frames", "data" (keys of the same names).
    """
    parts = [f"<h1>{html.escape(title)}</h1>"]
    for i, entry in enumerate(entries):
        div = pio.to_html(
            entry.figure,
            include_plotlyjs=(i == 0),
            full_html=False,
            default_width="100%",
            default_height="720px",
            div_id=f"fig-{entry.name}",
        )
        parts.append(f'<section id="{html.escape(entry.name)}"><h2>{html.escape(entry.title)}</h2>{div}')
        parts.append(_caption_html(caption))
        parts.append(_links(labels.get("files", "files"), entry.files))
        parts.append(_links(labels.get("frames", "frames"), entry.frames))
        parts.append("</section>")
    parts.append(_links(labels.get("data", "data"), data_files))
    return _page(title, "\n".join(parts))


def _links(label: str, paths: tuple[str, ...]) -> str:
    if not paths:
        return ""
    items = " ".join(f'<a href="{html.escape(p)}">{html.escape(p)}</a>' for p in paths)
    return f'<p class="links">{html.escape(label)}: {items}</p>'


def _caption_html(caption: str | None) -> str:
    return f'<p class="caption">{html.escape(caption)}</p>' if caption else ""


def _page(title: str, body: str) -> str:
    style = (
        "body{font-family:Inter,'Noto Sans CJK SC','Microsoft YaHei',Arial,sans-serif;margin:2rem auto;"
        "max-width:1320px;color:#222}.caption{color:#555;font-size:1.05rem}"
        ".links a{margin-right:.6rem}section{margin-bottom:3rem}"
    )
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


# --- hidden states as a table ----------------------------------------------------------------------
def hidden_frame(trace: Trace) -> pd.DataFrame:
    """One row per (layer, direction, batch element, t), one column per unit ``h_0 .. h_{H-1}``.

    ``t`` is time order for both directions (the reverse direction's row t is its state after
    reading x_t), exactly as ``trace.hidden(layer, direction)[t, n]``. With lengths, a ``padding`` column
    after ``t`` is True where t lies past sequence n's length.
    """
    L, N, H = trace.seq_len, trace.batch_size, trace.H_out  # h_t has proj_size features for an LSTM with proj
    blocks = []
    for layer in range(trace.num_layers):
        for d in range(trace.num_directions):
            h = trace.hidden(layer, d).transpose(0, 1).reshape(N * L, H)  # [N*L, H], batch-major rows
            block = pd.DataFrame(h.double().numpy(), columns=[f"h_{i}" for i in range(H)])
            if trace.lengths is not None:  # True past the sequence's length: padding (h is 0 there)
                block.insert(0, "padding", ~trace.valid.transpose(0, 1).reshape(N * L).numpy())
            blocks.append(with_keys(block, layer, d, L, N))
    return pd.concat(blocks, ignore_index=True)


def with_keys(block: pd.DataFrame, layer: int, direction: int, L: int, N: int) -> pd.DataFrame:
    """``block`` (rows batch-major, [N*L, ...]) with its key columns first: layer, direction, batch, t."""
    block.insert(0, "t", np.tile(np.arange(L), N))
    block.insert(0, "batch", np.repeat(np.arange(N), L))
    block.insert(0, "direction", DIRECTIONS[direction])
    block.insert(0, "layer", layer)
    return block


def hidden_csv(trace: Trace) -> str:
    """``hidden_frame`` as CSV text; floats written in full so they read back exactly."""
    return hidden_frame(trace).to_csv(index=False)


def read_hidden_csv(source: str | io.IOBase) -> Tensor:
    """The CSV of ``hidden_csv`` (text, path or file) back to ``[num_layers, D, seq_len, batch, H]`` float32.

    ``result[l, d]`` equals ``trace.hidden(l, d)``.
    """
    if isinstance(source, str) and "\n" in source:
        source = io.StringIO(source)
    return hidden_from_frame(pd.read_csv(source))


def hidden_from_frame(frame: pd.DataFrame) -> Tensor:
    """The inverse of ``hidden_frame``: ``[num_layers, D, seq_len, batch, H]`` float32."""
    units = [c for c in frame.columns if c.startswith("h_")]
    missing = {"layer", "direction", "batch", "t"} - set(frame.columns)
    if missing or not units:
        raise ValueError(
            "not an rnnviz hidden-state table: it needs the columns layer, direction, batch, t, h_0, h_1, ...; "
            f"missing {', '.join(sorted(missing)) or 'h_*'}"
        )
    d = frame["direction"].map({name: i for i, name in enumerate(DIRECTIONS)})
    if d.isna().any():
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}")
    idx = [frame["layer"].to_numpy(), d.to_numpy(int), frame["t"].to_numpy(), frame["batch"].to_numpy()]
    shape = [int(i.max()) + 1 for i in idx] + [len(units)]
    out = np.full(shape, np.nan, dtype=np.float64)
    out[tuple(idx)] = frame[units].to_numpy(np.float64)
    return torch.from_numpy(out).float()


# --- the whole trace as .npz ----------------------------------------------------------------------
def trace_arrays(trace: Trace, config: Mapping[str, object] | None = None) -> dict[str, np.ndarray]:
    """Every array of the trace by name: input, output, h_n, h0 (as torch lays them out),
    ``hidden_l{l}`` / ``hidden_l{l}_reverse`` ``[seq_len, batch, H]`` (time order), every parameter
    under PyTorch's name, ``lengths`` if any, and ``config`` (JSON text) when given."""
    x, h0 = trace.layer_inputs[0], trace.h0  # [L, N, in], [num_layers*D, N, H]
    if not trace.batched:  # torch ignores batch_first for a 2-D input
        x, h0 = x.squeeze(1), h0.squeeze(1)  # [L, in], [num_layers*D, H]
    elif trace.batch_first:
        x = x.transpose(0, 1)  # [N, L, in]
    arrays = {"input": x, "output": trace.output, "h_n": trace.h_n, "h0": h0}
    for layer in range(trace.num_layers):
        for d in range(trace.num_directions):
            arrays[f"hidden_l{layer}" + ("_reverse" if d else "")] = trace.hidden(layer, d)
    arrays |= {name: p for name, p in trace.params.items()}
    if trace.lengths is not None:
        arrays["lengths"] = trace.lengths
    out = {k: v.detach().cpu().numpy() for k, v in arrays.items()}
    if config is not None:
        out["config"] = np.array(json.dumps(dict(config), sort_keys=True))
    return out


def trace_npz(trace: Trace, config: Mapping[str, object] | None = None) -> bytes:
    """``trace_arrays`` as compressed .npz bytes (``np.load`` reads it without pickle)."""
    buf = io.BytesIO()
    np.savez_compressed(buf, **trace_arrays(trace, config))
    return buf.getvalue()
