"""What a char model learnt, drawn: the passage coloured by one unit (Plotly and self-contained HTML), all
units of a layer over the passage, the probability of the next character, gate saturation."""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from rnnviz import style
from rnnviz.figures.base import plot_char
from rnnviz.i18n import text as tr_text
from rnnviz.lab.interpret import Activations
from rnnviz.notation import visible_char

shown = visible_char  # a character as drawn, whitespace made visible (escaped for a figure: base.plot_char)
COLUMNS = 64  # at most this many characters per row of the text heatmap (a line break also starts a row)
CELL_PX = (13, 24)  # width, height of one character cell
LABELLED_BARS = 120  # the prediction strip writes the next character above each bar up to this many steps
GATE_COLOURS = {"r": "#1f77b4", "z": "#d62728", "i": "#2ca02c", "f": "#ff7f0e", "o": "#9467bd"}




def _dark(quantity: str, frac: float) -> bool:
    """Is the background at ``frac`` of the scale dark enough for white ink?"""
    return abs(frac - 0.5) > 0.35 if quantity in ("h", "c", "tanh_c") else frac > 0.7


def value_range(quantity: str, values: np.ndarray) -> tuple[float, float]:
    """Gates in [0, 1]; h and tanh(c) in [-1, 1]; c symmetric about 0 up to a nice ceiling of its largest |c|."""
    if quantity in ("h", "tanh_c"):
        return (-1.0, 1.0)
    if quantity == "c":
        m = style.nice_ceiling(float(np.abs(values).max()) if values.size and np.abs(values).max() > 0 else 1.0)
        return (-m, m)
    return (0.0, 1.0)


def colourscale(quantity: str) -> list[list]:
    """The app's diverging scale for signed quantities, its sequential scale for gates."""
    return style.DIVERGING if quantity in ("h", "c", "tanh_c") else style.SEQUENTIAL


def auto_columns(text: str) -> int:
    """Characters per row: the longest line (with its line break), at least 16, at most COLUMNS."""
    longest = max((len(line) + 1 for line in text.split("\n")), default=1)
    return min(max(longest, 16), COLUMNS)


def layout_grid(text: str, columns: int = COLUMNS) -> list[tuple[int, int]]:
    """(row, column) of each character: rows of ``columns`` characters, a line break ends its row."""
    cells, row, col = [], 0, 0
    for ch in text:
        if col >= columns:
            row, col = row + 1, 0
        cells.append((row, col))
        col += 1
        if ch == "\n":
            row, col = row + 1, 0
    return cells


def _hover(acts: Activations, values: np.ndarray, unit: int, quantity: str, lang: str) -> list[str]:
    """Per step: the character, step, value and the top-5 next characters (every character escaped)."""
    out = []
    for t, ch in enumerate(acts.text):
        top = ", ".join(f"{plot_char(c)} {p:.0%}" for c, p in acts.top(t))
        nxt = acts.text[t + 1] if t + 1 < len(acts.text) else None
        real = (
            tr_text(
                lang,
                "learned.fig.hover_next",
                ch=plot_char(nxt),
                p=f"{acts.probs[t, acts.vocab.char_to_idx[nxt]]:.0%}",
            )
            if nxt is not None
            else ""
        )
        out.append(
            tr_text(
                lang,
                "learned.fig.hover",
                ch=plot_char(ch),
                t=t,
                q=_qname(quantity),
                unit=unit,
                v=f"{values[t, unit]:+.3f}",
                top=top,
            )
            + real
        )
    return out


def _qname(quantity: str) -> str:
    return {"h": "h_t", "c": "c_t", "tanh_c": "tanh(c_t)"}.get(quantity, quantity)


