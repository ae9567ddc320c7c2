"""The sidebar's own input: pasted numbers, a CSV, a tensor file (x, lengths, h0, c0) or a char model's text.

Widget keys: own_input (seeded | numbers | csv | file | text), own_numbers, own_csv, own_file, own_text.
An uploaded file is kept in this session's state until removed (rnnviz.ui.uploads: the CSV and the
tensor file share one slot). What is parsed is kept in the session's own LRU (rnnviz.ui.caches.session),
keyed by the content's fingerprint; never in a shared cache. The parsed shape is shown next to the shape
the model expects, and a mismatch says what to change (rnnviz.sources.fit_input).
"""

from __future__ import annotations

import streamlit as st
import torch

from rnnviz.limits import Limits
from rnnviz.sources import SourceError, encode_text, fingerprint, fit_input, parse_csv, parse_numbers
from rnnviz.sources.errors import shape
from rnnviz.sources.numbers import Numbers, expected_input_shape
from rnnviz.sources.sourced import OwnInput, tensor_literal
from rnnviz.sources.tensors import input_file
from rnnviz.spec import RNNSpec
from rnnviz.ui import caches, uploads
from rnnviz.ui.source import Model, note
from rnnviz.ui.url import code_span

KEY = "own_input"
KEPT_KEYS = (KEY, "own_numbers", "own_text")  # the typed ones (an uploaded file cannot be set back)
MODES = ("seeded", "numbers", "csv", "file")  # + "text" for a char model
PLACEHOLDER = "0.1, 0.2, 0.3, 0.4\n0.5 0.6 0.7 0.8\n\n1 2 3 4"


def render(tr, lang: str, lim: Limits, model: Model | None, base: RNNSpec) -> tuple[OwnInput, dict, str] | None:
    """The input picker and its widget; (the input, the spec fields it decides, its id), or None: seeded."""
    modes = ("text", *MODES) if model is not None and model.vocab is not None else MODES
    ss = st.session_state
    char = model is not None and model.vocab is not None
    ident = model.source.model_id if model is not None else ""
    if ss.get("_own_for") != ident:  # another model: a char model reads a text by default, in its vocab
        ss["_own_for"] = ident
        if char:
            shown = "".join(c for c in model.vocab[:12] if c.isprintable() and not c.isspace())  # no passage known
            ss[KEY], ss["own_text"] = "text", model.passage or shown
        elif ss.get(KEY) == "text":
            ss[KEY] = "seeded"
    if ss.get(KEY) not in modes:
        ss[KEY] = "seeded"
    mode = st.selectbox(tr("own.sb.input"), modes, key=KEY, format_func=lambda m: tr(f"own.sb.mode.{m}"),
                        help=tr("own.sb.input_help"))  # fmt: skip
    if mode == "seeded":
        return None
    module = base.build()[0]  # the module's configuration (input_size, layout, state shapes)
    try:
        got = _read(tr, mode, lim, model)
        if got is None:
            return None
        numbers, h0, c0, tokens, code, ident = got
        L, N, _ = numbers.shape
        st.caption(tr("own.sb.shapes", got=shape(numbers.x), want=shape(expected_input_shape(module, L, N))))
        for message in numbers.notes:
            st.caption(message.text(lang))
        fitted = caches.session("own_fit", (ident, _module_key(module)),
                                lambda: fit_input(numbers, module, h0=h0, c0=c0, limits=lim))  # fmt: skip
    except SourceError as err:
        st.error(err.text(lang), icon=":material/block:")
        note("error", tr("own.notice.refused", reason=err.text(lang)))
        return None
    layout = "[batch, seq_len, input_size]" if module.batch_first else "[seq_len, batch, input_size]"
    lines = list(code) or list(tensor_literal("x", fitted.x, tr("own.code.x", layout=layout)))
    if module.batch_first and code:
        lines.append(f"x = x.transpose(0, 1).contiguous()  # {layout}")
    if fitted.h0 is not None:
        lines += tensor_literal("h0", fitted.h0, "[num_layers*num_directions, batch, H_out]")
        if fitted.c0 is not None:
            lines += [*tensor_literal("c0", fitted.c0, "[num_layers*num_directions, batch, hidden_size]"),
                      "hx = (h0, c0)"]  # fmt: skip
    fields = {"seq_len": L, "batch_size": N, "lengths": fitted.lengths}
    return OwnInput(fitted.x, fitted.h0, fitted.c0, tuple(lines), tokens), fields, ident


