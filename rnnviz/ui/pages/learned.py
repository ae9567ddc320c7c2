"""What did it learn: a trained char model's units over a passage -- text heatmap, unit browser, select and
match, gate statistics, the probability of the next character (Karpathy et al. 2015; LSTMVis)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from rnnviz.figures.text_heatmap import (
    prediction_strip,
    saturation_plot,
    shown,
    text_heatmap,
    text_heatmap_html,
    units_heatmap,
    value_range,
)
from rnnviz.i18n import text
from rnnviz.lab import interpret
from rnnviz.lab.checkpoint import CheckpointError, load_checkpoint
from rnnviz.lab.config import LabConfig
from rnnviz.lab.corpus import CorpusError
from rnnviz.lab.data import Vocab
from rnnviz.lab.model import RNNModel
from rnnviz.ui import lab_jobs, learned_export, lesson, state, uploads
from rnnviz.ui.url import code_span

tr = state.tr
UPLOAD = "upload"
UPLOAD_KEY = "learned_upload"  # this page's uploader
SIDEBAR_FILE = "src_file"  # the sidebar's model uploader (rnnviz.ui.source)
DEFAULT_CHARS = 400  # the default passage: this much of the validation text
PARITY_TOL = 1e-4
_MEMO = "_learned_memo"
_PICK = "_learned_pick"  # the source picked last (the radio's own state goes on other pages)


@dataclass(frozen=True)
class Source:
    """A trained char model and where its default passage comes from."""

    model: RNNModel
    config: LabConfig
    vocab: Vocab
    passage: str  # the start of its validation text ('' when unknown)
    ident: str  # identifies the model in this session (for the memo)


# --- the model ---------------------------------------------------------------------------------------
def lab_sources() -> dict[str, Source]:
    """The models of this session's lab run, once it has stopped with at least one step done."""
    job = lab_jobs.get_registry().job(lab_jobs.session_id())
    if job is None or job.running:
        return {}
    return {
        t.config.cell: Source(t.model, t.config, t.vocab, t.corpus.val_text, f"job{id(job)}_{t.config.cell}")
        for t in job.trainings
        if t.done > 0
    }


def offer_sidebar_file(lim) -> None:
    """The sidebar's model file, when it is a lab checkpoint and no checkpoint is kept here: one click uses it
    here too (uploads.adopt), instead of uploading the same file twice."""
    side = uploads.kept(SIDEBAR_FILE)
    if side is None or uploads.kept(UPLOAD_KEY) is not None or isinstance(checkpoint_source(side, lim), tuple):
        return
    # the name is user text: one code span, never HTML or Markdown
    st.button(tr("learned.use_sidebar", name=code_span(side.name)), key="learned_use_sidebar",
              icon=":material/upload_file:", on_click=uploads.adopt, args=(SIDEBAR_FILE, UPLOAD_KEY))  # fmt: skip


def checkpoint_source(kept: uploads.Kept, lim) -> Source | tuple[str, dict]:
    """The lab checkpoint in ``kept`` as a Source, or why it is none (an i18n key and its arguments), read once
    per file: memoized by digest, the last file only (the sidebar's offer and this page's upload share it)."""
    digest = kept.digest[:16]
    memo = st.session_state.setdefault("_learned_ckpt", {})
    if digest not in memo:
        try:
            model, config, vocab = load_checkpoint(kept.data)
        except CheckpointError as err:
            result = ("learned.ckpt_error", {"detail": err.detail or err.code})
        else:
            n = sum(p.numel() for p in model.parameters())
            result = (
                ("learned.too_big", {"n": n, "max": lim.parameters})
                if n > lim.parameters
                else Source(model, config, vocab, _validation_text(config, lim), f"ckpt{digest}")
            )
        memo.clear()
        memo[digest] = result
    return memo[digest]


def uploaded_source(lim) -> Source | None:
    offer_sidebar_file(lim)
    upload = uploads.file(UPLOAD_KEY, tr("learned.upload"), ["pt"], help=tr("learned.upload_help"),
                          cap_mb=lim.upload_mb)  # fmt: skip  # kept across pages until removed
    if upload is None:
        return None
    result = checkpoint_source(upload, lim)
    if not isinstance(result, tuple):  # a Source (this page is run anew each time: its class is, too)
        return result
    key, args = result  # shown in this run's language
    st.error(tr(key, **args), icon="🚫")
    return None


def _validation_text(config: LabConfig, lim) -> str:
    if config.corpus == "own":
        return ""
    try:
        return lab_jobs.builtin_corpus(config.corpus, lim.lab_corpus_chars).val_text
    except CorpusError:
        return ""


