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
    assert blocks.nth(1).locator("span.k").first.text_content() == "import"  # highlighted on the server
    copy = page.get_by_role("button", name="Copy").nth(1)
    blocks.nth(1).hover()
    copy.click()
    expect(page.get_by_role("button", name="Copied")).to_have_count(1)
    assert page.evaluate("() => navigator.clipboard.readText()") == snippet(RNNSpec())
    context.close()


def test_copy_button_speaks_chinese(browser, code_page):
    context, page = _open(browser, code_page, "zh")
    expect(page.get_by_role("button", name="复制")).to_have_count(4)
    context.close()
