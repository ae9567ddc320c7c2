"""Hidden-state heatmaps: one panel per layer and direction (time on x, unit 0 at the top), and each layer's output.

``hidden_heatmaps`` lays every panel out as the network is; ``hidden_heatmap`` draws one of them alone.
"""

from __future__ import annotations

import copy
import functools
import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from rnnviz import style
from rnnviz.figures.base import Axes, figure, plain_layout, plot_char
from rnnviz.i18n import text
from rnnviz.trace import Trace

CELL_BUDGET = 60_000  # most cells drawn in one figure; past it, time is averaged in blocks (announced)
FIGURE_PX = 820  # about how wide the dashboard shows a figure (a slide's width in lesson mode)
MARGIN_TOP = 32  # room for the top panel's title only
MARGIN_BOTTOM = {False: 88, True: 104}  # tick labels, the x-axis title and, below it, the step-t legend
STEP_MARKER_SHIFT = {False: -58, True: -72}  # px below the plot area: under the x-axis title, never on it
TOKEN_LINE = {False: 16, True: 22}  # px: the second line of a time tick, the token read at that step


def time_block(trace: Trace, budget: int = CELL_BUDGET, panels: int | None = None) -> int:
    """How many time steps are averaged into one column so ``panels`` panels (default: every layer and
    direction) fit ``budget`` cells (1 = none)."""
    panels = trace.num_layers * trace.num_directions if panels is None else panels
    return max(1, math.ceil(trace.seq_len * panels * trace.hidden_size / budget))


def shared_range(trace: Trace) -> tuple[float, float]:
    """The colour range of every hidden-state panel of ``trace`` (style.value_range)."""
    tops = [np.abs(h[np.isfinite(h)]) for h in (o.numpy() for o in trace.layer_outputs)]
    top = max((float(a.max()) for a in tops if a.size), default=1.0)
    return style.value_range(trace.nonlinearity, top)


def hidden_heatmaps(
    trace: Trace,
    batch: int = 0,
    t: int | None = None,
    lang: str = "en",
    lesson: bool = False,
    budget: int = CELL_BUDGET,
    tokens: Sequence[str] | None = None,
) -> go.Figure:
    """h_t of batch element ``batch`` for every layer (rows, last layer on top) and direction (columns).

    The reverse direction's panels say they are computed right to left (title and arrow); step ``t`` is
    outlined in every panel; one colour axis (style.value_range) is shared by all panels. ``tokens``: what
    a char model read at each step (one per step), written under each time tick.
    """
    rows = [[(layer, d) for d in range(trace.num_directions)] for layer in reversed(range(trace.num_layers))]
    return _hidden_panels(trace, rows, batch, t, lang, lesson, budget, tokens)


def hidden_heatmap(
    trace: Trace,
    layer: int,
    direction: int,
    batch: int = 0,
    t: int | None = 0,
    lang: str = "en",
    lesson: bool = False,
    budget: int = CELL_BUDGET,
    tokens: Sequence[str] | None = None,
) -> go.Figure:
    """One panel of hidden_heatmaps: h_t of one layer and direction, on the same colour scale as the grid
    (so single panels of one trace compare), its title, the reverse arrow and the step box."""
    trace.hidden(layer, direction)  # raises ValueError naming the allowed layer / direction
    return _hidden_panels(trace, [[(layer, direction)]], batch, t, lang, lesson, budget, tokens)


def _hidden_panels(
    trace: Trace, rows: list[list[tuple[int, int]]], batch, t, lang, lesson, budget, tokens
) -> go.Figure:
    """Panels of h_t laid out as ``rows`` of (layer, direction), row 0 on top."""
    L, H, cols = trace.seq_len, trace.hidden_size, len(rows[0])
    k = time_block(trace, budget, panels=len(rows) * cols)
    grid = Grid(rows=len(rows), cols=cols, hgap=0.07, vgap=_vgap(len(rows), H, lesson))
    data, annotations = [], []
    for r, row in enumerate(rows):
        for c, (layer, d) in enumerate(row):
            z = trace.hidden(layer, d)[:, batch, :].numpy().T  # [H, L]
            size = _cell_text(L, cols, H, len(rows), lesson)
            data.append(_heatmap(z, k, grid.axis(r, c), layer, d, lang, size))
            annotations.append(grid.title(r, c, _panel_title(trace, layer, d, lang, batch)))
            if d == 1:
                annotations.append(_reverse_arrow(grid, r, c))
    kinds = [d for row in rows for _, d in row]
    layout = _layout(trace, grid, t, k, lang, lesson, "dash.fig.axis_unit", H, kinds, tokens)
    shapes, labels = _padding(trace, batch, [grid.axis(r, c) for r in range(len(rows)) for c in range(cols)], lang)
    layout["annotations"] = annotations + labels + layout["annotations"]
    layout["shapes"] = shapes + layout["shapes"]
    return figure(data, layout)


