"""The 'What did it learn' page's export panel: PNG / SVG / HTML of each figure, the text heatmap as a page, CSV."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from rnnviz.i18n import text
from rnnviz.lesson import export

EXPORT_WIDTH = export.SLIDE_SIZE[0]


def render(
    figures: Mapping[str, go.Figure],
    page_html: Callable[[], str],
    rows: Callable[[], list[dict]],
    caption: str,
    lang: str,
) -> None:
    """An expander: per figure (ascii stem -> figure) PNG, SVG and HTML, made only when clicked, with the
    caption burnt in; the text heatmap as a standalone HTML page; the per-character activations as CSV."""
    tr = lambda k, **kw: text(lang, k, **kw)  # noqa: E731
    with st.expander(tr("learned.export"), icon=":material/download:"):
        st.caption(tr("learned.export_help"))
        for stem, fig in figures.items():
            label, png, svg, page = st.columns([4, 1, 1, 1], vertical_alignment="center")
            label.markdown(f"`{stem}`")
            for fmt, where in (("png", png), ("svg", svg)):
                _button(
                    where, tr(f"export.{fmt}"), _image(fig, caption, fmt), f"{stem}.{fmt}", fmt, f"learned_{fmt}_{stem}"
                )
            _button(
                page,
                tr("export.html"),
                lambda fig=fig, stem=stem: export.to_html(fig, stem, caption),
                f"{stem}.html",
                "html",
                f"learned_html_{stem}",
            )
        left, right = st.columns(2)
        _button(left, tr("learned.export.text_html"), page_html, "text_heatmap_page.html", "html", "learned_text_page")
        _button(
            right,
            tr("learned.export.csv"),
            lambda: pd.DataFrame(rows()).to_csv(index=False),
            "activations.csv",
            "csv",
            "learned_csv",
        )


def _image(fig: go.Figure, caption: str, fmt: str) -> Callable[[], bytes]:
    def render_image() -> bytes:
        export.keep_warm()
        out = go.Figure(fig)
        if out.layout.width is None and (out.layout.height or 0) > export.SLIDE_SIZE[1]:
            out.update_layout(width=EXPORT_WIDTH)  # a tall figure keeps its proportions (letterboxed)
        return export.to_image(export.with_caption(out, caption), fmt)

    return render_image


def _button(where, label: str, data, file_name: str, kind: str, key: str) -> None:
    where.download_button(
        label, data=data, file_name=file_name, mime=export.MIME[kind], key=key, on_click="ignore", width="stretch"
    )
