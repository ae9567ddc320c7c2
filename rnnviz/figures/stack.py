"""Fixed-size figures drawn as one chart, one above the other: the same pixels, one chart to mount.

A browser mounts every Plotly chart from scratch when its figure changes; the dashboard's two step
figures (the cell equation and the one-matmul view) change on every step, so it shows them as one
``stack``. Each figure keeps its size, margins, title, axes, colour axes, shapes and annotations; only
the ids are renumbered and the paper coordinates mapped into the figure's band of the stack.
"""

from __future__ import annotations

import re

import plotly.graph_objects as go

from rnnviz.figures.base import figure

_AXIS = re.compile(r"^([xy])(\d*)( domain)?$")
_AXIS_KEY = re.compile(r"^([xy])axis(\d*)$")


def stack(figures: list[go.Figure], gap: int = 8) -> go.Figure:
    """``figures`` (each with layout.width and layout.height) one above the other, left-aligned, ``gap``
    px apart, as one figure without margins of its own."""
    parts = [{"data": f._data, "layout": f._layout} for f in figures]  # plain dicts, arrays as numpy
    width = max(p["layout"]["width"] for p in parts)
    height = sum(p["layout"]["height"] for p in parts) + gap * (len(parts) - 1)
    data, layout, annotations, shapes = [], {}, [], []
    top, axes_before, colours_before = 0, 0, 0
    for p in parts:
        band = _Band(p["layout"], top, width, height)
        n_axes = max([int(m.group(2) or 1) for k in p["layout"] if (m := _AXIS_KEY.match(k))] or [0])
        colours = sorted(k for k in p["layout"] if k.startswith("coloraxis"))
        recolour = {k: _numbered("coloraxis", colours_before + i + 1) for i, k in enumerate(colours)}
        for trace in p["data"]:
            t = dict(trace)
            for key in ("xaxis", "yaxis"):
                t[key] = _renumber(t.get(key, key[0]), axes_before)
            if "coloraxis" in t:
                t["coloraxis"] = recolour[t["coloraxis"]]
            data.append(t)
        for key, value in p["layout"].items():
            if m := _AXIS_KEY.match(key):
                axis = dict(value)
                axis["domain"] = band.domain(m.group(1), axis.get("domain", [0, 1]))
                if "anchor" in axis:
                    axis["anchor"] = _renumber(axis["anchor"], axes_before)
                layout[_numbered(f"{m.group(1)}axis", int(m.group(2) or 1) + axes_before)] = axis
            elif key in recolour:
                layout[recolour[key]] = value
        annotations += [band.place(a, axes_before) for a in p["layout"].get("annotations", [])]
        shapes += [band.place(s, axes_before) for s in p["layout"].get("shapes", [])]
        if title := band.title(p["layout"].get("title")):
            annotations.append(title)
        top += p["layout"]["height"] + gap
        axes_before += n_axes
        colours_before += len(colours)
    first = parts[0]["layout"]
    layout |= {
        k: v for k, v in first.items() if k in ("template", "font", "paper_bgcolor", "plot_bgcolor", "hoverlabel")
    }
    layout |= dict(width=width, height=height, margin=dict(l=0, r=0, t=0, b=0, pad=0), autosize=False,
                   annotations=annotations, shapes=shapes, showlegend=False)  # fmt: skip
    return figure(data, layout)


class _Band:
    """One figure's place in the stack: its paper coordinates -> the stack's."""

    def __init__(self, layout: dict, top: float, width: float, height: float):
        m = layout.get("margin", {})
        self.l, self.r, self.t, self.b = (m.get(k, 80 if k in "lr" else 100 if k == "t" else 80) for k in "lrtb")
        self.w, self.h, self.top, self.W, self.H = layout["width"], layout["height"], top, width, height

    def x(self, u: float) -> float:
        return (self.l + u * (self.w - self.l - self.r)) / self.W

    def y(self, v: float) -> float:
        return 1 - (self.top + self.t + (1 - v) * (self.h - self.t - self.b)) / self.H

    def domain(self, axis: str, d: list[float]) -> list[float]:
        return [self.x(d[0]), self.x(d[1])] if axis == "x" else [self.y(d[0]), self.y(d[1])]

    def place(self, item: dict, shift: int) -> dict:
        """An annotation or shape: axis references renumbered, paper coordinates mapped."""
        out = dict(item)
        for axis in ("x", "y"):
            ref = out.get(f"{axis}ref", "paper")
            if ref == "paper":
                keys = (axis, f"{axis}0", f"{axis}1", f"a{axis}" if out.get(f"a{axis}ref") == "paper" else None)
                for k in keys:
                    if k and isinstance(out.get(k), (int, float)):
                        out[k] = self.x(out[k]) if axis == "x" else self.y(out[k])
            else:
                out[f"{axis}ref"] = _renumber(ref, shift)
            if out.get(f"a{axis}ref", "pixel") not in ("pixel", "paper"):
                out[f"a{axis}ref"] = _renumber(out[f"a{axis}ref"], shift)
        return out

    def title(self, title: dict | None) -> dict | None:
        """The figure's title as an annotation in its top margin, where plotly would draw it."""
        if not title or not title.get("text"):
            return None
        return dict(text=title["text"], xref="paper", yref="paper", x=self.x(title.get("x", 0.0)),
                    y=1 - (self.top + self.t / 2) / self.H, xanchor=title.get("xanchor", "left"),
                    yanchor="middle", showarrow=False, font=title.get("font", {}))  # fmt: skip


def _renumber(ref: str, shift: int) -> str:
    m = _AXIS.match(ref)
    if not m or not shift:
        return ref
    return _numbered(m.group(1), int(m.group(2) or 1) + shift) + (m.group(3) or "")


def _numbered(name: str, n: int) -> str:
    return name if n == 1 else f"{name}{n}"