def hidden_step(
    trace: Trace, t: int, lang: str = "en", lesson: bool = False, tokens: Sequence[str] | None = None
) -> dict:
    """What hidden_heatmaps(trace, t=t) adds for step ``t`` to the figure of ``t=None``: ``shapes`` (the
    step box, the states not computed yet at t greyed) and ``annotations`` (the step legend). The app
    draws these over the step-free figure in the browser, so a step change does not redraw the charts."""
    rows = [[(layer, d) for d in range(trace.num_directions)] for layer in reversed(range(trace.num_layers))]
    grid = Grid(rows=len(rows), cols=len(rows[0]), hgap=0.07, vgap=_vgap(len(rows), trace.hidden_size, lesson))
    kinds = [d for row in rows for _, d in row]
    return step_layers(grid, kinds, t, trace.seq_len, trace.hidden_size, lang, lesson, tokens is not None)


def output_step(
    trace: Trace, t: int, lang: str = "en", lesson: bool = False, tokens: Sequence[str] | None = None
) -> dict:
    """What output_heatmaps(trace, t=t) adds for step ``t`` (see hidden_step)."""
    grid = _output_grid(trace, lesson)
    kinds = [OUTPUT_SPLIT if trace.num_directions == 2 else 0] * trace.num_layers
    return step_layers(grid, kinds, t, trace.seq_len, trace.hidden_size, lang, lesson, tokens is not None)


def output_heatmaps(
    trace: Trace,
    batch: int = 0,
    t: int | None = None,
    lang: str = "en",
    lesson: bool = False,
    budget: int = CELL_BUDGET,
    tokens: Sequence[str] | None = None,
) -> go.Figure:
    """Each layer's ``output`` ``[L, D*H]`` (the concat of its directions) for batch element ``batch``.

    The forward half (units 0..H-1) and the reverse half (H..2H-1) are separated by a line and labelled.
    ``tokens``: as hidden_heatmaps.
    """
    L, H, D, layers = trace.seq_len, trace.hidden_size, trace.num_directions, trace.num_layers
    k = time_block(trace, budget)
    grid = _output_grid(trace, lesson)
    data, annotations, shapes = [], [], []
    for row, layer in enumerate(reversed(range(layers))):
        ax = grid.axis(row, 0)
        z = trace.layer_outputs[layer][:, batch, :].numpy().T  # [D*H, L]
        data.append(_heatmap(z, k, ax, layer, None, lang, _cell_text(L, 1, D * H, layers, lesson)))
        key = "dash.fig.output_title" if D == 2 else "dash.fig.output_title_uni"
        title = text(lang, key, layer=layer, DH=D * H)
        annotations.append(grid.title(row, 0, f"<b>{title}</b>"))
        if D == 2:
            shapes.append(_split_line(ax, H))
            annotations += [_half_label(ax, d, H, lang, 16 if lesson else 13) for d in range(2)]
    kinds = [OUTPUT_SPLIT if D == 2 else 0] * layers
    layout = _layout(trace, grid, t, k, lang, lesson, "dash.fig.axis_output_unit", D * H, kinds, tokens)
    padding, labels = _padding(trace, batch, [grid.axis(row, 0) for row in range(layers)], lang)
    layout["annotations"] = annotations + labels + layout["annotations"]
    layout["shapes"] = shapes + padding + layout["shapes"]
    return figure(data, layout)


def _output_grid(trace: Trace, lesson: bool) -> Grid:
    layers, D, H = trace.num_layers, trace.num_directions, trace.hidden_size
    return Grid(rows=layers, cols=1, hgap=0.0, vgap=_vgap(layers, D * H, lesson), right=0.9 if D == 2 else 1.0)


