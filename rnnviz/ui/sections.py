"""The dashboard's sections: header and parity badge, step controls, heatmaps, the step equation, shapes, code.

Stable keys for tests: widgets step_slider, step_first, step_back, step_next, step_play, eq_layer,
eq_direction; charts fig_hidden, fig_output, fig_equation, fig_matmul; containers (CSS class st-key-<key>)
dash-header, parity-badge, dash-steps, dash-heatmaps, dash-equation, dash-shapes, dash-code, dash-cells.
The export panel's widgets start with dash_export. In lesson mode (view.lesson) the figures are shown as
slides with their caption (rnnviz.ui.lesson.show_figure), without the tagline, code, tables or export.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from rnnviz import notation as nt
from rnnviz import style
from rnnviz.figures.equation import step_numbers
from rnnviz.figures.heatmaps import CELL_BUDGET, hidden_step, output_step, time_block
from rnnviz.kinds import get_kind
from rnnviz.lesson.export import DIRECTIONS
from rnnviz.shapes import shape_report
from rnnviz.snippet import cell_loop_snippet, snippet
from rnnviz.sources.sourced import tokens_of
from rnnviz.ui import (
    codeblock,
    export_panel,
    figcache,
    gates_section,
    inplace,
    lesson,
    mdtable,
    path,
    runs,
    slots,
    state,
    stepview,
)
from rnnviz.ui.state import View

PLAY_KEY = "_rnnviz_playing"
# Steps per second offered while playing (URL ?speed=): the fastest is what the default dashboard keeps
# up with in headless chromium on this 2-core machine (benchmarks/bench_browser.py, "play"; a step is
# drawn in ~0.3 s since the step's charts are redrawn in place). A slower page plays slower: the browser
# asks for the next step only once the current one is drawn.
PLAY_SPEEDS = (0.25, 0.5, 1.0, 2.0)
DEFAULT_SPEED = 1.0
STICKY_CSS = (  # lesson mode: the step controls stay on screen while a slide scrolls (constant text); not
    # on a phone, where Streamlit stacks their columns and a sticky bar would cover half the screen
    "<style>@media (min-width:641px){[data-testid='stLayoutWrapper']:has(> .st-key-dash-steps), .st-key-dash-steps"
    "{position:sticky;top:0;z-index:100;background:#fff}}</style>"
)
TERMS_INLINE = 16  # units: a longer terms table is one click away (_terms)
PLOT_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"]}


def header(view: View) -> None:
    """Title, tagline, the nn.RNN call and the live parity badge."""
    run = runs.get_run(view.spec)
    with st.container(key="dash-header"):
        module = get_kind(view.spec.cell).constructor()
        gated = view.spec.cell != "rnn"  # the gated catalogue names the module: "matches torch.nn.GRU"
        st.title(state.tr("gates.dash.title", module=module) if gated else state.tr("dash.title"))
        if view.lesson:  # a slide: the caption under each figure says the configuration
            return
        st.caption(state.tr("dash.tagline"))
        call = f"rnn = {module}({', '.join(f'{k}={v!r}' for k, v in view.spec.rnn_kwargs().items())})"
        codeblock.show(call, view.lang)
        with st.container(key="parity-badge"):
            ok = run.parity <= 1e-5
            st.badge(
                state.tr(
                    ("gates.parity_ok" if ok else "gates.parity_bad")
                    if gated
                    else ("dash.parity_ok" if ok else "dash.parity_bad"),
                    diff=f"{run.parity:.1e}",
                    module=module,
                ),
                icon=":material/check_circle:" if ok else ":material/error:",
                color="green" if ok else "red",
            )
        path.render(view, key="dash")
        for note in run.trace.notes:
            st.info(note)
        if view.spec.dropout > 0 and view.spec.num_layers == 1:
            st.info(state.tr("dash.notice.dropout_one_layer"))


def step_area() -> None:
    """Everything that depends on the step t: controls, heatmaps, the equation. Run it as a fragment
    (``st.fragment(step_area, run_every=play_every(view))()``) so a step change reruns only this."""
    with slots.compute():  # a fragment run alone (a step) takes a compute slot like a full run
        _step_area()


def _step_area() -> None:
    view = state.page_state()
    _controls(view)
    layer, direction = _equation_choice(view)
    at = inplace.anchor((repr(view.spec), layer, direction, view.batch, view.lang), view.t)
    redraw = inplace.redraws(at, _inplace_figures(view, layer, direction, view.t))
    play_ms = round(1000 / play_speed()) if playing(view) else None
    # first, so the browser redraws the step's charts while the rest of the step arrives
    stepview.show(view.t, _step_marks(view), keys=view.lesson, play_ms=play_ms, figures=redraw)
    _heatmaps(view)
    equations = _equation(view, layer, direction, at)
    if not view.lesson:  # in the fragment, so the step and the figures are this run's
        trace = runs.get_run(view.spec).trace
        export_panel.render(
            lambda: _step_figures(view) | equations,
            trace,
            view.spec,
            view.t,
            view.lang,
            preset=view.preset,
            batch=view.batch,
            key="dash_export",
        )


def play_speed() -> float:
    """Steps per second while playing: the URL's ?speed= if it is one of PLAY_SPEEDS, else DEFAULT_SPEED."""
    return state.page_param("speed", _parse_speed, DEFAULT_SPEED)


