"""The auto-caption under a lesson figure: the configuration in one line, so a screenshot explains itself."""

from __future__ import annotations

from rnnviz import style
from rnnviz.i18n import text
from rnnviz.kinds import get_kind
from rnnviz.sources.sourced import describe
from rnnviz.spec import RNNSpec

SEP = " · "
# nn.RNN's own defaults: a keyword equal to its default is left out of the caption (the sizes never are).
RNN_DEFAULTS = {"nonlinearity": "tanh", "bias": True, "batch_first": False, "dropout": 0.0, "bidirectional": False,
                "proj_size": 0}  # fmt: skip
SIZES = ("input_size", "hidden_size", "num_layers")


def rnn_call(spec: RNNSpec) -> str:
    """``nn.RNN(input_size=4, hidden_size=2, num_layers=2, bidirectional=True)``: the sizes always,
    every other keyword only where it differs from nn.RNN's default -- the call one would type."""
    kwargs = spec.rnn_kwargs()
    shown = [k for k in kwargs if k in SIZES or kwargs[k] != RNN_DEFAULTS[k]]
    return get_kind(spec.cell).constructor() + "(" + ", ".join(f"{k}={kwargs[k]!r}" for k in shown) + ")"


def caption(spec: RNNSpec, t: int | None, lang: str = "en", w_hh_scale: float | None = None) -> str:
    """The one-line caption: the nn.RNN call, seq_len, batch, the step t (if given), the seed, and the
    input, h0, train mode and lengths where they differ from the app's defaults (randn input, zero h0, eval), and
    the gradients page's W_hh scale when it is not 1 (it changes the picture)."""
    parts = [
        rnn_call(spec),
        text(lang, "caption.seq_len", n=spec.seq_len),
        text(lang, "caption.batch", n=spec.batch_size),
    ]
    where = describe(spec, lang)  # an uploaded or lab model, the user's own input
    parts += [where] if where else []
    if t is not None:
        parts.append(text(lang, "caption.step", t=t))
    parts.append(text(lang, "caption.seed", seed=spec.seed))
    own = getattr(spec, "own", None)  # the user's input: no seeded input kind (nor h0, if it came with it)
    if spec.input_kind != RNNSpec.input_kind and own is None:
        parts.append(text(lang, f"caption.input.{spec.input_kind}"))
    if spec.h0_kind != RNNSpec.h0_kind and (own is None or own.h0 is None):
        parts.append(text(lang, f"caption.h0.{spec.h0_kind}"))
    if spec.training:
        parts.append(text(lang, "caption.train"))
    if spec.lengths is not None:
        parts.append(text(lang, "caption.lengths", lengths=list(spec.lengths)))
    if w_hh_scale is not None and w_hh_scale != 1:
        parts.append(text(lang, "caption.w_hh_scale", scale=f"{w_hh_scale:g}"))
    return SEP.join(parts)


def gated_caption(trace, layer: int, direction: int, t: int, batch: int = 0, lang: str = "en", figure: str = "gates"):
    """The second caption line under a gated step view's slide (nn.GRU, nn.LSTM): the gates by name with this
    step's means over the units, the state update written out with the real numbers of one unit (the one
    whose new state is largest in size), and what ``figure`` ("gates": every gate over time; "step": the
    terms of step t) shows."""
    s = trace.step(layer, direction, t)
    pick = lambda v: v[batch].detach().double()  # noqa: E731  # [H]
    g = {k: pick(v) for k, v in s.gates.items()}
    means = {k: f"{float(v.mean()):.2f}" for k, v in g.items()}
    arrow, prev = style.DIRECTION_ARROWS[direction], "t-1" if direction == 0 else "t+1"  # reverse: from t+1
    kw = dict(cell=trace.kind.constructor(), layer=layer, arrow=arrow, t=t, n=batch, prev=prev)
    state = pick(s.c_t) if trace.kind.has_cell_state else pick(s.h_t)
    j = int(state.abs().argmax())  # the unit whose new state is largest in size
    v = lambda x: f"{float(x[j]):.3f}"  # noqa: E731
    if trace.kind.has_cell_state:
        unit = dict(j=j, c=v(state), f_j=v(g["f"]), c_prev=v(pick(s.c_prev)), i_j=v(g["i"]), g_j=v(g["g"]))
        line = text(lang, "gates.caption.lstm", **kw, **means, **unit)
    else:
        unit = dict(j=j, h=v(state), z_j=v(g["z"]), n_j=v(g["n"]), h_prev=v(pick(s.h_prev)))
        line = text(lang, "gates.caption.gru", **kw, r=means["r"], z=means["z"], n_mean=means["n"], **unit)
    return line + " " + text(lang, f"gates.caption.fig.{figure}")