# --- a subplot grid without make_subplots (which is slow) -------------------------------------------
class Grid:
    """rows x cols panels in paper coordinates; row 0 is the top row."""

    def __init__(self, rows: int, cols: int, hgap: float, vgap: float, right: float = 1.0):
        self.rows, self.cols, self.hgap, self.vgap, self.right = rows, cols, hgap, vgap, right
        self.w = (right - hgap * (cols - 1)) / cols
        self.h = (1 - vgap * (rows - 1)) / rows

    def axis(self, row: int, col: int) -> Axes:
        return Axes(row * self.cols + col + 1)

    def domain(self, row: int, col: int) -> tuple[list[float], list[float]]:
        x0 = col * (self.w + self.hgap)
        y1 = 1 - row * (self.h + self.vgap)
        return [x0, x0 + self.w], [max(0.0, y1 - self.h), y1]

    def title(self, row: int, col: int, label: str) -> dict:
        (x0, x1), (_, y1) = self.domain(row, col)
        return dict(
            text=label,
            x=(x0 + x1) / 2,
            y=y1,
            xref="paper",
            yref="paper",
            yshift=4,
            xanchor="center",
            yanchor="bottom",
            showarrow=False,
        )

    def axes_layout(self, share_y_title: str, x_title: str, units: int, L: int, tokens=None) -> dict:
        out = {}
        ticks = time_ticks(L, tokens)
        for r in range(self.rows):
            for c in range(self.cols):
                ax = self.axis(r, c)
                xd, yd = self.domain(r, c)
                bottom = r == self.rows - 1
                out[ax.xkey] = dict(
                    domain=xd,
                    anchor=ax.y,
                    range=[-0.5, L - 0.5],
                    showgrid=False,
                    zeroline=False,
                    showticklabels=bottom,
                    ticks="outside" if bottom else "",
                    title=dict(text=x_title if bottom else ""),
                    **ticks,
                )
                out[ax.ykey] = dict(
                    domain=yd,
                    anchor=ax.x,
                    range=[units - 0.5, -0.5],  # unit 0 on top, as PyTorch prints a tensor
                    showgrid=False,
                    zeroline=False,
                    dtick=_dtick(units),
                    title=dict(text=share_y_title if c == 0 else ""),
                )
        return out


# --- pieces --------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=2)
def _base_layout(lesson: bool) -> dict:
    layout = style.base_layout(lesson=lesson).to_plotly_json()
    layout.pop("template", None)
    return layout


def base_layout(lesson: bool = False) -> dict:
    """style.base_layout as a plain dict with the full template as an object (for validated figures)."""
    return copy.deepcopy(_base_layout(lesson)) | {"template": pio.templates["plotly_white"]}


def _layout(trace: Trace, grid: Grid, t, k, lang, lesson, unit_key, units, kinds, tokens) -> dict:
    lo, hi = shared_range(trace)
    x_title = text(lang, "dash.fig.axis_time") + (text(lang, "dash.fig.axis_time_block", k=k) if k > 1 else "")
    if tokens is not None:
        x_title += text(
            lang, "dash.fig.axis_time_chars" if all(len(s) == 1 for s in tokens) else "dash.fig.axis_time_tokens"
        )
    extra = TOKEN_LINE[lesson] if tokens is not None else 0  # the ticks' second line: the plot area keeps its size
    layout = plain_layout(lesson)
    layout |= grid.axes_layout(text(lang, unit_key), x_title, units, trace.seq_len, tokens)
    layout |= dict(
        coloraxis=dict(
            colorscale=style.colourscale(trace.nonlinearity),
            cmin=lo,
            cmax=hi,
            colorbar=dict(title=dict(text="h_t", side="top"), thickness=12, len=min(1.0, 0.9 / grid.rows + 0.3), y=0.5),
        ),
        height=_height(grid.rows, units, lesson) + extra,
        margin=dict(l=84 if lesson else 70, r=30, t=MARGIN_TOP, b=MARGIN_BOTTOM[lesson] + extra),
        annotations=[],
        shapes=[],
    )
    if t is not None:
        layout |= step_layers(grid, kinds, t, trace.seq_len, trace.hidden_size, lang, lesson, tokens is not None)
    return layout


def time_ticks(L: int, tokens: Sequence[str] | None = None) -> dict:
    """The x-axis ticks of a time axis of ``L`` steps: every _dtick(L)-th step; with ``tokens`` (one per
    step: what a char model read), each tick says the step and, under it, its token (whitespace made
    visible, HTML escaped: the text is the user's)."""
    if tokens is None:
        return dict(dtick=_dtick(L))
    if len(tokens) != L:
        raise ValueError(f"tokens: one per time step, so {L}, got {len(tokens)}")
    steps = list(range(0, L, _dtick(L)))
    return dict(tickmode="array", tickvals=steps, ticktext=[f"{t}<br>{plot_char(tokens[t])}" for t in steps])