def _module_key(module) -> tuple:
    return (type(module).__name__, module.input_size, module.hidden_size, module.num_layers, module.bidirectional,
            module.batch_first, getattr(module, "proj_size", 0))  # fmt: skip


def _read(tr, mode: str, lim: Limits, model: Model | None):
    """(numbers, h0, c0, tokens, code lines, id) of the chosen input, or None when there is none yet."""
    ss = st.session_state
    if mode == "numbers":
        raw = st.text_area(tr("own.sb.numbers"), key="own_numbers", placeholder=PLACEHOLDER, height=120,
                           help=tr("own.sb.numbers_help"))  # fmt: skip
        if not raw.strip():
            st.caption(tr("own.sb.paste"))
            return None
        ident = "n" + fingerprint(raw.encode("utf-8"))[:16]
        numbers = caches.session("own_numbers", ident, lambda: parse_numbers(raw, limits=lim))
        return numbers, None, None, None, (), ident
    if mode in ("csv", "file"):
        kinds = ["csv", "txt"] if mode == "csv" else ["pt", "pth", "safetensors"]
        up = uploads.file(f"own_{mode}", tr(f"own.sb.{mode}"), kinds, help=tr(f"own.sb.{mode}_help"),
                          cap_mb=lim.upload_mb, group="own_input")  # fmt: skip  # one input file, kept until removed
        if up is None:
            st.caption(tr(f"own.sb.{mode}_none"))
            return None
        data = up.data
        ident = mode[0] + up.digest[:16]
        if mode == "csv":
            numbers = caches.session("own_csv", ident, lambda: parse_csv(data, limits=lim))
            return numbers, None, None, None, (), ident
        numbers, h0, c0 = caches.session("own_file", ident, lambda: input_file(data, limits=lim))
        return numbers, h0, c0, None, (), ident
    if "own_text" not in ss:
        ss["own_text"] = model.passage if model is not None else ""
    raw = st.text_area(tr("own.sb.text"), key="own_text", height=100, help=tr("own.sb.text_help"))
    if not raw:
        st.caption(tr("own.sb.type"))
        return None
    return _text(tr, raw, model, lim)


def _text(tr, raw: str, model: Model, lim: Limits):
    """A char model's text: one vocab index per character, x = embedding(tokens) [L, 1, input_size]."""
    ident = "t" + fingerprint(raw.encode("utf-8"))[:16] + model.source.model_id
    encoded = caches.session("own_text", ident, lambda: encode_text(raw, model.vocab, limits=lim))
    with torch.no_grad():
        x = model.encoder(encoded.indices).float()[:, None, :]  # [L, 1, input_size]
    numbers = Numbers(x, None, ())
    code = (
        f"tokens = torch.tensor({encoded.indices.tolist()!r})  # {tr('own.code.tokens', text=_short(encoded.text))}",
        f"x = {model.encoder_code}(tokens)[:, None].detach()  # [seq_len, 1, input_size]: {tr('own.code.embedded')}",
    )
    st.caption(tr("own.sb.tokens", n=len(encoded.text), text=code_span(_short(encoded.text))))
    return numbers, None, None, tuple(encoded.text), code, ident


def _short(s: str, width: int = 40) -> str:
    s = s.replace("\n", "⏎")
    return s if len(s) <= width else s[: width - 1] + "…"
