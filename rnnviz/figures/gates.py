"""Gated cells (nn.GRU, nn.LSTM): gate heatmaps on honest scales, the step's numbers, weight row blocks, equations.

``gate_heatmaps``: every gate (and LSTM's c_t) of one layer and direction over time, unit 0 at the top;
sigmoid gates on [0, 1], tanh quantities on [-1, 1], c_t on a symmetric range of its own.
``gate_step_figure``: one step's terms, column by column, each coloured on its own honest scale.
``weight_blocks_figure``: weight_ih_l* (or weight_hh_l*) with its row blocks W_ir | W_iz | W_in outlined.
``gate_equations``: each gate's equation as PyTorch writes it, with the real numbers.
``gate_panel`` and ``gate_step_parts``: the same two views cut into small figures of a few hundred px each
(one per quantity; the step's inputs, one per gate, the update), so a page can lay them out in columns that
stack on a phone instead of one wide figure that is cut off or squeezed.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from rnnviz import style
from rnnviz.figures import base
from rnnviz.i18n import text
from rnnviz.trace import Trace

SIGMOID_SCALE = style.SEQUENTIAL  # a gate in [0, 1]: white = closed (0), dark blue = open (1)
GATE_COLOURS = {"r": "#e41a1c", "z": "#377eb8", "n": "#4daf4a", "i": "#e41a1c", "f": "#377eb8", "g": "#4daf4a",
                "o": "#984ea3"}  # fmt: skip  # the outline of each gate's row block
TEXT_MAX_CELLS = 14  # print values in cells only when a panel is this small


def quantity_range(trace: Trace, name: str, values: np.ndarray | None = None) -> tuple[float, float]:
    """The colour range of a quantity: the kind's own bounds, else symmetric around 0 from the values."""
    low, high = trace.kind.value_range(name, trace.nonlinearity)
    if name == "h" and trace.H_out != trace.hidden_size:  # W_hr (o * tanh(c_t)) is unbounded
        low = high = None
    if low is not None and high is not None:
        return float(low), float(high)
    finite = values[np.isfinite(values)] if values is not None else np.zeros(0)
    m = float(np.abs(finite).max()) if finite.size else 1.0
    m = style.nice_ceiling(m) if m > 0 else 1.0
    return -m, m


def scale_of(trace: Trace, name: str, values: np.ndarray | None = None) -> list[list]:
    """SEQUENTIAL for a [0, 1] gate, DIVERGING for a signed quantity."""
    low, _ = quantity_range(trace, name, values)
    return SIGMOID_SCALE if low == 0.0 else style.DIVERGING


def panels(trace: Trace, layer: int, direction: int, batch: int) -> dict[str, np.ndarray]:
    """Each gate, then c_t (LSTM) and h_t, as ``[units, seq_len]`` (float64 numpy) of one sequence."""
    out = {k: v[:, batch].T for k, v in trace.gates(layer, direction).items()}  # [H, L]
    if trace.kind.has_cell_state:
        out["c"] = trace.cell_state(layer, direction)[:, batch].T
    out["h"] = trace.hidden(layer, direction)[:, batch].T  # [H_out, L]
    return {k: v.detach().double().numpy() for k, v in out.items()}