def choose_source(lim) -> Source | None:
    sources = lab_sources()
    options = [*sources, UPLOAD]
    lang = state.current_lang()
    label = lambda k: (
        text(lang, "learned.source.upload") if k == UPLOAD else text(lang, "learned.source.job", cell=k.upper())
    )  # noqa: E731,E501
    ss = st.session_state
    if "learned_source" not in ss and ss.get(_PICK) in options:  # back from another page: the same choice
        ss["learned_source"] = ss[_PICK]
    pick = st.radio(tr("learned.source"), options, format_func=label, horizontal=True, key="learned_source")
    ss[_PICK] = pick  # not a widget key: it survives the pages that do not draw the radio
    if pick == UPLOAD or pick not in sources:
        return uploaded_source(lim)
    return sources[pick]


# --- the passage -------------------------------------------------------------------------------------
def passage(src: Source, lim) -> str | None:
    """The passage the model reads, or None after saying what is wrong with it."""
    key = f"learned_text_{src.ident}"
    if key not in st.session_state:
        start = src.passage.find("\n") + 1 if 0 <= src.passage.find("\n") < 200 else 0  # begin at a line
        st.session_state[key] = src.passage[start : start + min(DEFAULT_CHARS, lim.learned_chars)]
    typed = st.text_area(
        tr("learned.passage"),
        key=key,
        height=120,
        max_chars=lim.learned_chars,
        help=tr("learned.passage_help", n=lim.learned_chars),
    )
    if len(typed) > lim.learned_chars:
        st.warning(tr("learned.truncated", n=lim.learned_chars), icon="⚠️")
        typed = typed[: lim.learned_chars]
    unknown = sorted({ch for ch in typed if ch not in src.vocab.char_to_idx})
    if unknown:
        st.warning(tr("learned.unknown", chars=code_span("".join(shown(c) for c in unknown))), icon="⚠️")
        return None
    if len(typed) < 2:
        st.info(tr("learned.empty"))
        return None
    return typed


def get_activations(src: Source, passage_: str) -> interpret.Activations:
    """The unroll of this model on this passage, kept for the session's reruns (one entry)."""
    memo = st.session_state.setdefault(_MEMO, {})
    key = (src.ident, passage_)
    if key not in memo:
        memo.clear()
        memo[key] = interpret.activations(src.model, src.vocab, passage_)
    return memo[key]


# --- views -------------------------------------------------------------------------------------------
def show(fig, view, caption: str, key: str) -> None:
    """A figure (one drawn to its own width at that width); in lesson mode at slide size, styled as exported,
    with its caption under it."""
    if not view.lesson:
        st.plotly_chart(fig, width="content" if fig.layout.width else "stretch", key=key)
        return
    st.plotly_chart(lesson.slide_figure(fig), width="content", theme=None, config=lesson.PLOT_CONFIG, key=key)
    lesson.show_caption(caption)


def quantity_label(lang: str, q: str) -> str:
    return text(lang, f"learned.q.{q}") if q in ("h", "c", "tanh_c") else text(lang, "learned.q.gate", gate=q)


def controls(acts: interpret.Activations, syllables: bool) -> tuple[int, str, int, list[interpret.Ranked]]:
    lang = state.current_lang()
    a, b, c = st.columns(3)
    keep_if_valid("learned_layer", range(acts.num_layers))  # another model may have fewer layers ...
    keep_if_valid("learned_quantity", acts.quantities())  # ... or no c_t, other gates
    layer = a.selectbox(tr("learned.layer"), list(range(acts.num_layers)), key="learned_layer")
    quantity = b.selectbox(
        tr("learned.quantity"),
        list(acts.quantities()),
        key="learned_quantity",
        format_func=lambda q: quantity_label(lang, q),
    )
    values = acts.values(layer, quantity)
    ranked = interpret.rank_units(values, interpret.text_features(acts.text, syllables))
    key = "learned_unit"
    if key not in st.session_state or not 0 <= int(st.session_state[key]) < acts.hidden_size:
        st.session_state[key] = ranked[0].unit  # the unit that tracks a feature best
    unit = c.number_input(tr("learned.unit"), 0, acts.hidden_size - 1, step=1, key=key, help=tr("learned.unit_help"))
    return layer, quantity, int(unit), ranked


def keep_if_valid(key: str, options) -> None:
    """Forget a widget's value that the current model does not offer (the widget then starts at its first option)."""
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]


def rank_table(ranked: list[interpret.Ranked]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                tr("learned.col.unit"): r.unit,
                tr("learned.col.feature"): tr(f"learned.feature.{r.feature}"),
                tr("learned.col.r"): round(r.r, 3),
            }
            for r in ranked
        ]
    )


