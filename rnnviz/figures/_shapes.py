"""Drawing primitives for the diagrams: boxes, lines, arrows, brackets and labels as Plotly layout dicts.

Every helper returns a plain dict (a layout shape or annotation) in data coordinates of the one x/y axis
a diagram uses, so a figure is a list of shapes + annotations + heatmap traces. ``role`` names (in
``name`` for shapes, ``name`` for annotations) let tests find the pieces: "cell", "arrow:recurrence", ...
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from rnnviz import style

ELLIPSIS = None  # a collapsed run of steps in a list of visible steps
LINE_HEIGHT = 1.3  # plotly's line spacing, in ems of an annotation's own font size
_SPAN_SIZE = re.compile(r"font-size:\s*([0-9.]+)px")
_TAG = re.compile(r"<[^>]+>")


def visible_steps(L: int, t: int, most: int = 9) -> list[int | None]:
    """The steps a diagram draws, in order: all of 0..L-1 when L <= ``most``, else the first and last
    steps, the current step ``t`` with its neighbours, and ``None`` (an ellipsis) for each collapsed run."""
    if L <= most:
        return list(range(L))
    t = min(max(t, 0), L - 1)
    keep = {0, 1, L - 2, L - 1, t - 1, t, t + 1}
    keep = sorted(s for s in keep if 0 <= s < L)
    out: list[int | None] = []
    for s in keep:
        if out and out[-1] is not None and s > out[-1] + 1:
            out.append(ELLIPSIS)
        out.append(s)
    return out


def box(
    x0: float,
    y0: float,
    x1: float,
    y1: float,
    colour: str,
    *,
    width: float = 2,
    fill: str = "rgba(0,0,0,0)",
    dash: str = "solid",
    layer: str = "above",
    role: str = "box",
) -> dict:
    """A rectangle outline (optionally filled)."""
    return dict(
        type="rect",
        x0=x0,
        y0=y0,
        x1=x1,
        y1=y1,
        xref="x",
        yref="y",
        layer=layer,
        fillcolor=fill,
        line=dict(color=colour, width=width, dash=dash),
        name=role,
    )


def band(x0: float, y0: float, x1: float, y1: float, colour: str, opacity: float, role: str) -> dict:
    """A filled rectangle without outline, drawn below the data (a highlight or a "same W" band)."""
    return dict(
        type="rect",
        x0=x0,
        y0=y0,
        x1=x1,
        y1=y1,
        xref="x",
        yref="y",
        layer="below",
        fillcolor=colour,
        opacity=opacity,
        line=dict(width=0),
        name=role,
    )


def line(
    x0: float,
    y0: float,
    x1: float,
    y1: float,
    colour: str,
    *,
    width: float = 1.5,
    dash: str = "solid",
    role: str = "line",
) -> dict:
    """A straight segment."""
    return dict(
        type="line",
        x0=x0,
        y0=y0,
        x1=x1,
        y1=y1,
        xref="x",
        yref="y",
        layer="above",
        line=dict(color=colour, width=width, dash=dash),
        name=role,
    )


def arrow(
    x0: float,
    y0: float,
    x1: float,
    y1: float,
    colour: str,
    *,
    width: float = 2,
    role: str = "arrow",
    head: int = 2,
    hover: str | None = None,
) -> dict:
    """An arrow from (x0, y0) to (x1, y1), head at the end (a text-less annotation)."""
    out = dict(
        x=x1,
        y=y1,
        ax=x0,
        ay=y0,
        xref="x",
        yref="y",
        axref="x",
        ayref="y",
        text="",
        showarrow=True,
        arrowhead=head,
        arrowsize=1,
        arrowwidth=width,
        arrowcolor=colour,
        standoff=0,
        startstandoff=0,
        name=role,
    )
    if hover:
        out["hovertext"] = hover
    return out


def label(
    x: float,
    y: float,
    text: str,
    *,
    colour: str = style.TEXT,
    size: float | None = None,
    xanchor: str = "center",
    yanchor: str = "middle",
    role: str = "label",
    xref: str = "x",
    bold: bool = False,
    xshift: float = 0,
    yshift: float = 0,
    hover: str | None = None,
    bg: str | None = None,
) -> dict:
    """A text annotation without arrow."""
    font = dict(color=colour) | (dict(size=size) if size else {})
    out = dict(
        x=x,
        y=y,
        xref=xref,
        yref="y",
        text=f"<b>{text}</b>" if bold else text,
        showarrow=False,
        xanchor=xanchor,
        yanchor=yanchor,
        font=font,
        name=role,
        xshift=xshift,
        yshift=yshift,
        align=xanchor if xanchor in ("left", "right") else "center",
    )
    if hover:
        out["hovertext"] = hover
    if bg:
        out["bgcolor"] = bg
    return out


def bracket(
    x: float,
    y0: float,
    y1: float,
    colour: str,
    *,
    side: str = "left",
    depth: float = 0.25,
    role: str = "bracket",
    width: float = 2.5,
) -> dict:
    """A square bracket along x = ``x`` from y0 to y1, opening towards the data (``side`` it stands on)."""
    tip = x - depth if side == "left" else x + depth
    path = f"M {x},{y0} L {tip},{y0} L {tip},{y1} L {x},{y1}"
    return dict(
        type="path", path=path, xref="x", yref="y", layer="above", line=dict(color=colour, width=width), name=role
    )


def strip(
    z: np.ndarray,
    xs: np.ndarray,
    ys: np.ndarray,
    *,
    name: str,
    hover: np.ndarray,
    show_text: bool,
    text_size: float = 11,
    gaps: int = 1,
) -> dict:
    """A heatmap trace of ``z`` [rows, cols] on the shared colour axis, cell centres at ``xs`` x ``ys``.

    ``hover`` [rows, cols] holds one ready-made hover text per cell.
    """
    trace = dict(
        type="heatmap",
        z=np.ascontiguousarray(z, dtype=np.float64),
        x=xs,
        y=ys,
        coloraxis="coloraxis",
        name=name,
        text=hover,
        hovertemplate="%{text}<extra></extra>",
        xgap=gaps,
        ygap=gaps,
    )
    if show_text:
        trace |= dict(texttemplate="%{z:.2f}", textfont=dict(size=text_size))
    return trace


def hidden_axis(range_: list[float], *, reverse: bool = False) -> dict:
    """An axis with no ticks, grid or zero line, fixed to ``range_`` (reversed for top-down diagrams)."""
    r = list(reversed(range_)) if reverse else list(range_)
    return dict(range=r, visible=False, showgrid=False, zeroline=False, fixedrange=True)


def fmt_vector(v: np.ndarray, most: int = 6) -> str:
    """``[0.12, -0.50, …, 0.33]``: a vector for a caption (long ones elided in the middle)."""
    vals = [f"{x:.2f}" for x in v]
    if len(vals) > most:
        vals = vals[: most // 2] + ["…"] + vals[-(most // 2) :]
    return "[" + ", ".join(vals) + "]"


def char_width(c: str) -> float:
    """A character's advance in ems, a little generous for the sans fonts of style.FONT_FAMILY: CJK one em,
    arrows and other wide symbols 0.9, digits and capitals 0.62, a space 0.3, the rest 0.52 (a layout
    estimate, not a measurement)."""
    kind = unicodedata.east_asian_width(c)
    if kind in "WF":
        return 1.0
    if kind == "A" and not c.isalnum():
        return 0.9
    if c == " ":
        return 0.3
    return 0.62 if c.isdigit() or c.isupper() else 0.52


def text_size(text: str, size: float) -> tuple[float, float]:
    """Rough (width, height) in px of an annotation's ``text`` drawn at font ``size``.

    Lines split at <br>; a line inside a ``font-size:..px`` span uses that size for its width; bold
    (<b> anywhere) counts 6 % wider. Plotly spaces every line by LINE_HEIGHT ems of the annotation's own size."""
    lines = text.split("<br>")
    bold = 1.06 if "<b>" in text else 1.0
    width = 0.0
    for line in lines:
        found = _SPAN_SIZE.search(line)
        px = float(found.group(1)) if found else size
        width = max(width, sum(char_width(c) for c in _TAG.sub("", line)) * px * bold)
    return width, len(lines) * LINE_HEIGHT * size
