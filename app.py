"""rnnviz's entry point: page config, the shared sidebar and URL state, and the navigation between pages."""

import os

import streamlit as st
import torch

from rnnviz.ui import state

# A shared demo serves many small requests at once: one intra-op thread each beats oversubscribed cores.
_threads = os.environ.get("RNNVIZ_TORCH_THREADS", "1")
torch.set_num_threads(int(_threads) if _threads.isdigit() and int(_threads) > 0 else 1)

st.set_page_config(page_title="rnnviz", page_icon=":material/repeat:", layout="wide", initial_sidebar_state="expanded")
state.render_shell()
# (script, title key, Material icon, url_path): Material icons need no emoji font, unlike emoji
PAGES = [
    ("dashboard", "dash.page.dashboard", ":material/grid_on:", None),
    ("diagrams", "dash.page.diagrams", ":material/account_tree:", "diagrams"),
    ("gradients", "dash.page.gradients", ":material/trending_down:", "gradients"),
    ("lab", "lab.page", ":material/model_training:", "lab"),
    ("learned", "learned.page", ":material/psychology:", "learned"),
]
pages = [
    st.Page(f"rnnviz/ui/pages/{name}.py", title=state.tr(key), icon=icon, url_path=path, default=path is None)
    for name, key, icon, path in PAGES
]
st.navigation(pages).run()
