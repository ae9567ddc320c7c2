"""Static tables as Markdown (GitHub tables): st.table would load ~1 MB of Arrow JavaScript, st.markdown none."""

from __future__ import annotations

import numbers
import re

import pandas as pd
import streamlit as st

# Every ASCII punctuation character is backslash-escaped in a cell (CommonMark lets any of them be escaped and
# then shows it literally), so no cell text can start Markdown, HTML, $maths$, :directives: or end the cell.
_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def escape(value: object) -> str:
    """``value`` as the text of one table cell, shown literally: whitespace runs (newlines too, which would end
    the row) become one space as a browser shows them, NUL becomes U+FFFD as CommonMark does, and every ASCII
    punctuation character is backslash-escaped."""
    text = " ".join(str(value).replace("\0", "\ufffd").split())
    return _PUNCT.sub(r"\\\1", text)


def number_text(x: float) -> str:
    """A number without a format, as st.table showed it: an integer as it is, any other number with 4 decimals
    and thousands separators (12,345.6780); inf and nan by name (st.table showed Infinity and an empty cell)."""
    if isinstance(x, numbers.Integral):
        return str(int(x))
    return f"{float(x):,.4f}"


def _is_number(v: object) -> bool:
    return isinstance(v, numbers.Number) and not isinstance(v, bool)


def _cell(v: object, fmt: str | None) -> str:
    if not _is_number(v):
        return str(v)
    return fmt.format(v) if fmt else number_text(v)


def _column(values: pd.Series | pd.Index, fmt: str | None) -> tuple[list[str], str]:
    """The cells of one column (numbers formatted with ``fmt``) and its delimiter: numbers right-aligned."""
    items = list(values)
    numeric = all(_is_number(v) for v in items) if items else pd.api.types.is_numeric_dtype(values.dtype)
    return [escape(_cell(v, fmt)) for v in items], "---:" if numeric else "---"


def to_markdown(
    frame: pd.DataFrame, fmt: str | None = None, subset: list[str] | None = None, hide_index: bool = True
) -> str:
    """``frame`` as a Markdown table, as ``st.table(frame.style.format(fmt, subset=subset), hide_index=...)``
    showed it: the numbers of the columns ``subset`` (default all) formatted with ``fmt`` (e.g. "{:.4f}"), other
    numbers by number_text, numbers right-aligned, text left. With ``hide_index=False`` the index is the first
    column, headed by its name (or nothing)."""
    columns = [(str(name), _column(frame.iloc[:, j], fmt if subset is None or name in subset else None))
               for j, name in enumerate(frame.columns)]  # fmt: skip
    if not hide_index:
        columns.insert(0, ("" if frame.index.name is None else str(frame.index.name), _column(frame.index, None)))
    if not columns:
        return ""
    heads = [escape(name) for name, _ in columns]
    cells = [c for _, (c, _) in columns]
    lines = [_row(heads), _row([align for _, (_, align) in columns])]
    lines += [_row([c[i] for c in cells]) for i in range(len(frame))]
    return "\n".join(lines)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def show(
    frame: pd.DataFrame,
    fmt: str | None = None,
    subset: list[str] | None = None,
    hide_index: bool = True,
    where=st,
) -> None:
    """``frame`` as a static Markdown table (to_markdown) in ``where`` (st, a column or a container)."""
    where.markdown(to_markdown(frame, fmt, subset, hide_index))


def parse(markdown: str) -> list[list[str]]:
    """The inverse of to_markdown, for tests: the header and then every row, each as its cells' shown text."""
    lines = markdown.split("\n")
    if len(lines) < 2 or not re.fullmatch(r"\|( -{3}:? \|)+", lines[1]):
        raise ValueError(f"not a Markdown table: {markdown[:80]!r}")
    return [_cells(line) for i, line in enumerate(lines) if i != 1]


def _cells(line: str) -> list[str]:
    """The cells of one row: split at the pipes that are not escaped, then unescaped."""
    cells, current = [], ""
    for token in re.findall(r"\\.|\||[^|\\]+", line):
        if token == "|":
            cells.append(current)
            current = ""
        else:
            current += token
    return [_ESCAPED.sub(r"\1", c.strip(" ")) for c in cells[1:]]  # cells[0]: before the row's first pipe


def is_table(markdown: str) -> bool:
    """Whether ``markdown`` is a to_markdown table (tests: which st.markdown elements are tables)."""
    try:
        parse(markdown)
    except ValueError:
        return False
    return True
