"""An uploaded file kept for the session until the user removes it: Streamlit drops an st.file_uploader's file
on any run that does not draw the uploader (another page, e.g. the lab, whose sidebar has no model settings),
so each uploader's one current file is kept in st.session_state (memory only, this session only, never on
disk), and shown by name with a button to remove it (then the uploader is back, for another file).

Keys: the uploader's own key (e.g. ``src_file``), ``<key>_remove`` (the button), ``kept-<key>`` (the card's
container). Uploaders of one ``group`` share one slot: a new file in one of them replaces the other's.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from rnnviz.i18n import text
from rnnviz.sources import fingerprint
from rnnviz.ui.url import code_span

_KEPT = "_rnnviz_kept_uploads"  # {group: Kept}
MB = 2**20


@dataclass(frozen=True, eq=False)
class Kept:
    """The bytes of one uploaded file, its name (user text) and which uploader took it."""

    key: str
    name: str
    data: bytes
    digest: str


def file(key: str, label: str, types: list[str], *, help: str, cap_mb: int, group: str | None = None,
         where=None) -> Kept | None:  # fmt: skip
    """The kept file of uploader ``key``: a card (its name, a remove button) when one is kept, else the
    uploader itself, drawn in ``where`` (a container or column; the current block by default)."""
    where = st if where is None else where
    group = group or key
    kept = _store().get(group)
    if kept is not None and kept.key == key:
        _card(where, kept, group)
        return kept
    # the callback keeps the file before this run draws anything: the card replaces the uploader at once
    up = where.file_uploader(label, type=types, key=key, help=help, on_change=_take, args=(key, group, cap_mb))
    if up is not None:  # no callback ran (e.g. a session that had the file before this version): keep it now
        _take(key, group, cap_mb)
    kept = _store().get(group)
    if kept is not None and kept.key == key:
        return kept
    if up is not None:  # refused by _take: over the cap
        lang = st.session_state.get("lang", "en")
        where.error(text(lang, "kept.too_big", mb=cap_mb), icon=":material/block:")
    return None


def kept(group: str) -> Kept | None:
    """The file kept for ``group`` (None when there is none)."""
    return _store().get(group)


def adopt(group: str, key: str) -> None:
    """Keep the file of ``group`` for uploader ``key`` too, in its own slot (the bytes are shared): removing
    one leaves the other."""
    other = _store().get(group)
    if other is not None:
        _store()[key] = Kept(key, other.name, other.data, other.digest)


def forget(group: str) -> None:
    """Drop the kept file of ``group`` (nothing when there is none)."""
    _store().pop(group, None)


def _store() -> dict[str, Kept]:
    return st.session_state.setdefault(_KEPT, {})


def _take(key: str, group: str, cap_mb: int) -> None:
    """The uploader's file into the group's slot (the previous one goes); one over the cap is not kept."""
    up = st.session_state.get(key)
    if up is None or up.size > cap_mb * MB:  # maxUploadSize matches the cap; a changed config must not bypass it
        return
    data = up.getvalue()
    _store()[group] = Kept(key, str(up.name), data, fingerprint(data))


def _card(where, kept: Kept, group: str) -> None:
    lang = st.session_state.get("lang", "en")
    box = where.container(key=f"kept-{kept.key}", horizontal=True, vertical_alignment="center")
    size = f"{len(kept.data) / 1024:,.1f} KB" if len(kept.data) < MB else f"{len(kept.data) / MB:,.1f} MB"
    # the name is user text: one code span, never HTML or Markdown
    box.caption(text(lang, "kept.in_use", name=code_span(kept.name), size=size))
    box.button(text(lang, "kept.remove"), key=f"{kept.key}_remove", icon=":material/close:",
               help=text(lang, "kept.remove_help"), on_click=forget, args=(group,))  # fmt: skip