def step_layers(
    grid: Grid, kinds: list, t: int, L: int, H: int, lang: str, lesson: bool, token_line: bool = False
) -> dict:
    """The shapes and annotations of step ``t`` over ``grid``'s panels (row-major), each panel of kind 0
    (forward), 1 (reverse) or OUTPUT_SPLIT (a layer's output: forward units 0..H-1, reverse H..2H-1).
    ``token_line``: the time ticks have a second line (time_ticks), so the step legend sits that much lower.

    In every panel the states not computed yet at step t are greyed: the forward direction runs
    0 -> t, the reverse direction L-1 -> t (it starts at the last step). Then the step box at t."""
    panels = [grid.axis(r, c) for r in range(grid.rows) for c in range(grid.cols)]
    greyed = [g for ax, kind in zip(panels, kinds, strict=True) for g in _not_yet(ax, kind, t, L, H)]
    marker = dict(
        text=text(lang, "dash.fig.step_marker", t=t),
        xref="paper",
        yref="paper",
        x=grid.right,
        y=0,
        yshift=STEP_MARKER_SHIFT[lesson] - (TOKEN_LINE[lesson] if token_line else 0),
        xanchor="right",
        yanchor="top",
        showarrow=False,
        font=dict(color=style.HIGHLIGHT),
    )
    return {"shapes": greyed + [_step_box(ax, t) for ax in panels], "annotations": [marker]}


OUTPUT_SPLIT = "split"  # a panel kind: a layer's output, forward half below the reverse half


def _not_yet(ax: Axes, kind, t: int, L: int, H: int) -> list[dict]:
    """Grey rectangles over the states of one panel that are not computed yet at step t."""
    rows = {0: [(0, None)], 1: [(1, None)], OUTPUT_SPLIT: [(0, (-0.5, H - 0.5)), (1, (H - 0.5, 2 * H - 0.5))]}[kind]
    out = []
    for d, band in rows:
        x0, x1 = (t + 0.5, L - 0.5) if d == 0 else (-0.5, t - 0.5)
        if x1 <= x0:
            continue
        y = dict(yref=f"{ax.y} domain", y0=0, y1=1) if band is None else dict(yref=ax.y, y0=band[0], y1=band[1])
        out.append(
            dict(type="rect", xref=ax.x, x0=x0, x1=x1, **y, line=dict(width=0), fillcolor=style.NOT_YET, layer="above")
        )
    return out


def padding_start(trace: Trace, batch: int) -> int | None:
    """The first padded step of sequence ``batch`` (its length), or None when it has all seq_len steps."""
    if trace.lengths is None or int(trace.lengths[batch]) >= trace.seq_len:
        return None
    return int(trace.lengths[batch])


def _padding(trace: Trace, batch: int, panels: list[Axes], lang: str) -> tuple[list[dict], list[dict]]:
    """Over every panel, the steps past sequence ``batch``'s length: a dashed box and "padding (t >= n)"."""
    n = padding_start(trace, batch)
    if n is None:
        return [], []
    L, label = trace.seq_len, text(lang, "dash.fig.padding", n=n)
    shapes, labels = [], []
    for ax in panels:
        box = dict(type="rect", xref=ax.x, yref=f"{ax.y} domain", x0=n - 0.5, x1=L - 0.5, y0=0, y1=1)
        shapes.append(box | dict(fillcolor=style.PADDING, line=dict(color=style.PADDING_LINE, width=1.5, dash="dash")))
        labels.append(
            dict(text=label, x=(n + L - 1) / 2, xref=ax.x, y=0.5, yref=f"{ax.y} domain", showarrow=False,
                 textangle=-90 if L - n < 3 else 0, font=dict(color=style.TEXT))
        )  # fmt: skip
    return shapes, labels


def _panel_title(trace: Trace, layer: int, d: int, lang: str, batch: int = 0) -> str:
    """The panel's layer and direction; the reverse direction starts at sequence ``batch``'s last step."""
    key = "dash.fig.panel_reverse" if d == 1 else "dash.fig.panel_forward"
    last = trace.seq_len - 1 if trace.lengths is None else int(trace.lengths[batch]) - 1
    label = text(lang, key, layer=layer, last=last)
    return f"<span style='color:{style.DIRECTION_COLOURS[d]}'><b>{label}</b></span>"


def _reverse_arrow(grid: Grid, row: int, col: int) -> dict:
    """A purple arrow along the top edge of a reverse panel, pointing right to left."""
    ax = grid.axis(row, col)
    x, y = f"{ax.x} domain", f"{ax.y} domain"
    return dict(
        x=0.0,
        y=1.0,
        ax=1.0,
        ay=1.0,
        xref=x,
        yref=y,
        axref=x,
        ayref=y,
        showarrow=True,
        arrowhead=2,
        arrowsize=1,
        arrowwidth=2.5,
        arrowcolor=style.REVERSE,
        text="",
        opacity=0.8,
        standoff=0,
    )


