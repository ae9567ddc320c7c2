"""AppTest helper shared by the app tests: open app.py (optionally a page) with URL params, no exception."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from rnnviz.ui import mdtable

APP = str(Path(__file__).resolve().parents[1] / "app.py")  # independent of the working directory


def open_app(page: str | None = None, **params: str) -> AppTest:
    """Run app.py with ``params`` as the URL query, switch to ``page`` if given, and assert no exception."""
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    if page is not None:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def tables(at: AppTest) -> list[pd.DataFrame]:
    """The page's static tables (Markdown tables, rnnviz.ui.mdtable), each as the text of its cells."""
    parsed = [mdtable.parse(m.value) for m in at.markdown if mdtable.is_table(m.value)]
    return [pd.DataFrame(rows, columns=head) for head, *rows in parsed]
