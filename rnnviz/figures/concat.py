"""The bidirectional concat diagram: how output[t] = [h_t→ ; h_t←] and h_n are formed, with the real numbers.

``concat_identities(trace, batch)`` is the data: the identities output[-1, :, :H] == h_n[-2] and
output[0, :, H:] == h_n[-1] (one identity output[-1] == h_n[-1] for a unidirectional RNN), each with
its values and max |diff| computed from the trace. ``concat_figure(trace, t, batch, lang, lesson, layer,
unit)`` draws them: the forward strip (top) feeds the top half of output, the reverse strip (bottom)
feeds the bottom half, each direction's final state sits where it ends (h_n[2l] right of the forward
strip, h_n[2l+1] left of the reverse strip), all of h_n is listed with its sources, and the next layer's
input shape closes the figure.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import torch

from rnnviz import notation as nt
from rnnviz import style
from rnnviz.figures import _shapes as sh
from rnnviz.figures.base import figure, plain_layout
from rnnviz.figures.gates import quantity_range
from rnnviz.figures.heatmaps import shared_range
from rnnviz.i18n import text
from rnnviz.trace import Trace

TOLERANCE = 1e-6  # an identity holds when max |diff| <= this (it is exactly 0 in practice: the same numbers)
MOST_COLUMNS = 16  # longer sequences collapse their middle steps into an ellipsis
SIDE_PX, ARROW_PX = 48, 36  # h_n beside a strip: its width (at style.FONT_SIZE, scaled with the font) and
# the arrow leading to it
TARGET_PX = 820  # the width the figure is laid out for (the app's main column at 1280 px)
LESSON_TARGET_PX = 1180  # lesson mode and exports: a 1280 x 720 slide
COLUMN_PX = (24, 96)  # the narrowest and widest column
ENTRY_PX, ENTRY_GAP_PX = 40, 14  # one entry of the h_n panel (at style.FONT_SIZE, scaled) and the space
# between entries
COLOURBAR_PX = 200  # the colour bar at the top right, with its ticks


@dataclass(frozen=True, eq=False)
class Identity:
    """One identity between a slice of ``output`` and an entry of ``h_n``, checked on the whole batch."""

    lhs: str  # the slice of output as torch indexes it, e.g. "output[-1, :, :H]"
    rhs: str  # e.g. "h_n[-2]"
    direction: int  # 0: the forward state at the last step; 1: the reverse state at t = 0
    lhs_values: np.ndarray  # [N, H]
    rhs_values: np.ndarray  # [N, H]
    max_abs_diff: float

    @property
    def ok(self) -> bool:
        return bool(self.max_abs_diff <= TOLERANCE)


def concat_identities(trace: Trace) -> list[Identity]:
    """output's last forward step equals h_n[-2], its first reverse step h_n[-1] (unidirectional: output[-1]
    equals h_n[-1]), computed from ``trace.output`` and ``trace.h_n`` as torch lays them out."""
    out, h_n = _time_major(trace)  # [L, N, D*H], [layers*D, N, H]
    H, D = trace.H_out, trace.num_directions
    last = _last_steps(trace)  # [N]: each sequence's last valid step
    n = torch.arange(out.shape[1])
    fwd = out[last, n, :H]  # [N, H]
    idx = _index_names(trace)
    ids = [_identity(idx["fwd"], "h_n[-2]" if D == 2 else "h_n[-1]", 0, fwd, h_n[-D])]
    if D == 2:
        ids.append(_identity(idx["rev"], "h_n[-1]", 1, out[0, :, H:], h_n[-1]))
    return ids


def concat_figure(
    trace: Trace,
    t: int = 0,
    batch: int = 0,
    lang: str = "en",
    lesson: bool = False,
    layer: int | None = None,
    unit: int | None = None,
) -> go.Figure:
    """The concat diagram of ``layer`` (default: the last, whose concat is ``output``) for batch element
    ``batch``, with step ``t`` highlighted and its two arrows drawn; ``unit`` (0..D*H-1) also highlights
    output[t, unit] and its source cell. Strips use the hidden-state heatmaps' colour scale and range."""
    layer = trace.num_layers - 1 if layer is None else layer
    trace._check(layer, 0)
    t = min(max(int(t), 0), trace.seq_len - 1)
    return _Diagram(trace, t, batch, lang, lesson, layer, unit).figure()


def mark(ident: Identity) -> str:
    """✓ when the identity holds, ✗ otherwise."""
    return "✓" if ident.ok else "✗"


def diff_text(lang: str, diff: float) -> str:
    """'max |diff| = 0' (exactly), else in scientific notation."""
    return text(lang, "diag.identity.diff", diff="0" if diff == 0 else f"{diff:.1e}")