def _parse_speed(raw: str) -> float:
    value = float(raw)
    if value not in PLAY_SPEEDS:
        raise ValueError(raw)
    return value


def play_every(view: View) -> float | None:
    """No server-side timer: while playing, the browser presses "next" (stepview) once the step shown is
    drawn and 1 / play_speed() s have passed, so steps never queue up and none is skipped."""
    return None


def playing(view: View) -> bool:
    return bool(st.session_state.get(PLAY_KEY)) and view.spec.seq_len > 1


def _toggle_play() -> None:
    st.session_state[PLAY_KEY] = not st.session_state.get(PLAY_KEY)


def _controls(view: View) -> None:
    L = view.spec.seq_len
    with st.container(key="dash-steps"):
        if not view.lesson:  # a slide keeps the sticky bar low: the figure and its caption fit under it
            st.subheader(state.tr("dash.steps.title"))
        cols = st.columns([0.55, 0.55, 0.55, 1.5, 5.6, 1.9], vertical_alignment="bottom")
        jumps = [  # (material icon, name: key step_<name> and help dash.steps.<name>, target step, disabled)
            ("first_page", "first", 0, view.t == 0),
            ("chevron_left", "back", view.t - 1, view.t == 0),
            ("chevron_right", "next", view.t + 1, view.t >= L - 1),
        ]
        for col, (icon, name, target, disabled) in zip(cols[:3], jumps, strict=True):
            col.button(
                "",
                icon=f":material/{icon}:",
                key=f"step_{name}",
                help=state.tr(f"dash.steps.{name}"),
                on_click=state.set_step,
                args=(target,),
                disabled=disabled,
                width="stretch",
            )
        on = playing(view)
        cols[3].button(
            state.tr("dash.steps.pause" if on else "dash.steps.play"),
            key="step_play",
            icon=":material/pause:" if on else ":material/play_arrow:",
            disabled=L == 1,
            width="stretch",
            type="primary" if on else "secondary",
            on_click=_toggle_play,
        )
        if L > 1:
            st.session_state["step_slider"] = view.t
            cols[4].slider(
                state.tr("dash.steps.slider"),
                0,
                L - 1,
                key="step_slider",
                on_change=lambda: state.set_step(st.session_state["step_slider"]),
            )
            _speed(cols[5])
        else:
            cols[4].caption(state.tr("dash.steps.single"))
        if view.lesson:
            st.html(STICKY_CSS)
            with st.container(key="step-keys"):  # hidden on a touch screen (state._CSS)
                st.caption(state.tr("step.keys"))


def _speed(where) -> None:
    """The play-speed picker (steps per second)."""
    speed = play_speed()
    if st.session_state.get("step_speed") not in PLAY_SPEEDS:  # first drawn (or after another page)
        st.session_state["step_speed"] = speed
    labels = {n: state.tr("speed.option", n=f"{n:g}") for n in PLAY_SPEEDS}  # this run's language
    chosen = where.selectbox(
        state.tr("speed.label"),
        PLAY_SPEEDS,
        key="step_speed",
        format_func=labels.__getitem__,
        help=state.tr("speed.help"),
    )
    if chosen != speed:
        state.set_page_param("speed", chosen)


def _heatmaps(view: View) -> None:
    """The hidden states of every layer and direction, and each layer's output. The charts do not change
    with t (so a step change does not re-draw them); stepview draws step t over them in the browser."""
    spec, trace = view.spec, runs.get_run(view.spec).trace
    with st.container(key="dash-heatmaps"):
        st.subheader(state.tr("dash.hm.title"))
        st.caption(state.tr("dash.hm.caption", n=view.batch, t=view.t))
        k = time_block(trace)
        if k > 1:
            st.info(state.tr("dash.hm.downsampled", k=k, budget=f"{CELL_BUDGET:,}"))
        hidden = figcache.heatmaps(spec, view.batch, None, view.lang, view.lesson)
        lesson.show_figure(hidden, view, key="fig_hidden", config=PLOT_CONFIG)
        st.markdown(f"**{state.tr('dash.hm.output_title' if spec.bidirectional else 'dash.hm.output_title_uni')}**")
        lesson.show_figure(figcache.outputs(spec, view.batch, None, view.lang, view.lesson), view, key="fig_output",
                           config=PLOT_CONFIG)  # fmt: skip
        st.caption(
            state.tr(
                "dash.hm.output_caption" if spec.bidirectional else "dash.hm.output_caption_uni",
                H=spec.H_out,
                H2=2 * spec.H_out,
            )
        )
        st.caption(state.tr("step.greyed", t=view.t, last=spec.seq_len - 1))


