"""The auto-caption under a lesson figure: the configuration in one line, so a screenshot explains itself."""

from __future__ import annotations

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
