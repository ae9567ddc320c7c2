"""Code on a page: Pygments tokens drawn as text by a small v2 component, with a copy button (st.code makes
the browser load a 1.5 MB highlighter on every page that shows code, ~0.2-0.3 s of a first paint)."""

from __future__ import annotations

import functools
import hashlib
import itertools

import streamlit as st
from pygments.lexers import PythonLexer
from pygments.token import Comment, Keyword, Name, Number, Operator, String
from streamlit.errors import StreamlitDuplicateElementId, StreamlitDuplicateElementKey

from rnnviz import style
from rnnviz.i18n import text

COMPONENT = "rnnviz_code"  # the component's name; in the browser each block is a <pre class="rnnviz-code">
# Pygments token types -> the classes of style.CODE_COLOURS (the first that contains the token wins)
_CLASSES = (
    (Comment, "c"),
    (String, "s"),
    (Number, "n"),
    (Operator.Word, "k"),
    (Keyword, "k"),
    (Name.Builtin, "b"),
    (Name.Function, "f"),
    (Name.Class, "f"),
    (Name.Decorator, "f"),
)
_LEXER = PythonLexer(stripnl=False, ensurenl=False)  # the tokens join to the code exactly

_HTML = '<div class="box"><pre class="rnnviz-code"></pre><button class="copy" type="button"></button></div>'
_CSS = (  # one rule a line: a one-line string with a "/" would be taken for a file path
    ":host{display:block}\n"
    ".box{position:relative;border-radius:0.5rem;background:" + style.CODE_BACKGROUND + "}\n"
    ".rnnviz-code{margin:0;padding:0.875rem 1rem;font:0.875rem/1.6 'Source Code Pro',monospace;"
    "color:" + style.TEXT + ";white-space:pre-wrap;overflow-wrap:anywhere;tab-size:4;overflow-x:auto}\n"
    ".copy{position:absolute;top:0.375rem;right:0.375rem;width:2rem;height:2rem;padding:0.375rem;"
    "border:1px solid transparent;border-radius:0.375rem;background:transparent;color:" + style.MUTED + ";"
    "cursor:pointer;opacity:0}\n"
    ".box:hover .copy,.copy:focus-visible{opacity:1;border-color:" + style.GRID + ";background:#fff}\n"
    ".copy svg{width:100%;height:100%;display:block}\n"
    "@media (hover:none){.copy{opacity:0.6}.rnnviz-code{padding-right:2.75rem}}\n"  # a phone: no hover, always shown
    ".c{font-style:italic}\n"
    ".ln{display:block}.lead{white-space:pre}\n"  # codeblock's Python lines: a hanging indent (see _JS)
    + "".join(f".{cls}{{color:{colour}}}\n" for cls, colour in style.CODE_COLOURS.items())
)
_JS = r"""
const COPY = '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2"><rect x="9" y="9"'
  + ' width="11" height="11" rx="2"/><path d="M5 15V5a2 2 0 0 1 2-2h10"/></svg>';
const DONE = '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2"><path d="M5 12l5 5'
  + ' 9-10"/></svg>';
function copyText(value) {  // the Clipboard API needs a secure context (https, localhost); else a selection
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(value);
  const area = document.createElement('textarea');
  area.value = value; area.style.cssText = 'position:fixed;opacity:0';
  document.body.appendChild(area); area.select();
  try { document.execCommand('copy'); } finally { area.remove(); }
  return Promise.resolve();
}
function piece(cls, part) {  // text only, never HTML
  if (!cls) return document.createTextNode(part);
  const span = document.createElement('span'); span.className = cls; span.textContent = part; return span;
}
function lines(tokens) {  // [[class, text], ...] -> the pieces of each line, without its '\n'
  const out = [[]];
  for (const [cls, part] of tokens) {
    part.split('\n').forEach((bit, i) => { if (i) out.push([]); if (bit) out[out.length - 1].push([cls, bit]); });
  }
  return out;
}
function line(pieces, last) {
  // a wrapped line goes on under its own indentation plus 4 (a hanging indent), and never breaks right
  // after its indentation (which left an empty-looking line and the line's text at column 0): the lead,
  // unbreakable, is the indentation and the first character; a word too long for the width still breaks
  const text = pieces.map(p => p[1]).join('');
  const indent = text.length - text.replace(/^ */, '').length, leadEnd = /^\s*\S?/.exec(text)[0].length;
  const el = document.createElement('span'), lead = document.createElement('span');
  el.className = 'ln'; lead.className = 'lead';
  el.style.paddingLeft = (indent + 4) + 'ch'; el.style.textIndent = -(indent + 4) + 'ch';
  el.appendChild(lead);
  let at = 0;
  for (const [cls, part] of pieces) {
    const cut = Math.max(0, Math.min(part.length, leadEnd - at));
    if (cut) lead.appendChild(piece(cls, part.slice(0, cut)));
    if (cut < part.length) el.appendChild(piece(cls, part.slice(cut)));
    at += part.length;
  }
  if (!last) el.appendChild(document.createTextNode('\n'));  // textContent stays the code, exactly
  return el;
}
export default function (component) {
  const { data, parentElement } = component;
  const pre = parentElement.querySelector('.rnnviz-code'), button = parentElement.querySelector('.copy');
  if (data.hang) {
    const all = lines(data.tokens);
    pre.replaceChildren(...all.map((pieces, i) => line(pieces, i === all.length - 1)));
  } else {
    pre.replaceChildren(...data.tokens.map(([cls, part]) => piece(cls, part)));
  }
  const code = data.tokens.map(t => t[1]).join('');
  const label = (name, icon) => {  // icon: constant markup (the two above), never data
    button.title = name; button.setAttribute('aria-label', name); button.innerHTML = icon;
  };
  label(data.copy, COPY);
  button.onclick = () => copyText(code).then(() => {
    label(data.copied, DONE);
    setTimeout(() => label(data.copy, COPY), 1500);
  });
}
"""
_COMPONENT = None


