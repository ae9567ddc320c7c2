"""rnnviz.ui.mdtable in Streamlit's own Markdown renderer: any cell text is shown literally, as text -- no
HTML, no maths, no Markdown, no cell boundary (the unit tests check the escaping against mdtable.parse)."""

from __future__ import annotations

import json
import string

import pytest
from harness import READY, ROOT, TABLE, problems, streamlit_server
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HOSTILE = ["<script>alert(1)</script>", "<b>x</b>", "$x^2$", "$$y$$", "a|b", "\\|", "`c`", "*e* _u_ **b**",
           "[x](http://e.com)", "![i](x.png)", "~~s~~", "# h", "&lt;", "&amp;", ":red[x]", ":material/home:",
           "a:smile:b", "weight_ih_l0", "[6, 2, 4]", "x\\", "h_{t-1}", "<!-- c -->", "line\nbreak"]  # fmt: skip
TEXT = st.text(st.sampled_from(string.punctuation + " \n\tab") | st.characters(exclude_categories=["Cs"]))
PAGE = """import json, sys
sys.path.insert(0, {root!r})
import pandas as pd
from rnnviz.ui import mdtable
cells = json.load(open("cells.json", encoding="utf-8"))
mdtable.show(pd.DataFrame({{"cell": cells}}))
"""
SHOWN = """(selector) => {
  const t = document.querySelector(selector);
  return {cells: Array.from(t.querySelectorAll('tbody td'), c => c.textContent),
          tags: Array.from(t.parentElement.querySelectorAll('*'), e => e.tagName),
          katex: document.querySelectorAll('.katex').length};
}"""


@pytest.fixture(scope="module")
def table_page(tmp_path_factory, browser):
    """A page of one mdtable table of the cells in its cells.json (read again on every load)."""
    folder = tmp_path_factory.mktemp("mdtable")
    (folder / "page.py").write_text(PAGE.format(root=str(ROOT)))
    with streamlit_server(script="page.py", cwd=folder) as base:
        page = browser.new_page()
        page.dialogs = []
        page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))

        def show(cells: list[str]) -> dict:
            (folder / "cells.json").write_text(json.dumps(cells), encoding="utf-8")
            page.goto(base)
            page.wait_for_selector(READY)
            page.wait_for_selector(TABLE)
            return page.evaluate(SHOWN, TABLE)

        yield show, page
        page.close()


def shown(text: str) -> str:
    """What a cell shows of ``text``: whitespace runs as one space (a newline would end the row), NUL as U+FFFD."""
    return " ".join(text.replace("\0", "\ufffd").split())


def check(show, page, cells: list[str]) -> None:
    got = show(cells)
    assert got["cells"] == [shown(c) for c in cells]
    # only the table; GFM links a URL written as text (its text stays the same), nothing else is made
    assert set(got["tags"]) <= {"TABLE", "THEAD", "TBODY", "TR", "TH", "TD", "A"}, got["tags"]
    assert got["katex"] == 0 and problems(page) == []


def test_hostile_cells_are_shown_literally(table_page):
    check(*table_page, HOSTILE)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(TEXT, min_size=1, max_size=40))
def test_any_text_is_shown_literally(table_page, cells):
    check(*table_page, cells)
