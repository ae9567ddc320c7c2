"""The sidebar's model source (URL ``source=settings|upload|lab``): an uploaded state_dict or a lab model.

Widget keys: source (settings | upload | lab), src_file (the uploader), src_prefix (which recurrent module),
src_nonlinearity, src_batch_first, src_dropout (what weights cannot tell), src_lab (which lab model). A file's
bytes are kept in this session's state until the user removes it (rnnviz.ui.uploads: it survives pages that
do not draw the uploader); what is loaded from them is kept in the session's own LRU
(rnnviz.ui.caches.session), keyed by the file's fingerprint, never in a shared cache.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import streamlit as st
from torch import nn

from rnnviz.limits import Limits
from rnnviz.sources import SourceError, load_code, load_state_dict
from rnnviz.sources.load import DEFAULTS, Inference
from rnnviz.sources.sourced import (
    MODEL_SOURCES,
    Source,
    SourcedSpec,
    Weights,
    describe,
    fixed_fields,
    plain,
    weights_of,
)
from rnnviz.spec import NONLINEARITIES, RNNSpec
from rnnviz.ui import caches, codeblock, uploads
from rnnviz.ui.url import code_span

KEY = "source"
KEPT_KEYS = (KEY, "src_prefix", "src_nonlinearity", "src_batch_first", "src_dropout", "src_lab")  # not the file
UPLOAD_TYPES = ["pt", "pth", "safetensors"]
ASKED_KEYS = ("src_nonlinearity", "src_batch_first", "src_dropout")
_NOTES = "_rnnviz_source_notes"  # this run's messages for the main area: (kind, text)


@dataclass(frozen=True, eq=False)
class Model:
    """A module from a source: the spec fields its weights decide, the weights, and what it came with."""

    fields: dict[str, object]  # cell, sizes, layers, bias, bidirectional, proj_size, the asked options
    weights: Weights
    source: Source  # model, model_id, label (no input yet)
    encoder: nn.Embedding | None = None  # a char model's embedding: token index -> x_t
    vocab: tuple[str, ...] | None = None  # a char model's characters (index -> character)
    encoder_code: str = ""  # the Python expression of the encoder in the snippet
    passage: str = ""  # a default text for a char model


# --- URL ---------------------------------------------------------------------------------------------
def init_from_url(url: dict, tr) -> None:
    """On a session's first run: the ``source`` parameter into the picker; an unknown value gets a notice."""
    raw = url.get(KEY)
    raw = raw[0] if isinstance(raw, list) and raw else raw
    if raw is None:
        st.session_state[KEY] = "settings"
        return
    value = str(raw).strip().lower()
    if value in MODEL_SOURCES:
        st.session_state[KEY] = value
        return
    st.session_state[KEY] = "settings"
    note("warning", tr("src.notice.bad_source", raw=code_span(str(raw)[:40]), allowed=", ".join(MODEL_SOURCES)))


def url_params() -> dict[str, str]:
    """``{"source": ...}`` for the URL when the source is not the default (old URLs stay as they were)."""
    value = st.session_state.get(KEY, "settings")
    return {KEY: value} if value in MODEL_SOURCES and value != "settings" else {}


def note(kind: str, message: str) -> None:
    """A message for the main area of this run (shown by state.render_shell with the other notices)."""
    st.session_state.setdefault(_NOTES, []).append((kind, message))


def show_notes(spec: RNNSpec) -> None:
    """In the main area: this run's source messages, then where the weights and the input came from."""
    lang = st.session_state.get("lang", "en")
    for kind, message in st.session_state.pop(_NOTES, []):
        {"info": st.info, "warning": st.warning}.get(kind, st.error)(message)
    where = describe(spec, lang)
    if where:
        st.caption(where)


# --- the sidebar section -------------------------------------------------------------------------------
def render(tr, lang: str, lim: Limits) -> Model | None:
    """The source picker and its widgets; the chosen Model, or None for the settings (also as a fallback)."""
    if st.session_state.get(KEY) not in MODEL_SOURCES:
        st.session_state[KEY] = "settings"
    choice = st.segmented_control(
        tr("src.sb.source"),
        MODEL_SOURCES,
        key=KEY,
        format_func=lambda s: tr(f"src.sb.source.{s}"),
        selection_mode="single",
        required=True,
        help=tr("src.sb.source_help"),
    )
    if choice == "upload":
        return _upload(tr, lang, lim)
    if choice == "lab":
        return _lab(tr, lang)
    return None