def _step_marks(view: View) -> dict[str, dict]:
    """What stepview draws over each heatmap chart at step t."""
    trace = runs.get_run(view.spec).trace
    return {
        "fig_hidden": hidden_step(trace, view.t, view.lang, view.lesson, tokens_of(view.spec)),
        "fig_output": output_step(trace, view.t, view.lang, view.lesson, tokens_of(view.spec)),
    }


def _step_figures(view: View) -> dict[str, go.Figure]:
    """The heatmaps of step t as files: the step box and the greyed states drawn in (the export panel)."""
    spec = view.spec
    return {
        "hidden_states": figcache.heatmaps(spec, view.batch, view.t, view.lang, view.lesson),
        "layer_outputs": figcache.outputs(spec, view.batch, view.t, view.lang, view.lesson),
    }


def _equation_choice(view: View) -> tuple[int, int]:
    """The layer and direction the equation shows (their widgets' values, made valid for this spec)."""
    ss, spec = st.session_state, view.spec
    if ss.get("eq_layer") not in range(spec.num_layers):
        ss["eq_layer"] = 0  # a beginner meets layer 0 first: its x_t is the input itself
    if ss.get("eq_direction") not in range(spec.num_directions):
        ss["eq_direction"] = 0
    return ss["eq_layer"], ss["eq_direction"]


def _equation(view: View, layer: int, direction: int, at: inplace.Anchor) -> dict[str, go.Figure]:
    """The cell equation at step t for a chosen layer and direction, and the one-matmul view; returns them.
    ``at``: the anchor of the charts redrawn in place (rnnviz.ui.inplace)."""
    spec = view.spec
    with st.container(key="dash-equation"):
        st.subheader(state.tr("dash.eq.section", t=view.t))
        a, b, _ = st.columns([1, 1.4, 3])
        a.selectbox(state.tr("dash.eq.layer"), range(spec.num_layers), key="eq_layer")
        names = [state.tr("dash.eq.forward"), state.tr("dash.eq.reverse")][: spec.num_directions]
        b.segmented_control(
            state.tr("dash.eq.direction"),
            range(spec.num_directions),
            key="eq_direction",
            format_func=lambda d: names[d],
            required=True,
        )
        st.markdown(_reads(view, layer, direction))
        if spec.cell != "rnn":  # nn.GRU / nn.LSTM: the gated step view
            return gates_section.step_view(view, layer, direction, at)
        args = (spec, layer, direction, view.t, view.batch, view.lang, view.lesson)
        stem = f"l{layer}_{DIRECTIONS[direction]}"
        figures = {f"{kind}_{stem}": figcache.equation(*args, kind == "matmul") for kind in ("equation", "matmul")}
        if view.lesson:  # two slides, each with its caption
            for fig, key in zip(figures.values(), ("fig_equation", "fig_matmul"), strict=True):
                lesson.show_figure(fig, view, key=key)
        else:  # one chart, holding the anchor's figure: stepview redraws it at step t
            anchored = _inplace_figures(view, layer, direction, at.t)["fig_equation"]
            inplace.chart(at, "fig_equation", anchored, config=PLOT_CONFIG, width="content")
        st.caption(state.tr("dash.eq.matmul_caption", prev=nt.prev_state(direction)))
        if not view.lesson:
            _terms(view, layer, direction)
    return figures


def _inplace_figures(view: View, layer: int, direction: int, t: int) -> dict[str, go.Figure]:
    """The step view's charts that are redrawn in place on a step (rnnviz.ui.inplace), at step t, by key."""
    spec = view.spec
    if view.lesson:  # a slide's figure is its own element (as exported)
        return {}
    if spec.cell != "rnn":
        return gates_section.inplace_figures(spec, layer, direction, t, view.batch, view.lang)
    return {"fig_equation": figcache.equations(spec, layer, direction, t, view.batch, view.lang)}