def text_heatmap(
    acts: Activations,
    *,
    layer: int,
    unit: int,
    quantity: str = "h",
    lang: str = "en",
    lesson: bool = False,
    columns: int | None = None,
) -> go.Figure:
    """The passage with each character's background coloured by one quantity of one unit after reading it.

    Drawn to its own width (``columns`` characters per row, by default auto_columns of the text): show it
    at its size, not stretched; a long passage makes it tall (put it in a scrolling container)."""
    values = acts.values(layer, quantity)  # [T, H]
    columns = columns or auto_columns(acts.text)
    grid = layout_grid(acts.text, columns)
    rows = (grid[-1][0] + 1) if grid else 1
    z = np.full((rows, columns), np.nan)
    chars = np.full((rows, columns), "", dtype=object)
    hover = np.full((rows, columns), "", dtype=object)
    tips = _hover(acts, values, unit, quantity, lang)
    for t, (r, c) in enumerate(grid):
        z[r, c], chars[r, c], hover[r, c] = values[t, unit], plot_char(acts.text[t]), tips[t]
    low, high = value_range(quantity, values[:, unit])
    size = style.LESSON_FONT_SIZE if lesson else style.FONT_SIZE
    fig = go.Figure(layout=style.base_layout(lesson=lesson))
    fig.add_heatmap(
        z=z,
        text=chars,
        texttemplate="%{text}",
        textfont=dict(family=style.MONO_FAMILY, size=size),
        hovertext=hover,
        hoverinfo="text",
        zmin=low,
        zmax=high,
        colorscale=colourscale(quantity),
        xgap=1,
        ygap=2,
        colorbar=dict(title=dict(text=_qname(quantity)), thickness=12),
    )
    fig.update_layout(
        title=dict(text=tr_text(lang, "learned.fig.text_title", q=_qname(quantity), unit=unit, layer=layer), x=0.01),
        xaxis=dict(visible=False, range=[-0.5, columns - 0.5], constrain="domain"),
        yaxis=dict(visible=False, autorange="reversed"),
        height=max(160, rows * (CELL_PX[1] + (8 if lesson else 0)) + 90),
        width=max(420, int(columns * CELL_PX[0] * (1.4 if lesson else 1.0)) + 110),
        margin=dict(l=10, r=10, t=50, b=10),
    )
    return fig


def text_heatmap_html(
    acts: Activations, *, layer: int, unit: int, quantity: str = "h", lang: str = "en", caption: str = ""
) -> str:
    """The same as a self-contained HTML page: one <span> per character, its background the unit's colour, its
    title the hover text; every character of the passage is HTML-escaped; a long passage scrolls."""
    values = acts.values(layer, quantity)
    low, high = value_range(quantity, values[:, unit])
    scale = colourscale(quantity)
    tips = _hover(acts, values, unit, quantity, lang)
    spans = []
    for t, ch in enumerate(acts.text):
        v = float(values[t, unit])
        frac = 0.5 if high == low else min(max((v - low) / (high - low), 0.0), 1.0)
        colour = sample_colorscale(scale, [frac])[0]
        ink = "#ffffff" if _dark(quantity, frac) else style.TEXT
        glyph = plot_char(ch) + ("<br>" if ch == "\n" else "")
        tip = html.escape(tips[t].replace("<br>", "\n"), quote=True)
        spans.append(f'<span style="background:{colour};color:{ink}" title="{tip}">{glyph}</span>')
    title = tr_text(lang, "learned.fig.text_title", q=_qname(quantity), unit=unit, layer=layer)
    css = (
        "body{font-family:" + style.FONT_FAMILY.replace('"', "'") + ";margin:2rem;color:#222}"
        ".text{font-family:" + style.MONO_FAMILY.replace('"', "'") + ";font-size:15px;line-height:1.7;"
        "white-space:pre-wrap;word-break:break-all;max-height:80vh;overflow:auto;border:1px solid #ddd;"
        "padding:.6rem}.text span{padding:1px 0}.caption{color:#555}"
    )
    cap = f'<p class="caption">{html.escape(caption)}</p>' if caption else ""
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n"
        f'<h1>{html.escape(title)}</h1>\n<div class="text">{"".join(spans)}</div>\n{cap}\n</body>\n</html>\n'
    )


