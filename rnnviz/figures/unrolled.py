"""The unrolled network: one box per RNN cell (layer, direction, t), with every connection drawn.

``unrolled_figure(trace, t, batch, lang, lesson)``: columns are time steps, rows are (bottom to top) the
inputs x_t, then for every layer its forward row, its reverse row and the concat [h_t→ ; h_t←] the next
layer reads (the last layer's concat is output[t]). Each cell box shows its h_t as a small strip on the
hidden-state colour scale. Arrows: the recurrence (left to right forward, right to left reverse), h0 in and
h_n out at the ends of every row, and the vertical flow x_t -> layer 0 -> concat -> layer 1 ... The band
behind a row marks the cells that share one weight_ih / weight_hh; the current step's column is
highlighted; long sequences collapse their middle steps into an ellipsis column.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from rnnviz import style
from rnnviz.figures import _shapes as sh
from rnnviz.figures.concat import style_colourbar
from rnnviz.figures.heatmaps import base_layout, shared_range
from rnnviz.i18n import text
from rnnviz.trace import Trace

MOST_COLUMNS = 9  # longer sequences collapse their middle steps
TARGET_PX = 820  # the width the figure is laid out for (the app's main column at 1280 px)
LESSON_TARGET_PX = 1180  # lesson mode and exports: a 1280 x 720 slide
COLUMN_PX = (48, 150)  # the narrowest and widest column
STAGGER = 0.16  # columns: forward boxes sit left of the column centre, reverse boxes right (arrows pass by)
BOX_W = 0.44  # columns
CELL_H, X_H, CAT_H, GAP = 30, 24, 16, 34  # px at style.FONT_SIZE (scaled with the font): a cell box, an x_t
# box, a concat node, the least space between rows
LABEL_PAD = 8  # px: the least space between two row labels, one above the other
END_PX = 46  # px: the h0 / h_n arrows at the ends of a row
COLOURBAR_PX = 200  # the colour bar at the top right, with its ticks


@dataclass(frozen=True)
class Row:
    """One row of the diagram: what it holds and where (y of its centre, px from the bottom)."""

    kind: str  # "x" | "cell" | "concat"
    layer: int  # -1 for x
    direction: int  # 0 / 1 for cells; -1 otherwise
    y: float
    height: float

    @property
    def offset(self) -> float:
        """Horizontal shift of the boxes from the column centre (columns)."""
        return {0: -STAGGER, 1: STAGGER}.get(self.direction, 0.0) if self.kind == "cell" else 0.0


def row_kinds(trace: Trace) -> list[tuple[str, int, int]]:
    """(kind, layer, direction) of the rows bottom to top: x, then per layer forward, [reverse, concat]."""
    kinds = [("x", -1, -1)]
    for layer in range(trace.num_layers):
        kinds += [("cell", layer, d) for d in range(trace.num_directions)]
        if trace.bidirectional:
            kinds.append(("concat", layer, -1))
    return kinds


def layout_rows(trace: Trace, scale: float = 1.0, label_heights: list[float] | None = None) -> list[Row]:
    """The rows bottom to top, sizes ``scale`` x the base px; neighbouring rows are at least GAP apart and
    far enough for their labels (``label_heights``, px, centred on the rows) to keep LABEL_PAD between them."""
    kinds = row_kinds(trace)
    labels = label_heights or [0.0] * len(kinds)
    size = {"x": X_H, "cell": CELL_H, "concat": CAT_H}
    rows: list[Row] = []
    for (kind, layer, d), lab in zip(kinds, labels):
        h = size[kind] * scale
        if not rows:
            rows.append(Row(kind, layer, d, h / 2, h))
            continue
        below, lab_below = rows[-1], labels[len(rows) - 1]
        pitch = max(below.height / 2 + GAP * scale + h / 2, (lab_below + lab) / 2 + LABEL_PAD)
        rows.append(Row(kind, layer, d, below.y + pitch, h))
    return rows


def unrolled_figure(trace: Trace, t: int = 0, batch: int = 0, lang: str = "en", lesson: bool = False) -> go.Figure:
    """The unrolled network of ``trace`` for batch element ``batch`` with step ``t`` highlighted."""
    t = min(max(int(t), 0), trace.seq_len - 1)
    if not 0 <= batch < trace.batch_size:
        raise ValueError(f"batch must be in 0..{trace.batch_size - 1}, got {batch}")
    return _Unrolled(trace, t, batch, lang, lesson).figure()


class _Unrolled:
    """Builds the figure on one axis: x in columns (one per visible step), y in px from the bottom."""

    def __init__(self, trace: Trace, t: int, batch: int, lang: str, lesson: bool):
        self.trace, self.t, self.b, self.lang, self.lesson = trace, t, batch, lang, lesson
        self.D, self.H, self.L = trace.num_directions, trace.hidden_size, trace.seq_len
        self.steps = sh.visible_steps(self.L, t, MOST_COLUMNS)
        self.n = len(self.steps)
        self.col_px = float(np.clip((TARGET_PX - LEFT_PX - RIGHT_PX - 40) / self.n, 48, 150))
        self.rows = layout_rows(trace)
        self.font = style.LESSON_FONT_SIZE if lesson else style.FONT_SIZE
        self.data: list[dict] = []
        self.shapes: list[dict] = []
        self.notes: list[dict] = []
        self.lo, self.hi = shared_range(trace)

    def tr(self, key: str, **kw) -> str:
        return text(self.lang, key, **kw)

    def cx(self, px: float) -> float:
        return px / self.col_px

    @property
    def columns(self) -> list[tuple[int, int]]:
        """(column index, step) of the drawn steps."""
        return [(i, s) for i, s in enumerate(self.steps) if s is not None]

    # --- assembly ------------------------------------------------------------------------------------
    def figure(self) -> go.Figure:
        top = self.rows[-1].y + self.rows[-1].height / 2
        self._current_column(top)
        for row in self.rows:
            if row.kind == "cell":
                self._same_w_band(row)
        for row in self.rows:
            {"x": self._inputs, "cell": self._cells, "concat": self._concats}[row.kind](row)
        self._vertical_arrows()
        self._output_arrows(top)
        self._ellipses()
        return self._layout(top)

    def _layout(self, top: float) -> go.Figure:
        x0, x1 = -0.5 - self.cx(LEFT_PX), self.n - 0.5 + self.cx(RIGHT_PX)
        y0, y1 = -30.0, top + 70
        layout = base_layout(self.lesson)
        title = self.tr("diag.unrolled.title", L=self.L, layers=self.trace.num_layers, b=self.b)
        legend = self.tr("diag.unrolled.legend_bi" if self.D == 2 else "diag.unrolled.legend_uni")
        self.notes.append(
            dict(
                text=legend,
                x=0,
                y=1,
                xref="paper",
                yref="paper",
                xanchor="left",
                yanchor="bottom",
                yshift=4,
                showarrow=False,
                font=dict(size=self.font - 1, color=style.MUTED),
                name="legend",
                align="left",
            )
        )
        layout |= dict(
            xaxis=sh.hidden_axis([x0, x1]),
            yaxis=sh.hidden_axis([y0, y1]),
            width=int((x1 - x0) * self.col_px + 40),
            height=int(y1 - y0 + 110),
            margin=dict(l=20, r=20, t=106, b=10),
            hovermode="closest",
            title=dict(text=f"<b>{title}</b>", x=0.01, xanchor="left", font=dict(size=self.font + 3)),
            shapes=self.shapes,
            annotations=self.notes,
            coloraxis=dict(
                colorscale=style.colourscale(self.trace.nonlinearity),
                cmin=self.lo,
                cmax=self.hi,
                colorbar=style_colourbar("h_t"),
            ),
        )
        return go.Figure(data=self.data, layout=layout)

    # --- rows ----------------------------------------------------------------------------------------
    def _box_x(self, i: int, row: Row, width: float = BOX_W) -> tuple[float, float]:
        c = i + row.offset
        return c - width / 2, c + width / 2

    def _inputs(self, row: Row) -> None:
        """x_t boxes along the bottom (input values in the hover), 't = ...' under them."""
        x = self.trace.layer_inputs[0][:, self.b, :].double().numpy()  # [L, input_size]
        for i, s in self.columns:
            x0, x1 = self._box_x(i, row, 0.4)
            hover = self.tr("diag.unrolled.hover_x", t=s, values=sh.fmt_vector(x[s]), n=x.shape[1])
            self.shapes.append(
                sh.box(
                    x0,
                    row.y - row.height / 2,
                    x1,
                    row.y + row.height / 2,
                    style.INPUT,
                    width=1.5,
                    fill="#f2f2f2",
                    role="input_box",
                )
            )
            self.notes.append(
                sh.label(i, row.y, f"x<sub>{s}</sub>", colour=style.INPUT, role="input_label", hover=hover)
            )
            now = s == self.t
            self.notes.append(
                sh.label(
                    i,
                    row.y - row.height / 2,
                    f"t = {s}",
                    yanchor="top",
                    yshift=-3,
                    colour=style.HIGHLIGHT if now else style.MUTED,
                    bold=now,
                    size=self.font - 1,
                    role="step_label",
                )
            )
        self._row_label(row, self.tr("diag.unrolled.row_x", n=self.trace.input_size), "")

    def _cells(self, row: Row) -> None:
        """One box per step with its h_t as a strip; the recurrence arrows; h0 in and h_n out at the ends."""
        layer, d = row.layer, row.direction
        colour = style.DIRECTION_COLOURS[d]
        h = self.trace.hidden(layer, d)[:, self.b, :].double().numpy()  # [L, H]
        where = self.tr(f"diag.dir.{d}")
        hover = lambda s, j, v: self.tr("diag.unrolled.hover_cell", layer=layer, where=where, t=s, j=j, v=v)
        self._strip_row(row, h, hover, f"cells:l{layer}:d{d}")
        for i, _ in self.columns:
            x0, x1 = self._box_x(i, row)
            self.shapes.append(
                sh.box(
                    x0, row.y - row.height / 2, x1, row.y + row.height / 2, colour, width=2, role=f"cell:l{layer}:d{d}"
                )
            )
        self._recurrence(row, colour)
        self._ends(row, colour)
        names = self.trace.weight_names(layer, d)
        self._row_label(
            row,
            f"{self.tr('diag.unrolled.row_cell', layer=layer)} {self.tr(f'diag.dir.{d}')}",
            f"{names['W_ih']}<br>{names['W_hh']}",
            colour,
        )

    def _concats(self, row: Row) -> None:
        """The concat [h_t→ ; h_t←] of a layer at every step: the next layer's input (or output[t])."""
        out = self.trace.layer_outputs[row.layer][:, self.b, :].double().numpy()  # [L, 2H]
        hover = lambda s, j, v: self.tr(
            "diag.unrolled.hover_concat", layer=row.layer, t=s, j=j, v=v, where=self.tr(f"diag.dir.{j // self.H}")
        )
        self._strip_row(row, out, hover, f"concat:l{row.layer}", width=0.56)
        for i, _ in self.columns:
            x0, x1 = self._box_x(i, row, 0.56)
            mid = (x0 + x1) / 2
            for d, (a, b) in enumerate(((x0, mid), (mid, x1))):
                self.shapes.append(
                    sh.box(
                        a,
                        row.y - row.height / 2,
                        b,
                        row.y + row.height / 2,
                        style.DIRECTION_COLOURS[d],
                        width=1.5,
                        role=f"concat:l{row.layer}",
                    )
                )
        last = row.layer == self.trace.num_layers - 1
        key = "diag.unrolled.row_output" if last else "diag.unrolled.row_concat"
        self._row_label(
            row,
            self.tr(key, layer=row.layer, l1=row.layer + 1),
            f"[L, N, 2·H] = [{self.L}, {self.trace.batch_size}, {2 * self.H}]",
        )

    def _strip_row(self, row: Row, values: np.ndarray, hover, name: str, width: float = BOX_W) -> None:
        """One heatmap trace for the whole row: each drawn step's vector across its box, NaN in between."""
        k = values.shape[1]
        edges: list[float] = []
        z: list[float] = []
        texts: list[str] = []
        for i, s in self.columns:
            x0, x1 = self._box_x(i, row, width)
            if edges:  # the gap between two boxes is one NaN cell (transparent, no hover)
                z.append(np.nan)
                texts.append("")
            edges += list(np.linspace(x0, x1, k + 1))
            z += list(values[s])
            texts += [hover(s, j, float(v)) for j, v in enumerate(values[s])]
        inset = 3  # px inside the outline
        ys = np.array([row.y - row.height / 2 + inset, row.y + row.height / 2 - inset])
        self.data.append(
            dict(
                type="heatmap",
                z=np.array([z], dtype=np.float64),
                x=np.array(edges),
                y=ys,
                name=name,
                coloraxis="coloraxis",
                text=np.array([texts], dtype=object),
                hoverongaps=False,
                hovertemplate="%{text}<extra></extra>",
                xgap=1 if self.col_px * width / k > 8 else 0,
            )
        )

    def _recurrence(self, row: Row, colour: str) -> None:
        """h_{t-1} -> h_t: between neighbouring drawn steps (through the ellipsis when collapsed)."""
        y = row.y
        for i in range(self.n - 1):
            a, b = i, i + 1
            xa = self._box_x(a, row)[1] if self.steps[a] is not None else a + 0.18
            xb = self._box_x(b, row)[0] if self.steps[b] is not None else b - 0.18
            if row.direction == 1:  # right to left
                xa2 = self._box_x(b, row)[0] if self.steps[b] is not None else b - 0.18
                xb2 = self._box_x(a, row)[1] if self.steps[a] is not None else a + 0.18
                xa, xb = xa2, xb2
            self.notes.append(sh.arrow(xa, y, xb, y, colour, width=2, role=f"arrow:recurrence:{row.direction}"))

    def _ends(self, row: Row, colour: str) -> None:
        """h0 enters where the direction starts, h_n leaves where it ends."""
        k = row.layer * self.D + row.direction
        left_x = self._box_x(0, row)[0]
        right_x = self._box_x(self.n - 1, row)[1]
        far_l, far_r = left_x - self.cx(46), right_x + self.cx(46)
        h0, hn = f"h0[{k}]", f"h_n[{k}]"
        if row.direction == 0:
            self.notes.append(sh.arrow(far_l, row.y, left_x, row.y, colour, width=2, role="arrow:h0"))
            self.notes.append(sh.arrow(right_x, row.y, far_r, row.y, colour, width=2, role="arrow:h_n"))
            ends = ((far_l, h0, "right"), (far_r, hn, "left"))
        else:
            self.notes.append(sh.arrow(far_r, row.y, right_x, row.y, colour, width=2, role="arrow:h0"))
            self.notes.append(sh.arrow(left_x, row.y, far_l, row.y, colour, width=2, role="arrow:h_n"))
            ends = ((far_r, h0, "left"), (far_l, hn, "right"))
        for x, name, anchor in ends:
            self.notes.append(
                sh.label(
                    x,
                    row.y,
                    name,
                    colour=colour,
                    xanchor=anchor,
                    size=self.font - 1,
                    xshift=-3 if anchor == "right" else 3,
                    bold=name.startswith("h_n"),
                    role="h0_label" if name.startswith("h0") else "h_n_label",
                )
            )

    def _row_label(self, row: Row, title: str, sub: str, colour: str = style.TEXT) -> None:
        x = -0.5 - self.cx(LEFT_PX - 8)
        body = f"<b>{title}</b>" + (
            f"<br><span style='font-size:{self.font - 3}px;color:{style.MUTED}'>{sub}</span>" if sub else ""
        )
        self.notes.append(sh.label(x, row.y, body, colour=colour, xanchor="left", role="row_label"))

    def _same_w_band(self, row: Row) -> None:
        x0 = self._box_x(0, row)[0] - 0.05
        x1 = self._box_x(self.n - 1, row)[1] + 0.05
        self.shapes.append(
            sh.band(
                x0,
                row.y - row.height / 2 - 6,
                x1,
                row.y + row.height / 2 + 6,
                style.SAME_W,
                0.35,
                role=f"same_w:l{row.layer}:d{row.direction}",
            )
        )

    def _current_column(self, top: float) -> None:
        i = self.steps.index(self.t)
        self.shapes.append(
            dict(
                type="rect",
                x0=i - 0.47,
                x1=i + 0.47,
                y0=-24,
                y1=top + 60,
                xref="x",
                yref="y",
                layer="below",
                fillcolor=style.HIGHLIGHT,
                opacity=0.10,
                line=dict(width=0),
                name="current",
            )
        )
        self.shapes.append(
            sh.box(i - 0.47, -24, i + 0.47, top + 60, style.HIGHLIGHT, width=2, layer="below", role="current")
        )

    def _ellipses(self) -> None:
        for i, s in enumerate(self.steps):
            if s is None:
                for row in self.rows:
                    self.notes.append(sh.label(i, row.y, "…", size=self.font + 8, colour=style.MUTED, role="ellipsis"))

    # --- vertical flow -------------------------------------------------------------------------------
    def _vertical_arrows(self) -> None:
        """Each row feeds the rows above it: x_t / the concat below -> both cells; cells -> their concat."""
        for i, _ in self.columns:
            for src, dst in self._edges():
                xs = self._vx(i, src, dst)
                self.notes.append(
                    sh.arrow(
                        xs,
                        src.y + src.height / 2,
                        xs,
                        dst.y - dst.height / 2,
                        style.MUTED,
                        width=1.5,
                        role=f"arrow:up:{src.kind}->{dst.kind}",
                    )
                )

    def _edges(self) -> list[tuple[Row, Row]]:
        """(source row, destination row) pairs of the vertical flow."""
        cells = {(r.layer, r.direction): r for r in self.rows if r.kind == "cell"}
        concats = {r.layer: r for r in self.rows if r.kind == "concat"}
        edges = []
        for layer in range(self.trace.num_layers):
            if layer == 0:
                src = [self.rows[0]]
            elif self.D == 2:
                src = [concats[layer - 1]]
            else:
                src = [cells[(layer - 1, 0)]]
            for d in range(self.D):
                edges += [(s, cells[(layer, d)]) for s in src]
                if self.D == 2:
                    edges.append((cells[(layer, d)], concats[layer]))
        return edges

    def _vx(self, i: int, src: Row, dst: Row) -> float:
        """x of a vertical arrow: under the destination cell, or over the source cell into a concat."""
        if dst.kind == "cell":
            return i + dst.offset
        return i + src.offset

    def _output_arrows(self, top: float) -> None:
        """The top row leaves the network as output[t] (every label when there is room, else the current one)."""
        row = self.rows[-1]
        roomy = self.col_px >= 84
        for i, s in self.columns:
            x = i + row.offset
            self.notes.append(sh.arrow(x, top, x, top + 20, style.TEXT, width=1.5, role="arrow:output"))
            if roomy or s == self.t:
                colour = style.HIGHLIGHT if s == self.t else style.TEXT
                label = sh.label(
                    x,
                    top + 22,
                    f"output[{s}]",
                    yanchor="bottom",
                    size=self.font - 1,
                    colour=colour,
                    role="output_label",
                )
                self.notes.append(label)
