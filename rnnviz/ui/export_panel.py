"""The export panel pages call: downloads of every figure (PNG/SVG/HTML), the data, the snippet, and the link."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from urllib.parse import urlencode

import plotly.graph_objects as go
import streamlit as st

from rnnviz.bptt import Gradients
from rnnviz.i18n import text
from rnnviz.lesson import export
from rnnviz.lesson import gradients as lg
from rnnviz.lesson.browser import image_browser
from rnnviz.lesson.bundle import BUNDLE_SIZE, bundle_zip
from rnnviz.lesson.caption import caption
from rnnviz.lesson.gates_csv import gates_csv
from rnnviz.snippet import snippet
from rnnviz.spec import RNNSpec
from rnnviz.trace import Trace
from rnnviz.ui import codeblock
from rnnviz.ui.url import AppParams, app_to_params

SNIPPET_FILE = "rnn_snippet.py"


def render(
    figures: Mapping[str, go.Figure] | Callable[[], Mapping[str, go.Figure]],
    trace: Trace,
    spec: RNNSpec,
    t: int,
    lang: str,
    *,
    preset: str | None = None,
    batch: int = 0,
    key: str = "export",
    gradients: Gradients | None = None,
    w_hh_scale: float | None = None,
) -> None:
    """An expander with, per figure, PNG / SVG / HTML downloads; the hidden states as CSV, the trace as
    .npz and the snippet as .py; and links to this exact view (normal and lesson mode).

    ``figures`` maps a file stem (ascii, e.g. "heatmaps" or "concat") to its figure (or is a function
    that returns them); files are named ``<stem>_t<t>`` (the step they show). The panel is built only while
    it is open, so a closed panel costs a page nothing. Images are rendered only when a button is clicked
    (kaleido, on the server), with the auto-caption burnt in; without a Chromium on the server the panel
    says so and offers the other files. The gradients page passes its ``gradients`` (their CSV, .npz and a
    script that applies ``w_hh_scale``, which the caption also states).
    """
    tr = lambda k, **kw: text(lang, k, **kw)  # noqa: E731
    cap = caption(spec, t, lang, w_hh_scale=w_hh_scale)
    width, height = export.SLIDE_SIZE
    panel = st.expander(tr("export.heading"), key=f"{key}_open", on_change="rerun")
    if not panel.open:
        return
    images = image_browser() is not None
    with panel:
        st.markdown(f"**{tr('export.figures')}**")
        if not images:
            st.info(tr("export.no_browser"), icon=":material/info:")
        for i, (name, fig) in enumerate((figures() if callable(figures) else figures).items()):
            stem = _stem(name, i)
            file = f"{stem}_t{t}"  # what and where: equation_l1_reverse_t3
            label, png, svg, page = st.columns([4, 1, 1, 1], vertical_alignment="center")
            label.markdown(f"`{stem}`")
            for fmt, where in (("png", png), ("svg", svg)) if images else ():
                _button(
                    where,
                    tr(f"export.{fmt}"),
                    _image(fig, cap, fmt),
                    f"{file}.{fmt}",
                    fmt,
                    tr(f"export.{fmt}_help", width=width, height=height),
                    f"{key}_{fmt}_{stem}",
                )
            _button(
                page,
                tr("export.html"),
                lambda fig=fig, stem=file: export.to_html(fig, stem, cap),
                f"{file}.html",
                "html",
                tr("export.html_help"),
                f"{key}_html_{stem}",
            )
        bundle_button(trace, spec, t, lang, batch, images, key)
        st.markdown(f"**{tr('export.data')}**")
        csv, npz, code = st.columns(3)
        _button(
            csv,
            tr("export.csv"),
            lambda: export.hidden_csv(trace),
            "hidden_states.csv",
            "csv",
            tr("export.csv_help"),
            f"{key}_csv",
        )
        if trace.kind.gate_names:  # nn.GRU / nn.LSTM: h_t, c_t and every gate in one table
            _button(csv, tr("gates.export.csv"), lambda: gates_csv(trace), "gates.csv", "csv",
                    tr("gates.export.csv_help"), f"{key}_gates_csv")  # fmt: skip
        config = app_to_params(AppParams(spec, t, preset, lang, batch, False, ()))
        _button(
            npz,
            tr("export.npz"),
            lambda: export.trace_npz(trace, config),
            "trace.npz",
            "npz",
            tr("export.npz_help"),
            f"{key}_npz",
        )
        _button(code, tr("export.snippet"), snippet(spec), SNIPPET_FILE, "py", tr("export.snippet_help"), f"{key}_py")
        if gradients is not None:
            _gradient_buttons(gradients, spec, lang, 1.0 if w_hh_scale is None else w_hh_scale, key)
        _links(spec, t, lang, preset, batch)


def bundle_file_name(t: int, lang: str, images: bool = True) -> str:
    """The bundle's zip: what (the classroom bundle, its images or only the HTML), the language, the step."""
    return f"rnnviz_bundle_{lang}_t{t}{'' if images else '_html'}.zip"


