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
