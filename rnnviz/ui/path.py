"""The beginner path: the preset shown, the tutorial code it reproduces, and one click to the next example."""

from __future__ import annotations

import re

import streamlit as st

from rnnviz.presets import BEGINNER_PATH, PRESETS, next_preset
from rnnviz.ui import codeblock, state
from rnnviz.ui.state import View


def render(view: View, key: str) -> None:
    """Which example this is (on the path: "Example i of n"), its tutorial code, and a Next button; off a
    preset, a button that starts the path. Not in lesson mode (a slide's caption says the configuration), nor
    for a model from a file or the lab (a preset would not change it)."""
    if view.lesson or getattr(view.spec, "weights", None) is not None:  # an uploaded or lab model: no presets
        return
    with st.container(key=f"{key}-path", border=True):
        if view.preset in PRESETS:
            title = state.tr(f"preset.{view.preset}")
            if view.preset in BEGINNER_PATH:
                i = BEGINNER_PATH.index(view.preset) + 1
                title = state.tr("dash.path.title", i=i, n=len(BEGINNER_PATH), title=title)
            st.markdown(f"**{_code(title)}**")
            st.caption(state.tr("dash.path.code"))
            codeblock.show(PRESETS[view.preset].code, view.lang)
            target, label = next_preset(view.preset), "dash.path.next"
        else:
            target, label = BEGINNER_PATH[0], "dash.path.start"
        if target:
            st.button(
                _code(state.tr(label, title=state.tr(f"preset.{target}"))),
                key=f"{key}_next",
                icon=":material/arrow_forward:",
                on_click=state.apply_preset,
                args=(target,),
            )


def _code(title: str) -> str:
    """A preset's title with its nn.RNN(...) call as inline code (titles are the catalogue's, never user text)."""
    return re.sub(r"(nn\.RNN\([^)]*\))", r"`\1`", title)
