"""The cell equation at one step with the real numbers, as rows of small heatmaps joined by operators.

``equation_figure``: h_t = f(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh) with column vectors (the reverse
direction reads h_{t+1}: it runs from the last step back to 0).
``matmul_figure``: the same step as one matrix multiply, [x_t, h_{t-1}] [W_ih | W_hh]^T + b -> f -> h_t.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import plotly.graph_objects as go
import torch

from rnnviz import notation as nt
from rnnviz import style
from rnnviz.figures.base import Axes, figure, plain_layout, text_width
from rnnviz.i18n import text
from rnnviz.trace import Trace

TEXT_SIZES = {False: (13, 12), True: (18, 16, 14)}  # px of the printed values: dashboard, lesson (largest first)
VALUE_EMS = 2.3  # "-0.69" is about 2.3 em wide (digits 0.55 em)
WIDTH, LESSON_WIDTH = 770, 1220  # px of the strip: the dashboard column at 1280 px with the sidebar; a slide
MIN_CELL, MAX_CELL, MAX_HEIGHT = 1.0, 46.0, 360.0  # px: cell size range; the tallest block's height cap
MIN_BAR = 12.0  # px: a vector is drawn at least this thick, so a 1×120 row stays visible
OP_PAD, LABEL_PAD = 6.0, 8.0  # px around an operator, beside a label
SMALL_FONT = 11  # the "rows×cols" under each block
SAMPLES = (16, 12, 10, 8, 6, 4, 3, 2)  # rows / columns per block of a stated sample, largest first


@dataclass(frozen=True)
class Block:
    """One matrix or vector in the strip: ``z`` is [rows, cols]; ``op`` is drawn after it."""

    label: str
    z: np.ndarray
    weights: bool = False  # coloured on the weights' scale instead of the values'
    op: str = ""
    split_col: int | None = None  # a vertical line after this many columns (a concat)
    split_row: int | None = None  # a horizontal line after this many rows
    extra: dict = field(default_factory=dict)
    full: tuple[int, int] | None = None  # a stated sample: the whole block's shape (z holds some of it)
    rows: np.ndarray | None = None  # a sample's row and column indices in the whole block
    cols: np.ndarray | None = None


def sample_block(b: Block, m: int) -> Block:
    """At most ``m`` rows and ``m`` columns of ``b``: the first ones, and across a split (a concat) the
    first ones of each part, so both parts stay in the picture. ``b`` itself when it already fits."""
    r, c = b.z.shape
    if r <= m and c <= m:
        return b
    rows, split_row = _head(r, b.split_row, m)
    cols, split_col = _head(c, b.split_col, m)
    return Block(b.label, b.z[np.ix_(rows, cols)], b.weights, b.op, split_col, split_row, b.extra, (r, c), rows, cols)


def _head(n: int, split: int | None, m: int) -> tuple[np.ndarray, int | None]:
    """The first ``m`` of ``n`` indices (or the first of each side of ``split``) and the split among them."""
    if n <= m:
        return np.arange(n), split
    if split is None or not 0 < split < n:
        return np.arange(m), None
    a = min(split, max(1, m // 2), m - 1)
    b = min(n - split, m - a)
    a = min(split, m - b)
    return np.concatenate([np.arange(a), split + np.arange(b)]), a


def step_numbers(trace: Trace, layer: int, direction: int, t: int, batch: int) -> dict[str, np.ndarray]:
    """The numbers of one step (float64 numpy): x_t, h_prev, W_ih, W_hh, b_ih, b_hh, ih, hh, pre, h_t."""
    s = trace.step(layer, direction, t)
    w = trace.weights(layer, direction)
    H = trace.hidden_size
    zeros = torch.zeros(H, dtype=s.pre.dtype)
    out = {
        "x_t": s.x_t[batch],
        "h_prev": s.h_prev[batch],
        "ih": s.ih[batch],
        "hh": s.hh[batch],
        "pre": s.pre[batch],
        "h_t": s.h_t[batch],
        "W_ih": w["W_ih"],
        "W_hh": w["W_hh"],
        "b_ih": w["b_ih"] if w["b_ih"] is not None else zeros,
        "b_hh": w["b_hh"] if w["b_hh"] is not None else zeros,
    }
    return {k: v.detach().double().numpy() for k, v in out.items()}


def padding_note(trace: Trace, t: int, batch: int, lang: str) -> str:
    """A line under the title when step ``t`` is padding for sequence ``batch`` ('' otherwise)."""
    if trace.lengths is None or t < int(trace.lengths[batch]):
        return ""
    return "<br>" + text(lang, "dash.eq.padding", t=t, n=batch, length=int(trace.lengths[batch]))


def equation_figure(
    trace: Trace, layer: int, direction: int, t: int, batch: int = 0, lang: str = "en", lesson: bool = False
) -> go.Figure:
    """h_t = f(W_ih · x_t + b_ih + W_hh · h_{t-1} + b_hh) with every matrix and vector at step ``t``."""
    n = step_numbers(trace, layer, direction, t, batch)
    f, prev = trace.nonlinearity, nt.prev_state(direction)
    col = lambda v: v.reshape(-1, 1)  # noqa: E731  # [k] -> [k, 1]
    blocks = [
        Block("W_ih", n["W_ih"], weights=True, op="·"),
        Block("x_t", col(n["x_t"]), op="+"),
        Block("b_ih", col(n["b_ih"]), weights=True, op="+"),
        Block("W_hh", n["W_hh"], weights=True, op="·"),
        Block(prev, col(n["h_prev"]), op="+"),
        Block("b_hh", col(n["b_hh"]), weights=True, op="="),
        Block(text(lang, "dash.eq.pre"), col(n["pre"]), op=f"→ {f} →"),
        Block("h_t", col(n["h_t"])),
    ]
    if not trace.bias:
        blocks = [b for b in blocks if not b.label.startswith("b_")]
        blocks[1] = Block("x_t", col(n["x_t"]), op="+")
        blocks[3] = Block(prev, col(n["h_prev"]), op="=")
    arrow = style.DIRECTION_ARROWS[direction]
    title = text(lang, "dash.eq.title", f=f, prev=prev, layer=layer, arrow=arrow, t=t, n=batch)
    title += padding_note(trace, t, batch, lang)
    return _strip(blocks, trace, title, lesson, lang)


def matmul_figure(
    trace: Trace, layer: int, direction: int, t: int, batch: int = 0, lang: str = "en", lesson: bool = False
) -> go.Figure:
    """[x_t, h_{t-1}] (1 × (in+H)) · [W_ih | W_hh]^T ((in+H) × H) + (b_ih + b_hh) = pre → f → h_t."""
    n = step_numbers(trace, layer, direction, t, batch)
    k = n["x_t"].shape[0]
    row = lambda v: v.reshape(1, -1)  # noqa: E731  # [k] -> [1, k]
    xh = np.concatenate([n["x_t"], n["h_prev"]])  # [in + H]
    W = np.concatenate([n["W_ih"], n["W_hh"]], axis=1).T  # [in + H, H]
    f, prev = trace.nonlinearity, nt.prev_state(direction)
    blocks = [
        Block(f"[x_t, {prev}]", row(xh), op="·", split_col=k),
        Block("[W_ih | W_hh]ᵀ", W, weights=True, op="+" if trace.bias else "=", split_row=k),
        Block("b_ih + b_hh", row(n["b_ih"] + n["b_hh"]), weights=True, op="="),
        Block(text(lang, "dash.eq.pre"), row(n["pre"]), op=f"→ {f} →"),
        Block("h_t", row(n["h_t"])),
    ]
    if not trace.bias:
        del blocks[2]
    arrow = style.DIRECTION_ARROWS[direction]
    title = text(lang, "dash.eq.matmul_title", prev=prev, layer=layer, arrow=arrow, t=t, n=batch)
    title += padding_note(trace, t, batch, lang)
    return _strip(blocks, trace, title, lesson, lang)


# --- layout ----------------------------------------------------------------------------------------
def _strip(blocks: list[Block], trace: Trace, title: str, lesson: bool, lang: str) -> go.Figure:
    """Blocks left to right, vertically centred, square cells, an operator between neighbours.

    Every label, size and operator is centred in its own slot, and each slot is at least as wide as
    its text (estimated from the font size), so no two labels can meet whatever the sizes. Values are
    printed at value_size(cell, lesson) px; when the cells are too small for that, the figure says so.
    """
    size = style.LESSON_FONT_SIZE if lesson else style.FONT_SIZE
    ops = [text_width(b.op, _op_size(b.op, size)) + 2 * OP_PAD if b.op else 0.0 for b in blocks]
    labels = [_wrap(b.label) for b in blocks]
    whole, sample = max(b.z.size for b in blocks), None
    for m in (None, *SAMPLES):  # every number if they can be printed legibly, else the largest sample that can
        shown = blocks if m is None else [sample_block(b, m) for b in blocks]
        texts = [  # px each block's label and size need
            max(_lines_width(t, size), *(text_width(d, SMALL_FONT) for d in _dims(b, lang).split("<br>")))
            + LABEL_PAD
            for b, t in zip(shown, labels, strict=True)
        ]
        rows = max(b.z.shape[0] for b in shown)
        width = LESSON_WIDTH if lesson else WIDTH
        cell = _cell_size(shown, ops, texts, width, rows, MAX_CELL * (1.25 if lesson else 1))
        if value_size(cell, lesson) is not None:
            blocks, sample = shown, m
            break
    boxes = [(max(b.z.shape[1] * cell, MIN_BAR), max(b.z.shape[0] * cell, MIN_BAR)) for b in blocks]  # px
    slots = [max(w, t) for (w, _), t in zip(boxes, texts, strict=True)]
    plot_w, plot_h = sum(slots) + sum(ops), max(h for _, h in boxes)
    extra_lines = max(t.count("<br>") for t in labels)  # a wrapped label over the tallest block needs room
    # the title sits in the middle of the top margin: each wrapped line over the tallest block lifts the
    # label 1.3 lines, and the margin grows by twice that plus a gap, so the label stays clear of the title
    margin = dict(l=30, r=20, t=52 + 2 * size + round((2.6 * size + 8) * extra_lines), b=26 + 2 * SMALL_FONT)
    vrange, wrange = _ranges(blocks, trace)
    data, annotations, shapes, axes = [], [], [], {}
    x = 0.0
    for i, b in enumerate(blocks):
        ax = Axes(i + 1)
        r, c = b.z.shape
        (w, h), left = boxes[i], x + (slots[i] - boxes[i][0]) / 2
        x0, x1 = left / plot_w, min((left + w) / plot_w, 1.0)
        y0 = max((plot_h - h) / 2 / plot_h, 0.0)
        axes[ax.xkey] = dict(domain=[x0, x1], anchor=ax.y, visible=False, range=[-0.5, c - 0.5])
        axes[ax.ykey] = dict(domain=[y0, 1 - y0], anchor=ax.x, visible=False, range=[r - 0.5, -0.5])
        data.append(_cells(b, ax, cell, value_size(cell, lesson)))
        centre = (x + slots[i] / 2) / plot_w
        annotations.append(_label(f"<b>{labels[i]}</b>", centre, 1 - y0, 6, "bottom"))
        annotations.append(
            _label(_dims(b, lang), centre, y0, -4, "top", font=dict(color=style.MUTED, size=SMALL_FONT))
        )
        shapes += _splits(b, ax)
        x += slots[i]
        if b.op:
            font = dict(size=_op_size(b.op, size))
            annotations.append(_label(b.op, (x + ops[i] / 2) / plot_w, 0.5, 0, "middle", font=font))
        x += ops[i]
    margin["t"] += title.count("<br>") * (size + 6)  # a padding note under the title (padding_note)
    note = None  # said under the title, in the figure (a screenshot keeps it)
    if sample is not None and any(b.full for b in blocks):
        note = text(lang, "dash.eq.sample", m=sample)
        margin["b"] += SMALL_FONT + 4  # the sizes under the blocks take two lines
    elif value_size(cell, lesson) is None:
        note = text(lang, "dash.eq.too_many", n=whole)
    if note:
        lines = _wrap_note(note, 0.92 * (plot_w + margin["l"]), SMALL_FONT + 1)  # 0.92: widths are estimates
        span = f"<br><span style='font-size:{SMALL_FONT + 1}px;color:{style.MUTED}'>"
        title += "".join(f"{span}{line}</span>" for line in lines)
        margin["t"] += 2 * SMALL_FONT + 2 * (len(lines) - 1) * (size + 8)  # the title is centred in the margin
    layout = plain_layout(lesson) | axes
    layout |= dict(
        width=int(plot_w + margin["l"] + margin["r"]),
        height=int(max(plot_h, 60) + margin["t"] + margin["b"]),
        margin=margin,
        annotations=annotations,
        shapes=shapes,
        title=dict(text=title, x=0.0, xanchor="left", xref="paper", font=dict(size=size + 2)),
        coloraxis=dict(colorscale=style.DIVERGING, cmin=-vrange, cmax=vrange, showscale=False),
        coloraxis2=dict(colorscale=style.DIVERGING, cmin=-wrange, cmax=wrange, showscale=False),
    )
    return figure(data, layout)


def _wrap_note(note: str, width: float, size: int) -> list[str]:
    """``note`` in lines at most ``width`` px wide (at words; Chinese, which has no spaces, at characters)."""
    tokens = note.split(" ") if " " in note else list(note)
    sep = " " if " " in note else ""
    lines, line = [], ""
    for tok in tokens:
        candidate = f"{line}{sep}{tok}" if line else tok
        if line and text_width(candidate, size) > width:
            lines.append(line)
            candidate = tok
        line = candidate
    return [*lines, line]


def _cell_size(
    blocks: list[Block], ops: list[float], texts: list[float], width: float, rows: int, largest: float = MAX_CELL
) -> float:
    """The largest cell (px, MIN_CELL..MAX_CELL, at most ~300 px tall in all) that fits the strip in ``width``."""

    def strip_width(cell: float) -> float:
        return sum(max(b.z.shape[1] * cell, MIN_BAR, t) for b, t in zip(blocks, texts, strict=True)) + sum(ops)

    lo, hi = MIN_CELL, float(np.clip(MAX_HEIGHT * (1.4 if largest > MAX_CELL else 1) / rows, MIN_CELL, largest))
    if strip_width(hi) <= width:
        return hi
    for _ in range(24):  # bisection: strip_width grows with the cell
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if strip_width(mid) <= width else (lo, mid)
    return lo


def _label(s: str, x: float, y: float, yshift: float, yanchor: str, font: dict | None = None) -> dict:
    """A text centred at paper ``x`` (xanchor 'center': plotly's 'auto' would right-align past x = 2/3)."""
    out = dict(text=s, x=x, y=y, xref="paper", yref="paper", yshift=yshift, xanchor="center", yanchor=yanchor,
               showarrow=False)  # fmt: skip
    return out | ({"font": font} if font else {})


def _wrap(label: str) -> str:
    """A long label on two lines ("pre-<br>activation", "b_ih +<br>b_hh", "[W_ih |<br>W_hh]ᵀ"), so it does
    not widen its block's slot (and shrink every cell)."""
    if len(label) <= 10:
        return label
    for sep in (" + ", " | "):
        if sep in label:
            head, _, tail = label.partition(sep)
            return f"{head}{sep.rstrip()}<br>{tail}"
    head, dash, tail = label.partition("-")
    return f"{head}-<br>{tail}" if dash and "{" not in label else label


def _lines_width(label: str, size: int) -> float:
    return max(text_width(line, size, bold=True) for line in label.split("<br>"))


def _dims(b: Block, lang: str = "en") -> str:
    """'rows×cols' under a block; for a sample, how many of how many it shows."""
    if b.full is None:
        return f"{b.z.shape[0]}×{b.z.shape[1]}"
    (r, c), (R, C) = b.z.shape, b.full
    return text(lang, "dash.eq.sample_dims", r=r, R=R, c=c, C=C)


def _op_size(op: str, size: int) -> int:
    return size + 7 if len(op) == 1 else size + 1


def value_size(cell: float, lesson: bool) -> int | None:
    """The font size (px) of the values printed in a ``cell`` px wide, or None when even the smallest
    legible size (12 px, 14 px in lesson mode) does not fit."""
    return next((s for s in TEXT_SIZES[lesson] if cell >= VALUE_EMS * s + 4), None)


def _cells(b: Block, ax: Axes, cell: float, size: int | None) -> dict:
    r, c = b.z.shape
    hover = f"{b.label}[%{{customdata[0]}}, %{{customdata[1]}}] = %{{z:.6f}}<extra></extra>"
    rows = np.arange(r) if b.rows is None else b.rows  # a sample's cells keep their indices in the block
    cols = np.arange(c) if b.cols is None else b.cols
    where = np.stack(np.broadcast_arrays(rows[:, None], cols[None, :]), axis=-1)  # [r, c, 2]
    out = dict(
        type="heatmap",
        z=np.ascontiguousarray(b.z, dtype=np.float64),
        x=np.arange(c),
        y=np.arange(r),
        xaxis=ax.x,
        yaxis=ax.y,
        coloraxis="coloraxis2" if b.weights else "coloraxis",
        hovertemplate=hover,
        customdata=where,
        name=b.label,
        xgap=1 if cell >= 8 else 0,
        ygap=1 if cell >= 8 else 0,
    )
    if size:
        out |= dict(texttemplate="%{z:.2f}", textfont=dict(size=size))
    return out


def _splits(b: Block, ax: Axes) -> list[dict]:
    line = dict(color=style.TEXT, width=2.5)
    out = []
    if b.split_col is not None:
        out.append(
            dict(
                type="line",
                xref=ax.x,
                yref=f"{ax.y} domain",
                x0=b.split_col - 0.5,
                x1=b.split_col - 0.5,
                y0=-0.15,
                y1=1.15,
                line=line,
            )
        )
    if b.split_row is not None:
        out.append(
            dict(
                type="line",
                xref=f"{ax.x} domain",
                yref=ax.y,
                x0=-0.04,
                x1=1.04,
                y0=b.split_row - 0.5,
                y1=b.split_row - 0.5,
                line=line,
            )
        )
    return out


def _ranges(blocks: list[Block], trace: Trace) -> tuple[float, float]:
    """Symmetric colour ranges: values at least style.value_range's; weights from their largest |w|."""

    def top(zs):
        finite = [np.abs(z[np.isfinite(z)]) for z in zs]
        return max((float(a.max()) for a in finite if a.size), default=1.0)

    values = top([b.z for b in blocks if not b.weights])
    weights = top([b.z for b in blocks if b.weights])
    lo, hi = style.value_range(trace.nonlinearity, values)
    return max(hi, style.nice_ceiling(max(values, 1e-12))), style.nice_ceiling(max(weights, 1e-12))
