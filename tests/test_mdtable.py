"""rnnviz.ui.mdtable: Markdown tables that show every cell literally, numbers formatted and aligned as st.table did."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rnnviz.ui.mdtable import escape, is_table, number_text, parse, to_markdown

HOSTILE = ["a|b", "a\\b", "`x`", "*em*", "_u_", "[6, 2, 4]", "<b>x</b>", "$x^2$", "~~s~~", "# h", "&lt;", ":red[x]"]


def shown(s: str) -> str:
    """What a browser shows of ``s`` in a cell: whitespace runs as one space, none at the ends."""
    return " ".join(s.replace("\0", "\ufffd").split())


def test_pytorch_names_and_shapes_come_back_literally():
    frame = pd.DataFrame({"name": ["weight_ih_l0", "bias_hh_l1_reverse"], "shape": ["[6, 2, 4]", "[2]"]})
    md = to_markdown(frame)
    assert parse(md) == [["name", "shape"], ["weight_ih_l0", "[6, 2, 4]"], ["bias_hh_l1_reverse", "[2]"]]
    assert "weight\\_ih\\_l0" in md and "\\[6\\, 2\\, 4\\]" in md  # escaped: no emphasis, no link


@pytest.mark.parametrize("text", HOSTILE)
def test_every_special_character_is_escaped(text):
    cell = escape(text)
    assert re.fullmatch(r"(?:\\[!-/:-@\[-`{-~]|[^!-/:-@\[-`{-~])*", cell), cell  # no punctuation left bare
    assert parse(to_markdown(pd.DataFrame({text: [text]}))) == [[text], [text]]


def test_a_newline_does_not_end_the_row():
    md = to_markdown(pd.DataFrame({"a": ["x\ny\r\nz"], "b": [1]}))
    assert len(md.split("\n")) == 3
    assert parse(md)[1] == ["x y z", "1"]


@given(st.lists(st.text(), min_size=1, max_size=4), st.data())
def test_round_trip_of_arbitrary_text(heads, data):
    """Any text, in the header or a cell: the parsed table gives it back as shown, and no '<', '$', '|' or
    backtick is left unescaped (nothing can become HTML, maths, a cell boundary or code)."""
    rows = data.draw(st.lists(st.lists(st.text(), min_size=len(heads), max_size=len(heads)), max_size=3))
    frame = pd.DataFrame(rows, columns=range(len(heads)), dtype=object)
    frame.columns = heads  # duplicate names too
    md = to_markdown(frame)
    assert parse(md) == [[shown(h) for h in heads]] + [[shown(c) for c in row] for row in rows]
    bare = re.sub(r"\\.", "", md.replace("\n", ""))
    assert not set("<>$`*_[]~&").intersection(bare)
    assert bare.count("|") == (len(heads) + 1) * (len(rows) + 2)  # only the table's own pipes


@given(st.floats(allow_nan=True, allow_infinity=True) | st.integers(-(10**12), 10**12))
def test_numbers_round_trip_formatted(x):
    (cell,) = parse(to_markdown(pd.DataFrame({"x": [x]}), "{:.4g}"))[1]
    assert cell == f"{x:.4g}"


def test_formats_apply_to_the_subset_and_numbers_are_right_aligned():
    frame = pd.DataFrame({"weight": ["W_hh"], "rho": [0.123456], "n": [7]})
    md = to_markdown(frame, "{:.3f}", subset=["rho"])
    assert md.split("\n")[1] == "| --- | ---: | ---: |"  # text left, numbers right
    assert parse(md)[1] == ["W_hh", "0.123", "7"]
    assert parse(to_markdown(frame, "{:.3f}"))[1] == ["W_hh", "0.123", "7.000"]  # all numbers, as Styler.format


def test_without_a_format_numbers_show_as_st_table_did():
    """st.table's default (read in a browser): 4 decimals and thousands separators; integers as they are."""
    values = [-0.61642, 0.5, 2.0, 3.2e-6, 0.0, 12345.678, np.float32(0.25), 7, np.int64(2000)]
    want = ["-0.6164", "0.5000", "2.0000", "0.0000", "0.0000", "12,345.6780", "0.2500", "7", "2000"]
    assert [number_text(v) for v in values] == want
    assert [number_text(v) for v in (float("inf"), float("nan"))] == ["inf", "nan"]  # st.table: Infinity, blank


def test_the_index_is_the_first_column_with_its_name():
    frame = pd.DataFrame({"h_t": [0.1, -0.2, 0.3]})
    frame.index.name = "unit"
    md = to_markdown(frame, "{:.4f}", hide_index=False)
    assert parse(md) == [["unit", "h_t"], ["0", "0.1000"], ["1", "-0.2000"], ["2", "0.3000"]]
    assert md.split("\n")[1] == "| ---: | ---: |"
    unnamed = pd.DataFrame({"0": [1.0]}, index=["h_n[-1] (n = 0)"])
    assert parse(to_markdown(unnamed, hide_index=False)) == [["", "0"], ["h_n[-1] (n = 0)", "1.0000"]]
    assert to_markdown(unnamed, hide_index=False).split("\n")[1] == "| --- | ---: |"  # a text index: left
    assert parse(to_markdown(frame)) == [["h_t"], ["0.1000"], ["-0.2000"], ["0.3000"]]  # hidden


def test_is_table_tells_tables_from_other_markdown():
    assert is_table(to_markdown(pd.DataFrame({"a": [1]})))
    assert is_table(to_markdown(pd.DataFrame({"a": []})))  # no rows: still a table
    assert not is_table("**bold**\n\n| not | a table |")
    assert not is_table("| a |\n| - |")
