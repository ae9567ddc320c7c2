"""parse_number: the range parser the export CLI, the lab CLI and the lab's URL settings share."""

from __future__ import annotations

import pytest

from rnnviz.ranges import parse_number


@pytest.mark.parametrize(("raw", "whole", "expected"), [("3", True, 3), (" 7 ", True, 7), ("0.5", False, 0.5),
                                                         ("1e-3", False, 0.001), ("10", False, 10.0)])  # fmt: skip
def test_numbers_in_the_range(raw, whole, expected):
    value = parse_number(raw, 0, 10, whole=whole)
    assert value == expected and isinstance(value, int if whole else float)


@pytest.mark.parametrize("raw", ["11", "-1", "2.5", "1e999", "nan", "inf", "", "seven", "9" * 5000])
def test_everything_else_is_a_value_error(raw):
    with pytest.raises(ValueError):
        parse_number(raw, 0, 10, whole=True)
    if raw not in ("2.5",):
        with pytest.raises(ValueError):
            parse_number(raw, 0, 10, whole=False)
