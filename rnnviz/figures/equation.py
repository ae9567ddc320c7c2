"""The cell equation at one step with the real numbers, as rows of small heatmaps joined by operators.

``equation_figure``: h_t = f(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh) with column vectors.
``matmul_figure``: the same step as one matrix multiply, [x_t, h_{t-1}] [W_ih | W_hh]^T + b -> f -> h_t.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import plotly.graph_objects as go
import torch

from rnnviz import style
from rnnviz.figures.heatmaps import Axes, base_layout
from rnnviz.i18n import text
from rnnviz.trace import Trace

TEXT_MIN_CELL = 30  # px: smaller cells get no printed value (hover still has it)
WIDTH = 1100  # px the strip is laid out for


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


def equation_figure(
    trace: Trace, layer: int, direction: int, t: int, batch: int = 0, lang: str = "en", lesson: bool = False
) -> go.Figure:
    """h_t = f(W_ih · x_t + b_ih + W_hh · h_{t-1} + b_hh) with every matrix and vector at step ``t``."""
    n = step_numbers(trace, layer, direction, t, batch)
    f = trace.nonlinearity
    col = lambda v: v.reshape(-1, 1)  # noqa: E731  # [k] -> [k, 1]
    blocks = [
        Block("W_ih", n["W_ih"], weights=True, op="·"),
        Block("x_t", col(n["x_t"]), op="+"),
        Block("b_ih", col(n["b_ih"]), weights=True, op="+"),
        Block("W_hh", n["W_hh"], weights=True, op="·"),
        Block("h_{t-1}", col(n["h_prev"]), op="+"),
        Block("b_hh", col(n["b_hh"]), weights=True, op="="),
        Block(text(lang, "dash.eq.pre"), col(n["pre"]), op=f"→ {f} →"),
        Block("h_t", col(n["h_t"])),
    ]
    if not trace.bias:
        blocks = [b for b in blocks if not b.label.startswith("b_")]
        blocks[1] = Block("x_t", col(n["x_t"]), op="+")
        blocks[3] = Block("h_{t-1}", col(n["h_prev"]), op="=")
    title = text(lang, "dash.eq.title", f=f, layer=layer, arrow=style.DIRECTION_ARROWS[direction], t=t, n=batch)
    return _strip(blocks, trace, title, lesson)


def matmul_figure(
    trace: Trace, layer: int, direction: int, t: int, batch: int = 0, lang: str = "en", lesson: bool = False
) -> go.Figure:
    """[x_t, h_{t-1}] (1 × (in+H)) · [W_ih | W_hh]^T ((in+H) × H) + (b_ih + b_hh) = pre → f → h_t."""
    n = step_numbers(trace, layer, direction, t, batch)
    k = n["x_t"].shape[0]
    row = lambda v: v.reshape(1, -1)  # noqa: E731  # [k] -> [1, k]
    xh = np.concatenate([n["x_t"], n["h_prev"]])  # [in + H]
    W = np.concatenate([n["W_ih"], n["W_hh"]], axis=1).T  # [in + H, H]
    f = trace.nonlinearity
    blocks = [
        Block("[x_t, h_{t-1}]", row(xh), op="·", split_col=k),
        Block("[W_ih | W_hh]ᵀ", W, weights=True, op="+" if trace.bias else "=", split_row=k),
        Block("b_ih + b_hh", row(n["b_ih"] + n["b_hh"]), weights=True, op="="),
        Block(text(lang, "dash.eq.pre"), row(n["pre"]), op=f"→ {f} →"),
        Block("h_t", row(n["h_t"])),
    ]
    if not trace.bias:
        del blocks[2]
    title = text(lang, "dash.eq.matmul_title", layer=layer, arrow=style.DIRECTION_ARROWS[direction], t=t, n=batch)
    return _strip(blocks, trace, title, lesson)


# --- layout ----------------------------------------------------------------------------------------
def _strip(blocks: list[Block], trace: Trace, title: str, lesson: bool) -> go.Figure:
    """Blocks left to right, vertically centred, square cells, an operator between neighbours."""
    ops = [(28 + 8 * len(b.op)) if b.op else 0 for b in blocks]  # px for each operator
    cols = sum(b.z.shape[1] for b in blocks)
    rows = max(b.z.shape[0] for b in blocks)
    cell = float(np.clip(min((WIDTH - sum(ops) - 30 * len(blocks)) / cols, 300 / rows), 3, 46))
    slots = [max(b.z.shape[1] * cell, 9.5 * len(b.label) + 12) for b in blocks]  # room for the label
    plot_w, plot_h = sum(slots) + sum(ops), rows * cell
    margin = dict(l=30, r=20, t=74, b=44)
    vrange, wrange = _ranges(blocks, trace)
    data, annotations, shapes, axes = [], [], [], {}
    x = 0.0
    for i, b in enumerate(blocks):
        ax = Axes(i + 1)
        r, c = b.z.shape
        left = x + (slots[i] - c * cell) / 2
        x0, x1 = left / plot_w, (left + c * cell) / plot_w
        y0 = (plot_h - r * cell) / 2 / plot_h
        y1 = 1 - y0
        axes[ax.xkey] = dict(domain=[x0, x1], anchor=ax.y, visible=False, range=[-0.5, c - 0.5])
        axes[ax.ykey] = dict(domain=[y0, y1], anchor=ax.x, visible=False, range=[r - 0.5, -0.5])
        data.append(_cells(b, ax, cell))
        annotations.append(
            dict(
                text=f"<b>{b.label}</b>",
                x=(x0 + x1) / 2,
                y=y1,
                xref="paper",
                yref="paper",
                yshift=6,
                yanchor="bottom",
                showarrow=False,
            )
        )
        annotations.append(
            dict(
                text=f"{r}×{c}",
                x=(x0 + x1) / 2,
                y=y0,
                xref="paper",
                yref="paper",
                yshift=-4,
                yanchor="top",
                showarrow=False,
                font=dict(color=style.MUTED, size=11),
            )
        )
        shapes += _splits(b, ax)
        x += slots[i]
        if b.op:
            annotations.append(
                dict(
                    text=b.op,
                    x=(x + ops[i] / 2) / plot_w,
                    y=0.5,
                    xref="paper",
                    yref="paper",
                    showarrow=False,
                    font=dict(size=20 if len(b.op) == 1 else 14),
                )
            )
        x += ops[i]
    layout = base_layout(lesson) | axes
    layout |= dict(
        width=int(plot_w + margin["l"] + margin["r"]),
        height=int(max(plot_h, 60) + margin["t"] + margin["b"]),
        margin=margin,
        annotations=annotations,
        shapes=shapes,
        title=dict(text=title, x=0.0, xanchor="left", xref="paper", font=dict(size=15)),
        coloraxis=dict(colorscale=style.DIVERGING, cmin=-vrange, cmax=vrange, showscale=False),
        coloraxis2=dict(colorscale=style.DIVERGING, cmin=-wrange, cmax=wrange, showscale=False),
    )
    return go.Figure(data=data, layout=layout)


def _cells(b: Block, ax: Axes, cell: float) -> dict:
    r, c = b.z.shape
    hover = f"{b.label}[%{{y}}, %{{x}}] = %{{z:.6f}}<extra></extra>"
    out = dict(
        type="heatmap",
        z=np.ascontiguousarray(b.z, dtype=np.float64),
        x=np.arange(c),
        y=np.arange(r),
        xaxis=ax.x,
        yaxis=ax.y,
        coloraxis="coloraxis2" if b.weights else "coloraxis",
        hovertemplate=hover,
        name=b.label,
        xgap=1 if cell >= 8 else 0,
        ygap=1 if cell >= 8 else 0,
    )
    if cell >= TEXT_MIN_CELL:
        out |= dict(texttemplate="%{z:.2f}", textfont=dict(size=10 if cell < 40 else 11))
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
