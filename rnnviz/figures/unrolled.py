"""The unrolled network: one box per RNN cell (layer, direction, t), with every connection drawn.

``unrolled_figure(trace, t, batch, lang, lesson)``: columns are time steps, rows are (bottom to top) the
inputs x_t, then for every layer its forward row, its reverse row and the concat [h_t→ ; h_t←] the next
layer reads (the last layer's concat is output[t], output[:, t] under batch_first). Each cell box shows its
h_t as a small strip on the hidden-state colour scale. Arrows: the recurrence (left to right forward, right
to left reverse), h0 in and h_n out at the ends of every row, and the vertical flow x_t -> layer 0 -> concat ->
layer 1 ... The band
behind a row marks the cells that share one weight_ih / weight_hh; the current step's column is
highlighted; long sequences collapse their middle steps into an ellipsis column. An nn.LSTM's boxes hold two
lanes: h_t on top (it goes up to the next layer) and c_t below it, with its own recurrence c_{t-1} -> c_t
(reverse: c_{t+1} -> c_t), c0 in and c_n out, on a symmetric colour scale of its own (coloraxis2).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from rnnviz import notation as nt
from rnnviz import style
from rnnviz.figures import _shapes as sh
from rnnviz.figures.base import figure, plain_layout
from rnnviz.figures.concat import colourbar_height, h_symbol, style_colourbar
from rnnviz.figures.gates import quantity_range
from rnnviz.figures.heatmaps import shared_range
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
    offset: float = 0.0  # horizontal shift of the boxes from the column centre (columns)


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
    labels = label_heights or [0.0] * len(kinds)  # one per row
    lanes = 2 if trace.kind.has_cell_state else 1  # nn.LSTM: h_t and c_t
    size = {"x": X_H, "cell": CELL_H * lanes, "concat": CAT_H}
    rows: list[Row] = []
    for (kind, layer, d), lab in zip(kinds, labels, strict=True):
        h = size[kind] * scale
        # the two directions' boxes stand apart so that the vertical arrows pass by; one direction is centred
        shift = (-STAGGER if d == 0 else STAGGER) if kind == "cell" and trace.bidirectional else 0.0
        if not rows:
            rows.append(Row(kind, layer, d, h / 2, h, shift))
            continue
        below, lab_below = rows[-1], labels[len(rows) - 1]
        pitch = max(below.height / 2 + GAP * scale + h / 2, (lab_below + lab) / 2 + LABEL_PAD)
        rows.append(Row(kind, layer, d, below.y + pitch, h, shift))
    return rows


def unrolled_figure(trace: Trace, t: int = 0, batch: int = 0, lang: str = "en", lesson: bool = False) -> go.Figure:
    """The unrolled network of ``trace`` for batch element ``batch`` with step ``t`` highlighted."""
    t = min(max(int(t), 0), trace.seq_len - 1)
    if not 0 <= batch < trace.batch_size:
        raise ValueError(f"batch must be in 0..{trace.batch_size - 1}, got {batch}")
    return _Unrolled(trace, t, batch, lang, lesson).figure()


class _Unrolled:
    """Builds the figure on one axis: x in columns (one per visible step), y in px from the bottom.

    Everything that holds text is sized from the font (sh.text_size): the rows are far enough apart for
    their labels, the margins wide enough for the row labels and h0 / h_n, the figure wide enough for the
    legend beside the colour bar."""

    def __init__(self, trace: Trace, t: int, batch: int, lang: str, lesson: bool):
        self.trace, self.t, self.b, self.lang, self.lesson = trace, t, batch, lang, lesson
        self.D, self.H, self.L = trace.num_directions, trace.H_out, trace.seq_len
        self.has_c = trace.kind.has_cell_state  # nn.LSTM: a c_t lane under every h_t lane
        self.bars_px = COLOURBAR_PX * 2 + 24 if self.has_c else COLOURBAR_PX  # the colour bars, side by side
        self.steps = sh.visible_steps(self.L, t, MOST_COLUMNS)
        self.n = len(self.steps)
        self.font = style.LESSON_FONT_SIZE if lesson else style.FONT_SIZE
        self.scale = self.font / style.FONT_SIZE
        self.labels = [self._label_html(*kind) for kind in row_kinds(trace)]
        sizes = [sh.text_size(html, self.font) for html, _ in self.labels]
        self.rows = layout_rows(trace, self.scale, [h for _, h in sizes])
        self._horizontal(max(w for w, _ in sizes))
        self.data: list[dict] = []
        self.shapes: list[dict] = []
        self.notes: list[dict] = []
        self.lo, self.hi = shared_range(trace)
        if self.has_c:  # every layer's and direction's c_t on one symmetric scale
            cs = [trace.cell_state(k // self.D, k % self.D) for k in range(trace.num_layers * self.D)]
            self.c_lo, self.c_hi = quantity_range(trace, "c", np.concatenate([c.double().numpy().ravel() for c in cs]))

    def _horizontal(self, label_w: float) -> None:
        """Column width and the px margins left (row labels, h0 / h_n) and right (h0 / h_n) of the columns."""
        ends = [f"<b>{s}_n[{k}]</b>" for s in ("h", "c") for k in range(self.trace.num_layers * self.D)]
        end_w = max(sh.text_size(e, self.font - 1)[0] for e in ends)
        self.left_px = 8 + label_w + 16 + END_PX + 3 + end_w
        self.right_px = END_PX + 3 + end_w + 10
        target = LESSON_TARGET_PX if self.lesson else TARGET_PX
        sides = self.left_px + self.right_px + 40
        self.col_px = float(np.clip((target - sides) / self.n, *COLUMN_PX))
        # the figure is at least as wide as its title, and its legend beside the colour bar
        title_w = sh.text_size(f"<b>{self._title()}</b>", self.font + 3)[0]
        legend_w = sh.text_size(self._legend(), self.font - 1)[0]
        spare = max(title_w + 20, legend_w + self.bars_px + 30) + 40 - (self.n * self.col_px + sides)
        if spare > 0:
            self.left_px += spare / 2
            self.right_px += spare / 2

    def tr(self, key: str, **kw) -> str:
        return text(self.lang, key, **kw)

    def cx(self, px: float) -> float:
        return px / self.col_px

    @property
    def columns(self) -> list[tuple[int, int]]:
        """(column index, step) of the drawn steps."""
        return [(i, s) for i, s in enumerate(self.steps) if s is not None]

    def _title(self) -> str:
        return self.tr("diag.unrolled.title", L=self.L, layers=self.trace.num_layers, b=self.b)

    def _legend(self) -> str:
        cell = self.trace.kind.constructor()
        box = self.tr("diag.unrolled.box_lstm" if self.has_c else "diag.unrolled.box", cell=cell)
        return self.tr("diag.unrolled.legend_bi" if self.D == 2 else "diag.unrolled.legend_uni", box=box)

    # --- assembly ------------------------------------------------------------------------------------
    def figure(self) -> go.Figure:
        top = self.rows[-1].y + self.rows[-1].height / 2
        step_h = sh.text_size("t", self.font - 1)[1]
        out_h = sh.text_size("output", self.font - 1)[1]
        self.y0 = -(3 + step_h + 8)  # room for "t = ..." under the inputs
        self.y_arrow = top + 20 * self.scale  # the tip of the output arrows
        self.y1 = self.y_arrow + 2 + out_h + 6  # room for "output[t]" above them
        self._current_column()
        for row in self.rows:
            if row.kind == "cell":
                self._same_w_band(row)
        for row, label in zip(self.rows, self.labels, strict=True):
            {"x": self._inputs, "cell": self._cells, "concat": self._concats}[row.kind](row)
            self._row_label(row, label)
        self._vertical_arrows()
        self._output_arrows(top)
        self._ellipses()
        return self._layout()

    def _layout(self) -> go.Figure:
        x0, x1 = -0.5 - self.cx(self.left_px), self.n - 0.5 + self.cx(self.right_px)
        layout = plain_layout(self.lesson)  # built unvalidated (figure): validating gives the same (tests)
        title_h = sh.text_size("T", self.font + 3)[1]
        legend_h = sh.text_size(self._legend(), self.font - 1)[1]
        bar_font = round(11 * self.scale)
        top_margin = int(10 + title_h + max(8 + legend_h, colourbar_height(bar_font) + 4) + 6)
        self.notes.append(
            dict(
                text=self._legend(),
                x=0,
                y=1,
                xref="paper",
                yref="paper",
                xanchor="left",
                yanchor="bottom",
                yshift=6,
                showarrow=False,
                font=dict(size=self.font - 1, color=style.MUTED),
                name="legend",
                align="left",
            )
        )
        width = int(round((x1 - x0) * self.col_px + 40))
        if self.has_c:  # c_t's colour bar left of h_t's
            bar = style_colourbar("c_t", bar_font) | dict(x=1.0 - (COLOURBAR_PX + 24) / (width - 40))
            layout["coloraxis2"] = dict(colorscale=style.DIVERGING, cmin=self.c_lo, cmax=self.c_hi, colorbar=bar)
        layout |= dict(
            xaxis=sh.hidden_axis([x0, x1]),
            yaxis=sh.hidden_axis([self.y0, self.y1]),
            width=width,
            height=int(round(self.y1 - self.y0 + top_margin + 10)),
            margin=dict(l=20, r=20, t=top_margin, b=10),
            hovermode="closest",
            title=dict(
                text=f"<b>{self._title()}</b>",
                x=0.01,
                xanchor="left",
                font=dict(size=self.font + 3),
            ),
            shapes=self.shapes,
            annotations=self.notes,
            coloraxis=dict(
                colorscale=style.colourscale(self.trace.nonlinearity),
                cmin=self.lo,
                cmax=self.hi,
                colorbar=style_colourbar("h_t", bar_font),
            ),
        )
        return figure(self.data, layout)

    # --- rows ----------------------------------------------------------------------------------------
    def _label_html(self, kind: str, layer: int, d: int) -> tuple[str, str]:
        """(html, colour) of a row's label: a bold title over a smaller grey line or two."""
        if kind == "x":
            title, sub, colour = self.tr("diag.unrolled.row_x", n=self.trace.input_size), "", style.TEXT
        elif kind == "cell":
            names = self.trace.weight_names(layer, d)
            title = f"{self.tr('diag.unrolled.row_cell', layer=layer)} {self.tr(f'diag.dir.{d}')}"
            sub = "<br>".join(names[w] for w in ("W_ih", "W_hh", "W_hr") if w in names)
            if self.has_c:
                sub += "<br>" + self.tr("diag.unrolled.lanes")
            colour = style.DIRECTION_COLOURS[d]
        else:
            last = layer == self.trace.num_layers - 1
            title = self.tr("diag.unrolled.row_output" if last else "diag.unrolled.row_concat", l1=layer + 1)
            sub, colour = self._concat_shape(last), style.TEXT
        small = "<br>".join(
            f"<span style='font-size:{self.font - 2}px;color:{style.MUTED}'>{line}</span>" for line in sub.split("<br>")
        )
        return f"<b>{title}</b>" + (f"<br>{small}" if sub else ""), colour

    def _concat_shape(self, last: bool) -> str:
        """The last layer's concat as rnn(x) returns it (batch_first respected); an inner layer's is time-major."""
        tr, DH, feats = self.trace, 2 * self.H, f"2·{h_symbol(self.trace)}"
        if not last:
            sym = f"[L, N, {feats}] = [{self.L}, {tr.batch_size}, {DH}]"
            return f"{sym}<br>{self.tr('diag.unrolled.time_major', cell=tr.kind.constructor())}"
        layout = dict(batch_first=tr.batch_first, batched=tr.batched)
        return f"{nt.dims(feats, **layout)} = {nt.shape(self.L, tr.batch_size, DH, **layout)}"

    def _row_label(self, row: Row, label: tuple[str, str]) -> None:
        html, colour = label
        x = -0.5 - self.cx(self.left_px - 8)
        self.notes.append(sh.label(x, row.y, html, colour=colour, xanchor="left", size=self.font, role="row_label"))

    def _box_x(self, i: int, row: Row, width: float = BOX_W) -> tuple[float, float]:
        c = i + row.offset
        return c - width / 2, c + width / 2

    def _inputs(self, row: Row) -> None:
        """x_t boxes along the bottom (input values in the hover), 't = ...' under them."""
        x = self.trace.layer_inputs[0][:, self.b, :].double().numpy()  # [L, input_size]
        last = max(s for _, s in self.columns)
        spaced = sh.text_size(f"<b>t = {last}</b>", self.font - 1)[0] + 6 <= self.col_px
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
                    f"t = {s}" if spaced else f"t={s}",
                    yanchor="top",
                    yshift=-3,
                    colour=style.HIGHLIGHT if now else style.MUTED,
                    bold=now,
                    size=self.font - 1,
                    role="step_label",
                )
            )

    def _cells(self, row: Row) -> None:
        """One box per step with its h_t as a strip; the recurrence arrows; h0 in and h_n out at the ends."""
        layer, d = row.layer, row.direction
        colour = style.DIRECTION_COLOURS[d]
        h = self.trace.hidden(layer, d)[:, self.b, :].double().numpy()  # [L, H_out]
        where = self.tr(f"diag.dir.{d}")
        hover = lambda s, j, v: self.tr("diag.unrolled.hover_cell", layer=layer, where=where, t=s, j=j, v=v)
        self._strip_row(row, h, hover, f"cells:l{layer}:d{d}", lane=self._lane(row, "h"))
        if self.has_c:
            c = self.trace.cell_state(layer, d)[:, self.b, :].double().numpy()  # [L, hidden_size]
            hover_c = lambda s, j, v: self.tr("diag.unrolled.hover_c", layer=layer, where=where, t=s, j=j, v=v)
            self._strip_row(row, c, hover_c, f"c_cells:l{layer}:d{d}", lane=self._lane(row, "c"), axis="coloraxis2")
        for i, _ in self.columns:
            x0, x1 = self._box_x(i, row)
            self.shapes.append(
                sh.box(
                    x0, row.y - row.height / 2, x1, row.y + row.height / 2, colour, width=2, role=f"cell:l{layer}:d{d}"
                )
            )
        for state in ("h", "c") if self.has_c else ("h",):
            self._recurrence(row, colour, state)
            self._ends(row, colour, state)

    def _lane(self, row: Row, state: str) -> tuple[float, float]:
        """(bottom, top) of a cell box's lane: the whole box, or for nn.LSTM h_t's upper half, c_t's lower."""
        lo, hi = row.y - row.height / 2, row.y + row.height / 2
        if not self.has_c:
            return lo, hi
        return (row.y, hi) if state == "h" else (lo, row.y)

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

    def _strip_row(
        self,
        row: Row,
        values: np.ndarray,
        hover,
        name: str,
        width: float = BOX_W,
        lane: tuple[float, float] | None = None,
        axis: str = "coloraxis",
    ) -> None:
        """One heatmap trace for the whole row (or one lane of it, (bottom, top)): each drawn step's vector
        across its box, NaN in between."""
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
        lo, hi = lane or (row.y - row.height / 2, row.y + row.height / 2)
        ys = np.array([lo + inset, hi - inset])
        self.data.append(
            dict(
                type="heatmap",
                z=np.array([z], dtype=np.float64),
                x=np.array(edges),
                y=ys,
                name=name,
                coloraxis=axis,
                text=np.array([texts], dtype=object),
                hoverongaps=False,
                hovertemplate="%{text}<extra></extra>",
                xgap=1 if self.col_px * width / k > 8 else 0,
            )
        )

    def _recurrence(self, row: Row, colour: str, state: str = "h") -> None:
        """h_{t-1} -> h_t (``state`` "c": c_{t-1} -> c_t; reverse: from t+1) between neighbouring drawn steps
        (through the ellipsis when collapsed), along the state's lane."""
        y = sum(self._lane(row, state)) / 2
        role = f"arrow:recurrence:{row.direction}" if state == "h" else f"arrow:c_recurrence:{row.direction}"
        for i in range(self.n - 1):
            a, b = i, i + 1
            xa = self._box_x(a, row)[1] if self.steps[a] is not None else a + 0.18
            xb = self._box_x(b, row)[0] if self.steps[b] is not None else b - 0.18
            if row.direction == 1:  # right to left
                xa2 = self._box_x(b, row)[0] if self.steps[b] is not None else b - 0.18
                xb2 = self._box_x(a, row)[1] if self.steps[a] is not None else a + 0.18
                xa, xb = xa2, xb2
            self.notes.append(sh.arrow(xa, y, xb, y, colour, width=2, role=role))

    def _ends(self, row: Row, colour: str, state: str = "h") -> None:
        """h0 enters where the direction starts, h_n leaves where it ends (``state`` "c": c0 and c_n)."""
        k = row.layer * self.D + row.direction
        left_x = self._box_x(0, row)[0]
        right_x = self._box_x(self.n - 1, row)[1]
        far_l, far_r = left_x - self.cx(END_PX), right_x + self.cx(END_PX)
        y = sum(self._lane(row, state)) / 2
        first, last = f"{state}0", f"{state}_n"
        h0, hn = f"{first}[{k}]", f"{last}[{k}]"
        if row.direction == 0:
            self.notes.append(sh.arrow(far_l, y, left_x, y, colour, width=2, role=f"arrow:{first}"))
            self.notes.append(sh.arrow(right_x, y, far_r, y, colour, width=2, role=f"arrow:{last}"))
            ends = ((far_l, h0, "right"), (far_r, hn, "left"))
        else:
            self.notes.append(sh.arrow(far_r, y, right_x, y, colour, width=2, role=f"arrow:{first}"))
            self.notes.append(sh.arrow(left_x, y, far_l, y, colour, width=2, role=f"arrow:{last}"))
            ends = ((far_r, h0, "left"), (far_l, hn, "right"))
        for x, name, anchor in ends:
            self.notes.append(
                sh.label(
                    x,
                    y,
                    name,
                    colour=colour,
                    xanchor=anchor,
                    size=self.font - 1,
                    xshift=-3 if anchor == "right" else 3,
                    bold=name.startswith(last),
                    role=f"{first}_label" if name.startswith(first) else f"{last}_label",
                )
            )

    def _same_w_band(self, row: Row) -> None:
        x0 = self._box_x(0, row)[0] - 0.05
        x1 = self._box_x(self.n - 1, row)[1] + 0.05
        pad = 6 * self.scale
        self.shapes.append(
            sh.band(
                x0,
                row.y - row.height / 2 - pad,
                x1,
                row.y + row.height / 2 + pad,
                style.SAME_W,
                0.35,
                role=f"same_w:l{row.layer}:d{row.direction}",
            )
        )

    def _current_column(self) -> None:
        """The current step's column, from under its "t = ..." up to the tip of its output arrow."""
        i = self.steps.index(self.t)
        y0, y1 = self.y0 + 3, self.y_arrow
        self.shapes.append(
            dict(
                type="rect",
                x0=i - 0.47,
                x1=i + 0.47,
                y0=y0,
                y1=y1,
                xref="x",
                yref="y",
                layer="below",
                fillcolor=style.HIGHLIGHT,
                opacity=0.10,
                line=dict(width=0),
                name="current",
            )
        )
        self.shapes.append(sh.box(i - 0.47, y0, i + 0.47, y1, style.HIGHLIGHT, width=2, layer="below", role="current"))

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
        """The top row leaves the network as output[t]: every label when the columns are wide enough,
        else the current step's only."""
        row = self.rows[-1]
        last = max(s for _, s in self.columns)
        layout = dict(batch_first=self.trace.batch_first, batched=self.trace.batched)
        roomy = sh.text_size(nt.output_at(last, **layout), self.font - 1)[0] + 8 <= self.col_px
        for i, s in self.columns:
            x = i + row.offset
            self.notes.append(sh.arrow(x, top, x, self.y_arrow, style.TEXT, width=1.5, role="arrow:output"))
            if roomy or s == self.t:
                colour = style.HIGHLIGHT if s == self.t else style.TEXT
                label = sh.label(
                    x,
                    self.y_arrow,
                    nt.output_at(s, **layout),
                    yanchor="bottom",
                    yshift=2,
                    size=self.font - 1,
                    colour=colour,
                    bold=s == self.t,
                    role="output_label",
                )
                self.notes.append(label)