def gate_heatmaps(
    trace: Trace, *, layer: int, direction: int, batch: int = 0, t: int = 0, lang: str = "en", lesson: bool = False
) -> go.Figure:
    """One panel per gate (and c_t, h_t): units down (unit 0 at the top), time across, the step t boxed.
    A grid of 2 or 3 columns built from plain dicts without validation (figures/base.py; the tests validate it)."""
    data = panels(trace, layer, direction, batch)
    names = list(data)
    cols = 3 if len(names) > 4 else 2
    rows = -(-len(names) // cols)
    hgap, vgap = 0.07, 0.2  # between panels, as fractions of the plot area (as make_subplots spaced them)
    width, height = (1 - hgap * (cols - 1)) / cols, (1 - vgap * (rows - 1)) / rows
    L = trace.seq_len
    traces, shapes, notes = [], [], []
    layout = base.plain_layout(lesson)
    for i, name in enumerate(names):
        z = data[name]
        low, high = quantity_range(trace, name, z)
        r, c = divmod(i, cols)
        ax = base.Axes(i + 1)
        x0, y1 = c * (width + hgap), 1 - r * (height + vgap)
        show_text = z.size <= TEXT_MAX_CELLS * L and L <= 12
        heat = dict(type="heatmap", z=z, x=list(range(L)), y=list(range(z.shape[0])), zmin=low, zmax=high,
                    colorscale=scale_of(trace, name, z), showscale=False, xgap=1, ygap=1, name=name,
                    hovertemplate=f"{name}: %{{z:.4f}}<br>t=%{{x}}, unit=%{{y}}<extra></extra>", xaxis=ax.x,
                    yaxis=ax.y)  # fmt: skip
        if show_text:
            heat |= dict(text=np.round(z, 2), texttemplate="%{text}")
        traces.append(heat)
        shapes.append(dict(type="rect", x0=t - 0.5, x1=t + 0.5, y0=-0.5, y1=z.shape[0] - 0.5, xref=ax.x,
                           yref=ax.y, line=dict(color=style.HIGHLIGHT, width=3)))  # fmt: skip
        clip = lambda a, b: [round(max(a, 0.0), 6), round(min(b, 1.0), 6)]  # noqa: E731  # within [0, 1]
        layout[ax.xkey] = dict(domain=clip(x0, x0 + width), anchor=ax.y, dtick=1 if L <= 20 else None)
        layout[ax.ykey] = dict(domain=clip(y1 - height, y1), anchor=ax.x, autorange="reversed",
                               dtick=1 if z.shape[0] <= 12 else None)  # fmt: skip
        scale = f"<span style='font-size:0.85em'>[{low:g}, {high:g}]</span>"  # each title states its scale
        notes.append(dict(text=f"{text(lang, f'gates.q.{trace.kind.name}.{name}')}<br>{scale}", x=x0 + width / 2,
                          y=y1, xref="paper", yref="paper", xanchor="center", yanchor="bottom",
                          showarrow=False))  # fmt: skip
    arrow = style.DIRECTION_ARROWS[direction]
    title = text(lang, "gates.hm.title", layer=layer, arrow=arrow, n=batch, t=t)
    layout |= dict(
        title=dict(text=title, x=0.01),
        height=(260 if lesson else 220) * rows + 60,
        margin=dict(l=40, r=20, t=110 if lesson else 90, b=40),
        shapes=shapes,
        annotations=notes,
    )
    return base.figure(traces, layout)


PANEL_TEXT_STEPS = 8  # a small panel prints its values up to this many steps (wider: hover only)


def gate_panel(
    trace: Trace,
    *,
    name: str,
    layer: int,
    direction: int,
    batch: int = 0,
    t: int = 0,
    lang: str = "en",
    data: dict[str, np.ndarray] | None = None,
) -> go.Figure:
    """One panel of ``gate_heatmaps`` as a figure of its own (``name``: a gate, "c" or "h"), no fixed width:
    units down (unit 0 at the top), time across, step t boxed, its honest range in the title. Built from plain
    dicts without validation (figures/base.py; tests/test_gates_parts.py validates them)."""
    z = (data or panels(trace, layer, direction, batch))[name]  # [units, L]
    low, high = quantity_range(trace, name, z)
    L, units = trace.seq_len, z.shape[0]
    show_text = L <= PANEL_TEXT_STEPS and units <= TEXT_MAX_CELLS
    heat = dict(
        type="heatmap",
        z=z,
        x=list(range(L)),
        y=list(range(units)),
        zmin=low,
        zmax=high,
        colorscale=scale_of(trace, name, z),
        showscale=False,
        xgap=1,
        ygap=1,
        hovertemplate=f"{name}: %{{z:.4f}}<br>t=%{{x}}, unit=%{{y}}<extra></extra>",
        name=name,
    )
    if show_text:
        heat |= dict(text=np.round(z, 2), texttemplate="%{text}", textfont=dict(size=style.FONT_SIZE - 2))
    box = dict(type="rect", x0=t - 0.5, x1=t + 0.5, y0=-0.5, y1=units - 0.5, line=dict(color=style.HIGHLIGHT, width=3))
    scale = f"<span style='font-size:0.85em'>[{low:g}, {high:g}]</span>"
    layout = base.plain_layout() | dict(
        title=dict(text=f"{text(lang, f'gates.q.{trace.kind.name}.{name}')}<br>{scale}", x=0.01,
                   font=dict(size=style.FONT_SIZE)),
        height=int(min(420, 110 + max(90, 24 * units))),
        margin=dict(l=30, r=10, t=54, b=30),
        shapes=[box],
        yaxis=dict(autorange="reversed", dtick=1 if units <= 12 else None, showgrid=False),
        xaxis=dict(dtick=1 if L <= 20 else None, showgrid=False),
    )  # fmt: skip
    return base.figure([heat], layout)


def step_groups(trace: Trace, cols: list[str]) -> list[tuple[str, list[str]]]:
    """The step's columns (``step_columns``' labels, in reading order) as groups, a part figure each: the state
    coming in, each gate's three columns, the state going out; (i18n key of the group's title, its labels)."""
    gates = trace.kind.gate_names
    first = cols.index(f"W_i{gates[0]} x_t + b_i{gates[0]}")
    last = cols.index(gates[-1]) + 1
    groups = [("gates.part.in", cols[:first])]
    for g in gates:
        k = cols.index(g)
        groups.append((f"gates.q.{trace.kind.name}.{g}", cols[k - 2 : k + 1]))
    return [*groups, ("gates.part.out", cols[last:])]


def gate_step_parts(
    trace: Trace, *, layer: int, direction: int, t: int, batch: int = 0, lang: str = "en"
) -> list[go.Figure]:
    """``gate_step_figure`` cut into small figures: the state in, one per gate (its three columns), the
    update; every signed column on one shared symmetric scale, as in the whole figure (plain dicts)."""
    cols = step_columns(trace, layer, direction, t, batch)
    m = _signed_max(cols)
    rows = max(v.size for _, v in cols.values())
    figs = []
    for key, labels in step_groups(trace, list(cols)):
        data = [_step_column(trace, x, label, *cols[label], m) for x, label in enumerate(labels)]
        gate = key.rsplit(".", 1)[-1] if key.startswith("gates.q.") else None
        frame = dict(type="rect", x0=-0.5, x1=2.5, y0=-0.7, y1=trace.hidden_size - 0.3,
                     line=dict(color=GATE_COLOURS.get(gate), width=2), fillcolor="rgba(0,0,0,0)")  # fmt: skip
        layout = base.plain_layout() | dict(
            title=dict(text=text(lang, key), x=0.01, font=dict(size=style.FONT_SIZE)),
            height=150 + 34 * rows,
            margin=dict(l=30, r=10, t=40, b=80),
            shapes=[frame] if gate else [],
            xaxis=dict(tickvals=list(range(len(labels))), ticktext=[_wrap(c) for c in labels], tickangle=0,
                       showgrid=False, tickfont=dict(size=style.FONT_SIZE - 2)),
            yaxis=dict(autorange="reversed", dtick=1, showgrid=False, range=[rows - 0.5, -0.7]),
        )  # fmt: skip
        figs.append(base.figure(data, layout))
    return figs


def _signed_max(cols: dict[str, tuple[str, np.ndarray]]) -> float:
    """The symmetric range shared by the signed columns (block products, c, h)."""
    signed = np.concatenate([v for q, v in cols.values() if q in ("pre", "c", "h")])
    m = float(np.abs(signed[np.isfinite(signed)]).max()) if np.isfinite(signed).any() else 1.0
    return style.nice_ceiling(m) if m > 0 else 1.0


def _step_column(trace: Trace, x: int, label: str, q: str, v: np.ndarray, m: float) -> dict:
    """One term of the step as a one-column heatmap (a plain dict) on its honest scale (signed: [-m, m])."""
    if q in ("pre", "c") or (q == "h" and quantity_range(trace, "h")[0] is None):
        low, high, scale = -m, m, style.DIVERGING
    else:
        low, high = quantity_range(trace, q, v)
        scale = scale_of(trace, q, v)
    return dict(
        type="heatmap",
        z=v.reshape(-1, 1),
        x=[x],
        y=list(range(v.size)),
        zmin=low,
        zmax=high,
        colorscale=scale,
        showscale=False,
        xgap=2,
        ygap=2,
        text=np.round(v.reshape(-1, 1), 2),
        texttemplate="%{text}",
        hovertemplate=f"{label}[%{{y}}] = %{{z:.5f}}<extra></extra>",
        name=label,
    )


def prev_step(direction: int) -> str:
    """The step a direction's previous state is from: t-1 forward, t+1 reverse (it runs t = L-1 .. 0)."""
    return "t-1" if direction == 0 else "t+1"


def step_columns(trace: Trace, layer: int, direction: int, t: int, batch: int) -> dict[str, tuple[str, np.ndarray]]:
    """The step's terms in reading order: label -> (quantity for its scale, ``[units]`` float64)."""
    s = trace.step(layer, direction, t)
    pick = lambda v: v[batch].detach().double().numpy()  # noqa: E731
    kind = trace.kind.name
    p = prev_step(direction)  # the reverse direction reads h_(t+1)
    cols: dict[str, tuple[str, np.ndarray]] = {f"h_({p})": ("h", pick(s.h_prev))}
    if s.c_prev is not None:
        cols[f"c_({p})"] = ("c", pick(s.c_prev))
    for g in trace.kind.gate_names:
        cols[f"W_i{g} x_t + b_i{g}"] = ("pre", pick(s.blocks["i" + g]))
        cols[f"W_h{g} h_({p}) + b_h{g}"] = ("pre", pick(s.blocks["h" + g]))
        cols[g] = (g, pick(s.gates[g]))
    if s.c_t is not None:
        cols["c_t"] = ("c", pick(s.c_t))
    if kind == "lstm" and trace.H_out != trace.hidden_size:  # before W_hr: hidden_size rows
        cols["o ⊙ tanh(c_t)"] = ("g", pick(s.h_cell))
    cols["h_t"] = ("h", pick(s.h_t))
    return cols


def gate_step_figure(
    trace: Trace, *, layer: int, direction: int, t: int, batch: int = 0, lang: str = "en", lesson: bool = False
) -> go.Figure:
    """The numbers of one step: a column per term, unit 0 at the top, each column on its own honest scale
    (plain dicts, as gate_heatmaps)."""
    cols = step_columns(trace, layer, direction, t, batch)
    m = _signed_max(cols)
    data = [_step_column(trace, x, label, q, v, m) for x, (label, (q, v)) in enumerate(cols.items())]
    frames = []
    for g in trace.kind.gate_names:  # each gate's three columns under one coloured bracket
        x = list(cols).index(g)
        frames.append(dict(type="rect", x0=x - 2.5, x1=x + 0.5, y0=-0.7, y1=trace.hidden_size - 0.3,
                           line=dict(color=GATE_COLOURS[g], width=2), fillcolor="rgba(0,0,0,0)"))  # fmt: skip
    arrow = style.DIRECTION_ARROWS[direction]
    title = text(lang, "gates.step.title", cell=trace.kind.constructor(), layer=layer, arrow=arrow, t=t, n=batch)
    rows = max(v.size for _, v in cols.values())
    layout = base.plain_layout(lesson) | dict(
        title=dict(text=title, x=0.01),
        height=190 + (48 if lesson else 40) * rows,
        margin=dict(l=50, r=20, t=60, b=100),
        shapes=frames,
        xaxis=dict(tickvals=list(range(len(cols))), ticktext=[_wrap(c) for c in cols], tickangle=0, showgrid=False,
                   tickfont=dict(size=style.LESSON_FONT_SIZE - 4 if lesson else style.FONT_SIZE - 2)),
        yaxis=dict(autorange="reversed", dtick=1, title=dict(text=text(lang, "gates.unit")), showgrid=False),
    )  # fmt: skip
    return base.figure(data, layout)


def weight_blocks_figure(
    trace: Trace, *, layer: int, direction: int, which: str = "ih", lang: str = "en", lesson: bool = False
) -> go.Figure:
    """weight_ih_l* ([G*H, in]) or weight_hh_l* ([G*H, H_out]) with each gate's row block outlined and named."""
    if which not in ("ih", "hh"):
        raise ValueError(f"which must be 'ih' or 'hh', got {which!r}")
    name = trace.weight_names(layer, direction)[f"W_{which}"]
    W = trace.weights(layer, direction)[f"W_{which}"].detach().double().numpy()  # [G*H, in | H_out]
    H = trace.hidden_size
    m = float(np.abs(W).max()) or 1.0
    heat = dict(type="heatmap", z=W, zmin=-m, zmax=m, colorscale=style.DIVERGING, xgap=1, ygap=1, showscale=False,
                hovertemplate=f"{name}[%{{y}}, %{{x}}] = %{{z:.4f}}<extra></extra>")  # fmt: skip
    shapes, notes = [], []
    for k, g in enumerate(trace.kind.block_names):
        y0, y1 = k * H - 0.5, (k + 1) * H - 0.5
        shapes.append(dict(type="rect", x0=-0.5, x1=W.shape[1] - 0.5, y0=y0, y1=y1,
                           line=dict(color=GATE_COLOURS[g], width=3)))  # fmt: skip
        label = f"<b>W_{which[0]}{g}</b> [{k * H}:{(k + 1) * H}]"
        notes.append(dict(x=W.shape[1] - 0.5, y=(y0 + y1) / 2, xanchor="left", showarrow=False, text=label,
                          font=dict(color=GATE_COLOURS[g])))  # fmt: skip
    title = text(lang, "gates.w.title", name=name, rows=W.shape[0], cols=W.shape[1])
    layout = base.plain_layout(lesson) | dict(
        title=dict(text=title, x=0.01),
        height=min(520, 90 + 16 * W.shape[0]),
        margin=dict(l=40, r=130, t=50, b=30),
        shapes=shapes,
        annotations=notes,
        yaxis=dict(autorange="reversed", showgrid=False),
        xaxis=dict(showgrid=False),
    )
    return base.figure([heat], layout)


def gate_equations(trace: Trace, layer: int, direction: int, t: int, batch: int = 0, digits: int = 3) -> list[str]:
    """Each gate's equation as PyTorch's docs write it, then the same with this step's numbers."""
    s = trace.step(layer, direction, t)
    v = lambda x: _vec(x[batch], digits)  # noqa: E731
    b, g = s.blocks, s.gates
    pre = lambda k: f"{v(b['i' + k])} + {v(b['h' + k])}"  # noqa: E731
    if trace.kind.name == "gru":
        lines = [
            f"r_t = σ(W_ir x_t + b_ir + W_hr h_(t-1) + b_hr) = σ({pre('r')}) = {v(g['r'])}",
            f"z_t = σ(W_iz x_t + b_iz + W_hz h_(t-1) + b_hz) = σ({pre('z')}) = {v(g['z'])}",
            "n_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_(t-1) + b_hn))"
            f" = tanh({v(b['in'])} + {v(g['r'])} ⊙ {v(b['hn'])}) = {v(g['n'])}",
            f"h_t = (1 - z_t) ⊙ n_t + z_t ⊙ h_(t-1) = (1 - {v(g['z'])}) ⊙ {v(g['n'])} + {v(g['z'])} ⊙ {v(s.h_prev)}"
            f" = {v(s.h_t)}",
        ]
        return [line.replace("_(t-1)", f"_({prev_step(direction)})") for line in lines]
    lines = [
        f"i_t = σ(W_ii x_t + b_ii + W_hi h_(t-1) + b_hi) = σ({pre('i')}) = {v(g['i'])}",
        f"f_t = σ(W_if x_t + b_if + W_hf h_(t-1) + b_hf) = σ({pre('f')}) = {v(g['f'])}",
        f"g_t = tanh(W_ig x_t + b_ig + W_hg h_(t-1) + b_hg) = tanh({pre('g')}) = {v(g['g'])}",
        f"o_t = σ(W_io x_t + b_io + W_ho h_(t-1) + b_ho) = σ({pre('o')}) = {v(g['o'])}",
        f"c_t = f_t ⊙ c_(t-1) + i_t ⊙ g_t = {v(g['f'])} ⊙ {v(s.c_prev)} + {v(g['i'])} ⊙ {v(g['g'])} = {v(s.c_t)}",
    ]
    if trace.H_out != trace.hidden_size:
        lines.append(f"h_t = W_hr (o_t ⊙ tanh(c_t)) = W_hr {v(s.h_cell)} = {v(s.h_t)}")
    else:
        lines.append(f"h_t = o_t ⊙ tanh(c_t) = {v(g['o'])} ⊙ tanh({v(s.c_t)}) = {v(s.h_t)}")
    return [line.replace("_(t-1)", f"_({prev_step(direction)})") for line in lines]  # reverse: from t+1


def gate_means(trace: Trace, layer: int, direction: int, t: int, batch: int = 0) -> dict[str, float]:
    """The mean of each gate over the units at step t (for the plain-words reading)."""
    s = trace.step(layer, direction, t)
    return {k: float(g[batch].double().mean()) for k, g in s.gates.items()}


def _vec(x, digits: int) -> str:
    return "[" + ", ".join(f"{float(a):.{digits}f}" for a in x) + "]"


def _wrap(label: str) -> str:
    """'W_hi h_(t-1) + b_hi' -> three short lines, so 16 columns fit side by side."""
    return (
        label.replace(" + ", "<br>+ ")
        .replace(" h_(", "<br>h_(")
        .replace(" x_t", "<br>x_t")
        .replace(" tanh", "<br>tanh")
    )


def kinds_norm_figure(
    curves: dict[str, np.ndarray],
    *,
    forget: np.ndarray | None = None,
    t: int | None = None,
    lang: str = "en",
    lesson: bool = False,
    title_key: str = "gates.grad.kinds_title",
    labels: dict[str, str] | None = None,
    colours: dict[str, str] | None = None,
) -> go.Figure:
    """||dL/dh_t|| against t for each cell kind (``{"rnn": [L], ...}``) on one log axis; beside it, on a
    [0, 1] axis of its own, the LSTM forget gate's mean over the units (``forget`` [L])."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    colours = colours or {"rnn": style.INPUT, "gru": style.FORWARD, "lstm": style.REVERSE, "lstm_c": style.HIGHLIGHT}
    labels = labels or {k: text(lang, f"gates.kind.{k}") for k in curves}
    for kind, norms in curves.items():
        y = np.where(np.isfinite(norms) & (norms > 0), norms, np.nan)  # a log axis shows neither 0 nor inf
        fig.add_trace(
            go.Scatter(
                x=np.arange(y.size),
                y=y,
                mode="lines+markers",
                name=labels[kind],
                line=dict(color=colours.get(kind), width=2.5),
            ),
            secondary_y=False,
        )
    if forget is not None:
        fig.add_trace(
            go.Scatter(
                x=np.arange(forget.size),
                y=forget,
                mode="lines",
                name=text(lang, "gates.grad.forget"),
                line=dict(color=GATE_COLOURS["f"], dash="dot", width=2),
            ),
            secondary_y=True,
        )
    if t is not None:
        fig.add_vline(x=t, line=dict(color=style.HIGHLIGHT, width=2, dash="dash"))
    fig.update_yaxes(type="log", title=text(lang, "gates.grad.norm_axis"), secondary_y=False)
    fig.update_xaxes(title="t", dtick=1 if max((c.size for c in curves.values()), default=0) <= 20 else None)
    fig.update_layout(
        style.base_layout(
            lesson=lesson,
            title=dict(text=text(lang, title_key), x=0.01),
            height=420,
            legend=dict(orientation="h", y=-0.2),
        )
    )
    if forget is not None:  # after the base layout: its own linear [0, 1] axis, its own ticks
        fig.update_yaxes(range=[0, 1], type="linear", tickmode="array", tickvals=[0, 0.25, 0.5, 0.75, 1],
                         title=text(lang, "gates.grad.forget_axis"), secondary_y=True, showgrid=False)  # fmt: skip
    return fig