def _upload(tr, lang: str, lim: Limits) -> Model | None:
    file = uploads.file("src_file", tr("src.sb.file"), UPLOAD_TYPES, help=tr("src.sb.file_help", mb=lim.upload_mb),
                        cap_mb=lim.upload_mb)  # fmt: skip  # kept across pages until removed
    if file is None:
        st.info(tr("src.sb.no_file"), icon=":material/upload_file:")
        note("info", tr("src.notice.no_file"))
        return None
    data, digest, name, ss = file.data, file.digest, file.name, st.session_state
    if ss.get("_src_prefix_for") != digest:  # another file: its own modules
        ss["_src_prefix_for"] = digest
        ss.pop("src_prefix", None)
    try:
        try:
            module, how = _load(data, name, digest, lim, prefix=ss.get("src_prefix"), options=None)
        except SourceError as err:
            if not err.candidates:
                raise
            _prefix_picker(tr, err.candidates)  # several recurrent modules: the user picks one (first by default)
            module, how = _load(data, name, digest, lim, prefix=ss["src_prefix"], options=None)
        else:
            if len(how.candidates) > 1:
                _prefix_picker(tr, how.candidates)
        options = _asked(tr, how)
        if options != {k: how.kwargs.get(k) for k in options}:
            module, how = _load(data, name, digest, lim, prefix=how.prefix, options=options)
    except SourceError as err:
        st.error(tr("src.sb.refused", reason=err.text(lang)), icon=":material/block:")
        note("error", tr("src.notice.refused", name=code_span(name), reason=err.text(lang)))
        return None
    _show_inference(tr, lang, how)
    return _model_of_upload(module, how, digest)


def _load(data: bytes, name: str, digest: str, lim: Limits, *, prefix, options) -> tuple[nn.RNNBase, Inference]:
    """load_state_dict of the upload, once per (file, prefix, options) in this session's LRU."""

    def compute():
        src = io.BytesIO(data)
        src.name = name  # the name to show; never a path
        return load_state_dict(src, prefix=prefix, limits=lim, **(options or {}))

    key = (digest, name, prefix, tuple(sorted((options or {}).items())))
    return caches.session("upload", key, compute)


def _prefix_picker(tr, candidates: tuple[str, ...]) -> None:
    if st.session_state.get("src_prefix") not in candidates:
        st.session_state["src_prefix"] = candidates[0]
    st.selectbox(tr("src.sb.prefix"), candidates, key="src_prefix", help=tr("src.sb.prefix_help"))


def _asked(tr, how: Inference) -> dict[str, object]:
    """What the weights cannot tell, as widgets (defaults stated): nonlinearity (nn.RNN), batch_first, dropout."""
    ss = st.session_state
    out: dict[str, object] = {}
    if how.kind == "RNN":
        if ss.get("src_nonlinearity") not in NONLINEARITIES:
            ss["src_nonlinearity"] = how.kwargs.get("nonlinearity", DEFAULTS["nonlinearity"])
        out["nonlinearity"] = st.selectbox(
            tr("src.sb.nonlinearity"), NONLINEARITIES, key="src_nonlinearity", help=tr("src.sb.nonlinearity_help")
        )
    if not isinstance(ss.get("src_batch_first"), bool):
        ss["src_batch_first"] = bool(how.kwargs.get("batch_first", DEFAULTS["batch_first"]))
    out["batch_first"] = st.toggle(tr("src.sb.batch_first"), key="src_batch_first", help=tr("src.sb.batch_first_help"))
    if how.config.num_layers > 1:  # nn.RNN's dropout acts between stacked layers only
        if not isinstance(ss.get("src_dropout"), float):
            ss["src_dropout"] = float(how.kwargs.get("dropout", DEFAULTS["dropout"]))
        out["dropout"] = st.number_input(
            tr("src.sb.dropout"), 0.0, 1.0, step=0.05, format="%.2f", key="src_dropout", help=tr("src.sb.dropout_help")
        )
    return out


def _show_inference(tr, lang: str, how: Inference) -> None:
    codeblock.show(how.call(), lang)
    with st.expander(tr("src.sb.how"), expanded=False):
        for line in how.lines(lang):
            st.text(line)  # plain text: key names come from the file