def style_colourbar(title: str, size: float = 11) -> dict:
    """A short horizontal colour bar above the top-right corner (clear of the side labels), its ticks at
    font ``size``; it takes colourbar_height(size) px above the plot."""
    return dict(
        title=dict(text=title, side="top", font=dict(size=size + 1)),
        orientation="h",
        thickness=10,
        len=180,
        lenmode="pixels",
        x=1.0,
        xanchor="right",
        y=1.0,
        yanchor="bottom",
        ypad=4,
        tickfont=dict(size=size),
    )


def colourbar_height(size: float = 11) -> float:
    """px that style_colourbar(.., size) takes above the plot: pad, bar, tick labels and title."""
    return 4 + 10 + 2 + sh.LINE_HEIGHT * (2 * size + 1)


# --- data helpers ----------------------------------------------------------------------------------
def _time_major(trace: Trace) -> tuple[torch.Tensor, torch.Tensor]:
    out, h_n = trace.output, trace.h_n
    if not trace.batched:  # [L, D*H] and [layers*D, H]; reshape (not unsqueeze) also takes a [1, L, D*H]
        return out.reshape(trace.seq_len, 1, -1), h_n.reshape(-1, 1, trace.H_out)
    return (out.transpose(0, 1) if trace.batch_first else out), h_n


def _time_major_c_n(trace: Trace) -> np.ndarray:
    """c_n as ``[layers*D, N, hidden_size]`` float64 (an unbatched trace's gets N = 1)."""
    c_n = trace.c_n.detach().double()
    return (c_n if trace.batched else c_n.reshape(c_n.shape[0], 1, -1)).numpy()


def _last_steps(trace: Trace) -> torch.Tensor:
    if trace.lengths is None:
        return torch.full((trace.batch_size,), trace.seq_len - 1, dtype=torch.long)
    return trace.lengths.long() - 1


def _index_names(trace: Trace) -> dict[str, str]:
    """The slices as one would type them for this trace's layout (batch_first, unbatched, lengths)."""
    lengths = trace.lengths is not None
    t_last, n = ("lengths[n]-1", "n") if lengths else ("-1", ":")
    if not trace.batched:
        fwd, rev = [t_last], ["0"]
    elif trace.batch_first:
        fwd, rev = [n, t_last], [":", "0"]
    else:
        fwd, rev = [t_last, n], ["0", ":"]
    if trace.bidirectional:
        H = h_symbol(trace)
        fwd, rev = fwd + [f":{H}"], rev + [f"{H}:"]
    elif n == ":" and fwd[-1] == ":":
        fwd = fwd[:-1]  # output[:, -1] for batch_first, else output[-1]
    return {"fwd": f"output[{', '.join(fwd)}]", "rev": f"output[{', '.join(rev)}]"}


def h_symbol(trace: Trace) -> str:
    """The name of h_t's size: H (hidden_size), or H_out (= proj_size) for an nn.LSTM with a projection."""
    return "H_out" if trace.proj_size else "H"


def weight_ih_symbol(trace: Trace, D: int) -> str:
    """weight_ih_l{k>0}'s shape in symbols, [G·H, D·H_out]: [H, 2·H] for nn.RNN, [4·H, 2·H_out] with proj_size."""
    G = trace.kind.num_blocks
    rows = f"{G}·H" if G > 1 else "H"
    return f"[{rows}, {'2·' if D == 2 else ''}{h_symbol(trace)}]"


def _identity(lhs: str, rhs: str, d: int, a: torch.Tensor, b: torch.Tensor) -> Identity:
    a, b = a.detach().double().numpy(), b.detach().double().numpy()
    diff = np.abs(a - b)
    return Identity(lhs, rhs, d, a, b, float(np.nanmax(diff)) if np.isfinite(diff).any() else float("nan"))


