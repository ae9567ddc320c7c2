"""The dashboard page: hidden-state heatmaps, the step equation, shapes, code and parity."""

import streamlit as st

from rnnviz.ui import sections, state

view = state.page_state()
sections.header(view)
st.fragment(sections.step_area, run_every=sections.play_every(view))()
st.divider()
sections.shapes(view)
if not view.lesson:  # a slide view: figures and shapes, no code
    st.divider()
    sections.code(view)
