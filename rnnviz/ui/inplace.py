"""Charts redrawn in place on a step: the element keeps the figure of its anchor step, the browser draws step t.

Streamlit mounts a changed chart from scratch (a new element, a new plotly.js plot), the costliest part of
a step in the browser. A chart of a step view is therefore drawn with the figure of its *anchor*: the step
at which the view (spec, layer, direction, batch, language) was first drawn. On a step the element is sent
unchanged, so nothing is remounted, and stepview redraws the chart in place with the figure of step t
(``Plotly.react``). A new view gets a new anchor and a new serial in its charts' keys, so new elements: a
chart redrawn for an old anchor is never taken for a new one's. Until the first step away from the anchor
nothing is redrawn, since the elements show step t themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import streamlit as st

ANCHOR_KEY = "inplace_anchor"  # session key


@dataclass
class Anchor:
    """The step the charts' elements hold, their serial, and whether the view has stepped away since."""

    view: tuple
    t: int
    serial: int
    stepped: bool = False


def anchor(view: tuple, t: int) -> Anchor:
    """This session's anchor for the step view ``view`` (any hashable description of it) shown at step t."""
    old = st.session_state.get(ANCHOR_KEY)
    if not isinstance(old, Anchor) or old.view != view:
        st.session_state[ANCHOR_KEY] = Anchor(view, t, old.serial + 1 if isinstance(old, Anchor) else 0)
    elif t != old.t:
        old.stepped = True  # from now on the charts are redrawn in the browser
    return st.session_state[ANCHOR_KEY]


def chart(at: Anchor, key: str, figure: go.Figure, **plotly_chart) -> None:
    """Chart ``key`` (a container of that key) holding ``figure``: the figure of step ``at.t``."""
    with st.container(key=key):
        st.plotly_chart(figure, key=f"{key}_at{at.serial}", theme=None, **plotly_chart)


def redraws(at: Anchor, figures: dict[str, go.Figure]) -> dict[str, go.Figure | None]:
    """What stepview redraws each chart key with: the figure of step t once stepped (None: shown as sent)."""
    return {key: fig if at.stepped else None for key, fig in figures.items()}