def match_section(acts: interpret.Activations, values: np.ndarray, quantity: str) -> None:
    st.subheader(tr("learned.match.header"))
    st.markdown(tr("learned.match.intro"))
    n = len(acts.text)
    low, high = value_range(quantity, values)
    a, b = st.columns([3, 1])
    span_key = "learned_span"
    first = default_span(acts.text)
    start, end = st.session_state.get(span_key, (-1, -1))
    if not 0 <= start <= end <= n - 1:  # new, or a shorter passage now
        st.session_state[span_key] = first
    start, end = a.slider(tr("learned.match.span"), 0, n - 1, key=span_key)
    thr_key = f"learned_thr_{quantity}"
    thr = st.session_state.get(thr_key, 0.5 if low >= 0 else 0.2)
    st.session_state[thr_key] = min(max(float(thr), float(low)), float(high))  # c_t's range follows the values
    thr = b.slider(tr("learned.match.threshold"), float(low), float(high), step=0.05, key=thr_key)
    st.markdown(tr("learned.match.selected", text=code_span("".join(shown(c) for c in acts.text[start : end + 1]))))
    units = interpret.select_units(values, start, end + 1, thr)
    if not units:
        st.info(tr("learned.match.none"))
        return
    st.markdown(tr("learned.match.units", n=len(units), units=", ".join(map(str, units))))
    rows = [
        {
            tr("learned.col.start"): m.start,
            tr("learned.col.end"): m.end - 1,
            tr("learned.col.length"): m.end - m.start,
            tr("learned.col.text"): "".join(shown(c) for c in acts.text[max(m.start - 8, 0) : m.end + 8]),
        }
        for m in interpret.match_spans(values, units, thr)
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="learned_matches")


def default_span(text_: str) -> tuple[int, int]:
    """The first three characters of the second word (a span with steps before it), else the start."""
    n = len(text_)
    for t in range(1, n - 1):
        if text_[t - 1] in " \n" and text_[t] not in " \n":
            return (t, min(t + 2, n - 1))
    return (min(1, n - 1), min(3, n - 1))


# --- the page ----------------------------------------------------------------------------------------
view = state.page_state()
lim = state.limits()
lang = view.lang
st.title(tr("learned.title"))
st.markdown(tr("learned.intro"))
src = choose_source(lim)
if src is None:
    st.info(tr("learned.none"))
    st.stop()
cfg = src.config
st.markdown(
    tr("learned.model", cell=cfg.cell.upper(), hidden=cfg.hidden_size, layers=cfg.num_layers, vocab=len(src.vocab))
)
passage_ = passage(src, lim)
if passage_ is None:
    st.stop()
acts = get_activations(src, passage_)
if acts.max_diff <= PARITY_TOL:
    st.success(tr("learned.parity", diff=f"{acts.max_diff:.1e}"), icon="✅")
else:
    st.error(tr("learned.parity_bad", diff=f"{acts.max_diff:.1e}"))
syllables = cfg.corpus == "syllables"
layer, quantity, unit, ranked = controls(acts, syllables)
values = acts.values(layer, quantity)
qname = quantity_label(lang, quantity)
cap = tr("learned.lesson", cell=cfg.cell.upper(), layer=layer, unit=unit, q=qname, n=len(acts.text))

st.subheader(tr("learned.text.header"))
text_fig = text_heatmap(acts, layer=layer, unit=unit, quantity=quantity, lang=lang, lesson=view.lesson)
with st.container(height=min(560, int(text_fig.layout.height) + 20), border=False, key="learned-text"):
    show(text_fig, view, cap, "learned_text_fig")
st.caption(tr("learned.text.caption"))
pred_fig = prediction_strip(acts, lang=lang, lesson=view.lesson)
show(pred_fig, view, cap, "learned_pred_fig")
st.caption(tr("learned.pred.caption"))

st.subheader(tr("learned.units.header"))
order = st.toggle(tr("learned.units.sort"), value=True, key="learned_sorted")
rows_order = [r.unit for r in ranked] if order else None
units_fig = units_heatmap(acts, layer=layer, quantity=quantity, order=rows_order, lang=lang, lesson=view.lesson)
left, right = st.columns([3, 1])
with left:
    show(units_fig, view, cap, "learned_units_fig")
right.dataframe(
    rank_table(ranked), hide_index=True, width="stretch", height=int(units_fig.layout.height), key="learned_rank"
)
st.caption(tr("learned.units.caption"))

match_section(acts, values, quantity)

st.subheader(tr("learned.sat.header"))
figures = {"text_heatmap": text_fig, "next_char_probability": pred_fig, "units": units_fig}
sat = interpret.saturation(acts.gates[layer])
if sat:
    sat_fig = saturation_plot(sat, lang=lang, lesson=view.lesson)
    show(sat_fig, view, cap, "learned_sat_fig")
    st.caption(tr(f"learned.sat.caption_{acts.cell}", layer=layer))
    figures["gate_saturation"] = sat_fig
else:
    st.info(tr("learned.sat.none"))

learned_export.render(
    figures,
    lambda: text_heatmap_html(acts, layer=layer, unit=unit, quantity=quantity, lang=lang, caption=cap),
    lambda: interpret.csv_rows(acts, layer),
    cap,
    lang,
)
