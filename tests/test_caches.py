"""Every cache of the app is bounded, in one place (rnnviz/ui/caches.py): entries and time to live."""

import re
from pathlib import Path

from rnnviz.ui import caches

ROOT = Path(__file__).resolve().parents[1]


def test_every_streamlit_cache_goes_through_caches_shared():
    sources = [p for p in (ROOT / "rnnviz").rglob("*.py") if p.name != "caches.py"] + [ROOT / "app.py"]
    direct = [str(p.relative_to(ROOT)) for p in sources if re.search(r"st\.cache_(resource|data)", p.read_text())]
    assert direct == [], "use @caches.shared(name): every bound in one place"
    used = {m for p in sources for m in re.findall(r'caches\.shared\("(\w+)"\)', p.read_text())}
    assert used == set(caches.MAX_ENTRIES), "a bound for every cache, and no bound without a cache"
    single = {m for p in sources for m in re.findall(r'caches\.singleton\("(\w+)"\)', p.read_text())}
    assert single == set(caches.SINGLETONS), "every server-wide object declared, and none declared unused"


def test_the_bounds_are_finite():
    assert all(isinstance(n, int) and 0 < n <= 256 for n in caches.MAX_ENTRIES.values())
    assert 0 < caches.TTL_SECONDS <= 3600


def test_cached_figures_are_serialised_once_and_equal_the_figure():
    """caches.shared freezes the go.Figures it returns: to_dict() is computed once (st.plotly_chart calls
    it on every run) and is exactly what the unfrozen figure gives; copies of it change freely."""
    import json

    import plotly.graph_objects as go

    from rnnviz.figures.base import Frozen, freeze
    from rnnviz.figures.heatmaps import hidden_heatmaps
    from rnnviz.spec import RNNSpec
    from rnnviz.ui.lesson import slide_figure
    from rnnviz.unroll import unroll

    rnn, x, h0 = RNNSpec(num_layers=2, bidirectional=True).build()
    fig = hidden_heatmaps(unroll(rnn, x, h0), 0, 1)
    want = json.dumps(fig.to_dict(), default=str)
    both = freeze({"a": fig, "b": go.Figure()})
    assert isinstance(both["a"], Frozen) and isinstance(both["b"], Frozen) and both["a"] is fig
    assert fig.to_dict() is fig.to_dict() and json.dumps(fig.to_dict(), default=str) == want
    copy = slide_figure(fig, font_size=30)
    copy.update_layout(margin_b=300)
    assert json.dumps(fig.to_dict(), default=str) == want  # a copy never writes into the cached dict
