"""Gradient figures: dL/dh_t heatmaps per layer and direction, the ||dL/dh_t|| curve and ||dh_T/dh_t||.

Built from plain dicts on the fast plumbing of ``rnnviz.figures.base`` (no make_subplots, no per-property
validation; tests/test_figures_gradients.py validates them once), like the dashboard's figures.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go

from rnnviz import style
from rnnviz.bptt import Gradients
from rnnviz.figures.base import figure, plain_layout
from rnnviz.figures.heatmaps import CELL_BUDGET, Grid, time_block
from rnnviz.i18n import text

SCALES = ("abs", "log", "signed")  # |dL/dh| linear, log10 |dL/dh|, signed dL/dh
LAYER_DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
LOG_DECADES = 40  # the log colour scale spans at most this many powers of ten below the largest value


# --- heatmaps --------------------------------------------------------------------------------------
def gradient_heatmaps(
    g: Gradients, batch: int = 0, t: int | None = None, scale: str = "abs", lang: str = "en",
    lesson: bool = False, budget: int = CELL_BUDGET,
) -> go.Figure:  # fmt: skip
    """dL/dh_t of batch element ``batch`` for every layer (rows, last layer on top) and direction (columns).

    ``scale``: "abs" |dL/dh_t| on SEQUENTIAL from 0 to the largest value; "log" log10 |dL/dh_t| on
    SEQUENTIAL (at most LOG_DECADES decades, so vanishing gradients stay visible); "signed" on DIVERGING,
    symmetric around 0. One colour axis for all panels. inf/NaN cells are left blank.
    """
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {', '.join(SCALES)}; got {scale!r}")
    tr = g.trace
    L, H, layers, D = tr.seq_len, tr.hidden_size, tr.num_layers, tr.num_directions
    k = time_block(tr, budget)
    panels = {(layer, d): _finite(g.grad(layer, d)[:, batch, :].numpy().T) for layer in range(layers) for d in range(D)}
    grid, layout = _grid(L, H, layers, D, lang, lesson)
    axis = _coloraxis(panels.values(), scale, lang)
    data = []
    for row, layer in enumerate(reversed(range(layers))):
        for d in range(D):
            z = _blocks(panels[layer, d], k, signed=scale == "signed")  # [H, ceil(L/k)]
            z = _log10(z, axis["cmin"]) if scale == "log" else z
            data.append(_heatmap(z, k, grid.axis(row, d), layer, d, scale, lang))
    missing = any(np.isnan(p).any() for p in panels.values())
    layout |= dict(coloraxis=axis, plot_bgcolor=style.MISSING if missing else "white")
    if missing:
        layout["annotations"].append(_top_note(text(lang, "grad.fig.missing"), 0.0, "left", style.MUTED))
    x_title = text(lang, "grad.fig.axis_time") + (text(lang, "grad.fig.axis_time_block", k=k) if k > 1 else "")
    for d in range(D):
        layout[grid.axis(layers - 1, d).xkey]["title"] = dict(text=x_title)
    _mark_step(layout, grid, t, lang)
    return figure(data, layout)


def _grid(L: int, H: int, layers: int, D: int, lang: str, lesson: bool) -> tuple[Grid, dict]:
    """Empty panels: layers stacked (last on top), forward beside reverse, with two-line titles and room
    for them between the rows; time shared by the panels of a column, tick labels on the bottom row."""
    panel, gap, top, bottom = int(min(320, max(130, 26 * H))), 70, 110, 60
    height = top + bottom + layers * panel + (layers - 1) * gap
    grid = Grid(rows=layers, cols=D, hgap=0.08, vgap=gap / (height - top - bottom) if layers > 1 else 0.0)
    layout = plain_layout(lesson) | dict(height=height, margin=dict(l=70, r=30, t=top, b=bottom), shapes=[])
    layout["annotations"] = [grid.title(r, d, _panel_title(L, layer, d, lang)) | dict(yshift=0, font=dict(size=16))
                             for r, layer in enumerate(reversed(range(layers))) for d in range(D)]  # as make_subplots
    for r in range(layers):
        for d in range(D):
            ax, (xd, yd) = grid.axis(r, d), grid.domain(r, d)
            bottom_row = r == layers - 1
            layout[ax.xkey] = dict(domain=xd, anchor=ax.y, range=[-0.5, L - 0.5], showgrid=False, zeroline=False,
                                   dtick=_dtick(L), showticklabels=bottom_row)  # fmt: skip
            if not bottom_row:  # zoom and pan in time together, as make_subplots(shared_xaxes=True)
                layout[ax.xkey]["matches"] = grid.axis(layers - 1, d).x
            layout[ax.ykey] = dict(domain=yd, anchor=ax.x, range=[H - 0.5, -0.5],  # unit 0 on top, as in every figure
                                   showgrid=False, zeroline=False, dtick=_dtick(H))  # fmt: skip
            if d == 0:
                layout[ax.ykey]["title"] = dict(text=text(lang, "grad.fig.axis_unit"))
    return grid, layout


def _top_note(note: str, x: float, anchor: str, colour: str) -> dict:
    """A line of text above the panel titles."""
    return dict(text=note, xref="paper", yref="paper", x=x, y=1.0, yshift=78, showarrow=False, xanchor=anchor,
                font=dict(color=colour))  # fmt: skip


def _panel_title(L: int, layer: int, d: int, lang: str) -> str:
    """Two lines: which panel (bold, the direction's colour), then which way the gradient flows."""
    colour = style.DIRECTION_COLOURS[d]
    head = text(lang, f"grad.fig.panel_{d}", layer=layer)
    flow = text(lang, f"grad.fig.flow_{d}", last=L - 1)
    return f"<span style='color:{colour}'><b>{head}</b><br><span style='font-size:0.85em'>{flow}</span></span>"


def _finite(z: np.ndarray) -> np.ndarray:
    """float64 with inf/NaN as NaN (drawn blank; plotly cannot encode inf)."""
    z = z.astype(np.float64)
    z[~np.isfinite(z)] = np.nan
    return z


def _blocks(z: np.ndarray, k: int, signed: bool) -> np.ndarray:
    """Means over blocks of k steps (of |z| unless ``signed``); ``z`` is [units, L]."""
    z = z if signed else np.abs(z)
    if k == 1:
        return z
    units, L = z.shape
    zp = np.pad(z, ((0, 0), (0, (-L) % k)), constant_values=np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-NaN block stays NaN
        return np.nanmean(zp.reshape(units, -1, k), axis=2)


def _log10(z: np.ndarray, lo: float) -> np.ndarray:
    """log10 |z| clipped below at ``lo`` (so exact zeros and vanished values take the lowest colour);
    NaN (inf/NaN gradients) stays NaN and shows the MISSING background."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.log10(np.abs(z))
    return np.where(np.isnan(z), np.nan, np.maximum(out, lo))


def _heatmap(z: np.ndarray, k: int, ax, layer: int, d: int, scale: str, lang: str) -> dict:
    where = text(lang, f"grad.fig.direction_{d}")
    key = "grad.fig.hover_log" if scale == "log" else "grad.fig.hover"
    hover = text(lang, key, layer=layer, where=where, k=k) + (text(lang, "grad.fig.hover_block", k=k) if k > 1 else "")
    return dict(type="heatmap", z=np.ascontiguousarray(z, dtype=np.float64), x=np.arange(0, z.shape[1] * k, k),
                y=np.arange(z.shape[0]), xaxis=ax.x, yaxis=ax.y, coloraxis="coloraxis",
                hovertemplate=hover + "<extra></extra>")  # fmt: skip


def _coloraxis(panels, scale: str, lang: str) -> dict:
    """One colour axis for all panels, from the finite values."""
    vals = np.concatenate([np.abs(p[np.isfinite(p)]) for p in panels])
    top = float(vals.max()) if vals.size else 0.0
    bar = dict(thickness=12, len=0.6, title=dict(text=text(lang, f"grad.fig.colour_{scale}"), side="right"))
    if scale == "signed":
        m = style.nice_ceiling(top) if top > 0 else 1.0
        return dict(colorscale=style.DIVERGING, cmin=-m, cmax=m, colorbar=bar)
    if scale == "abs":
        return dict(
            colorscale=style.SEQUENTIAL, cmin=0.0, cmax=style.nice_ceiling(top) if top > 0 else 1.0, colorbar=bar
        )
    pos = vals[vals > 0]
    hi = math.ceil(math.log10(pos.max())) if pos.size else 0
    lo = max(math.floor(math.log10(pos.min())), hi - LOG_DECADES) if pos.size else hi - 1
    lo = min(lo, hi - 1)
    ticks = list(range(lo, hi + 1, max(1, math.ceil((hi - lo) / 6))))
    bar |= dict(tickvals=ticks, ticktext=[f"1e{v}" for v in ticks])
    return dict(colorscale=style.SEQUENTIAL, cmin=lo, cmax=hi, colorbar=bar)


# --- curves ----------------------------------------------------------------------------------------
def gradient_norm_curve(
    g: Gradients, batch: int = 0, t: int | None = None, lang: str = "en", lesson: bool = False
) -> go.Figure:
    """||dL/dh_t||_2 against t on a log scale: one line per layer (dash) and direction (colour).

    Zero norms are left out of the line (a log axis cannot show them); inf/NaN norms are marked with
    an x above the lines.
    """
    tr = g.trace
    x = np.arange(tr.seq_len)
    curves = {(layer, d): (x, g.norms(layer, d)[:, batch].numpy()) for layer in range(tr.num_layers)
              for d in range(tr.num_directions)}  # fmt: skip
    data = _curves(curves, lang, "grad.fig.hover_norm")
    return figure(data, _curve_layout(curves, tr.seq_len, t, lang, lesson, "grad.fig.norm_title", "grad.fig.axis_norm"))


def jacobian_norm_curve(
    g: Gradients, batch: int = 0, t: int | None = None, lang: str = "en", lesson: bool = False,
    norms: Mapping[tuple[int, int], np.ndarray] | None = None, every: int = 1,
) -> go.Figure:  # fmt: skip
    """||dh_T/dh_t||_2 against t on a log scale (T: each direction's last step), one line per layer and
    direction, and dotted the bound sigma_max(W_hh)^|T-t| for each (|f'| <= 1 for tanh and relu), always
    drawn.

    ``norms[(layer, d)]`` may hold precomputed ``g.jacobian_norms(layer, d, batch, every)`` arrays ``[L]``;
    with ``every`` > 1 the lines join the computed steps only (T, T-every, ...).
    """
    tr = g.trace
    L, keys = tr.seq_len, [(layer, d) for layer in range(tr.num_layers) for d in range(tr.num_directions)]
    curves = {}
    for layer, d in keys:
        y = np.asarray(norms[layer, d] if norms is not None else g.jacobian_norms(layer, d, batch, every).numpy())
        x = np.arange(L)[::every] if d == 1 else np.arange(L)[::-1][::every][::-1]  # the computed steps
        curves[layer, d] = (x, y[x])
    data = _curves(curves, lang, "grad.fig.hover_jac")
    for layer, d in sorted(keys, key=lambda k: (-k[0], k[1])):  # the lines' order: last layer first
        steps = np.arange(L) if d == 1 else (L - 1 - np.arange(L))  # |T - t|
        with np.errstate(over="ignore"):
            bound = np.power(g.spectrum(layer, d)[1], steps.astype(np.float64))
        line = _line(np.arange(L), bound, layer, d, lang, "grad.fig.hover_bound", bound=True)
        data.append(line | dict(visible=True))  # the caption promises them: drawn, not hidden behind the legend
    return figure(data, _curve_layout(curves, L, t, lang, lesson, "grad.fig.jac_title", "grad.fig.axis_jac"))


Curves = Mapping[tuple[int, int], tuple[np.ndarray, np.ndarray]]  # (layer, direction) -> (t, value)


def _curves(curves: Curves, lang: str, hover_key: str) -> list[dict]:
    """One line per (layer, direction), last layer first; x markers above them where a value is inf/NaN."""
    finite = _positive(curves)
    top = float(finite.max()) * 10 if finite.size else 1.0
    data = []
    for i, ((layer, d), (x, y)) in enumerate(sorted(curves.items(), key=lambda kv: (-kv[0][0], kv[0][1]))):
        y = np.asarray(y, dtype=np.float64)
        data.append(_line(x, y, layer, d, lang, hover_key))
        bad = x[~np.isfinite(y)]
        if bad.size:
            data.append(dict(
                type="scatter", x=bad, y=np.full(bad.size, top * 1.8**i),  # staggered: the marks don't hide each other
                mode="markers", showlegend=False, legendgroup=f"{layer}-{d}",
                marker=dict(symbol="x-thin", size=9, line=dict(width=2, color=style.DIRECTION_COLOURS[d])),
                hovertemplate=text(lang, "grad.fig.hover_nonfinite", layer=layer, arrow=style.DIRECTION_ARROWS[d])
                + "<extra></extra>",
            ))  # fmt: skip
    return data


def _positive(curves: Curves) -> np.ndarray:
    """Every finite, positive value of the curves (what a log axis can show)."""
    ys = [np.asarray(y, dtype=np.float64) for _, y in curves.values()]
    return np.concatenate([y[np.isfinite(y) & (y > 0)] for y in ys])


def _line(x, y, layer: int, d: int, lang: str, hover_key: str, bound: bool = False) -> dict:
    y = np.where(np.isfinite(y) & (y > 0), y, np.nan)
    arrow = style.DIRECTION_ARROWS[d]
    name = text(lang, "grad.fig.bound_name" if bound else "grad.fig.line_name", layer=layer, arrow=arrow)
    return dict(
        type="scatter", x=np.asarray(x), y=y, mode="lines" if bound or y.size > 40 else "lines+markers", name=name,
        line=dict(color=style.DIRECTION_COLOURS[d], dash="dot" if bound else LAYER_DASHES[layer % 6],
                  width=1.2 if bound else 2.4),
        opacity=0.6 if bound else 1.0, legendgroup=f"{layer}-{d}",
        hovertemplate=text(lang, hover_key, layer=layer, arrow=arrow) + "<extra></extra>",
    )  # fmt: skip


def _curve_layout(curves, L: int, t: int | None, lang: str, lesson: bool, title: str, y_title: str) -> dict:
    finite = _positive(curves)
    decades = math.log10(finite.max()) - math.log10(finite.min()) if finite.size else 0.0  # no overflow
    layout = plain_layout(lesson) | dict(
        title=dict(text=text(lang, title)), height=420, showlegend=True, legend=dict(orientation="v", x=1.02, y=1),
        xaxis=dict(title=dict(text=text(lang, "grad.fig.axis_time")), range=[-0.5, L - 0.5], dtick=_dtick(L),
                   gridcolor=style.GRID, zeroline=False),
        yaxis=dict(title=dict(text=text(lang, y_title)), type="log", exponentformat="power", gridcolor=style.GRID),
    )  # fmt: skip
    if decades > 3:
        layout["yaxis"]["dtick"] = max(1, round(decades / 8))  # whole decades, about 8 labels
    if t is not None:
        layout["shapes"] = [dict(type="line", xref="x", yref="y domain", x0=t, x1=t, y0=0, y1=1,
                                 line=dict(color=style.HIGHLIGHT, width=2, dash="dash"))]  # fmt: skip
    return layout


def _mark_step(layout: dict, grid: Grid, t: int | None, lang: str) -> None:
    """The current step outlined in every panel, and "t = ..." above the titles."""
    if t is None:
        return
    for r in range(grid.rows):
        for c in range(grid.cols):
            ax = grid.axis(r, c)
            layout["shapes"].append(dict(type="rect", xref=ax.x, yref=f"{ax.y} domain", x0=t - 0.5, x1=t + 0.5, y0=0,
                                         y1=1, line=dict(color=style.HIGHLIGHT, width=3),
                                         fillcolor="rgba(0,0,0,0)"))  # fmt: skip
    layout["annotations"].append(_top_note(text(lang, "grad.fig.step_marker", t=t), 1.0, "right", style.HIGHLIGHT))


def _dtick(n: int) -> int:
    return 1 if n <= 20 else max(1, round(n / 10))
