"""The lab's figures: loss curves racing (nats and bits per char), pre-clip gradient norms, the minibatch picture."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

import plotly.graph_objects as go

from rnnviz import style
from rnnviz.figures.base import plot_char
from rnnviz.i18n import text
from rnnviz.lab.train import LN2, Curves

MAX_ROWS = 8  # rows of the minibatch picture (the first batch rows)
MAX_COLS = 30  # columns shown of each window


def _layout(lesson: bool, **kw) -> go.Layout:
    return style.base_layout(lesson=lesson, **kw)


def loss_curves(curves: Sequence[Curves], *, lang: str = "en", lesson: bool = False) -> go.Figure:
    """Train (thin) and validation (thick, markers) loss per cell on one plot, steps on a log axis; the left
    axis in nats per character, the right one the same curves in bits per character (nats / ln 2)."""
    fig = go.Figure(layout=_layout(lesson, height=460))
    top = 0.0
    for c in curves:
        colour = style.CELL_COLOURS[c.cell]
        name = c.cell.upper()
        fig.add_scatter(x=c.steps, y=c.train_loss, mode="lines", line=dict(color=colour, width=1), opacity=0.45,
                        name=text(lang, "lab.fig.train_trace", cell=name))  # fmt: skip
        val = [(s, v) for s, v in zip(c.val_steps, c.val_loss, strict=True) if s >= 1]  # log axis: no step 0
        fig.add_scatter(x=[s for s, _ in val], y=[v for _, v in val], mode="lines+markers",
                        line=dict(color=colour, width=3), name=text(lang, "lab.fig.val_trace", cell=name))  # fmt: skip
        top = max([top, *c.train_loss, *(v for _, v in val)])
    top = (top if math.isfinite(top) and top > 0 else 1.0) * 1.05
    fig.update_layout(
        title=dict(text=text(lang, "lab.fig.loss_title"), x=0.01,  # short lines: a phone's width holds them
                   subtitle=dict(text=text(lang, "lab.fig.loss_subtitle"))),  # fmt: skip
        xaxis=dict(type="log", title=text(lang, "lab.fig.step_axis"), dtick="D2", tickformat="~g"),
        yaxis=dict(title=text(lang, "lab.fig.nats_axis"), range=[0, top]),
        yaxis2=dict(
            title=text(lang, "lab.fig.bits_axis"),
            range=[0, top / LN2],
            overlaying="y",
            side="right",
            showgrid=False,
            tickformat=".2f",
        ),  # fmt: skip
        legend=dict(orientation="h", yanchor="top", y=-0.22),  # below the step axis' title, wrapping
        margin=dict(l=60, r=70, t=70, b=50),
    )
    fig.add_scatter(x=[None], y=[None], yaxis="y2", showlegend=False, hoverinfo="skip")  # shows the bits axis
    return fig


def grad_norm_curve(curves: Sequence[Curves], clip: float, *, lang: str = "en", lesson: bool = False) -> go.Figure:
    """||grad|| before clip_grad_norm_ at every step, per cell (log scale), with the clip level drawn:
    above the line the step was scaled down to norm ``clip``."""
    fig = go.Figure(layout=_layout(lesson, height=340))
    for c in curves:
        fig.add_scatter(x=c.steps, y=c.grad_norm, mode="lines", line=dict(color=style.CELL_COLOURS[c.cell], width=1.5),
                        name=c.cell.upper())  # fmt: skip
    fig.add_hline(y=clip, line=dict(color=style.BAD, dash="dash", width=2),
                  annotation_text=text(lang, "lab.fig.clip_line", clip=f"{clip:g}"),
                  annotation_position="top left")  # fmt: skip
    fig.update_layout(
        title=dict(text=text(lang, "lab.fig.grad_title"), x=0.01),
        xaxis=dict(title=text(lang, "lab.fig.step_linear")),
        yaxis=dict(type="log", title=text(lang, "lab.fig.grad_axis"), dtick="D2", tickformat="~g"),
        legend=dict(orientation="h", yanchor="top", y=-0.25),
    )
    return fig


def minibatch_picture(train_text: str, batch_size: int, num_steps: int, sampling: str, index: int, seed: int = 0, *,
                      lang: str = "en", lesson: bool = False) -> go.Figure:  # fmt: skip
    """Minibatch ``index`` as the tutorial lays it out: one row per batch row (the first MAX_ROWS), the window
    of ``num_steps`` characters highlighted, the previous window and the next one beside it.

    consecutive: row b is stream b of the text, and the next window continues it, so h is handed on
    (``h.detach()`` cuts the gradient at the border). random: each row is a window from a random place; the
    next minibatch's row b is unrelated, so h starts from zeros again."""
    rows = min(batch_size, MAX_ROWS)
    cols = min(num_steps, MAX_COLS)
    windows = _windows(train_text, batch_size, num_steps, sampling, index, seed)  # (prev, cur, next) per row
    z, chars, xs = [], [], []
    for b in range(rows):
        zr, cr = [], []
        for k, w in enumerate(windows[b]):
            zr += [k + 1] * cols + [0]
            cr += [plot_char(ch) for ch in w[:cols]] + [""] * (cols - len(w[:cols])) + [""]  # "": no such window
        z.append(zr[:-1])
        chars.append(cr[:-1])
    xs = list(range(len(z[0]) if z else 0))
    w = style.WINDOW_COLOURS  # z = 0 gap, 1 previous, 2 current, 3 next window
    scale = [[0, w[0]], [0.16, w[0]], [0.17, w[1]], [0.5, w[1]], [0.5, w[2]], [0.83, w[2]], [0.84, w[3]], [1, w[3]]]
    fig = go.Figure(layout=_layout(lesson, height=110 + 34 * rows))
    fig.add_heatmap(z=z, x=xs, y=list(range(rows)), text=chars, texttemplate="%{text}", zmin=0, zmax=3,
                    colorscale=scale, showscale=False, xgap=1, ygap=2, hoverinfo="skip",
                    textfont=dict(family=style.MONO_FAMILY, size=14 if not lesson else 18))  # fmt: skip
    labels = ("lab.fig.window_prev", "lab.fig.window_cur", "lab.fig.window_next")
    border = "lab.fig.border_detach" if sampling == "consecutive" else "lab.fig.border_reset"
    for k in range(3):
        middle = k * (cols + 1) + (cols - 1) / 2
        exists = any(windows[b][k] for b in range(rows))
        label = text(lang, labels[k], i=index + k - 1) if exists else text(lang, "lab.fig.window_none")
        fig.add_annotation(x=middle, y=-0.9, text=label, showarrow=False,
                           yanchor="bottom", font=dict(color=style.HIGHLIGHT if k == 1 else style.MUTED))  # fmt: skip
        if k:
            edge = k * (cols + 1) - 1
            fig.add_vline(x=edge, line=dict(color=style.BAD if sampling == "random" else style.FORWARD, width=3,
                                            dash="dot" if sampling == "random" else "solid"))  # fmt: skip
            start = not any(windows[b][k - 1] for b in range(rows))  # nothing before: h starts from zeros
            note = text(lang, "lab.fig.border_start" if start else border)
            fig.add_annotation(x=edge, y=rows - 0.4, text=note, showarrow=False, yanchor="top",
                               bgcolor="white", font=dict(size=12))  # fmt: skip
    truncated = num_steps > cols
    fig.update_layout(
        title=dict(
            text=text(lang, "lab.fig.batch_title", i=index, rows=rows, batch=batch_size, steps=num_steps)
            + (text(lang, "lab.fig.batch_cut", cols=cols) if truncated else ""),
            x=0.01,
        ),  # fmt: skip
        xaxis=dict(showticklabels=False, showgrid=False, zeroline=False),
        yaxis=dict(
            autorange="reversed",
            tickmode="array",
            tickvals=list(range(rows)),
            ticktext=[text(lang, "lab.fig.row", b=b) for b in range(rows)],
            showgrid=False,
            zeroline=False,
            range=[rows - 0.5, -1.2],
        ),  # fmt: skip
        margin=dict(l=70, r=20, t=50, b=20),
    )
    return fig


def _windows(train_text: str, batch_size: int, num_steps: int, sampling: str, index: int, seed: int):
    """For each batch row: the text of minibatch index-1, index and index+1 in that row ('' where none)."""
    n = len(train_text)
    if sampling == "consecutive":
        batch_len = n // batch_size
        epoch = (batch_len - 1) // num_steps
        out = []
        for b in range(batch_size):
            stream = train_text[b * batch_len : (b + 1) * batch_len]
            out.append(tuple(stream[j * num_steps : (j + 1) * num_steps] if 0 <= j < epoch else ""
                             for j in (index - 1, index, index + 1)))  # fmt: skip
        return out
    num_examples = (n - 1) // num_steps
    order = list(range(num_examples))
    random.Random(seed).shuffle(order)  # the first epoch's order, as data_iter_random draws it
    epoch = num_examples // batch_size

    def window(j: int, b: int) -> str:
        if not 0 <= j < epoch:
            return ""
        start = order[j * batch_size + b] * num_steps
        return train_text[start : start + num_steps]

    return [tuple(window(j, b) for j in (index - 1, index, index + 1)) for b in range(batch_size)]