def _reads(view: View, layer: int, direction: int) -> str:
    """Which input every layer reads, the chosen one in bold."""
    spec, D = view.spec, view.spec.num_directions
    H = get_kind(spec.cell).num_blocks * spec.hidden_size  # the rows of weight_ih_l*: G*hidden_size
    lines = []
    for lay in range(spec.num_layers):
        if lay == 0:
            line = state.tr("dash.reads.first", n=spec.input_size, H=H)
        else:
            key = "dash.reads.stacked_bi" if D == 2 else "dash.reads.stacked_uni"
            line = state.tr(key, l=lay, prev=lay - 1, n=D * spec.H_out, H=H)
            if spec.training and spec.dropout > 0:
                line += " " + state.tr("dash.reads.dropout", p=spec.dropout)
        lines.append(f"- **{line}**" if lay == layer else f"- {line}")
    arrow = style.DIRECTION_ARROWS[direction]
    where = state.tr("dash.reads.order_fwd" if direction == 0 else "dash.reads.order_rev", L=spec.seq_len - 1)
    return "\n".join(lines) + "\n\n" + state.tr("dash.reads.order", arrow=arrow, order=where)


def _terms(view: View, layer: int, direction: int) -> None:
    """The step's terms for every unit as a static table: shown when short, else in a panel that is
    built only while open (a long table re-rendered on every step was a fifth of a large step's time)."""
    H = view.spec.hidden_size
    where = st  # inline, or in the panel
    if H > TERMS_INLINE:
        where = st.expander(state.tr("dash.eq.table_all", H=H), key="eq_terms_open", on_change="rerun")
        if not where.open:
            return
    mdtable.show(_terms_table(view, layer, direction), hide_index=False, where=where)  # the unit numbers


def _terms_table(view: View, layer: int, direction: int) -> pd.DataFrame:
    run = runs.get_run(view.spec)
    n = step_numbers(run.trace, layer, direction, view.t, view.batch)
    f = run.trace.nonlinearity
    table = pd.DataFrame(
        {
            "W_ih x_t + b_ih": n["ih"],
            f"W_hh {nt.prev_state(direction)} + b_hh": n["hh"],
            state.tr("dash.eq.pre"): n["pre"],
            f"h_t = {f}({state.tr('dash.eq.pre')})": n["h_t"],
        }
    )
    table.index.name = state.tr("dash.eq.unit")
    return table


def shapes(view: View) -> None:
    """The shape report as tables, and the parameter count."""
    report = shape_report(runs.get_run(view.spec).trace)
    with st.container(key="dash-shapes"):
        st.subheader(state.tr("dash.shapes.title"))
        a, b = st.columns([3, 2])
        mdtable.show(_shape_table(report.tensors, "dash.shapes.col_dims"), where=a)
        a.caption(state.tr("dash.shapes.dims_help"))
        mdtable.show(_shape_table(report.parameters, "dash.shapes.col_numel"), where=b)
        # one line of Markdown, not st.metric: on the dashboard a metric loads 3 more chunks (18 KiB) for one number
        b.markdown(f"{state.tr('dash.shapes.count')}: **{report.num_parameters:,}**")


def code(view: View) -> None:
    """The PyTorch snippet and the nn.RNNCell loop, with the loop's live max |diff|."""
    loop = runs.get_cell_loop(view.spec)
    with st.container(key="dash-code"):
        st.subheader(state.tr("dash.code.title"))
        a, b = st.columns(2)
        a.markdown(state.tr("dash.code.snippet"))
        codeblock.show(snippet(view.spec), view.lang, where=a)
        with b.container(key="dash-cells"):
            kind = get_kind(view.spec.cell)
            gated = {"module": kind.constructor(), "cell": "nn." + kind.cell_type.__name__} if kind.gate_names else {}
            if view.spec.proj_size:  # no nn.LSTMCell with a projection: the step is written out
                gated["cell"] = state.tr("gates.code.written_out")
            st.markdown(state.tr("gates.code.cells", **gated) if gated else state.tr("dash.code.cells"))
            ok = loop.max_abs_diff <= 1e-5
            badge = "gates.code.cells_badge" if gated else "dash.code.cells_badge"
            st.badge(
                state.tr(badge, diff=f"{loop.max_abs_diff:.1e}", **gated),
                icon=":material/check_circle:" if ok else ":material/error:",
                color="green" if ok else "red",
            )
            codeblock.show(cell_loop_snippet(view.spec, view.lang), view.lang)


def _shape_table(frame: pd.DataFrame, last_key: str) -> pd.DataFrame:
    """A shape_report table for display: shapes as "[6, 2, 4]", translated column names."""
    out = frame.assign(shape=frame["shape"].map(_shape))
    if "blocks" in out:  # "3*hidden_size rows: W_ir | W_iz | W_in" -> "3*hidden_size: W_ir | ..." (no English)
        out = out.assign(blocks=out["blocks"].str.replace(" rows:", ":", regex=False))
    names = [state.tr("dash.shapes.col_name"), state.tr("dash.shapes.col_shape"), state.tr(last_key)]
    out.columns = names + [state.tr("gates.shapes.col_blocks")] * (len(out.columns) == 4)  # gated: row blocks
    return out


def _shape(shape: list[int]) -> str:
    return "[" + ", ".join(str(s) for s in shape) + "]"
