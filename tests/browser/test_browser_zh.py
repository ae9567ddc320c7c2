"""The Chinese UI in a real browser: no English UI text is left on any page, beyond code and PyTorch names."""

from __future__ import annotations

import re

import pytest
from harness import problems

from rnnviz.spec import RNNSpec

# Visible text of the app without code, charts (their text comes from the same catalogue and is tested
# there), tables of PyTorch names, Material icon ligatures and Streamlit's own "skip to content" link.
_VISIBLE_UI_TEXT = """() => {
  const root = document.querySelector("[data-testid='stApp']").cloneNode(true);
  root.querySelectorAll(
    "code, pre, style, script, .katex, .js-plotly-plot, [data-testid='stCode'], [data-testid='stDataFrame'], "
    + "[data-testid='stMarkdownContainer'] table, [data-testid='stIconMaterial'], [data-testid='stSkipLink'], "
    + "a[href='#main']"
  ).forEach((e) => e.remove());
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const parts = [];
  while (walker.nextNode()) parts.push(walker.currentNode.textContent);
  return parts.join(" ");
}"""
# Words that are the same in both languages: PyTorch / maths names, file formats, the language's own name.
_ALLOWED = {
    *(name for name in RNNSpec.__dataclass_fields__),
    *"GRU LSTM GRUCell LSTMCell".split(),  # the cell selector's nn.GRU / nn.LSTM, on every page
    *"RNN RNNCell PyTorch torch rnn tanh relu output input BPTT autograd loss backward grad max log diag".split(),
    *"pre train eval PNG SVG HTML CSV npz English".split(),
    *"True False None".split(),  # Python literals, as in a preset's name "nn.RNN(4, 2, bidirectional=True)"
    # Streamlit's own screen-reader labels ("skip to main content", "first_page icon"):
    *"Skip main content icon".split(),
}


def english_words(page) -> set[str]:
    """ASCII words of 3+ letters in the UI text (text nodes, joined by spaces) that are neither allowed nor
    code-like (no '_')."""
    words = set(re.findall(r"[A-Za-z][A-Za-z_]{2,}", page.evaluate(_VISIBLE_UI_TEXT)))
    return {w for w in words if "_" not in w and w not in _ALLOWED}


@pytest.mark.parametrize(("path", "plots"), [("", 4), ("diagrams", 2), ("gradients", 3)])
def test_chinese_page_has_no_leftover_english(visit, path, plots):
    page = visit(path, plots=plots, lang="zh", preset="dims_2layer_bi", t=1)
    assert problems(page) == []
    assert english_words(page) == set()


@pytest.mark.parametrize("cell", ["gru", "lstm"])
@pytest.mark.parametrize(("path", "plots"), [("", 6), ("diagrams", 2), ("gradients", 3), ("compare", 3)])
def test_chinese_gated_page_has_no_leftover_english(visit, path, plots, cell):
    page = visit(path, plots=plots, lang="zh", cell=cell, t=1, **{"b.cell": cell})
    assert problems(page) == []
    assert english_words(page) - {"Cho"} == set()  # the paper's author, cited by name
