"""Code blocks (rnnviz.ui.codeblock) in a real browser: the code shown and copied is the code sent, text for
text; markup in it stays text; a block twice on one page is fine; the copy button speaks the page's language."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from harness import READY, ROOT, streamlit_server
from playwright.sync_api import expect

HOSTILE = 'x = "<b>bold</b>"  # <script>window.__pwned = 1</script> <img src=x onerror="window.__pwned = 2">\n'
PAGE = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
import streamlit as st
from rnnviz.snippet import snippet
from rnnviz.spec import RNNSpec
from rnnviz.ui import codeblock

lang = st.query_params.get("lang", "en")
codeblock.show({HOSTILE!r}, lang)
codeblock.show(snippet(RNNSpec()), lang)
codeblock.show(snippet(RNNSpec()), lang)  # the same block twice: no duplicate-element error
codeblock.show("plain <i>text</i>", lang, language=None)
if st.query_params.get("loop"):
    from rnnviz.snippet import cell_loop_snippet
    codeblock.show(cell_loop_snippet(RNNSpec(), "en"), lang)
"""


@pytest.fixture(scope="module")
def code_page() -> str:
    with tempfile.TemporaryDirectory(prefix="rnnviz-code-") as folder:
        (Path(folder) / "page.py").write_text(PAGE)
        with streamlit_server(script="page.py", cwd=Path(folder)) as base:
            yield base


def _open(browser, base: str, lang: str):
    context = browser.new_context(locale="en-US")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page = context.new_page()
    page.goto(f"{base}/?lang={lang}")
    page.wait_for_selector(READY, state="attached")
    expect(page.locator(".rnnviz-code")).to_have_count(4)
    return context, page


def test_code_is_shown_and_copied_as_text(browser, code_page):
    from rnnviz.snippet import snippet
    from rnnviz.spec import RNNSpec

    context, page = _open(browser, code_page, "en")
    blocks = page.locator(".rnnviz-code")
    expect(blocks.nth(0)).to_have_text(HOSTILE, use_inner_text=False)
    expect(blocks.nth(3)).to_have_text("plain <i>text</i>", use_inner_text=False)
    assert page.locator(".rnnviz-code b, .rnnviz-code script, .rnnviz-code img, .rnnviz-code i").count() == 0
    assert page.evaluate("() => window.__pwned") is None  # nothing in the code ran
    assert blocks.nth(1).text_content() == blocks.nth(2).text_content() == snippet(RNNSpec())
    first = blocks.nth(1).locator(".ln").first  # "import torch": the keyword classed by the server's lexer
    assert "".join(first.locator("span.k").all_text_contents()) == "import"
    copy = page.get_by_role("button", name="Copy").nth(1)
    blocks.nth(1).hover()
    copy.click()
    expect(page.get_by_role("button", name="Copied")).to_have_count(1)
    assert page.evaluate("() => navigator.clipboard.readText()") == snippet(RNNSpec())
    context.close()


FIRST_CHAR_AT = """pre => Array.from(pre.querySelectorAll('.ln'), ln => {
  const text = ln.textContent, n = text.length - text.replace(/^ +/, '').length;
  const lead = ln.querySelector('.lead'), range = document.createRange();
  if (!lead.lastChild || n === text.replace(/\\n$/, '').length) return null;  // an empty line
  const node = lead.lastChild.nodeType === 3 ? lead.lastChild : lead.lastChild.firstChild;
  range.setStart(node, node.length - 1); range.setEnd(node, node.length);
  const ch = parseFloat(getComputedStyle(pre).fontSize) * 0.6;  // Source Code Pro: 0.6 em a character
  const box = pre.getBoundingClientRect().left + parseFloat(getComputedStyle(pre).paddingLeft);
  const left = range.getBoundingClientRect().left - box;
  return [n, Math.round(left / ch)]; }).filter(Boolean)"""


def test_python_wraps_under_its_indentation_on_a_phone(browser, code_page):
    """At a phone's width a long line wraps: its first character stays where its indentation puts it (it
    never drops to the next line at column 0), nothing runs off the box, and a selection copies the code."""
    from rnnviz.snippet import cell_loop_snippet
    from rnnviz.spec import RNNSpec

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    page.goto(f"{code_page}/?lang=en&loop=1")
    page.wait_for_selector(READY, state="attached")
    block = page.locator(".rnnviz-code").nth(4)
    expect(block).to_have_text(cell_loop_snippet(RNNSpec(), "en"), use_inner_text=False)
    assert block.evaluate("pre => pre.scrollWidth <= pre.clientWidth")  # wrapped, not cut off
    placed = block.evaluate(FIRST_CHAR_AT)
    assert placed and all(n == at for n, at in placed), placed
    assert any(n > 0 for n, _ in placed)
    selected = block.evaluate("pre => { const s = getSelection(); s.selectAllChildren(pre); return s.toString(); }")
    assert selected == cell_loop_snippet(RNNSpec(), "en").rstrip("\n")  # a selection ends at the last character
    context.close()


def test_copy_button_speaks_chinese(browser, code_page):
    context, page = _open(browser, code_page, "zh")
    expect(page.get_by_role("button", name="复制")).to_have_count(4)
    context.close()
