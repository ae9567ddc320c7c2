"""AppTest helper shared by the app tests: open app.py (optionally a page) with URL params, no exception."""

from __future__ import annotations

import json
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


def codes(at: AppTest) -> list[str]:
    """The code of every code block on the page (rnnviz.ui.codeblock), in page order."""
    from rnnviz.ui.codeblock import COMPONENT

    return [
        "".join(part for _, part in json.loads(c.proto.json)["tokens"])
        for c in at.get("bidi_component")
        if c.proto.component_name == COMPONENT
    ]


def step_overlay(at: AppTest):
    """The page's one step component (rnnviz.ui.stepview): its ``proto.json`` is what it draws."""
    from rnnviz.ui.stepview import COMPONENT

    (overlay,) = [c for c in at.get("bidi_component") if c.proto.component_name == COMPONENT]
    return overlay


def tables(at: AppTest) -> list[pd.DataFrame]:
    """The page's static tables (Markdown tables, rnnviz.ui.mdtable), each as the text of its cells."""
    parsed = [mdtable.parse(m.value) for m in at.markdown if mdtable.is_table(m.value)]
    return [pd.DataFrame(rows, columns=head) for head, *rows in parsed]