def _heatmap(z: np.ndarray, k: int, ax: Axes, layer: int, d: int | None, lang: str, text_size: int | None) -> dict:
    """One panel. ``z`` is [units, L]; with k > 1 each column is the mean of k steps, centred on them.
    ``text_size``: the font size of the value printed in each cell, None for none."""
    units, L = z.shape
    x = np.arange(L, dtype=np.float64)
    if k > 1:
        pad = (-L) % k
        zp = np.pad(z.astype(np.float64), ((0, 0), (0, pad)), constant_values=np.nan)
        z = np.nanmean(zp.reshape(units, -1, k), axis=2)
        x = np.minimum(np.arange(0, L, k) + (k - 1) / 2, L - 1)
    where = text(lang, "dash.fig.hover_direction_" + ("output" if d is None else str(d)))
    hover = text(lang, "dash.fig.hover_block" if k > 1 else "dash.fig.hover", layer=layer, where=where, k=k)
    cell = dict(
        type="heatmap",
        z=np.ascontiguousarray(z, dtype=np.float64),
        x=x,
        y=np.arange(units),
        xaxis=ax.x,
        yaxis=ax.y,
        coloraxis="coloraxis",
        hovertemplate=hover + "<extra></extra>",
        name=f"layer {layer} " + ("output" if d is None else ("forward", "reverse")[d]),
    )
    if text_size:
        cell |= dict(texttemplate="%{z:.2f}", textfont=dict(size=text_size), xgap=1, ygap=1)
    return cell


def _split_line(ax: Axes, H: int) -> dict:
    """The line between the forward half (units 0..H-1) and the reverse half of a layer's output."""
    return dict(
        type="line",
        xref=f"{ax.x} domain",
        yref=ax.y,
        x0=0,
        x1=1,
        y0=H - 0.5,
        y1=H - 0.5,
        line=dict(color=style.TEXT, width=2),
    )


def _step_box(ax: Axes, t: int) -> dict:
    return dict(
        type="rect",
        xref=ax.x,
        yref=f"{ax.y} domain",
        x0=t - 0.5,
        x1=t + 0.5,
        y0=0,
        y1=1,
        line=dict(color=style.HIGHLIGHT, width=3),
        fillcolor="rgba(0,0,0,0)",
        layer="above",
    )


def _half_label(ax: Axes, d: int, H: int, lang: str, size: int) -> dict:
    return dict(
        text=text(lang, f"dash.fig.half_{d}"),
        x=1.0,
        xref=f"{ax.x} domain",
        y=d * H + (H - 1) / 2,
        yref=ax.y,
        xanchor="left",
        xshift=6,
        showarrow=False,
        font=dict(color=style.DIRECTION_COLOURS[d], size=size),
    )


def _cell_text(L: int, cols: int, units: int, rows: int, lesson: bool) -> int | None:
    """The font size of the values printed in cells ("-0.69"), or None for none: the largest size that
    fits a cell (about 3.4 em wide, 1.4 em tall) of a figure FIGURE_PX wide (a slide in lesson mode),
    as big as the figure's own font in lesson mode; never more than 10 units per panel."""
    width = style.SLIDE_SIZE[0] if lesson else FIGURE_PX
    cell_w = (width - 140) / cols / L
    cell_h = (_height(rows, units, lesson) - _margins(lesson) - 56 * (rows - 1)) / rows / units
    sizes = (style.LESSON_FONT_SIZE, 16, 14) if lesson else (13, 12)  # legible: >= 12 px, >= 14 px on a slide
    fits = [s for s in sizes if cell_w >= 3.4 * s and cell_h >= 1.4 * s]
    return fits[0] if fits and units <= 10 else None


def _margins(lesson: bool) -> int:
    return MARGIN_TOP + MARGIN_BOTTOM[lesson]


def _height(rows: int, units: int, lesson: bool) -> int:
    """The figure's height: a slide's in lesson mode (shown and exported at style.SLIDE_SIZE)."""
    if lesson:
        return style.SLIDE_SIZE[1]
    panel = int(min(260, max(120, 24 * units)))
    return _margins(lesson) + rows * (panel + 56) - 56


def _vgap(rows: int, units: int, lesson: bool) -> float:
    """About 56 px between panels (room for the next panel's title), as a fraction of the plot area."""
    return 56 / (_height(rows, units, lesson) - _margins(lesson)) if rows > 1 else 0.0


def _dtick(n: int) -> int:
    return 1 if n <= 16 else max(1, 5 * round(n / 50)) if n > 50 else max(1, round(n / 8))
