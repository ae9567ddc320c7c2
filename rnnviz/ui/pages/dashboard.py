"""The dashboard page (placeholder while it is built)."""

import streamlit as st

from rnnviz.ui import state

view = state.page_state()
st.title(state.tr("dash.page.dashboard"))
st.write(view)
