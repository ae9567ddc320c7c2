"""Placeholder page (written by another helper)."""

import streamlit as st

from rnnviz.ui import state

st.title(state.tr("dash.page.diagrams"))
