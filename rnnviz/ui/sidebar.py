"""The shared sidebar: every nn.RNN option, the input, h0, seed, preset, language and view widgets.

Widget keys (stable, used by tests and the URL): input_size, hidden_size, num_layers, nonlinearity, bias,
batch_first, dropout, bidirectional, training, cell, proj_size, seq_len, batch_size, seed, input_kind, h0_kind,
lengths (a text box: "6,4", empty for none), preset, lang, batch, lesson. Values are put into st.session_state
before the widgets are drawn (state.py).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from rnnviz.i18n import text
from rnnviz.kinds import CELLS, get_kind
from rnnviz.limits import Limits
from rnnviz.params import SEED_MAX
from rnnviz.presets import PRESETS
from rnnviz.spec import H0_KINDS, INPUT_KINDS, NONLINEARITIES, RNNSpec
from rnnviz.ui import own_input, source

CUSTOM = "custom"  # the preset picker's value when the configuration is not a preset
LANG_NAMES = {"en": "English", "zh": "中文"}
MODEL_KEYS = ("cell", "input_size", "hidden_size", "num_layers", "nonlinearity", "proj_size", "bidirectional", "bias",
              "batch_first", "dropout")  # fmt: skip  # decided by an uploaded or lab model (source.py)
STASH = "_rnnviz_stash"  # values of the settings' widgets hidden while another source decides them
KEPT_KEYS = source.KEPT_KEYS + own_input.KEPT_KEYS  # the source's and the input's widgets a lab run keeps
_REDRAWN = "_rnnviz_sidebar_redrawn"  # set by a run without the model settings: the next one draws them again


def render(spec: RNNSpec, lim: Limits, apply_preset: Callable[[], None], model: bool = True) -> RNNSpec:
    """Draw the sidebar for ``spec`` (already in session_state) under the caps ``lim``; returns the spec the
    pages show: ``spec`` itself, or with the model source's module and the own input (rnnviz.ui.source).
    ``model=False`` (a page with settings of its own, the lab): only the language and lesson mode; the nn.RNN
    values stay in session_state."""
    lang = st.session_state.get("lang", "en")
    tr = lambda key, **kw: text(lang, key, **kw)
    st.session_state["dropout"] = float(st.session_state["dropout"])
    with st.sidebar:
        st.segmented_control(
            tr("dash.sb.language"),
            list(LANG_NAMES),
            key="lang",
            format_func=LANG_NAMES.get,
            selection_mode="single",
            label_visibility="collapsed",
            required=True,
        )
        if not model:
            st.toggle(tr("dash.sb.lesson"), key="lesson", help=tr("dash.sb.lesson_help"))
            _keep(KEPT_KEYS)  # back on another page, the same source and input
            st.session_state[_REDRAWN] = True
            return spec
        if st.session_state.pop(_REDRAWN, False):
            # drawn again: set once more in this run, or the browser's new widgets show (and on the next run
            # send back) their defaults while this run used the kept values, e.g. the source back to Settings
            _keep(KEPT_KEYS)
        with st.container(key="sb-source"):
            loaded = source.render(tr, lang, lim)
        if loaded is None:
            st.selectbox(
                tr("dash.sb.preset"),
                [CUSTOM, *PRESETS],
                key="preset",
                on_change=apply_preset,
                format_func=lambda p: tr("dash.sb.preset_custom") if p == CUSTOM else tr(f"preset.{p}"),
                help=tr("dash.sb.preset_help"),
            )
            cell = st.session_state.get("cell", "rnn")
            model_name = get_kind(cell).constructor() + "(...)" if cell in CELLS else tr("dash.sb.model")
            with st.expander(model_name, expanded=True):
                _model_widgets(tr, lim)
        else:  # the source decides the module: keep the settings' values for when it is switched back
            _stash(MODEL_KEYS + ("preset",))
            st.toggle(tr("dash.sb.training"), key="training", help=tr("dash.sb.training_help"))
        base = source.compose(spec, loaded, lang=lang, tr=tr, lim=lim)
        with st.expander(tr("dash.sb.data"), expanded=True):
            own = own_input.render(tr, lang, lim, loaded, base)
            if own is None:
                _data_widgets(tr, lim)
            else:
                if own[0].h0 is None:
                    _stash(("seq_len", "batch_size", "input_kind", "lengths"))
                    _state_widgets(tr)
                else:  # h0 (and c0) came with the input
                    _stash(("seq_len", "batch_size", "input_kind", "lengths", "h0_kind"))
                    st.caption(tr("own.sb.h0_file_c0" if own[0].c0 is not None else "own.sb.h0_file"))
                    st.number_input(tr("dash.sb.seed"), 0, SEED_MAX, step=1, key="seed", help=tr("dash.sb.seed_help"))
        shown = source.compose(spec, loaded, own, lang=lang, tr=tr, lim=lim) if own is not None else base
        with st.expander(tr("dash.sb.view"), expanded=True):
            top = shown.batch_size - 1
            st.session_state["batch"] = min(max(int(st.session_state.get("batch", 0)), 0), top)
            st.number_input(tr("dash.sb.batch"), 0, top, step=1, key="batch", help=tr("dash.sb.batch_help"))
            st.toggle(tr("dash.sb.lesson"), key="lesson", help=tr("dash.sb.lesson_help"))
        st.caption(tr("dash.sb.caps", **vars(lim)))
    return shown


def _keep(keys: tuple[str, ...]) -> None:
    """Keep the values of widgets this page does not draw (Streamlit drops an undrawn widget's state): set
    again, they are the session's own values, which the widgets take back when drawn on another page."""
    for k in keys:
        if k in st.session_state:
            st.session_state[k] = st.session_state[k]


def _stash(keys: tuple[str, ...]) -> None:
    """Keep the values of widgets not drawn this run (Streamlit drops an undrawn widget's state)."""
    stash = st.session_state.setdefault(STASH, {})
    stash.update({k: st.session_state[k] for k in keys if k in st.session_state})


def _model_widgets(tr, lim: Limits) -> None:
    st.segmented_control(
        tr("gates.sb.cell"),
        CELLS,
        key="cell",
        format_func=lambda c: get_kind(c).constructor(),
        selection_mode="single",
        required=True,
        help=tr("gates.sb.cell_help"),
    )
    cell = st.session_state.get("cell", "rnn")
    a, b = st.columns(2)
    _int(a, tr, "input_size", lim.input_size)
    _int(b, tr, "hidden_size", lim.hidden_size)
    a, b = st.columns(2)
    _int(a, tr, "num_layers", lim.num_layers)
    if cell == "rnn":  # nonlinearity is nn.RNN's; proj_size nn.LSTM's (the others are hidden, with a note)
        b.selectbox(
            tr("dash.sb.nonlinearity"), NONLINEARITIES, key="nonlinearity", help=tr("dash.sb.nonlinearity_help")
        )
    elif cell == "lstm":
        top = max(0, int(st.session_state.get("hidden_size", 1)) - 1)
        st.session_state["proj_size"] = min(int(st.session_state.get("proj_size", 0)), top)
        b.number_input(tr("gates.sb.proj_size"), 0, top, step=1, key="proj_size", help=tr("gates.sb.proj_size_help"))
    if cell != "rnn":
        st.caption(tr(f"gates.sb.note_{cell}"))
    st.toggle(tr("dash.sb.bidirectional"), key="bidirectional", help=tr("dash.sb.bidirectional_help"))
    st.toggle(tr("dash.sb.bias"), key="bias", help=tr("dash.sb.bias_help"))
    st.toggle(tr("dash.sb.batch_first"), key="batch_first", help=tr("dash.sb.batch_first_help"))
    st.toggle(tr("dash.sb.training"), key="training", help=tr("dash.sb.training_help"))
    st.number_input(
        tr("dash.sb.dropout"), 0.0, 1.0, step=0.05, format="%.2f", key="dropout", help=tr("dash.sb.dropout_help")
    )


def _data_widgets(tr, lim: Limits) -> None:
    a, b = st.columns(2)
    _int(a, tr, "seq_len", lim.seq_len)
    _int(b, tr, "batch_size", lim.batch_size)
    st.selectbox(
        tr("dash.sb.input_kind"),
        INPUT_KINDS,
        key="input_kind",
        help=tr("dash.sb.input_kind_help"),
        format_func=lambda k: tr(f"dash.kind.{k}"),
    )  # full width: labels stay whole
    _state_widgets(tr)
    st.text_input(tr("dash.sb.lengths"), key="lengths", placeholder="6,4", help=tr("dash.sb.lengths_help"))


def _state_widgets(tr) -> None:
    """h0 (and c0): zeros or seeded random; the seed."""
    st.selectbox(
        tr("dash.sb.h0_kind"),
        H0_KINDS,
        key="h0_kind",
        help=tr("dash.sb.h0_kind_help"),
        format_func=lambda k: tr(f"dash.kind.{k}"),
    )
    st.number_input(tr("dash.sb.seed"), 0, SEED_MAX, step=1, key="seed", help=tr("dash.sb.seed_help"))


def _int(col, tr, key: str, cap: int) -> None:
    col.number_input(tr(f"dash.sb.{key}"), 1, cap, step=1, key=key, help=tr(f"dash.sb.{key}_help"))
