"""rnnviz's entry point: page config, the shared sidebar and URL state, and the navigation between pages."""

import os

import streamlit as st
import torch

from rnnviz.ui import state

# A shared demo serves many small requests at once: one intra-op thread each beats oversubscribed cores.
_threads = os.environ.get("RNNVIZ_TORCH_THREADS", "1")
torch.set_num_threads(int(_threads) if _threads.isdigit() and int(_threads) > 0 else 1)

st.set_page_config(page_title="rnnviz", page_icon="🔁", layout="wide", initial_sidebar_state="expanded")
state.render_shell()
pages = [
    st.Page("rnnviz/ui/pages/dashboard.py", title=state.tr("dash.page.dashboard"), icon="📈", default=True),
    st.Page("rnnviz/ui/pages/diagrams.py", title=state.tr("dash.page.diagrams"), icon="🔀", url_path="diagrams"),
    st.Page("rnnviz/ui/pages/gradients.py", title=state.tr("dash.page.gradients"), icon="📉", url_path="gradients"),
]
st.navigation(pages).run()
