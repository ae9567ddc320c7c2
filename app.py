"""rnnviz's entry point: page config, the shared sidebar and URL state, and the navigation between pages."""

import os
from pathlib import Path

import streamlit as st
import torch

from rnnviz.i18n import text
from rnnviz.ui import heap, slots, state

# A shared demo serves many small requests at once: one intra-op thread each beats oversubscribed cores.
_threads = os.environ.get("RNNVIZ_TORCH_THREADS", "1")
torch.set_num_threads(int(_threads) if _threads.isdigit() and int(_threads) > 0 else 1)
heap.settle()  # once per process: after-run collections walk only what runs made (rnnviz/ui/heap.py)

# A local icon: a Material favicon would be fetched from a font CDN (offline, or blocked, it fails)
ICON = Path(__file__).parent / "rnnviz" / "ui" / "assets" / "favicon.png"
# "auto": the sidebar is open on a laptop and collapsed on a phone, where it would cover the whole page
st.set_page_config(page_title="rnnviz", page_icon=str(ICON), layout="wide", initial_sidebar_state="auto")
# (script, title key, Material icon, url_path): Material icons need no emoji font, unlike emoji
PAGES = [
    ("dashboard", "dash.page.dashboard", ":material/grid_on:", None),
    ("diagrams", "dash.page.diagrams", ":material/account_tree:", "diagrams"),
    ("gradients", "dash.page.gradients", ":material/trending_down:", "gradients"),
    ("lab", "lab.page", ":material/model_training:", "lab"),
    ("learned", "learned.page", ":material/psychology:", "learned"),
    ("compare", "cmp.page", ":material/compare:", "compare"),
]
OWN_SETTINGS = ("lab",)  # pages with settings of their own: the sidebar leaves out the nn.RNN ones
with slots.compute():  # one run per core at a time: the server keeps answering (rnnviz/ui/slots.py)
    lang = state.opening_lang()
    pages = [
        st.Page(f"rnnviz/ui/pages/{name}.py", title=text(lang, key), icon=icon, url_path=path, default=path is None)
        for name, key, icon, path in PAGES
    ]
    page = st.navigation(pages)  # which page this run shows, before the sidebar is drawn
    state.render_shell(model=page.url_path not in OWN_SETTINGS)
    page.run()