def bundle_button(trace: Trace, spec: RNNSpec, t: int, lang: str, batch: int, images: bool, key: str) -> None:
    """One click: the classroom bundle (rnnviz.lesson.bundle, the CLI's ``export --bundle``) as a zip, built
    only when clicked. Without a browser for kaleido: says so and offers the HTML part (index.html, data)."""
    tr = lambda k, **kw: text(lang, k, **kw)  # noqa: E731
    st.markdown(f"**{tr('export.bundle_heading')}**")
    if not images:
        st.info(tr("export.bundle_no_browser"), icon=":material/info:")
    w, h = BUNDLE_SIZE
    _button(
        st,
        tr("export.bundle" if images else "export.bundle_html"),
        lambda: bundle_zip(spec, trace, lang, t, batch, images=images),
        bundle_file_name(t, lang, images),
        "zip",
        tr("export.bundle_help" if images else "export.bundle_html_help", width=w, height=h, t=t),
        f"{key}_bundle",
    )


def _gradient_buttons(g: Gradients, spec: RNNSpec, lang: str, scale: float, key: str) -> None:
    """dL/dh_t as CSV and .npz, and the script that applies the scale and backpropagates the page's loss."""
    tr = lambda k, **kw: text(lang, k, **kw)  # noqa: E731
    csv, npz, code = st.columns(3)
    _button(csv, tr("export.grad_csv"), lambda: lg.gradients_csv(g), "gradients.csv", "csv",
            tr("export.grad_csv_help"), f"{key}_grad_csv")  # fmt: skip
    _button(npz, tr("export.grad_npz"), lambda: lg.gradients_npz(g, scale), "gradients.npz", "npz",
            tr("export.grad_npz_help"), f"{key}_grad_npz")  # fmt: skip
    _button(code, tr("export.grad_py"), lg.gradients_snippet(spec, scale, lang), "gradients_snippet.py", "py",
            tr("export.grad_py_help", scale=scale), f"{key}_grad_py")  # fmt: skip


def view_link(
    spec: RNNSpec,
    t: int,
    lang: str,
    preset: str | None = None,
    batch: int = 0,
    lesson: bool = False,
    base: str = "",
    extra: Mapping[str, str] | None = None,
) -> str:
    """The URL of this exact view: ``base`` plus every state parameter (and a page's ``extra`` ones)."""
    params = app_to_params(AppParams(spec, t, preset, lang, batch, lesson, ()))
    params |= {k: v for k, v in (extra or {}).items() if k not in params}
    return f"{base}?{urlencode(params)}"


def _links(spec: RNNSpec, t: int, lang: str, preset: str | None, batch: int) -> None:
    base = _base_url()
    extra = {k: v for k, v in st.query_params.to_dict().items() if isinstance(v, str)}  # pages' own params
    for lesson, label in ((False, "export.link"), (True, "export.lesson_link")):
        st.markdown(f"**{text(lang, label)}**", help=text(lang, "export.link_help"))
        codeblock.show(view_link(spec, t, lang, preset, batch, lesson, base, extra), lang, language=None)


def _base_url() -> str:
    try:
        return st.context.url or ""
    except Exception:  # no browser context (AppTest, bare mode): a relative link still works
        return ""


def _image(fig: go.Figure, cap: str, fmt: str) -> Callable[[], bytes]:
    def render_image() -> bytes:
        export.keep_warm()  # one chromium for every later click in this process
        return export.to_image(export.with_caption(fig, cap), fmt)

    return render_image


def _button(where, label: str, data, file_name: str, kind: str, help_text: str, key: str) -> None:
    """A download button whose data is produced only on click (``data`` may be a callable)."""
    where.download_button(
        label,
        data=data,
        file_name=file_name,
        mime=export.MIME[kind],
        help=help_text,
        key=key,
        on_click="ignore",
        width="stretch",
    )


def _stem(name: str, i: int) -> str:
    """A safe file stem from a figure's name."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("._")
    return stem or f"figure_{i + 1}"