def _model_of_upload(module: nn.RNNBase, how: Inference, digest: str) -> Model:
    code = load_code(how).splitlines()
    keep = ("from safetensors", "state", "rnn.load_state_dict", "encoder =")
    lines = tuple(line for line in code if line.startswith(keep) and "decoder" not in line)
    load = tuple(line for line in lines if not line.startswith("encoder ="))
    options = tuple(sorted((k, v) for k, v in how.kwargs.items() if k in DEFAULTS))
    source = Source("upload", f"{digest[:16]}:{how.prefix}:{options}", "", how.source_name)
    char = how.char
    model = Model(fixed_fields(module, how.kind.lower()), weights_of(module, load), source)
    if char is not None and char.vocab is not None:
        enc = next(line for line in lines if line.startswith("encoder ="))
        return Model(model.fields, weights_of(module, (*load, enc)), source, char.encoder, char.vocab, "encoder")
    return model


def _lab(tr, lang: str) -> Model | None:
    """One of this session's trained lab models (the lab page trains them)."""
    from rnnviz.ui import lab_jobs

    job = lab_jobs.get_registry().job(lab_jobs.session_id())
    done = {} if job is None or job.running else {t.config.cell: t for t in job.trainings if t.done > 0}
    if not done:
        st.info(tr("src.sb.no_lab"), icon=":material/model_training:")
        note("info", tr("src.notice.no_lab"))
        return None
    cells = list(done)
    if st.session_state.get("src_lab") not in cells:
        st.session_state["src_lab"] = cells[0]
    cell = st.selectbox(
        tr("src.sb.lab"), cells, key="src_lab", format_func=lambda c: tr("src.sb.lab_model", cell=c.upper(),
                                                                          steps=done[c].done)
    )  # fmt: skip
    t = done[cell]
    rnn = t.model.rnn
    load = (
        "ckpt = torch.load('model.pt', weights_only=True)  # the lab's checkpoint (Download checkpoint)",
        "rnn.load_state_dict({k[len('rnn.'):]: v for k, v in ckpt['state_dict'].items() if k.startswith('rnn.')})",
        "encoder = nn.Embedding.from_pretrained(ckpt['state_dict']['embedding.weight'])",
    )
    label = tr("src.label.lab", cell=cell.upper(), steps=t.done)
    source = Source("lab", f"job{id(job)}:{cell}:{t.done}", "", label)
    call = f"nn.{type(rnn).__name__}({rnn.input_size}, {rnn.hidden_size}, num_layers={rnn.num_layers})"
    codeblock.show(call, lang)
    vocab = tuple(t.vocab.idx_to_char)
    return Model(fixed_fields(rnn, cell), weights_of(rnn, load), source, t.model.embedding, vocab, "encoder",
                 t.corpus.val_text[:24])  # fmt: skip


# --- the spec of the run ---------------------------------------------------------------------------------
def compose(base: RNNSpec, model: Model | None, own=None, *, lang: str = "en", tr=None, lim: Limits | None = None):
    """The spec every page shows: ``base`` (the settings) with the source's module fields and the own
    input's shape; a plain RNNSpec when neither is given. Falls back to ``base`` with a notice when the
    combination is not valid or over the caps (e.g. a seeded input too long for a big uploaded model)."""
    if model is None and own is None:
        return base
    values = {k: getattr(base, k) for k in RNNSpec.__dataclass_fields__}
    if model is not None:
        values |= model.fields
        if values["cell"] != "rnn":
            values["nonlinearity"] = "tanh"
        if values["lengths"] is not None and own is None and model.vocab is not None:
            values["lengths"] = None
    own_input, own_fields, input_id = own if own is not None else (None, {}, "")
    values |= own_fields
    source = model.source if model is not None else Source("settings", "", "", "")
    source = Source(source.model, source.model_id, input_id, source.label)
    try:
        spec = SourcedSpec(**values, source=source, weights=model.weights if model else None, own=own_input)
        if lim is not None and spec.cells > lim.cells:
            raise ValueError(tr("src.notice.cells", cells=f"{spec.cells:,}", cap=f"{lim.cells:,}") if tr else "cells")
    except ValueError as err:
        note("error", tr("src.notice.invalid", reason=code_span(str(err)[:300])) if tr else str(err))
        return base
    return spec


def adopt(side: RNNSpec, shown: RNNSpec) -> RNNSpec:
    """A /compare side: the page's own model (a file, the lab, the user's input) when the side asks for exactly
    its configuration; else the side's seeded module."""
    return shown if isinstance(shown, SourcedSpec) and plain(shown) == side else side


def side_note(side: RNNSpec, shown: RNNSpec, tr) -> None:
    """Under a /compare side that is seeded while the page's model came from a source: say so."""
    if isinstance(shown, SourcedSpec) and not isinstance(side, SourcedSpec):
        st.caption(tr("src.cmp.seeded"))