# --- the figure ------------------------------------------------------------------------------------
class _Diagram:
    """Builds the figure: strips on one axis, x in columns and y in rows (y grows downwards).

    Everything that holds text is sized from the font (sh.text_size): the margins left and right of the
    strips fit the titles, the h_n boxes and their identities; the gaps between the strips fit the step
    labels and arrows; the h_n panel's entries are as wide as their labels."""

    def __init__(self, trace: Trace, t: int, batch: int, lang: str, lesson: bool, layer: int, unit: int | None):
        self.trace, self.t, self.b, self.lang, self.lesson, self.layer = trace, t, batch, lang, lesson, layer
        self.H, self.D, self.L = trace.H_out, trace.num_directions, trace.seq_len
        self.unit = unit if unit is not None and 0 <= unit < self.D * self.H else None
        self.steps = sh.visible_steps(self.L, t, MOST_COLUMNS)
        self.n = len(self.steps)
        self.font = style.LESSON_FONT_SIZE if lesson else style.FONT_SIZE
        self.scale = self.font / style.FONT_SIZE
        self.bar_font = round(11 * self.scale)  # the colour bar's ticks
        self.ids = {i.direction: i for i in concat_identities(trace)} if self._is_last else {}
        self.side_px, self.entry_px = SIDE_PX * self.scale, ENTRY_PX * self.scale  # boxes that hold numbers
        self._horizontal()
        self.row_px = float(np.clip(520 / (6 * self.H), 3, 32))
        self.text_px = min(11 * self.scale, 0.55 * self.row_px, min(self.col_px, self.entry_px) / 3.6)
        self.show_text = self.col_px >= 40 and self.row_px >= 18
        self.data: list[dict] = []
        self.shapes: list[dict] = []
        self.notes: list[dict] = []  # annotations
        self.lo, self.hi = shared_range(trace)
        self.has_c = trace.kind.has_cell_state  # nn.LSTM: c_n below h_n, on a scale of its own (coloraxis2)
        if self.has_c:
            self.c_n = _time_major_c_n(trace)  # [layers*D, N, hidden_size]
            self.c_lo, self.c_hi = quantity_range(trace, "c", self.c_n.ravel())
        self.bars_px = 2 * COLOURBAR_PX + 24 if self.has_c else COLOURBAR_PX

    def _horizontal(self) -> None:
        """The px margins left and right of the strips, from the widths of what stands there, and the
        column width that fills the target width."""
        w = lambda s, size=self.font: sh.text_size(s, size)[0]
        side = ARROW_PX + self.side_px + 6  # from a strip's edge to the text beside its h_n box
        left = [14 + w(f"<b>{self._strip_title(0)}</b>"), 24 + w(f"<b>{self._out_at_t()}</b>", self.font + 1)]
        left += [24 + w(self._half_label(d)) for d in range(self.D)]
        right = [ARROW_PX + w(f"<b>{self._h_n_name(0)}</b>"), side + w(self._identity_text(0), self.font - 1)]
        if self.D == 2:
            left += [ARROW_PX + w(f"<b>{self._h_n_name(1)}</b>"), side + w(self._identity_text(1), self.font - 1)]
            right.append(14 + w(f"<b>{self._strip_title(1)}</b>"))
        self.left_px, self.right_px = max(left) + 12, max(right) + 12
        target = LESSON_TARGET_PX if self.lesson else TARGET_PX
        self.col_px = float(np.clip((target - self.left_px - self.right_px - 40) / self.n, *COLUMN_PX))

    # units
    def cx(self, px: float) -> float:
        return px / self.col_px

    def ry(self, px: float) -> float:
        return px / self.row_px

    def tr(self, key: str, **kw) -> str:
        return text(self.lang, key, **kw)

    def col_of(self, step: int) -> int:
        return self.steps.index(step) if step in self.steps else -1

    # the texts (their widths set the margins)
    def _strip_title(self, d: int) -> str:
        key = "diag.concat.strip_fwd" if d == 0 else "diag.concat.strip_rev"
        return self.tr(key, layer=self.layer, last=self.L - 1)

    def _out_name(self) -> str:
        return "output" if self._is_last else self.tr("diag.concat.layer_output", layer=self.layer)

    def _out_at_t(self) -> str:
        """output[t] (output[:, t] under batch_first); an inner layer's concat is time-major: "layer l output[t]"."""
        if self._is_last:
            return nt.output_at("t", batch_first=self.trace.batch_first, batched=self.trace.batched)
        return f"{self._out_name()}[t]"

    def _half_label(self, d: int) -> str:
        key = f"diag.concat.half_{d}" if self.D == 2 else "diag.concat.half_uni"
        return self.tr(key, H=self.H, H1=self.H - 1, DH1=self.D * self.H - 1, Hs=h_symbol(self.trace))

    def _h_n_name(self, d: int) -> str:
        neg = "-2" if (self.D == 2 and d == 0) else "-1"
        return f"h_n[{self.layer * self.D + d}]" + (f" = h_n[{neg}]" if self._is_last else "")

    def _identity_text(self, d: int) -> str:
        """Beside h_n's box: where it comes from, and (last layer) the identity with its check mark."""
        src = self.tr("diag.concat.hn_from_fwd" if d == 0 else "diag.concat.hn_from_rev", last=self.L - 1)
        lines = [src]
        ident = self.ids.get(d)
        if ident is not None:
            colour = style.OK if ident.ok else style.BAD
            lines.append(f"<span style='color:{colour}'><b>= {ident.lhs} {mark(ident)}</b></span>")
            lines.append(f"<span style='color:{colour}'>{diff_text(self.lang, ident.max_abs_diff)}</span>")
        return "<br>".join(lines)

    # --- assembly --------------------------------------------------------------------------------
    def figure(self) -> go.Figure:
        H, D = self.H, self.D
        step_h = sh.text_size("t", self.font - 1)[1] + 2  # "t=..." beside a strip
        label_h = sh.text_size("h", self.font)[1] + 2  # h_n's name above its box
        g = self.ry(max(56 * self.scale, step_h + 30, label_h + 12))
        self.y_fwd = 0.0  # top row of the forward strip
        self.y_out = self.y_fwd + H + g
        self.y_rev = self.y_out + D * H + g
        self.y0 = -0.5 - self.ry(label_h + 10)
        self._strip(0, self.y_fwd)
        self._output()
        if D == 2:
            self._strip(1, self.y_rev)
        self._final_states()
        self._step_arrows(step_h)
        last_top = self.y_rev if D == 2 else self.y_fwd  # the identity note that reaches lowest
        note_h = sh.text_size(self._identity_text(D - 1), self.font - 1)[1]
        strips_end = (self.y_rev + H if D == 2 else self.y_out + D * H) - 0.5 + self.ry(10)
        self._h_n_panel(max(strips_end, last_top - 0.5 + self.ry(note_h)) + self.ry(16))
        if self.has_c:
            self._c_n_panel(self.y_end + self.ry(12))
        return self._layout()

    def _layout(self) -> go.Figure:
        x0 = -0.5 - self.cx(self.left_px)
        x1 = max(self.n - 0.5 + self.cx(self.right_px), self.x_panel_end)
        width = (x1 - x0) * self.col_px + 40
        title = self.tr(
            "diag.concat.title" if self.D == 2 else "diag.concat.title_uni", layer=self.layer, b=self.b, t=self.t
        )
        title_w, title_h = sh.text_size(f"<b>{title}</b>", self.font + 3)
        # the colour bar stands beside the title when there is room, else under it
        bar_h = colourbar_height(self.bar_font)
        top = int(max(56, bar_h + 8) if title_w + self.bars_px + 60 <= width else 14 + title_h + bar_h + 4)
        height = (self.y_end - self.y0) * self.row_px + top + 14
        layout = plain_layout(self.lesson)  # built unvalidated (figure): validating gives the same (tests)
        layout |= dict(
            xaxis=sh.hidden_axis([x0, x1]),
            yaxis=sh.hidden_axis([self.y0, self.y_end], reverse=True),
            width=int(round(width)),
            height=int(round(height)),
            margin=dict(l=20, r=20, t=top, b=14),
            title=dict(text=f"<b>{title}</b>", x=0.01, xanchor="left", font=dict(size=self.font + 3)),
            shapes=self.shapes,
            annotations=self.notes,
            hovermode="closest",
            coloraxis=dict(
                colorscale=style.colourscale(self.trace.nonlinearity),
                cmin=self.lo,
                cmax=self.hi,
                colorbar=style_colourbar("h", self.bar_font),
            ),
        )
        if self.has_c:  # c's colour bar left of h's
            bar = style_colourbar("c", self.bar_font) | dict(x=1.0 - (COLOURBAR_PX + 24) / (width - 40))
            layout["coloraxis2"] = dict(colorscale=style.DIVERGING, cmin=self.c_lo, cmax=self.c_hi, colorbar=bar)
        return figure(self.data, layout)

    # --- pieces ------------------------------------------------------------------------------------
    def _xs(self) -> np.ndarray:
        return np.arange(self.n, dtype=np.float64)

    def _columns(self, values: np.ndarray) -> np.ndarray:
        """[L, k] values -> [k, n] for the visible steps (NaN at an ellipsis)."""
        z = np.full((values.shape[1], self.n), np.nan)
        for i, s in enumerate(self.steps):
            if s is not None:
                z[:, i] = values[s]
        return z

    def _hidden(self, layer: int, d: int) -> np.ndarray:
        return self.trace.hidden(layer, d)[:, self.b, :].double().numpy()  # [L, H]

    def _heat(self, z, xs, ys, name: str, hover) -> dict:
        return sh.strip(z, xs, ys, name=name, hover=hover, show_text=self.show_text, text_size=self.text_px)

    def _strip(self, d: int, y: float) -> None:
        """The forward (d = 0) or reverse (d = 1) states of the layer, one column per step."""
        H, colour = self.H, style.DIRECTION_COLOURS[d]
        z = self._columns(self._hidden(self.layer, d))  # [H, n]
        where = self.tr(f"diag.dir.{d}")
        hover = self._hover(
            z,
            lambda s, j, v: self.tr(
                "diag.concat.hover_state", where=where, layer=self.layer, t=s, j=j, v=v, order=self._order(d, s)
            ),
        )
        self.data.append(self._heat(z, self._xs(), y + np.arange(H), f"strip:{d}", hover) | dict(hoverongaps=False))
        self.shapes.append(sh.box(-0.5, y - 0.5, self.n - 0.5, y + H - 0.5, colour, width=2, role=f"frame:{d}"))
        self._ellipses(y + (H - 1) / 2)
        # the title beside the strip: left of the forward one (h_n is on its right), right of the reverse one
        x = -0.5 - self.cx(14) if d == 0 else self.n - 0.5 + self.cx(14)
        anchor = "right" if d == 0 else "left"
        self.notes.append(
            sh.label(
                x, y + (H - 1) / 2, self._strip_title(d), colour=colour, xanchor=anchor, bold=True, role=f"title:{d}"
            )
        )
        tail, head = (-0.5, self.n - 0.5) if d == 0 else (self.n - 0.5, -0.5)
        ay = y - 0.5 - self.ry(3) if d == 0 else y + H - 0.5 + self.ry(3)
        self.notes.append(sh.arrow(tail, ay, head, ay, colour, width=2.5, role=f"arrow:time:{d}"))
        self._step_labels(y, d)

    def _step_labels(self, y: float, d: int) -> None:
        """t = ... under the forward strip's columns (and above the reverse strip's)."""
        for i, s in enumerate(self.steps):
            if s is None:
                continue
            at = y + self.H - 0.5 if d == 0 else y - 0.5
            self.notes.append(
                sh.label(
                    i,
                    at,
                    f"t={s}",
                    colour=style.HIGHLIGHT if s == self.t else style.MUTED,
                    bold=s == self.t,
                    size=self.font - 1,
                    yanchor="top" if d == 0 else "bottom",
                    yshift=-2 if d == 0 else 2,
                    role="step",
                )
            )

    def _ellipses(self, y: float) -> None:
        for i, s in enumerate(self.steps):
            if s is None:
                self.notes.append(sh.label(i, y, "…", size=self.font + 6, colour=style.MUTED, role="ellipsis"))

    def _output(self) -> None:
        """The output strip: D*H rows, forward half on top, reverse half below, each bracketed."""
        H, D, y = self.H, self.D, self.y_out
        out = self.trace.layer_outputs[self.layer][:, self.b, :].double().numpy()  # [L, D*H]
        z = self._columns(out)  # [D*H, n]
        hover = self._hover(z, self._output_hover)
        self.data.append(
            self._heat(z, self._xs(), y + np.arange(D * H), "strip:output", hover) | dict(hoverongaps=False)
        )
        for d in range(D):
            self._ellipses(y + d * H + (H - 1) / 2)
        for d in range(D):
            top, colour = y + d * H - 0.5, style.DIRECTION_COLOURS[d]
            self.shapes.append(sh.box(-0.5, top, self.n - 0.5, top + H, colour, width=2.5, role=f"half:{d}"))
            x = -0.5 - self.cx(10)
            self.shapes.append(sh.bracket(x, top + 0.1, top + H - 0.1, colour, depth=self.cx(8), role=f"bracket:{d}"))
            self.notes.append(
                sh.label(
                    x - self.cx(14),
                    top + H / 2,
                    self._half_label(d),
                    colour=colour,
                    xanchor="right",
                    role=f"half_label:{d}",
                )
            )
        self.notes.append(
            sh.label(
                -0.5 - self.cx(24),
                y - 0.5,
                self._out_at_t(),
                xanchor="right",
                yanchor="bottom",
                yshift=2,
                bold=True,
                size=self.font + 1,
                role="output_title",
            )
        )
        if self.unit is not None:
            self._selected_unit()

    def _output_hover(self, s: int, j: int, v: float) -> str:
        H = self.H
        d, k = divmod(j, H)
        src = self.tr(f"diag.dir.{d}")
        return self.tr(
            "diag.concat.hover_output",
            layer=self.layer,
            t=s,
            j=j,
            v=v,
            where=src,
            k=k,
            order=self._order(d, s),
            n=self.b,
        )

    def _order(self, d: int, s: int) -> int:
        """Which step of its own pass computed h_s: forward 1st at t = 0, reverse 1st at t = L-1."""
        return s + 1 if d == 0 else self.L - s

    def _hover(self, z: np.ndarray, fmt) -> np.ndarray:
        rows, cols = z.shape
        out = np.full((rows, cols), "", dtype=object)
        for i, s in enumerate(self.steps):
            if s is not None:
                for j in range(rows):
                    out[j, i] = fmt(s, j, float(z[j, i]))
        return out

    def _step_arrows(self, step_h: float) -> None:
        """At the current step: forward column t -> top half of output[t], reverse column t -> bottom half
        (each arrow starts past the step labels)."""
        i = self.col_of(self.t)
        H, clear = self.H, self.ry(step_h + 4)
        top, bot = self.y_fwd - 0.5, self.y_fwd + H - 0.5
        self.shapes.append(sh.box(i - 0.5, top, i + 0.5, bot, style.HIGHLIGHT, width=3, role="current:0"))
        y_out0 = self.y_out - 0.5
        self.shapes.append(
            sh.box(i - 0.5, y_out0, i + 0.5, y_out0 + self.D * H, style.HIGHLIGHT, width=3, role="current:output")
        )
        self.notes.append(
            sh.arrow(i, bot + clear, i, y_out0 - self.ry(3), style.FORWARD, width=2.5, role="arrow:concat:0")
        )
        if self.D == 2:
            rt, rb = self.y_rev - 0.5, self.y_rev + H - 0.5
            self.shapes.append(sh.box(i - 0.5, rt, i + 0.5, rb, style.HIGHLIGHT, width=3, role="current:1"))
            self.notes.append(
                sh.arrow(i, rt - clear, i, y_out0 + 2 * H + self.ry(3), style.REVERSE, width=2.5, role="arrow:concat:1")
            )

    def _selected_unit(self) -> None:
        """Outline output[t, unit] and the cell it was copied from, joined by a dashed line."""
        i, j, H = self.col_of(self.t), self.unit, self.H
        d, k = divmod(j, H)
        y_src = (self.y_fwd if d == 0 else self.y_rev) + k
        y_dst = self.y_out + j
        for y, role in ((y_dst, "selected:output"), (y_src, f"selected:{d}")):
            self.shapes.append(sh.box(i - 0.5, y - 0.5, i + 0.5, y + 0.5, style.TEXT, width=3, role=role))
        self.shapes.append(
            sh.line(i + 0.5, y_src, i + 0.5, y_dst, style.TEXT, width=2, dash="dot", role="selected:link")
        )

    def _final_states(self) -> None:
        """h_n[2l] to the right of the forward strip, h_n[2l+1] to the left of the reverse strip, each named
        above its box (on the side away from the strip's time arrow) with its identity written beside it."""
        half = self.cx(self.side_px / 2)
        for d in range(self.D):
            idx, colour = self.layer * self.D + d, style.DIRECTION_COLOURS[d]
            vec = self._hidden_hn(idx)  # [H]
            y, mid = (self.y_fwd if d == 0 else self.y_rev), (self.H - 1) / 2
            edge = self.n - 0.5 if d == 0 else -0.5
            x = edge + self.cx(ARROW_PX + self.side_px / 2) * (1 if d == 0 else -1)
            hover = np.array([[self.tr("diag.concat.hover_hn", k=idx, j=j, v=float(v))] for j, v in enumerate(vec)])
            self.data.append(
                self._heat(vec.reshape(-1, 1), np.array([x - half, x + half]), y + np.arange(self.H), f"h_n:{d}", hover)
            )
            box = sh.box(x - half, y - 0.5, x + half, y + self.H - 0.5, colour, width=2.5, role=f"h_n_box:{d}")
            self.shapes.append(box)
            end = x - half if d == 0 else x + half
            self.notes.append(sh.arrow(edge, y + mid, end, y + mid, colour, width=2.5, role=f"arrow:h_n:{d}"))
            self.notes.append(
                sh.label(
                    x - half if d == 0 else x + half,
                    y - 0.5,
                    self._h_n_name(d),
                    colour=colour,
                    bold=True,
                    xanchor="left" if d == 0 else "right",
                    yanchor="bottom",
                    yshift=2,
                    role=f"h_n_label:{d}",
                )
            )
            self._identity_note(x + (half if d == 0 else -half), y, d)

    @property
    def _is_last(self) -> bool:
        return self.layer == self.trace.num_layers - 1

    def _hidden_hn(self, k: int) -> np.ndarray:
        h_n = _time_major(self.trace)[1]  # [layers*D, N, H]
        return h_n[k, self.b].double().numpy()

    def _identity_note(self, x: float, y: float, d: int) -> None:
        """Beside h_n's box, from its top: where it comes from, and (last layer) the identity."""
        anchor = "left" if d == 0 else "right"  # multi-line text aligns to the same side
        x = x + self.cx(6) * (1 if d == 0 else -1)
        note = sh.label(
            x, y - 0.5, self._identity_text(d), xanchor=anchor, yanchor="top", size=self.font - 1, role=f"identity:{d}"
        )
        self.notes.append(note)

    def _h_n_panel(self, y_top: float) -> None:
        """All of h_n for this batch element below the strips: one column per entry, labelled with its layer,
        direction and step; the entries of the layer drawn above are outlined. The next-layer note goes
        right of it (or below it when there is no room)."""
        trace, H, D = self.trace, self.H, self.D
        h_n = _time_major(trace)[1][:, self.b].double().numpy()  # [layers*D, H]
        K, small = h_n.shape[0], self.font - 1
        title = self.tr("diag.concat.h_n_title", K=K, N=trace.batch_size, H=H, b=self.b, Hs=h_symbol(trace))
        title_h = sh.text_size(title, self.font)[1]
        src_w, src_h = sh.text_size(self._source(K - 1), small)
        entry_px = max(self.entry_px, sh.text_size(f"<b>h_n[{K - 1}]</b>", small)[0] + 4, src_w + 4)
        y = self.y_hn = y_top + self.ry(title_h + 8 + src_h + 4) + 0.5  # the entries' first row
        x0 = -0.5 - self.cx(self.left_px - 10)
        pitch_px = np.arange(K) * (entry_px + ENTRY_GAP_PX) + np.repeat(np.arange(trace.num_layers), D) * 16
        xs = x0 + self.cx(pitch_px + entry_px / 2)
        half = self.cx(self.entry_px / 2)
        for k in range(K):
            hover = np.array([[self.tr("diag.concat.hover_hn", k=k, j=j, v=float(v))] for j, v in enumerate(h_n[k])])
            cell = self._heat(
                h_n[k].reshape(-1, 1), np.array([xs[k] - half, xs[k] + half]), y + np.arange(H), f"h_n_panel:{k}", hover
            )
            self.data.append(cell)
            self._h_n_entry(k, xs[k], half, y)
        self.notes.append(sh.label(x0, y_top, title, xanchor="left", yanchor="top", bold=True, role="h_n_title"))
        entries_end = y + H - 0.5 + self.ry(2 + sh.text_size("h", small)[1])
        note_w, note_h = sh.text_size(self._next_layer_text(), small)
        right = xs[-1] + self.cx(entry_px / 2 + 30)
        if right + self.cx(note_w + 12) <= self.n - 0.5 + self.cx(self.right_px):
            self.x_panel_end = right + self.cx(note_w + 12)
            self.y_end = max(entries_end, y - 0.5 + self.ry(note_h)) + self.ry(8)
            self._next_layer_note(right, y - 0.5)
        else:
            below = entries_end + self.ry(14)
            self.x_panel_end = max(xs[-1] + self.cx(entry_px / 2), x0 + self.cx(note_w + 12))
            self.y_end = below + self.ry(note_h + 10)
            self._next_layer_note(x0, below)

    def _source(self, k: int) -> str:
        """Where h_n[k] comes from, in two short lines: layer and direction, then the step."""
        layer, d = divmod(k, self.D)
        return f"l{layer} {style.DIRECTION_ARROWS[d]}<br>t={self.L - 1 if d == 0 else 0}"

    def _h_n_entry(self, k: int, x: float, half: float, y: float) -> None:
        """The outline and labels of h_n[k]: solid for the layer shown above, dotted for the others."""
        layer, d = divmod(k, self.D)
        mine, colour, H = layer == self.layer, style.DIRECTION_COLOURS[d], self.H
        self.shapes.append(
            sh.box(
                x - half,
                y - 0.5,
                x + half,
                y + H - 0.5,
                colour,
                width=3 if mine else 1.5,
                dash="solid" if mine else "dot",
                role="h_n_entry" + (":mine" if mine else ""),
            )
        )
        for text_, anchor, shift, role in (
            (f"h_n[{k}]", "top", -2, "h_n_panel_label"),
            (self._source(k), "bottom", 2, "h_n_panel_source"),
        ):
            self.notes.append(
                sh.label(
                    x,
                    y + H - 0.5 if anchor == "top" else y - 0.5,
                    text_,
                    yanchor=anchor,
                    yshift=shift,
                    colour=colour,
                    bold=mine,
                    size=self.font - 1,
                    role=role,
                )
            )

    def _next_layer_text(self) -> str:
        """The next layer reads this concat: [L, N, D*H], hence weight_ih_l{l+1} is [H, D*H]."""
        trace, H, D, layer = self.trace, self.H, self.D, self.layer
        Hs = h_symbol(trace)
        feats = f"2·{Hs}" if D == 2 else Hs
        nxt = trace.params.get(f"weight_ih_l{layer + 1}")
        layout = dict(batch_first=trace.batch_first, batched=trace.batched)
        shape, dims = nt.shape(self.L, trace.batch_size, D * H, **layout), nt.dims(feats, **layout)
        if nxt is not None:  # between layers nn.RNN is time-major whatever batch_first says
            shape, dims = f"[{self.L}, {trace.batch_size}, {D * H}]", f"[L, N, {feats}]"
            key, w = "diag.concat.next_layer", list(nxt.shape)
        elif layer > 0:  # the last layer's concat is output, in the module's layout
            key, w = "diag.concat.prev_layer", list(trace.params[f"weight_ih_l{layer}"].shape)
        else:
            key, w = "diag.concat.would_be", [trace.kind.num_blocks * trace.hidden_size, D * H]
        return self.tr(
            key + ("" if D == 2 else "_uni"),
            l=layer,
            l1=layer + 1,
            l0=layer - 1,
            shape=shape,
            dims=dims,
            H=H,
            DH=D * H,
            w=f"[{w[0]}, {w[1]}]",
            sym=weight_ih_symbol(trace, D),
            cell=trace.kind.constructor(),
        )

    def _next_layer_note(self, x: float, y: float) -> None:
        self.notes.append(
            sh.label(
                x,
                y,
                self._next_layer_text(),
                xanchor="left",
                yanchor="top",
                size=self.font - 1,
                role="next_layer",
                bg="#f6f6f6",
            )
        )

    def _c_n_panel(self, y_top: float) -> None:
        """nn.LSTM: all of c_n below h_n, one column per entry (c_t where each direction ended), on c's own
        scale, with the note that c_n is returned beside output and is not part of it."""
        trace, D, small = self.trace, self.D, self.font - 1
        c_n = self.c_n[:, self.b]  # [layers*D, hidden_size]
        K, Hc = c_n.shape
        title = self.tr("diag.concat.c_n_title", K=K, N=trace.batch_size, H=Hc, b=self.b)
        title_h = sh.text_size(title, self.font)[1]
        src_h = sh.text_size(self._source(K - 1), small)[1]
        entry_px = max(self.entry_px, sh.text_size(f"<b>c_n[{K - 1}]</b>", small)[0] + 4)
        y = y_top + self.ry(title_h + 8 + src_h + 4) + 0.5
        x0 = -0.5 - self.cx(self.left_px - 10)
        pitch_px = np.arange(K) * (entry_px + ENTRY_GAP_PX) + np.repeat(np.arange(trace.num_layers), D) * 16
        xs = x0 + self.cx(pitch_px + entry_px / 2)
        half = self.cx(self.entry_px / 2)
        for k in range(K):
            hover = np.array([[self.tr("diag.concat.hover_cn", k=k, j=j, v=float(v))] for j, v in enumerate(c_n[k])])
            xk = np.array([xs[k] - half, xs[k] + half])
            cell = self._heat(c_n[k].reshape(-1, 1), xk, y + np.arange(Hc), f"c_n_panel:{k}", hover)
            self.data.append(cell | dict(coloraxis="coloraxis2"))
            layer, d = divmod(k, D)
            mine, colour = layer == self.layer, style.DIRECTION_COLOURS[d]
            self.shapes.append(
                sh.box(
                    xs[k] - half,
                    y - 0.5,
                    xs[k] + half,
                    y + Hc - 0.5,
                    colour,
                    width=3 if mine else 1.5,
                    dash="solid" if mine else "dot",
                    role="c_n_entry" + (":mine" if mine else ""),
                )  # fmt: skip
            )
            for text_, anchor, shift, role in (
                (f"c_n[{k}]", "top", -2, "c_n_panel_label"),
                (self._source(k), "bottom", 2, "c_n_panel_source"),
            ):
                self.notes.append(
                    sh.label(
                        xs[k],
                        y + Hc - 0.5 if anchor == "top" else y - 0.5,
                        text_,
                        yanchor=anchor,
                        yshift=shift,
                        colour=colour,
                        bold=mine,
                        size=small,
                        role=role,
                    )  # fmt: skip
                )
        self.notes.append(sh.label(x0, y_top, title, xanchor="left", yanchor="top", bold=True, role="c_n_title"))
        entries_end = y + Hc - 0.5 + self.ry(2 + sh.text_size("h", small)[1])
        note = self.tr("diag.concat.c_n_note", DH=D * self.H, D=D, Hs=h_symbol(trace), out=self.H)
        note_w, note_h = sh.text_size(note, small)
        right = xs[-1] + self.cx(entry_px / 2 + 30)
        limit = self.n - 0.5 + self.cx(self.right_px)
        if right + self.cx(note_w + 12) <= max(limit, self.x_panel_end):
            at, end = (right, y - 0.5), max(entries_end, y - 0.5 + self.ry(note_h)) + self.ry(8)
            self.x_panel_end = max(self.x_panel_end, right + self.cx(note_w + 12))
        else:
            at = (x0, entries_end + self.ry(14))
            end = at[1] + self.ry(note_h + 10)
            self.x_panel_end = max(self.x_panel_end, xs[-1] + self.cx(entry_px / 2), x0 + self.cx(note_w + 12))
        self.y_end = end
        self.notes.append(sh.label(*at, note, xanchor="left", yanchor="top", size=small, role="c_n_note", bg="#f6f6f6"))