def units_heatmap(
    acts: Activations,
    *,
    layer: int,
    quantity: str = "h",
    order: Sequence[int] | None = None,
    labels: Sequence[str] | None = None,
    lang: str = "en",
    lesson: bool = False,
) -> go.Figure:
    """Every unit of ``layer`` (rows, in ``order``) over the passage (columns, t = 0 ... T-1)."""
    values = acts.values(layer, quantity)  # [T, H]
    order = list(order) if order is not None else list(range(values.shape[1]))
    z = values[:, order].T  # [units, T]
    names = list(labels) if labels is not None else [str(u) for u in order]
    low, high = value_range(quantity, values)
    fig = go.Figure(layout=style.base_layout(lesson=lesson))
    fig.add_heatmap(
        z=z,
        x=list(range(z.shape[1])),
        y=[f"{n} " for n in names],
        hovertemplate=tr_text(lang, "learned.fig.unit_hover", q=_qname(quantity)),
        zmin=low,
        zmax=high,
        colorscale=colourscale(quantity),
        colorbar=dict(title=dict(text=_qname(quantity)), thickness=12),
    )
    fig.update_layout(
        title=dict(
            text=tr_text(lang, "learned.fig.units_title", q=_qname(quantity), layer=layer, n=len(order)), x=0.01
        ),
        xaxis=dict(title=tr_text(lang, "learned.fig.step_axis")),
        yaxis=dict(
            title=tr_text(lang, "learned.fig.unit_axis"),
            autorange="reversed",
            type="category",
            tickmode="array" if len(order) <= 48 else "auto",
            tickvals=[f"{n} " for n in names] if len(order) <= 48 else None,
        ),
        height=min(900, max(260, 12 * len(order) + 120)),
    )
    return fig


def prediction_strip(acts: Activations, *, lang: str = "en", lesson: bool = False) -> go.Figure:
    """Per step t, the probability the model gave to text[t+1] after reading text[:t+1]: high where it is sure."""
    p = acts.next_prob()
    nxt = [plot_char(c) for c in acts.text[1:]]
    seen = [plot_char(c) for c in acts.text[:-1]]
    hover = [
        tr_text(lang, "learned.fig.pred_hover", t=t, ch=seen[t], nxt=nxt[t], p=f"{p[t]:.1%}") for t in range(len(p))
    ]
    fig = go.Figure(layout=style.base_layout(lesson=lesson))
    fig.add_bar(
        x=list(range(len(p))),
        y=p.tolist(),
        hovertext=hover,
        hoverinfo="text",
        marker=dict(color=style.SEQUENTIAL[2][1]),
        text=nxt if len(p) <= LABELLED_BARS else None,
        textposition="outside",
        textfont=dict(family=style.MONO_FAMILY),
    )
    fig.update_traces(cliponaxis=False)
    fig.update_layout(
        title=dict(text=tr_text(lang, "learned.fig.pred_title"), x=0.01),
        xaxis=dict(title=tr_text(lang, "learned.fig.step_axis")),
        yaxis=dict(title=tr_text(lang, "learned.fig.pred_axis"), range=[0, 1.12], tickformat=".0%"),
        height=300,
        bargap=0.1,
    )
    return fig


def saturation_plot(
    sat: dict[str, tuple[np.ndarray, np.ndarray]], *, lang: str = "en", lesson: bool = False
) -> go.Figure:
    """Each gate unit as a point: fraction of steps left-saturated (< 0.1) against right-saturated (> 0.9)."""
    fig = go.Figure(layout=style.base_layout(lesson=lesson))
    for gate, (left, right) in sat.items():
        hover = [
            tr_text(lang, "learned.fig.sat_hover", gate=gate, unit=u, left=f"{left[u]:.0%}", right=f"{right[u]:.0%}")
            for u in range(len(left))
        ]
        fig.add_scatter(
            x=left.tolist(),
            y=right.tolist(),
            mode="markers",
            name=tr_text(lang, "learned.fig.gate", gate=gate),
            marker=dict(color=GATE_COLOURS.get(gate, style.MUTED), size=9, opacity=0.75),
            hovertext=hover,
            hoverinfo="text",
        )
    fig.add_scatter(
        x=[0, 1], y=[1, 0], mode="lines", line=dict(color=style.GRID, dash="dot"), showlegend=False, hoverinfo="skip"
    )
    fig.update_layout(
        title=dict(text=tr_text(lang, "learned.fig.sat_title"), x=0.01),
        xaxis=dict(title=tr_text(lang, "learned.fig.sat_left"), range=[-0.02, 1.02], tickformat=".0%"),
        yaxis=dict(title=tr_text(lang, "learned.fig.sat_right"), range=[-0.02, 1.02], tickformat=".0%"),
        height=420,
        legend=dict(orientation="h", y=-0.2),
    )
    return fig