def _component():
    global _COMPONENT
    if _COMPONENT is None:
        _COMPONENT = st.components.v2.component(COMPONENT, html=_HTML, css=_CSS, js=_JS, isolate_styles=True)
    return _COMPONENT


def _class(token_type) -> str:
    return next((cls for kind, cls in _CLASSES if token_type in kind), "")


@functools.lru_cache(maxsize=256)  # a page's snippets repeat on every rerun; each entry is one snippet's tokens
def tokens(body: str, language: str | None = "python") -> tuple[tuple[str, str], ...]:
    """``body`` as (class, text) runs that join back to exactly ``body``: Python is highlighted by Pygments
    (class "" is plain text; its line ends read as "\\n", as Pygments reads them), any other ``language`` is
    one plain run."""
    if language != "python":
        return (("", body),) if body else ()
    runs: list[list[str]] = []
    for token_type, part in _LEXER.get_tokens(body.replace("\r\n", "\n").replace("\r", "\n")):
        cls = _class(token_type)
        if runs and runs[-1][0] == cls:
            runs[-1][1] += part
        elif part:
            runs.append([cls, part])
    return tuple((cls, part) for cls, part in runs)


def show(body: str, lang: str, language: str | None = "python", key: str | None = None, where=st) -> None:
    """``body`` as a code block with a copy button (``lang``: the button's language, "en" or "zh") in
    ``where`` (st, a column or a container); ``language`` "python" is highlighted, None is plain text."""
    data = {"tokens": tokens(body, language), "hang": language == "python", "copy": text(lang, "code.copy"),
            "copied": text(lang, "code.copied")}
    if where is st:
        _mount(data, key)
    else:
        with where:
            _mount(data, key)


def _mount(data: dict, key: str | None) -> None:
    """The component with this data; an unkeyed twin of a block already on the page gets a key of its own
    (unkeyed, a component's identity is its data, and two equal identities would raise)."""
    try:
        _component()(data=data, key=key, width="stretch", height="content")
        return
    except StreamlitDuplicateElementId:
        if key is not None:
            raise
    digest = hashlib.blake2b(repr(data).encode(), digest_size=6).hexdigest()
    for n in itertools.count(2):
        try:
            _component()(data=data, key=f"code-{digest}-{n}", width="stretch", height="content")
            return
        except StreamlitDuplicateElementKey:
            continue
